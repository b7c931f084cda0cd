// The product's one CSV writer (RFC 4180, CRLF rows), for every CSV a user gets: the CLI's event output and exports.
// The rules are data (CSV_RULES) so that the export's SQL (store/csv-sql.ts), which has DuckDB build each line, applies
// the very same ones; a test runs hostile cells through both and compares the bytes. Written by hand rather than with
// csv-stringify: the rules are the few below, and csv-stringify took 55 µs a row of the 26 normalized columns.
// Exports are opened in spreadsheets, so no cell may start a row or run as a formula.
// Core base layer: imports nothing of the core.

export type CsvCell = string | number | boolean | null | undefined;

/**
 * What toCsv does to a cell, as characters. A cell holding one of `quoteIf` is quoted, its quotes doubled. A cell is
 * neutralized (prefixed with `neutralizer`) when it starts with one of `controlStart`, or when its first character
 * that is not one of `blanks` is one of `formulaStart` (OWASP "CSV Injection"). `blanks` is JavaScript's `\s`,
 * spelled out so DuckDB's regular expressions (whose `\s` is ASCII only) use the same set.
 */
export const CSV_RULES = {
  delimiter: ',',
  quote: '"',
  rowEnd: '\r\n',
  neutralizer: "'",
  quoteIf: ['"', ',', '\r', '\n'],
  controlStart: ['\t', '\r', '\n'],
  formulaStart: ['=', '+', '-', '@'],
  blanks: [
    '\t',
    '\n',
    '\v',
    '\f',
    '\r',
    ' ',
    '\u00a0',
    '\u1680',
    ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)),
    '\u2028',
    '\u2029',
    '\u202f',
    '\u205f',
    '\u3000',
    '\ufeff',
  ],
} as const;

/** A regular-expression character class of these characters, each as an escape (`\uXXXX` here, `\x{XXXX}` in RE2). */
export function charClass(chars: readonly string[], escape: (code: number) => string): string {
  return `[${chars.map((c) => escape(c.codePointAt(0)!)).join('')}]`;
}

const jsEscape = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;
const NEEDS_NEUTRALIZING = new RegExp(
  `^(?:${charClass(CSV_RULES.controlStart, jsEscape)}|${charClass(CSV_RULES.blanks, jsEscape)}*${charClass(CSV_RULES.formulaStart, jsEscape)})`,
);
const NEEDS_QUOTES = new RegExp(charClass(CSV_RULES.quoteIf, jsEscape));
const QUOTES = new RegExp(jsEscape(CSV_RULES.quote.charCodeAt(0)), 'g');
const DOUBLED_QUOTE = CSV_RULES.quote + CSV_RULES.quote;

/**
 * Numbers are cells like any other, so `-5` becomes `'-5`: an export is evidence to read, not figures to sum, and
 * one rule with no exceptions is the safe one.
 */
function neutralizeCell(value: string): string {
  return NEEDS_NEUTRALIZING.test(value) ? CSV_RULES.neutralizer + value : value;
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
      if (i > 0) line += CSV_RULES.delimiter;
      if (cell === null || cell === undefined) continue;
      const value = neutralizeCell(String(cell));
      line += NEEDS_QUOTES.test(value)
        ? CSV_RULES.quote + value.replace(QUOTES, DOUBLED_QUOTE) + CSV_RULES.quote
        : value;
    }
    text += line + CSV_RULES.rowEnd;
  }
  return text;
}
