// Exports of a query's events and the case journal: the choices a user has and the rows they read. Types and
// constants only, shared by the core, the CLI and the renderer.

/** csv: RFC 4180; ndjson: normalized events; raw: the original records byte for byte; parquet: typed columns. */
export const EXPORT_FORMATS = ['csv', 'ndjson', 'raw', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What `--redact` replaces by a keyed hash token. */
export const REDACTIONS = ['emails', 'ips', 'names'] as const;
export type Redaction = (typeof REDACTIONS)[number];

/** One entry of the case journal: what was done to the case, by whom (OS user), when (ISO-8601 UTC). */
export interface JournalEntry {
  seq: number;
  recordedAt: string;
  osUser: string;
  action: string;
  detail: Record<string, unknown>;
}
