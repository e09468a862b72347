// Reads an Arrow IPC stream (a file, or - for standard input) with apache-arrow and prints its values as JSON
// (normalize.mjs). With a second argument, compares them with that JSON file instead and exits 1 on a difference.
//   node read.mjs FILE|- [EXPECTED.json]
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { normalizeTable } from './normalize.mjs';

const [input, expectedPath] = process.argv.slice(2);
if (!input) { console.error('usage: node read.mjs FILE|- [EXPECTED.json]'); process.exit(2); }
const bytes = readFileSync(input === '-' ? 0 : input);
const actual = normalizeTable(tableFromIPC(bytes));

if (!expectedPath) {
  process.stdout.write(JSON.stringify(actual));
  process.exit(0);
}
const expected = JSON.parse(readFileSync(expectedPath, 'utf8'));
const problems = [];
if (actual.rows !== expected.rows) problems.push(`rows: expected ${expected.rows}, got ${actual.rows}`);
for (const [name, values] of Object.entries(expected.columns)) {
  const got = actual.columns[name];
  if (!got) { problems.push(`column ${name} is missing`); continue; }
  values.forEach((value, row) => {
    if (!Object.is(JSON.stringify(value), JSON.stringify(got[row]))) {
      problems.push(`column ${name} row ${row}: expected ${JSON.stringify(value)}, got ${JSON.stringify(got[row])}`);
    }
  });
}
if (problems.length > 0) {
  console.error(problems.slice(0, 20).join('\n'));
  process.exit(1);
}
console.log(`ok: ${actual.rows} rows, ${Object.keys(expected.columns).length} columns match`);
