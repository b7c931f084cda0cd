// The product's one CSV writer (RFC 4180, CRLF rows), for every CSV a user gets: the CLI's event output and exports
// (reports/export.ts, a row at a time). Written by hand rather than with csv-stringify: the rules are the few below,
// and csv-stringify took 55 µs a row of the 26 normalized columns (1M events: a minute). Exports are opened in
// spreadsheets, so no cell may start a row or run as a formula.
// Core base layer: imports nothing of the core.

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
 * Rows as CSV text, each ending in CRLF. A cell holding the delimiter, a quote, CR or LF is quoted, its quotes
 * doubled: every lone CR or LF included, so no cell starts a new row. Null and undefined are empty cells.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  let text = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) {
      const cell = row[i];
      if (i > 0) line += ',';
      if (cell === null || cell === undefined) continue;
      const value = neutralizeCell(String(cell));
      line += /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
    }
    text += line + '\r\n';
  }
  return text;
}
