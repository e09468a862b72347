// Turns an Arrow table into plain JSON both sides can compare exactly: int64 as decimal strings (JSON numbers lose
// precision past 2^53), doubles as numbers (NaN and infinities as strings), timestamps as epoch milliseconds
// (apache-arrow hands every unit back in milliseconds), dictionary columns as their decoded values.
import { DataType } from 'apache-arrow';

export function normalizeValue(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value instanceof Date) return value.getTime();
  return value;
}

export function normalizeTable(table) {
  const columns = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name);
    const values = [];
    for (let i = 0; i < vector.length; i++) values.push(normalizeValue(vector.get(i)));
    columns[field.name] = values;
  }
  return {
    rows: table.numRows,
    fields: table.schema.fields.map((f) => ({ name: f.name, type: typeName(f.type) })),
    columns,
  };
}

function typeName(type) {
  if (DataType.isDictionary(type)) return `dictionary<${typeName(type.dictionary)}>`;
  return String(type);
}
