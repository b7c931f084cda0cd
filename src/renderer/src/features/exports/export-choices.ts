// What the Export dialog offers and what it asks the core for, as pure functions: the kinds of file (four export
// formats, the PDF report, the evidence package), which choices each takes and why not the others (said in the
// dialog, not hidden), the columns that stand for the table's visible ones, the file name suggested, the request of
// the job, and what its completed summary says. No store, no bridge: tested on its own.
import type { JobOutput, QueryScope, Request } from '@shared/contract';
import { OUTPUT_FILES, type ExportColumn, type OutputKind, type Redaction } from '@shared/domain/exports';
import type { ColumnId } from '../events/view-prefs';

export const KIND_CHOICES: readonly { kind: OutputKind; label: string; hint: string }[] = [
  { kind: 'csv', label: 'CSV', hint: 'A spreadsheet: one row per event, the columns chosen.' },
  { kind: 'ndjson', label: 'NDJSON (normalized)', hint: 'One JSON object per line, the columns chosen.' },
  { kind: 'raw', label: 'NDJSON (raw records)', hint: 'Each original record, byte for byte as received.' },
  { kind: 'parquet', label: 'Parquet', hint: 'Typed columns, for DuckDB, pandas or Spark.' },
  { kind: 'report', label: 'PDF report', hint: 'Cover, summary, timeline, integrity results and the events.' },
  {
    kind: 'package',
    label: 'Evidence package',
    hint: 'A signed zip: report, CSV, raw records, the ledger and the journal, verifiable offline.',
  },
];

export const REDACTION_CHOICES: readonly { redaction: Redaction; label: string }[] = [
  { redaction: 'emails', label: 'Emails' },
  { redaction: 'ips', label: 'IP addresses' },
  { redaction: 'names', label: 'Names' },
];

/** Why this kind takes no chosen columns, or null when it does. */
export function columnsUnavailable(kind: OutputKind): string | null {
  if (kind === 'raw') return 'Raw records have no columns: each line is the record as received.';
  if (kind === 'report') return 'The report shows the events table of its own layout.';
  if (kind === 'package') return 'A package holds every column (events.csv) and the raw records.';
  return null;
}

/** Why this kind cannot be redacted, or null when it can (CSV and normalized NDJSON). */
export function redactionUnavailable(kind: OutputKind): string | null {
  if (kind === 'raw') return 'Raw records are exported byte for byte: a redacted record would no longer be the record.';
  if (kind === 'parquet') return 'Parquet is written by DuckDB, which cannot apply the keyed redaction.';
  if (kind === 'report') return 'A report shows the events as they are; export CSV or NDJSON to share them redacted.';
  if (kind === 'package') return 'Evidence is packaged unaltered, so that its hashes prove it.';
  return null;
}

/** The export columns that stand for each of the table's columns (the description is written from them). */
const VIEW_TO_EXPORT: Record<ColumnId, readonly ExportColumn[]> = {
  time: ['occurred_at'],
  actor: ['actor_email', 'actor_name', 'actor_id'],
  action: ['action'],
  target: ['target_name', 'target_id'],
  outcome: ['outcome'],
  ip: ['ip'],
  category: ['category'],
  source: ['source_id', 'format'],
  tenant: ['tenant_id'],
  actor_type: ['actor_type'],
  target_type: ['target_type'],
  user_agent: ['user_agent'],
  description: [],
};

/** The columns an export of what the table shows holds: the event's uid, then the visible columns' in their order. */
export function columnsForView(view: readonly ColumnId[]): ExportColumn[] {
  return [...new Set<ExportColumn>(['uid', ...view.flatMap((id) => VIEW_TO_EXPORT[id])])];
}

/** `columns` with `column` in (at the end) or out. */
export function withExportColumn(columns: readonly ExportColumn[], column: ExportColumn, on: boolean): ExportColumn[] {
  const without = columns.filter((c) => c !== column);
  return on ? [...without, column] : without;
}

export interface ExportChoices {
  kind: OutputKind;
  /** In their order in the file. */
  columns: ExportColumn[];
  redact: Redaction[];
  bom: boolean;
}

/** What stops these choices, in words, or null when they can go. */
export function choicesProblem(choices: ExportChoices): string | null {
  if (columnsUnavailable(choices.kind) === null && choices.columns.length === 0) return 'Choose at least one column.';
  if (redactionUnavailable(choices.kind) === null && choices.redact.length > 0 && choices.columns.includes('raw'))
    return 'The raw column holds the original record and cannot be redacted: leave it out, or redact nothing.';
  return null;
}

/** `acme-events-2026-12-07.csv`, `acme-report-….pdf`, `acme-evidence-….zip`: the tenant, what, the day (UTC). */
export function suggestedName(kind: OutputKind, tenant: string | null, now: Date): string {
  const what = kind === 'report' ? 'report' : kind === 'package' ? 'evidence' : kind === 'raw' ? 'raw' : 'events';
  const who = (tenant ?? '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  const day = now.toISOString().slice(0, 10);
  return `${who ? `${who}-` : ''}${what}-${day}.${OUTPUT_FILES[kind].extension}`;
}

export type JobCall =
  | { channel: 'jobs.export'; request: Request<'jobs.export'> }
  | { channel: 'jobs.report'; request: Request<'jobs.report'> }
  | { channel: 'jobs.package'; request: Request<'jobs.package'> };

/**
 * The job that makes the file: `output` is the path the save dialog granted (desktop: `force`, since the dialog
 * asked before replacing) or the name of a download (browser). Only the choices that apply to the kind go along.
 */
export function jobCall(
  choices: ExportChoices,
  scope: QueryScope,
  output: { path: string } | { download: string },
): JobCall {
  const target: JobOutput = 'path' in output ? { out: output.path, force: true } : { download: output.download };
  const { kind } = choices;
  if (kind === 'report') return { channel: 'jobs.report', request: { ...scope, ...target } };
  if (kind === 'package') return { channel: 'jobs.package', request: { ...scope, ...target } };
  return {
    channel: 'jobs.export',
    request: {
      ...scope,
      ...target,
      format: kind,
      ...(columnsUnavailable(kind) === null ? { columns: choices.columns } : {}),
      ...(redactionUnavailable(kind) === null && choices.redact.length > 0 ? { redact: choices.redact } : {}),
      ...(kind === 'csv' && choices.bom ? { bom: true } : {}),
    },
  };
}

/** What a finished job's summary tells the user. */
export interface Written {
  /** The file's name (the browser's download name; the last segment of the path on the desktop). */
  name: string;
  /** Where the file is, on the desktop (for Reveal in folder); null for a download. */
  path: string | null;
  /** The URL that serves the download once (browser); null on the desktop. */
  download: string | null;
  events: number | null;
  bytes: number | null;
  sha256: string | null;
  pages: number | null;
  /** The signing key's fingerprint (a package). */
  fingerprint: string | null;
}

const numberOf = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const textOf = (value: unknown) => (typeof value === 'string' ? value : null);

export function writtenFrom(summary: Record<string, unknown>): Written {
  const path = textOf(summary['path']) ?? '';
  const download = textOf(summary['download']);
  return {
    name: path.split(/[\\/]/).at(-1) ?? path,
    path: download === null && path !== '' ? path : null,
    // Only the bridge's own route: the page follows no other URL from a summary.
    download: download !== null && /^\/api\/download\/[0-9a-f]{32}$/.test(download) ? download : null,
    events: numberOf(summary['events']),
    bytes: numberOf(summary['bytes']),
    sha256: textOf(summary['sha256']),
    pages: numberOf(summary['pages']),
    fingerprint: textOf(summary['fingerprint']),
  };
}
