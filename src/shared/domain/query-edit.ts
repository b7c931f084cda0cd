// Rewrites of query text that work on whole clauses, using the shared parser's spans: quoting a value, and the
// time range as top-level `after:`/`before:` clauses (the histogram's brush, "Search all time", a saved query's
// range). Shared by the renderer's query bar and the core's saved queries, so both read a range the same way. Pure.
import { parseQuery, QueryParseError } from './query-parser';
import type { JsonColumn, QueryNode, Span } from './query-ast';

/** A value as the query language reads it back unchanged: bare when it can be, else a quoted phrase. */
export function quoteValue(value: string): string {
  if (/^[^\s()"\\*-][^\s()"\\*]*$/.test(value)) return value;
  // Inside quotes `*` is still a wildcard, so a literal star is escaped like `"` and `\`.
  return `"${value.replace(/[\\"*]/g, '\\$&')}"`;
}

/** A dotted field's name as the parser reads it back: `metadata.session_id`, `raw."odd.key".0`. */
export function pathName(column: JsonColumn, keys: readonly string[]): string {
  const key = (k: string) => (/^[^\s.:"\\()*[\]]+$/.test(k) ? k : `"${k.replace(/[\\"]/g, '\\$&')}"`);
  return [column, ...keys.map(key)].join('.');
}

/** The parse tree, or undefined when the text does not parse (callers then only append). */
export function tryParse(query: string): QueryNode | null | undefined {
  try {
    return parseQuery(query);
  } catch (error) {
    if (error instanceof QueryParseError) return undefined;
    throw error;
  }
}

/** The clauses ANDed at the top: only these can be cut or flipped without changing what the rest means. */
export function topLevel(root: QueryNode): QueryNode[] {
  return root.kind === 'and' ? root.children : [root];
}

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);

/** Cuts a span and the whitespace after it (or before it, at the end), so no double spaces are left behind. */
export function cut(query: string, span: Span): string {
  let start = span.start;
  let end = span.end;
  while (isSpace(query[end])) end++;
  if (end === query.length) while (start > 0 && isSpace(query[start - 1])) start--;
  return query.slice(0, start) + query.slice(end);
}

function cutAll(query: string, spans: Span[]): string {
  // From the end backwards, so earlier offsets stay valid.
  return [...spans].sort((a, b) => b.start - a.start).reduce((text, span) => cut(text, span), query);
}

/** Appends an ANDed clause; an OR at the top is wrapped first, or the clause would bind to its last operand. */
export function append(query: string, root: QueryNode | null | undefined, clause: string): string {
  const trimmed = query.trim();
  if (trimmed === '') return clause;
  return root?.kind === 'or' ? `(${trimmed}) ${clause}` : `${trimmed} ${clause}`;
}

const isTimeClause = (node: QueryNode) => node.kind === 'field' && (node.field === 'after' || node.field === 'before');

/** Whether the query has a top-level `after:` or `before:` (what "Clear range" would remove). */
export function hasTimeRange(query: string): boolean {
  const root = tryParse(query);
  return root ? topLevel(root).some(isTimeClause) : false;
}

/** The query without its top-level `after:`/`before:` clauses. */
export function clearTimeRange(query: string): string {
  const root = tryParse(query);
  if (!root) return query;
  return cutAll(
    query,
    topLevel(root)
      .filter(isTimeClause)
      .map((n) => n.span),
  ).trim();
}

/**
 * Replaces the top-level `after:`/`before:` clauses with `after:<from> before:<to>` (from inclusive, to exclusive);
 * a null end is left open. Both null: the query unchanged.
 */
export function setTimeRange(query: string, from: string | null, to: string | null): string {
  if (from === null && to === null) return query;
  const cleared = clearTimeRange(query);
  const range = [from === null ? null : `after:${quoteValue(from)}`, to === null ? null : `before:${quoteValue(to)}`];
  return append(cleared, tryParse(cleared), range.filter((c) => c !== null).join(' '));
}

/**
 * The query's range taken out: its one top-level `after:` and one `before:` as values, and the query without them
 * (setTimeRange puts them back). A query with two of either, or that does not parse, keeps its clauses.
 */
export function splitTimeRange(query: string): { query: string; from: string | null; to: string | null } {
  const root = tryParse(query);
  const whole = { query, from: null, to: null };
  if (!root) return whole;
  const clauses = topLevel(root).filter(isTimeClause);
  const valueOf = (field: 'after' | 'before') => {
    const found = clauses.filter((n) => n.kind === 'field' && n.field === field);
    return found.length === 1 && found[0]?.kind === 'field' ? found[0].value.text : null;
  };
  const from = valueOf('after');
  const to = valueOf('before');
  if (clauses.length !== (from === null ? 0 : 1) + (to === null ? 0 : 1)) return whole;
  return { query: clearTimeRange(query), from, to };
}
