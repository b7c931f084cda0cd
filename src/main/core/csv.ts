// The product's one CSV writer (RFC 4180 via csv-stringify, CRLF rows), for every CSV a user gets: the CLI's event
// output today, reports tomorrow. Exports are opened in spreadsheets, so no cell may start a row or run as a formula.
// Core base layer: imports nothing of the core.
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined;

/**
 * A cell a spreadsheet would run as a formula, prefixed with `'` (OWASP "CSV Injection"): one whose first non-blank
 * character is `= + - @`, or that starts with a tab, CR or LF. Numbers are cells like any other, so `-5` becomes
 * `'-5`: an export is evidence to read, not figures to sum, and one rule with no exceptions is the safe one.
 */
function neutralizeCell(value: string): string {
  return /^(?:[\t\r\n]|\s*[=+\-@])/.test(value) ? `'${value}` : value;
}

/**
 * Rows as CSV text, each ending in CRLF. Every cell holding CR or LF is quoted (csv-stringify quotes only a whole
 * CRLF when the record delimiter is CRLF, so a lone `\n` would start a new row), as is every cell holding the
 * delimiter or a quote. Null and undefined are empty cells.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  const cells = rows.map((row) =>
    row.map((cell) => (cell === null || cell === undefined ? '' : neutralizeCell(String(cell)))),
  );
  return stringify(cells, { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
