// The query language's parser (DESIGN.md §7): query text → the typed tree of query-ast.ts, or a QueryParseError that
// points at the column at fault. A hand-written lexer feeds a recursive-descent parser; nothing here builds SQL.
// Shared by the renderer and the core: no node:*, no dependencies.
//
//   query   = [ or ] ;
//   or      = and { "OR" and } ;                    (* OR is looser than the implicit AND *)
//   and     = unary { unary } ;
//   unary   = "-" unary | primary ;                 (* "-" at the start of a term, touching what it negates *)
//   primary = "(" or ")" | term ;
//   term    = field ":" ( word | quoted ) | path ":" ( word | quoted ) | word | quoted ;
//   path    = ( "metadata" | "changes" | "raw" ) "." key { "." key } ;
//   key     = bare | quoted ;                      (* bare: no space . : " \ ( ) * [ ] *)
//
// Groups nest at most MAX_QUERY_DEPTH deep, so that no query can exhaust the stack of the parser or of whatever walks
// its tree. A `-` cannot nest without a group (`--` starts a word), so this bounds negation too.

import {
  FIRST_SEEN_VALUES,
  JSON_COLUMNS,
  MAX_PATH_KEYS,
  QUERY_FIELDS,
  type JsonColumn,
  type QueryErrorInfo,
  type QueryField,
  type QueryNode,
  type QueryValue,
  type Span,
} from './query-ast';

export class QueryParseError extends Error {
  override readonly name = 'QueryParseError';
  readonly info: QueryErrorInfo;

  constructor(info: QueryErrorInfo) {
    super(info.message);
    this.info = info;
  }
}

/** `head at column N tail`: every message names the column, so the CLI and the query bar can show it as typed. */
function fail(span: Span, head: string, tail = ''): never {
  const column = span.start + 1;
  throw new QueryParseError({ message: `${head} at column ${column}${tail}`, column, span });
}

export const OUTCOMES = ['success', 'failure', 'unknown'] as const;
export const CATEGORIES = ['auth', 'access', 'data', 'config', 'security', 'other'] as const;
const DATE_HINT = ' — use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[Z|±HH:MM]';
/** How many parentheses may be open at once. Far beyond any query a person writes; well within every stack. */
export const MAX_QUERY_DEPTH = 64;

// ── Lexer ────────────────────────────────────────────────────────────────────────────────────────────────────────

type Token =
  | { kind: 'lparen' | 'rparen' | 'minus' | 'or'; span: Span }
  /** A term is lexed straight into its leaf node: a field or text node, already validated. */
  | { kind: 'term'; node: QueryNode; span: Span };

/** A decoded value plus the input offset of each of its characters (to point errors at a `*` inside it). */
interface Decoded {
  value: QueryValue;
  offsets: number[];
  end: number;
}

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
/** Characters that end an unquoted word. A `"` inside a word is an ordinary character. */
const endsWord = (ch: string | undefined) => ch === undefined || ch === '(' || ch === ')' || isSpace(ch);

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (isSpace(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch === '(' ? 'lparen' : 'rparen', span: { start: i, end: i + 1 } });
      i++;
    } else if (ch === '-' && input[i + 1] !== '-') {
      // A `-` that starts a term negates it; inside a word (`user.signed-in`) it is never seen here. `--` starts a
      // plain word instead, so that SQL-comment-looking text (`… --`) is searchable rather than a syntax error.
      tokens.push({ kind: 'minus', span: { start: i, end: i + 1 } });
      i++;
    } else {
      const token = lexTerm(input, i);
      tokens.push(token);
      i = token.span.end;
    }
  }
  return tokens;
}

function lexTerm(input: string, start: number): Token {
  if (input[start] === '"') {
    const { value, end } = decodeQuoted(input, start);
    if (value.text === '') fail({ start, end }, 'empty phrase `""`');
    return term({ kind: 'text', value, span: { start, end } });
  }
  const end = scanWordEnd(input, start);
  const word = input.slice(start, end);
  // `OR` is an operator only in capitals and as a word of its own; `or`, `Or` and `"OR"` are searched for.
  if (word === 'OR') return { kind: 'or', span: { start, end } };

  const column = pathColumn(input, start, word);
  if (column) return lexPath(input, start, column);
  // Only the FIRST colon separates field from value: `ip:2001:db8::1`, `after:2025-01-01T10:00Z`.
  const colon = word.indexOf(':');
  if (colon > 0) {
    const name = word.slice(0, colon);
    const field = QUERY_FIELDS.find((f) => f === name.toLowerCase());
    if (field) return lexField(input, start, field, start + colon + 1);
    // A bare IPv6 address is a text search (bare words search the ip column too), not an unknown field `fe80`.
    if (!isIPv6(word)) {
      const guess = suggest(name.toLowerCase(), QUERY_FIELDS);
      fail({ start, end: start + colon }, `unknown field \`${name}\``, guess ? ` — did you mean \`${guess}\`?` : '');
    }
  }
  return term({ kind: 'text', value: decodeUnquoted(input, start, end).value, span: { start, end } });
}

function lexField(input: string, start: number, field: QueryField, valueStart: number): Token {
  // A quote right after the colon opens a quoted value; anywhere else a `"` is just a character.
  const decoded =
    input[valueStart] === '"'
      ? decodeQuoted(input, valueStart)
      : decodeUnquoted(input, valueStart, scanWordEnd(input, valueStart));
  const span = { start, end: decoded.end };
  if (decoded.value.text === '') fail(span, `empty value for \`${field}:\``);
  checkValue(field, decoded, { start: valueStart, end: decoded.end });
  return term({ kind: 'field', field, value: decoded.value, span });
}

/**
 * The JSON column when the term is a dotted field (`metadata.x:…`): its name, a dot and keys up to a `:` (a quoted
 * key may hold spaces, so `."` counts too). Without a `:` the word stays a text search (`raw.githubusercontent.com`).
 */
function pathColumn(input: string, start: number, word: string): JsonColumn | undefined {
  const dot = word.indexOf('.');
  if (dot <= 0) return undefined;
  const column = JSON_COLUMNS.find((c) => c === word.slice(0, dot).toLowerCase());
  if (!column) return undefined;
  const colon = word.indexOf(':');
  if ((colon === -1 || colon < dot) && !input.startsWith('"', start + dot + 1) && !word.includes('."'))
    return undefined;
  return column;
}

/** Characters a bare key cannot hold: they end it, or would read as JSON-path syntax to the person typing. */
const KEY_STOP = /[\s.:"\\()*[\]]/;

/** `column.key.key:value`. The keys are kept exactly as typed (decoded); the store turns them into a JSON pointer. */
function lexPath(input: string, start: number, column: JsonColumn): Token {
  const keys: string[] = [];
  let i = start + column.length + 1;
  for (;;) {
    const keyStart = i;
    if (keys.length === MAX_PATH_KEYS) {
      fail({ start: keyStart, end: keyStart + 1 }, `too many keys in \`${column}.…\``, ` — at most ${MAX_PATH_KEYS}`);
    }
    let key = '';
    if (input[i] === '"') {
      const quoted = decodeQuotedKey(input, i);
      key = quoted.key;
      i = quoted.end;
    } else {
      while (i < input.length && !KEY_STOP.test(input[i] as string)) key += input[i++];
    }
    if (key === '') {
      const ch = input[i];
      if (ch === '*')
        fail({ start: i, end: i + 1 }, 'wildcards are not allowed in a key', ' — quote the key for a literal `*`');
      if (ch === '[')
        fail(
          { start: i, end: i + 1 },
          'unexpected `[` in a key',
          ' — write an array element as `.0`, or quote the key',
        );
      fail({ start: keyStart, end: keyStart + 1 }, `empty key in \`${column}.…\``);
    }
    keys.push(key);
    const ch = input[i];
    if (ch === '.') {
      i++;
      continue;
    }
    if (ch === ':') break;
    const at = { start: i, end: Math.min(i + 1, input.length) };
    if (ch === '*') fail(at, 'wildcards are not allowed in a key', ' — quote the key for a literal `*`');
    if (ch === '[') fail(at, 'unexpected `[` in a key', ' — write an array element as `.0`, or quote the key');
    if (ch === '\\' || ch === '"') fail(at, `unexpected \`${ch}\` in a key`, ' — quote the key');
    fail({ start, end: i }, `missing \`:value\` after \`${input.slice(start, i)}\``);
  }
  const valueStart = i + 1;
  const decoded =
    input[valueStart] === '"'
      ? decodeQuoted(input, valueStart)
      : decodeUnquoted(input, valueStart, scanWordEnd(input, valueStart));
  const span = { start, end: decoded.end };
  if (decoded.value.text === '') fail(span, `empty value for \`${input.slice(start, i)}:\``);
  return term({ kind: 'path', column, keys, value: decoded.value, span });
}

/** A quoted key: `\"` and `\\` are escapes, any other backslash is kept; anything else, `.` `:` `*` included, is literal. */
function decodeQuotedKey(input: string, start: number): { key: string; end: number } {
  let key = '';
  for (let i = start + 1; i < input.length; i++) {
    const ch = input[i] as string;
    if (ch === '"') return { key, end: i + 1 };
    if (ch === '\\' && (input[i + 1] === '"' || input[i + 1] === '\\')) {
      key += input[++i];
      continue;
    }
    key += ch;
  }
  return fail({ start, end: input.length }, 'unterminated quote');
}

function scanWordEnd(input: string, from: number): number {
  let end = from;
  while (!endsWord(input[end])) end++;
  return end;
}

const term = (node: QueryNode): Token => ({ kind: 'term', node, span: { ...node.span } });

/** An unquoted run: `*` is a wildcard, `\*` a literal star, and any other backslash is an error. */
function decodeUnquoted(input: string, start: number, end: number): Decoded {
  const value: QueryValue = { text: '', quoted: false, literalStars: [] };
  const offsets: number[] = [];
  for (let i = start; i < end; i++) {
    if (input[i] === '\\') {
      if (input[i + 1] !== '*') {
        const shown = i + 1 < end ? input.slice(i, i + 2) : '\\';
        fail(
          { start: i, end: i + shown.length },
          `invalid escape \`${shown}\``,
          ' — outside quotes only `\\*` is an escape; quote the value',
        );
      }
      value.literalStars.push(value.text.length);
      i++;
    }
    offsets.push(i);
    value.text += input[i];
  }
  return { value, offsets, end };
}

/**
 * A double-quoted string starting at `start`: `\"` and `\\` are escapes, `\*` a literal star, `*` a wildcard.
 * A backslash before any other character is kept as typed, so `raw:"C:\Users"` means what it says.
 */
function decodeQuoted(input: string, start: number): Decoded {
  const value: QueryValue = { text: '', quoted: true, literalStars: [] };
  const offsets: number[] = [];
  for (let i = start + 1; i < input.length; i++) {
    const ch = input[i] as string;
    if (ch === '"') return { value, offsets, end: i + 1 };
    if (ch === '\\' && i + 1 < input.length) {
      const next = input[i + 1] as string;
      if (next === '"' || next === '\\' || next === '*') {
        if (next === '*') value.literalStars.push(value.text.length);
        offsets.push(i + 1);
        value.text += next;
        i++;
        continue;
      }
    }
    offsets.push(i);
    value.text += ch;
  }
  return fail({ start, end: input.length }, 'unterminated quote');
}

// ── Field values ─────────────────────────────────────────────────────────────────────────────────────────────────

function checkValue(field: QueryField, decoded: Decoded, span: Span): void {
  const { value, offsets } = decoded;
  const text = value.text;
  const star = wildcardIndex(value);
  switch (field) {
    case 'after':
    case 'before': {
      refuseWildcard(field, star, offsets, span);
      if (!isDateTime(text)) fail(span, `invalid date \`${text}\` for \`${field}:\``, DATE_HINT);
      return;
    }
    case 'ip':
      // A literal `\*` can never be part of an address.
      if (value.literalStars.length > 0 || !isIpValue(text))
        fail(span, `invalid IP, CIDR or pattern \`${text}\` for \`ip:\``);
      return;
    case 'finding':
      if (!/^\d{1,15}$/.test(text)) fail(span, `invalid finding id \`${text}\` for \`finding:\``, ' — use its number');
      return;
    case 'country':
      // ISO 3166-1 alpha-2 codes, as the IP-to-country database gives them; a wildcard (`country:*`) is any country.
      if (value.literalStars.length > 0 || !/^([A-Za-z]{2}|[A-Za-z*]*\*[A-Za-z*]*)$/.test(text))
        fail(span, `invalid country \`${text}\` for \`country:\``, ' — use a two-letter code such as US or DE');
      return;
    case 'first_seen': {
      if (FIRST_SEEN_VALUES.some((v) => v === text.toLowerCase()) && star === -1) return;
      const guess = suggest(text.toLowerCase(), FIRST_SEEN_VALUES);
      return fail(
        span,
        `unknown \`first_seen:\` value \`${text}\``,
        ` — use ip, country or ua${guess ? ` (did you mean \`${guess}\`?)` : ''}`,
      );
    }
    case 'session':
      refuseWildcard(field, star, offsets, span, ' — give a session id as the drawer shows it');
      return;
    case 'uid':
      // An id, matched as it is: a `*` in one is written `\*` (quoteValue does so).
      refuseWildcard(
        field,
        star,
        offsets,
        span,
        ' — give an event id as the drawer shows it (a literal star as `\\*`)',
      );
      return;
    case 'starred':
    case 'annotated':
      if (text.toLowerCase() !== 'true' && text.toLowerCase() !== 'false')
        fail(span, `invalid value \`${text}\` for \`${field}:\``, ' — use true or false');
      return;
    case 'tag':
      // Tags are one word of letters, digits and `_ . : / @ + -` (domain/evidence.ts); `*` is a wildcard here.
      if (!/^[\p{L}\p{N}_.:/@+*-]+$/u.test(text))
        fail(span, `invalid tag \`${text}\` for \`tag:\``, ' — a tag is one word of letters, digits and _ . : / @ + -');
      return;
    case 'outcome':
    case 'category': {
      const allowed = field === 'outcome' ? OUTCOMES : CATEGORIES;
      const pattern = toRegExp(value);
      if (allowed.some((a) => pattern.test(a))) return;
      const guess = suggest(text.toLowerCase(), allowed);
      fail(span, `unknown ${field} \`${text}\``, guess ? ` — did you mean \`${guess}\`?` : '');
    }
  }
}

/** A field that takes its value as it is: a wildcard `*` (at `star`, -1 for none) is an error at its own column. */
function refuseWildcard(field: QueryField, star: number, offsets: number[], span: Span, hint = ''): void {
  if (star === -1) return;
  const at = offsets[star] ?? span.start;
  fail({ start: at, end: at + 1 }, `wildcards are not allowed in \`${field}:\``, hint);
}

function wildcardIndex(value: QueryValue): number {
  for (let i = 0; i < value.text.length; i++) {
    if (value.text[i] === '*' && !value.literalStars.includes(i)) return i;
  }
  return -1;
}

/** The value as a whole-string, case-insensitive pattern (the store matches field values with ILIKE). */
function toRegExp(value: QueryValue): RegExp {
  let source = '';
  for (let i = 0; i < value.text.length; i++) {
    const ch = value.text[i] as string;
    source += ch === '*' && !value.literalStars.includes(i) ? '.*' : ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

// A date, or a date-time with minutes, optional seconds and fraction, and an optional zone. The space separator can
// only occur in a quoted value, since an unquoted one ends at whitespace. Fractions stop at 9 digits (nanoseconds).
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))?)?$/;

function isDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (days === undefined || day < 1 || day > days) return false;
  const within = (part: string | undefined, max: number) => part === undefined || Number(part) <= max;
  return within(m[4], 23) && within(m[5], 59) && within(m[6], 59) && within(m[7], 23) && within(m[8], 59);
}

/** 0–255 without leading zeros, as Node's own `isIP` (which the store uses on CIDR blocks) reads it. */
const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => OCTET.test(p));
}

function isIPv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groupsOf(halves[0] ?? '');
  const tail = groupsOf(halves[1] ?? '');
  const groups = [...head, ...tail];
  let count = groups.length;
  // The last group may be a dotted IPv4 address (`::ffff:192.0.2.1`); it fills two groups. It must really be last,
  // so not before a trailing `::`.
  const last = groups.at(-1);
  if (last?.includes('.') && (halves.length === 1 || tail.length > 0)) {
    if (!isIPv4(last)) return false;
    groups.pop();
    count++;
  }
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  // `::` stands for at least one zero group.
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** An address, a CIDR block with a prefix in range, or a wildcard pattern such as `10.0.*` or `2001:db8:*`. */
function isIpValue(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash !== -1) {
    const address = text.slice(0, slash);
    const prefix = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefix)) return false;
    if (isIPv4(address)) return Number(prefix) <= 32;
    return isIPv6(address) && Number(prefix) <= 128;
  }
  if (!text.includes('*')) return isIPv4(text) || isIPv6(text);
  // Patterns: a part with a star holds only digits (hex in IPv6) and stars; a part without one must be valid as is.
  const v4Pattern = (p: string) => {
    const parts = p.split('.');
    return parts.length <= 4 && parts.every((q) => (q.includes('*') ? /^[\d*]+$/.test(q) : OCTET.test(q)));
  };
  if (!text.includes(':')) return v4Pattern(text);
  const parts = text.split(':');
  const v6Part = (q: string) => (q.includes('*') ? /^[0-9a-f*]+$/i.test(q) : /^[0-9a-f]{0,4}$/i.test(q));
  return (
    parts.length <= 8 && parts.every((q, i) => (i === parts.length - 1 && q.includes('.') ? v4Pattern(q) : v6Part(q)))
  );
}

/**
 * The closest candidate within edit distance 2, for did-you-mean hints; ties go to the earlier candidate. An edit
 * that rewrites a whole short word is no near miss (`10` is two edits from `ip`), so it must leave a letter standing.
 */
function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = levenshtein(word, candidate);
    if (distance >= Math.min(word.length, candidate.length)) continue;
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

// ── Parser ───────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Parses a query. Returns null for an empty or whitespace-only query, so the caller can tell "no filter" apart from
 * a filter. Spans are offsets into `input`; a node written in parentheses spans them too, so that cutting a node's
 * span out of the input always removes a whole clause.
 */
export function parseQuery(input: string): QueryNode | null {
  const tokens = lex(input);
  if (tokens.length === 0) return null;
  let pos = 0;
  let depth = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const startsTerm = (t: Token | undefined) => t?.kind === 'term' || t?.kind === 'lparen' || t?.kind === 'minus';

  const parseOr = (): QueryNode => {
    const operands = [parseAnd()];
    for (let t = peek(); t?.kind === 'or'; t = peek()) {
      next();
      if (!startsTerm(peek())) fail(t.span, '`OR` needs a term on both sides');
      operands.push(parseAnd());
    }
    return combine('or', operands);
  };

  const parseAnd = (): QueryNode => {
    const operands = [parseUnary()];
    while (startsTerm(peek())) operands.push(parseUnary());
    return combine('and', operands);
  };

  const parseUnary = (): QueryNode => {
    const t = peek();
    if (t?.kind !== 'minus') return parsePrimary();
    next();
    // The `-` must touch what it negates: `- a` and a trailing `-` are mistakes, not a search for "-".
    const operand = peek();
    if (!startsTerm(operand) || operand?.span.start !== t.span.end) fail(t.span, '`-` must be followed by a term');
    const child = parseUnary();
    return { kind: 'not', child, span: { start: t.span.start, end: child.span.end } };
  };

  const parsePrimary = (): QueryNode => {
    const t = next();
    if (t === undefined) throw new Error('parsePrimary past the end'); // callers check startsTerm first
    switch (t.kind) {
      case 'term':
        return t.node;
      case 'rparen':
        return fail(t.span, 'unexpected `)`');
      case 'or':
        return fail(t.span, '`OR` needs a term on both sides');
      case 'minus':
        throw new Error('parsePrimary on `-`'); // parseUnary handles it
      case 'lparen': {
        if (depth === MAX_QUERY_DEPTH) fail(t.span, 'too deeply nested `(`', ` — at most ${MAX_QUERY_DEPTH} levels`);
        const first = peek();
        if (first === undefined) fail(t.span, 'unmatched `(`');
        if (first.kind === 'rparen') fail({ start: t.span.start, end: first.span.end }, 'empty group `()`');
        depth++;
        const node = parseOr();
        depth--;
        const close = next();
        // parseOr stops only at `)` or the end of the input.
        if (close?.kind !== 'rparen') fail(t.span, 'unmatched `(`');
        node.span = { start: t.span.start, end: close.span.end };
        return node;
      }
    }
  };

  const root = parseOr();
  const rest = peek();
  if (rest !== undefined) fail(rest.span, 'unexpected `)`'); // the only token parseOr leaves behind is `)`
  return root;
}

/** One operand is itself; otherwise a flat and/or whose span covers all operands (`a OR (b OR c)` = or[a, b, c]). */
function combine(kind: 'and' | 'or', operands: QueryNode[]): QueryNode {
  if (operands.length === 1 && operands[0]) return operands[0];
  const children = operands.flatMap((n) => (n.kind === kind ? n.children : [n]));
  const span = { start: operands[0]?.span.start ?? 0, end: operands.at(-1)?.span.end ?? 0 };
  return { kind, children, span };
}
