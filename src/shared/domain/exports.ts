// Exports of a query's events and the case journal: the choices a user has and the rows they read. Types and
// constants only, shared by the core, the CLI and the renderer.

/** csv: RFC 4180; ndjson: normalized events; raw: the original records byte for byte; parquet: typed columns. */
export const EXPORT_FORMATS = ['csv', 'ndjson', 'raw', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What `--redact` replaces by a keyed hash token. */
export const REDACTIONS = ['emails', 'ips', 'names'] as const;
export type Redaction = (typeof REDACTIONS)[number];

/** The normalized columns of DESIGN.md §3 an export can hold, in their order (`--columns`; store/export-repo.ts). */
export const EXPORT_COLUMNS = [
  'uid',
  'tenant_id',
  'occurred_at',
  'received_at',
  'action',
  'category',
  'outcome',
  'actor_id',
  'actor_type',
  'actor_name',
  'actor_email',
  'target_type',
  'target_id',
  'target_name',
  'targets',
  'ip',
  'user_agent',
  'changes',
  'metadata',
  'raw',
  'format',
  'source_id',
  'source_ref',
  'ingest_seq',
  'chain_seq',
  'chain_hash',
  'chain_prev',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** One entry of the case journal: what was done to the case, by whom (OS user), when (ISO-8601 UTC). */
export interface JournalEntry {
  seq: number;
  recordedAt: string;
  osUser: string;
  action: string;
  detail: Record<string, unknown>;
}

/** What the app's Export dialog writes: an export format, the PDF report or the evidence package. */
export const OUTPUT_KINDS = [...EXPORT_FORMATS, 'report', 'package'] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

/** The contract's channels whose job writes a file where its request says (JobOutput in contract.ts). */
export const WRITING_JOBS: ReadonlySet<string> = new Set(['jobs.export', 'jobs.report', 'jobs.package']);

/** Each kind's file: its extension (no dot) and what a save dialog's filter calls it. */
export const OUTPUT_FILES: Record<OutputKind, { extension: string; label: string }> = {
  csv: { extension: 'csv', label: 'CSV' },
  ndjson: { extension: 'ndjson', label: 'NDJSON' },
  raw: { extension: 'ndjson', label: 'NDJSON (raw records)' },
  parquet: { extension: 'parquet', label: 'Parquet' },
  report: { extension: 'pdf', label: 'PDF report' },
  package: { extension: 'zip', label: 'Evidence package (zip)' },
};

// ---------------------------------------------------------------------------------------------------------------
// A received evidence package, checked (core/reports/verify-package.ts; `trailscope verify-package`, the app).

export type FileStatus = 'intact' | 'altered' | 'added' | 'removed';

export interface CheckedFile {
  name: string;
  status: FileStatus;
  reason?: string;
}

export interface PackageCheck {
  intact: boolean;
  /** Whose key the signature was checked with: the package's own public-key.pem, or one the user gave. */
  keySource: 'package' | 'given';
  /** Fingerprint of that key (signing-key.ts); null when there was no usable key. */
  fingerprint: string | null;
  signature: 'valid' | 'invalid' | 'missing';
  caseId: string | null;
  query: string | null;
  events: number | null;
  /** Every file that is not intact, and the intact ones, in manifest order then zip order. */
  files: CheckedFile[];
  /** What is wrong with the zip or the manifest as such. */
  problems: string[];
}
