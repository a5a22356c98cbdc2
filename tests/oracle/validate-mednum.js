// Validates CSV files in the national place standard with the npm package tableschema (an
// independent Table Schema implementation), against the standard's own schema.json: every cell
// cast and checked (type, required, pattern, maxLength, unique id). One process for all files.
// Usage: node validate-mednum.js SCHEMA.json FILE.csv…  Prints one line per file ("ok N rows"
// or each error) and exits 1 when any file fails.
'use strict';
const fs = require('fs');
const { Table, Schema } = require('tableschema');

async function validate(schemaPath, file) {
  const schema = await Schema.load(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
  if (!schema.valid) return [`schema: ${schema.errors.map(String).join('; ')}`];
  const table = await Table.load(file, { schema, encoding: 'utf-8' });
  const errors = [];
  // forceCast: a row that fails comes back as an Error with its row number and every problem.
  const rows = await table.read({ forceCast: true, extended: true });
  const expected = schema.fieldNames;
  if (JSON.stringify(table.headers) !== JSON.stringify(expected))
    errors.push(`header: ${JSON.stringify(table.headers)} is not ${JSON.stringify(expected)}`);
  const ids = new Map();
  for (const row of rows) {
    if (row instanceof Error) {
      const why = (row.errors || [row]).map((e) => e.message || 'unique constraint (id)').join('; ');
      errors.push(`row ${row.rowNumber}: ${why}`);
      continue;
    }
    const [number, , values] = row;
    const id = values[expected.indexOf('id')];
    // The primary key, checked here too: a row that failed above has no cast values.
    if (ids.has(id)) errors.push(`row ${number}: id "${id}" is also row ${ids.get(id)}'s`);
    ids.set(id, number);
  }
  if (!errors.length && !rows.length) errors.push('no rows');
  return errors.length ? errors : [`ok ${rows.length} rows`];
}

(async () => {
  const [schemaPath, ...files] = process.argv.slice(2);
  let failed = false;
  for (const file of files) {
    let lines;
    try {
      lines = await validate(schemaPath, file);
    } catch (e) {
      lines = [`error: ${e.message}${e.errors ? ' ' + e.errors.map((x) => x.message).join('; ') : ''}`];
    }
    if (!lines[0].startsWith('ok ')) failed = true;
    for (const line of lines) console.log(`${file}: ${line}`);
  }
  process.exit(failed ? 1 : 0);
})();
