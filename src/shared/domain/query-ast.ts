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
  'country',
  'first_seen',
  'session',
  'user_agent',
  /** The evidence board (domain/evidence.ts): `starred:true`, `tag:suspicious`, `annotated:true` (any annotation). */
  'starred',
  'tag',
  'annotated',
  /** `uid:<id>`: the event with that id (as the drawer shows it), exactly and case-sensitively; no wildcards. */
  'uid',
] as const;
export type QueryField = (typeof QUERY_FIELDS)[number];

/**
 * The fields whose values are worth suggesting (autocomplete): every field but the times, `raw:`, `finding:`,
 * `session:` and `uid:` (their ids come from the detail drawer); `first_seen:` has three fixed values (FIRST_SEEN_VALUES).
 */
export const VALUE_FIELDS = [
  'action',
  'actor',
  'target',
  'ip',
  'outcome',
  'category',
  'tenant',
  'source',
  'country',
  'user_agent',
] as const satisfies readonly QueryField[];
export type ValueField = (typeof VALUE_FIELDS)[number];

/** `first_seen:ip|country|ua`: events that are their actor's first use of an IP, a country or a user agent. */
export const FIRST_SEEN_VALUES = ['ip', 'country', 'ua'] as const;

/**
 * The JSON columns a dotted field reads into: `metadata.session_id:…`, `changes.role.new:admin`,
 * `raw.userIdentity.arn:…`. Keys are matched exactly (JSON keys are case-sensitive); a number is also an array index.
 */
export const JSON_COLUMNS = ['metadata', 'changes', 'raw'] as const;
export type JsonColumn = (typeof JSON_COLUMNS)[number];
/** How many keys a dotted field may name: far beyond any record's nesting, and it bounds what a query can ask. */
export const MAX_PATH_KEYS = 32;

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
  /** `metadata.a.b:value`: the value at `keys` inside a JSON column (JSON_COLUMNS). */
  | { kind: 'path'; column: JsonColumn; keys: string[]; value: QueryValue; span: Span }
  /** A bare word or "quoted phrase": searches action, actor_*, target_*, ip and user_agent. */
  | { kind: 'text'; value: QueryValue; span: Span };

export interface QueryErrorInfo {
  message: string;
  /** 1-based column of the first character at fault. */
  column: number;
  span: Span;
}
