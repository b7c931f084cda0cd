// Security regression (issue 14 item 1, issue 16): CSV lines built by DuckDB (store/csv-sql.ts) must be toCsv's lines
// byte for byte, so the fast export path writes no formula and starts no row that the JavaScript writer would not.
// Hostile cells go through real DuckDB as bound parameters; the lines are compared with toCsv and read back by
// csv-parse.
import type { DuckDBBlobValue } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { CSV_RULES, toCsv } from '../../src/main/core/csv';
import { csvLineSql } from '../../src/main/core/store/csv-sql';
import type { CaseStore } from '../../src/main/core/store/case-store';
import { closeAll, newCase } from '../helpers/case';

afterEach(closeAll);

const HOSTILE: (string | null)[] = [
  null,
  '',
  'plain',
  '\r',
  '\n',
  '\r\n',
  'a\rb',
  'a\nb',
  'a\r\nb',
  '\n=1+1',
  '\r=3+3',
  '"',
  '""',
  'say "hi"',
  '"=1"',
  ',',
  'a, b',
  'x,=1',
  '=cmd|"/c calc"!A0',
  '=HYPERLINK("http://attacker.example","x")',
  ' +1',
  '+1',
  '-5',
  '-1+2',
  '@x',
  '@SUM(A1)',
  '\t',
  '\t=1',
  '\tplain',
  '  =1+1',
  ' \t @cmd',
  ' plain',
  "'=already",
  'x=1+1',
  'naïve — ünïcode ✓ 😀',
  '😀=1',
  'é=1',
  '{"a":"b","c":[1,2]}',
  'x'.repeat(100_000) + '"," \r\n=' + 'y'.repeat(100_000),
  // Every blank JavaScript's \s knows, before a formula, before plain text, and alone.
  ...CSV_RULES.blanks.flatMap((blank) => [`${blank}=1`, `${blank}${blank}@x`, `${blank}plain`, blank]),
  ...CSV_RULES.formulaStart.flatMap((start) => [start, `${start}${start}`, `a${start}`]),
];

/** DuckDB's lines for rows of these cells (one row per cell: the cell, then a plain one, then the cell again). */
async function duckdbLines(cells: (string | null)[]): Promise<string[]> {
  const store = await newCase();
  await store.connection.run('CREATE TEMP TABLE cells (n INTEGER, a VARCHAR, b VARCHAR, c VARCHAR)');
  for (const [n, cell] of cells.entries())
    await store.connection.run('INSERT INTO cells VALUES ($1, $2, $3, $4)', [n, cell, 'mid', cell]);
  return lines(store, `SELECT encode(${csvLineSql(['a', 'b', 'c'])}) FROM cells ORDER BY n`);
}

/** A query's BLOB column as text: read as bytes, because node-api's VARCHAR decoding drops a leading U+FEFF. */
async function lines(store: CaseStore, sql: string): Promise<string[]> {
  const reader = await store.connection.runAndReadAll(sql);
  return reader.getRows().map(([line]) => Buffer.from((line as DuckDBBlobValue).bytes).toString('utf8'));
}

describe('csvLineSql', () => {
  it('builds the same bytes as toCsv for every hostile cell', async () => {
    const lines = await duckdbLines(HOSTILE);

    expect(lines).toHaveLength(HOSTILE.length);
    for (const [i, cell] of HOSTILE.entries())
      expect(lines[i], JSON.stringify(cell).slice(0, 80)).toBe(toCsv([[cell, 'mid', cell]]));
  });

  it('lines that csv-parse reads back as one row each, formulas neutralized', async () => {
    const lines = await duckdbLines(HOSTILE);

    // A lone CR or LF is taken for a row end, as some spreadsheets do: it must be inside quotes.
    const parsed = parse(lines.join(''), { record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];

    expect(parsed).toHaveLength(HOSTILE.length);
    for (const [i, cell] of HOSTILE.entries()) {
      const row = parsed[i]!;
      expect(row).toHaveLength(3);
      expect(row[1]).toBe('mid');
      expect(row[0]).toBe(row[2]);
      const shown = cell === null ? '' : cell;
      expect(row[0] === shown || row[0] === `'${shown}`, JSON.stringify(cell).slice(0, 80)).toBe(true);
      expect(row[0], JSON.stringify(cell).slice(0, 80)).not.toMatch(/^(?:[\t\r\n]|\s*[=+\-@])/);
    }
  });

  it('one column, and a row of NULLs, as toCsv writes them', async () => {
    const store = await newCase();
    const nulls = 'FROM (SELECT NULL::VARCHAR AS x, NULL::VARCHAR AS y)';

    expect(await lines(store, `SELECT encode(${csvLineSql(['x'])}) ${nulls}`)).toEqual([toCsv([[null]])]);
    expect(await lines(store, `SELECT encode(${csvLineSql(['x', 'y'])}) ${nulls}`)).toEqual([toCsv([[null, null]])]);
  });

  // Regression: the first-character tests were `IN (…)` lists, which DuckDB rewrites into a join once long; 52 joins
  // ran a 1M-event CSV export out of memory (and broke the result's order).
  it('plans no join: each cell is a plain expression', async () => {
    const store = await newCase();
    const reader = await store.connection.runAndReadAll(
      `EXPLAIN SELECT ${csvLineSql(['a', 'b'])} FROM (SELECT 'x' AS a, 'y' AS b FROM range(10))`,
    );

    const plan = reader.getRows().flat().map(String).join('\n');
    expect(plan).toContain('PROJECTION');
    expect(plan).not.toMatch(/JOIN/i);
  });
});
