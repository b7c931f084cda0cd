// CSV lines built by DuckDB: the SQL expression that applies core/csv.ts's rules (CSV_RULES) to a row's text columns,
// so an export streams finished lines instead of formatting 26 cells a row in JavaScript (issue 16: 0.37× of
// DuckDB's own COPY). The SQL text is built from the rules' code points only, never from user text; a test compares
// its lines with toCsv's byte for byte.
import { charClass, CSV_RULES } from '../csv';

const codes = (chars: readonly string[]) => chars.map((c) => c.codePointAt(0)!);
const chars = (text: string) =>
  codes([...text])
    .map((code) => `chr(${code})`)
    .join(' || ');
const re2Escape = (code: number) => `\\x{${code.toString(16)}}`;

const QUOTE = chars(CSV_RULES.quote);
const NEUTRALIZER = chars(CSV_RULES.neutralizer);
/** Starts that neutralize by the first character alone (a control character, or a formula with no blank before). */
const FIRST_ALONE = `[${[...codes(CSV_RULES.controlStart), ...codes(CSV_RULES.formulaStart)].join(', ')}]`;
/** Blank first characters: only then is the regular expression run, to look past the blanks. */
const FIRST_BLANK = `[${codes(CSV_RULES.blanks).join(', ')}]`;
const AFTER_BLANKS = `^${charClass(CSV_RULES.blanks, re2Escape)}*${charClass(CSV_RULES.formulaStart, re2Escape)}`;

/** One cell: a column (a SQL name or expression of VARCHAR) as toCsv writes it. */
function cellSql(column: string): string {
  // `unicode` is the first code point: a test of the first character that skips the regular expression for most
  // cells (RE2 on every cell made the line twice as slow). list_contains, not IN: DuckDB rewrites a long IN list
  // into a join, and 52 of them ran a 1M-event export out of memory.
  const neutralize = `(CASE WHEN list_contains(${FIRST_ALONE}, unicode(${column})) THEN true WHEN list_contains(${FIRST_BLANK}, unicode(${column})) THEN regexp_matches(${column}, '${AFTER_BLANKS}') ELSE false END)`;
  // contains() four times is half the time of one regexp_matches with a character class.
  const quoted = CSV_RULES.quoteIf.map((c) => `contains(${column}, ${chars(c)})`).join(' OR ');
  const escaped = `replace(${column}, ${QUOTE}, ${QUOTE} || ${QUOTE})`;
  // The neutralizer is not a character that asks for quotes, so whether to quote is decided on the value itself.
  return `CASE WHEN ${column} IS NULL THEN '' WHEN ${quoted} THEN (CASE WHEN ${neutralize} THEN ${QUOTE} || ${NEUTRALIZER} ELSE ${QUOTE} END) || ${escaped} || ${QUOTE} WHEN ${neutralize} THEN ${NEUTRALIZER} || ${column} ELSE ${column} END`;
}

/** The SQL of a whole CSV line, row end included, of these VARCHAR columns (names the caller controls, not users). */
export function csvLineSql(columns: readonly string[]): string {
  const cells = columns.map(cellSql).join(`, ${chars(CSV_RULES.delimiter)}, `);
  return `concat(${cells}, ${chars(CSV_RULES.rowEnd)})`;
}
