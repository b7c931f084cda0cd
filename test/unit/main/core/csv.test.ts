// Security regression (issue 14 item 1): CSV rows a spreadsheet executes. A lone CR or LF in a cell was written
// unquoted, so `"\n=1+1"` started a new row holding a live formula. Every export is read back by a real CSV parser.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv, type CsvCell } from '../../../../src/main/core/csv';

/** What a spreadsheet would see: the rows a CSV parser finds, taking a lone CR or LF for a row end as some do. */
function readBack(text: string): string[][] {
  return parse(text, { record_delimiter: ['\r\n', '\n', '\r'] });
}

const FORMULA_START = /^[\s]*[=+\-@]|^[\t\r\n]/;

/** A hostile cell and what a spreadsheet must read back: the same text, with `'` before anything formula-like. */
const HOSTILE: [string, string][] = [
  ['\n=1+1', "'\n=1+1"],
  ['\r=3+3', "'\r=3+3"],
  ['\r\n=2+2', "'\r\n=2+2"],
  ['a\nb', 'a\nb'],
  ['a\rb', 'a\rb'],
  ['a\r\nb', 'a\r\nb'],
  ['\r', "'\r"],
  ['\n', "'\n"],
  ['=HYPERLINK("http://attacker.example","x")', `'=HYPERLINK("http://attacker.example","x")`],
  ['+1', "'+1"],
  ['-1+2', "'-1+2"],
  ['@SUM(A1)', "'@SUM(A1)"],
  ['\t=1', "'\t=1"],
  ['\tplain', "'\tplain"],
  ['  =1+1', "'  =1+1"],
  ['\t\t+1', "'\t\t+1"],
  [' \t @cmd', "' \t @cmd"],
  [' -2', "' -2"],
  ['\u00a0=1', "'\u00a0=1"],
  ['x,=1', 'x,=1'],
  ['"=1"', '"=1"'],
  ['x=1+1', 'x=1+1'],
];

describe('toCsv', () => {
  it('keeps one row per record and no formula at the start of any cell, for lone CR, lone LF and CRLF', () => {
    const rows = HOSTILE.map(([cell], i) => [`row${i}`, cell, 'end']);

    const text = toCsv([['id', 'value', 'tail'], ...rows]);
    const parsed = readBack(text);

    expect(parsed).toHaveLength(HOSTILE.length + 1);
    expect(parsed.map((r) => r[0])).toEqual(['id', ...HOSTILE.map((_, i) => `row${i}`)]);
    expect(parsed.map((r) => r[2])).toEqual(['tail', ...HOSTILE.map(() => 'end')]);
    for (const row of parsed) {
      expect(row).toHaveLength(3);
      for (const cell of row) expect(cell, JSON.stringify(cell)).not.toMatch(FORMULA_START);
    }
    expect(parsed.slice(1).map((r) => r[1])).toEqual(HOSTILE.map(([, shown]) => shown));
  });

  it('quotes every cell holding CR or LF, and ends every row with CRLF', () => {
    const text = toCsv([['a\nb', 'c\rd', 'plain']]);

    expect(text).toBe('"a\nb","c\rd",plain\r\n');
  });

  it('prefixes a quote to a negative number: one rule for every cell (OWASP)', () => {
    expect(readBack(toCsv([[-5, '-5', 5, 0.5]]))).toEqual([["'-5", "'-5", '5', '0.5']]);
  });

  it('round-trips ordinary values unchanged', () => {
    const ordinary: CsvCell[][] = [
      ['2025-01-01T00:00:00.000Z', 'user.signed_in', 'alice@acme.io', 'Mozilla/5.0 (X11; Linux)', '203.0.113.7'],
      ['a, b', 'say "hi"', "it's", 'naïve — ünïcode ✓', 'x=1+1'],
      ['', null, undefined, true, 42],
    ];

    expect(readBack(toCsv(ordinary))).toEqual([ordinary[0], ordinary[1], ['', '', '', 'true', '42']]);
  });
});
