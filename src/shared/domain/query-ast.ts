// The query language's syntax tree (DESIGN.md §7): what the parser produces and the store compiles to SQL.
// Shared by the renderer and the core: no node:*, no electron, no DuckDB.

export const QUERY_FIELDS = [
  'action',
  'actor',
  'target',
  'ip',
  'outcome',
  'category',
  'tenant',
  'source',
  'after',
  'before',
  'raw',
  /** `finding:12`: the events finding 12 flags (detections). */
  'finding',
] as const;
export type QueryField = (typeof QUERY_FIELDS)[number];

/** The fields whose values are worth suggesting (autocomplete): every field but the times, `raw:` and `finding:`. */
export const VALUE_FIELDS = [
  'action',
  'actor',
  'target',
  'ip',
  'outcome',
  'category',
  'tenant',
  'source',
] as const satisfies readonly QueryField[];
export type ValueField = (typeof VALUE_FIELDS)[number];

/** Offsets into the query string, 0-based, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/**
 * A value as typed. `text` has quotes and escapes removed; `*` stays in it as a wildcard unless it was escaped
 * (`\*`), in which case `literalStars` holds its index in `text`.
 */
export interface QueryValue {
  text: string;
  quoted: boolean;
  /** Indexes in `text` of `*` characters that are literal (were written `\*`). */
  literalStars: number[];
}

export type QueryNode =
  | { kind: 'and'; children: QueryNode[]; span: Span }
  | { kind: 'or'; children: QueryNode[]; span: Span }
  | { kind: 'not'; child: QueryNode; span: Span }
  /** `field:value` */
  | { kind: 'field'; field: QueryField; value: QueryValue; span: Span }
  /** A bare word or "quoted phrase": searches action, actor_*, target_*, ip and user_agent. */
  | { kind: 'text'; value: QueryValue; span: Span };

export interface QueryErrorInfo {
  message: string;
  /** 1-based column of the first character at fault. */
  column: number;
  span: Span;
}
