// Writes Arrow IPC streams with apache-arrow (an implementation independent of Apache.Arrow C#) for Pipeline to read:
//   node write.mjs OUT_FOLDER
// OUT_FOLDER/types.arrows: int64, double, utf8, bool, timestamp (ms, UTC) and a dictionary-encoded string column,
// all with nulls, in three batches whose dictionaries all differ (each later one is a replacement dictionary
// message). OUT_FOLDER/types.json: the values as this library sees them (normalize.mjs), for comparison.
// OUT_FOLDER/delta.arrows (+ delta.json): a dictionary column whose second batch extends the first batch's
// dictionary, which the writer sends as a delta dictionary message (isDelta: only the new values).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Bool, Dictionary, Field, Float64, Int32, Int64, RecordBatch, RecordBatchStreamWriter, Schema, Struct, Table,
  TimestampMillisecond, Utf8, Vector, makeData, vectorFromArray,
} from 'apache-arrow';
import { normalizeTable } from './normalize.mjs';

const out = process.argv[2];
if (!out) { console.error('usage: node write.mjs OUT_FOLDER'); process.exit(2); }

// One dictionary type shared by every batch (same dictionary id in the schema); each batch builds its own values.
const cityType = new Dictionary(new Utf8(), new Int32());
const batchRows = [
  {
    id: [1n, -9007199254740993n, null, 9223372036854775807n],
    amount: [1.5, null, -0.25, 1e300],
    name: ['ana', 'Zoë 😀', null, ''],
    active: [true, null, false, true],
    at: [Date.UTC(2024, 0, 1, 12, 0, 0, 123), null, -1000, Date.UTC(2100, 1, 28)],
    city: ['Lisboa', 'Zürich', null, 'Lisboa'],
  },
  {
    id: [5n, null, 7n],
    amount: [NaN, Infinity, 2],
    name: [null, 'b', 'c,"quoted"'],
    active: [false, false, null],
    at: [0, Date.UTC(1969, 11, 31, 23, 59, 59), null],
    city: ['東京', 'Nairobi', 'Nairobi'],
  },
  {
    id: [-1n, 0n],
    amount: [null, -Infinity],
    name: ['line\nbreak', 'tab\there'],
    active: [null, true],
    at: [Date.UTC(2000, 1, 29), Date.UTC(1900, 0, 1)],
    city: [null, 'São Paulo'],
  },
];

const batches = batchRows.map((rows) => new Table({
  id: vectorFromArray(rows.id, new Int64()),
  amount: vectorFromArray(rows.amount, new Float64()),
  name: vectorFromArray(rows.name, new Utf8()),
  active: vectorFromArray(rows.active, new Bool()),
  at: vectorFromArray(rows.at, new TimestampMillisecond('UTC')),
  city: vectorFromArray(rows.city, cityType),
}).batches[0]);
const table = new Table(batches);

writeFileSync(join(out, 'types.arrows'), RecordBatchStreamWriter.writeAll(table).toUint8Array(true));
writeFileSync(join(out, 'types.json'), JSON.stringify(normalizeTable(table), null, 1));

// Delta dictionaries: batch 2's dictionary shares batch 1's chunk and adds one, so only the new chunk is sent.
const keyType = new Dictionary(new Utf8(), new Int32());
const keySchema = new Schema([new Field('key', keyType, true)]);
const first = vectorFromArray(['alpha', 'beta'], new Utf8()).data[0];
const added = vectorFromArray(['gamma', 'δέλτα'], new Utf8()).data[0];
function keyBatch(indices, chunks) {
  const valid = indices.map((i) => i !== null);
  const column = makeData({
    type: keyType, length: indices.length, nullCount: valid.filter((v) => !v).length,
    nullBitmap: Uint8Array.from([valid.reduce((bits, v, i) => bits | (v ? 1 << i : 0), 0)]),
    data: Int32Array.from(indices.map((i) => i ?? 0)), dictionary: new Vector(chunks),
  });
  return new RecordBatch(keySchema, makeData({ type: new Struct(keySchema.fields), length: indices.length, nullCount: 0, children: [column] }));
}
const deltaTable = new Table([keyBatch([0, 1, null, 0], [first]), keyBatch([2, 3, 1, null], [first, added])]);
writeFileSync(join(out, 'delta.arrows'), RecordBatchStreamWriter.writeAll(deltaTable).toUint8Array(true));
writeFileSync(join(out, 'delta.json'), JSON.stringify(normalizeTable(deltaTable), null, 1));

console.log(`wrote ${table.numRows} rows in ${batches.length} batches, and ${deltaTable.numRows} rows with a delta dictionary`);
