// Rewrites of the query text, which is the one source of truth (UX.md §3): facet and pivot clicks, histogram
// brushes and empty-state suggestions all edit the text through these, using the shared parser's spans so a
// rewrite always cuts or flips whole clauses. Pure functions; no contract, no React.
import { parseQuery, QueryParseError } from '@shared/domain/query-parser';
import type { JsonColumn, QueryErrorInfo, QueryField, QueryNode, Span } from '@shared/domain/query-ast';
import {
  append,
  cut,
  pathName,
  quoteValue,
  setTimeRange,
  splitTimeRange,
  topLevel,
  tryParse,
} from '@shared/domain/query-edit';

/** What a value can be filtered by: a field, or keys inside a JSON column (`metadata.session_id`). */
export type PivotField = QueryField | { column: JsonColumn; keys: readonly string[] };

export const pivotName = (field: PivotField): string =>
  typeof field === 'string' ? field : pathName(field.column, field.keys);

export function fieldClause(field: PivotField, value: string, negate = false): string {
  return `${negate ? '-' : ''}${pivotName(field)}:${quoteValue(value)}`;
}

/** Where the parser stops on this text, for the caret under the query; null when it parses. */
export function queryErrorAt(query: string): QueryErrorInfo | null {
  try {
    parseQuery(query);
    return null;
  } catch (error) {
    if (error instanceof QueryParseError) return error.info;
    throw error;
  }
}

const sameValue = (node: QueryNode, field: PivotField, value: string) =>
  typeof field === 'string'
    ? node.kind === 'field' && node.field === field && node.value.text === value
    : node.kind === 'path' &&
      node.column === field.column &&
      node.keys.length === field.keys.length &&
      node.keys.every((k, i) => k === field.keys[i]) &&
      node.value.text === value;

/**
 * Adds `field:value` (or `-field:value`). An existing clause for the same value is left alone when it has the
 * same sign and flipped in place when it has the other, as Grafana's log details do.
 */
export function addFieldClause(query: string, field: PivotField, value: string, negate: boolean): string {
  const root = tryParse(query);
  if (root) {
    for (const node of topLevel(root)) {
      if (sameValue(node, field, value)) {
        return negate ? `${query.slice(0, node.span.start)}-${query.slice(node.span.start)}` : query;
      }
      if (node.kind === 'not' && sameValue(node.child, field, value)) {
        return negate ? query : query.slice(0, node.span.start) + query.slice(node.span.start + 1);
      }
    }
  }
  return append(query, root, fieldClause(field, value, negate));
}

/**
 * What + / − filter by: a field's value, or the second an event occurred in. The query language has no equality on
 * time: `after:` is inclusive and `before:` exclusive, so `after:<s> before:<s+1>` (UTC, `Z`: the same in every
 * display zone) is exactly that second, the precision the table and drawer show.
 */
export type Pivot = { field: PivotField; value: string } | { second: string };

/** The second an instant falls in, as `after:`/`before:` values; null when the time does not read. */
export function secondRange(instant: string): { from: string; to: string } | null {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return null;
  const from = Math.floor(ms / 1000) * 1000;
  const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
  return { from: iso(from), to: iso(from + 1000) };
}

/** The clause + (or −) adds for a pivot, for labels: `actor:alice`, `-(after:… before:…)`. */
export function pivotClause(pivot: Pivot, negate = false): string {
  if ('field' in pivot) return fieldClause(pivot.field, pivot.value, negate);
  const range = secondRange(pivot.second);
  if (!range) return '';
  const clause = `after:${quoteValue(range.from)} before:${quoteValue(range.to)}`;
  return negate ? `-(${clause})` : clause;
}

const isSecond = (node: QueryNode, range: { from: string; to: string }) =>
  node.kind === 'and' &&
  node.children.length === 2 &&
  node.children[0]?.kind === 'field' &&
  node.children[0].field === 'after' &&
  node.children[0].value.text === range.from &&
  node.children[1]?.kind === 'field' &&
  node.children[1].field === 'before' &&
  node.children[1].value.text === range.to;

/**
 * Filters for or out the second an event occurred in. For: the query's time range becomes that second (replacing
 * its `after:`/`before:`, as the histogram's brush does, so the range picker and the histogram read it), and a
 * `-(…)` of that second is dropped. Out: `-(after:… before:…)` is added, unless it is there; when the range is that
 * very second it is flipped into the exclusion.
 */
export function addSecondClause(query: string, instant: string, negate: boolean): string {
  const range = secondRange(instant);
  if (!range) return query;
  const root = tryParse(query);
  const excluded = root ? topLevel(root).find((n) => n.kind === 'not' && isSecond(n.child, range)) : undefined;
  const exclusion = pivotClause({ second: instant }, true);
  if (!negate) {
    const rest = excluded ? cut(query, excluded.span).trim() : query;
    return setTimeRange(rest, range.from, range.to);
  }
  if (excluded) return query;
  const split = splitTimeRange(query);
  const base = split.from === range.from && split.to === range.to ? split.query : query;
  return append(base, tryParse(base), exclusion);
}

/** + / − on a pivot: addFieldClause or addSecondClause. */
export function addPivot(query: string, pivot: Pivot, negate: boolean): string {
  return 'field' in pivot
    ? addFieldClause(query, pivot.field, pivot.value, negate)
    : addSecondClause(query, pivot.second, negate);
}

export interface Clause {
  text: string;
  span: Span;
}

/** The top-level clauses as typed, for "Remove `x`" suggestions; none for a single-clause or broken query. */
export function topLevelClauses(query: string): Clause[] {
  const root = tryParse(query);
  if (!root || root.kind !== 'and') return [];
  return root.children.map((n) => ({ text: query.slice(n.span.start, n.span.end), span: n.span }));
}

export function removeClause(query: string, clause: Clause): string {
  return cut(query, clause.span).trim();
}

/** Every top-level clause as typed, for the chips row: one for a single clause or a top-level OR; none when the
 * query is empty or does not parse. */
export function clauseList(query: string): Clause[] {
  const root = tryParse(query);
  if (!root) return [];
  return topLevel(root).map((n) => ({ text: query.slice(n.span.start, n.span.end), span: n.span }));
}

/** A clause that is an OR not already in its own parentheses is wrapped, so that ANDing it keeps its meaning. */
function asOperand(clause: string): string {
  const node = tryParse(clause);
  if (node?.kind !== 'or') return clause;
  const wrapped = (node.children[0]?.span.start ?? 0) > node.span.start;
  return wrapped ? clause : `(${clause})`;
}

/**
 * ANDs a clause into the query before its `index`-th top-level clause (at the end when there is none), so a chip
 * switched back on returns to where it was. A query whose top is an OR is wrapped and the clause appended.
 */
export function insertClause(query: string, clause: string, index: number): string {
  const root = tryParse(query);
  const text = asOperand(clause);
  const at = root && root.kind !== 'or' ? topLevel(root)[index] : undefined;
  if (!at) return append(query, root, text);
  return `${query.slice(0, at.span.start)}${text} ${query.slice(at.span.start)}`;
}
