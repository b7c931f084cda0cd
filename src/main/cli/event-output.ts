// Writes events as a table (for people), NDJSON (one normalized event a line) or CSV (RFC 4180 via csv-stringify,
// with cells a spreadsheet would execute neutralized).
import { stringify } from 'csv-stringify/sync';
import type { NormalizedEvent } from '@shared/domain/audit-event';

export const EVENT_OUTPUTS = ['table', 'ndjson', 'csv'] as const;
export type EventOutput = (typeof EVENT_OUTPUTS)[number];

const CSV_COLUMNS = [
  'occurred_at',
  'uid',
  'tenant_id',
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
  'ip',
  'user_agent',
  'source_ref',
] as const satisfies readonly (keyof NormalizedEvent)[];

/** A cell starting with = + - @, tab or CR would run as a formula in a spreadsheet: prefix it with a quote. */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function writeEvents(events: NormalizedEvent[], output: EventOutput, write: (s: string) => void): void {
  if (output === 'ndjson') {
    for (const event of events) write(JSON.stringify(event) + '\n');
  } else if (output === 'csv') {
    const rows = events.map((e) => CSV_COLUMNS.map((c) => neutralizeCell(e[c] === null ? '' : String(e[c]))));
    write(stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: 'windows' }));
  } else {
    const rows = events.map((e) => [
      e.occurred_at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
      e.action,
      e.outcome,
      e.actor_email ?? e.actor_name ?? e.actor_id ?? '',
      e.target_name ?? e.target_id ?? '',
      e.ip ?? '',
    ]);
    const header = ['TIME (UTC)', 'ACTION', 'OUTCOME', 'ACTOR', 'TARGET', 'IP'];
    const widths = header.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
    const line = (cells: string[]) =>
      cells
        .map((c, i) =>
          c.length > (widths[i] ?? 0) ? c.slice(0, (widths[i] ?? 1) - 1) + '…' : c.padEnd(widths[i] ?? 0),
        )
        .join('  ')
        .trimEnd();
    write(line(header) + '\n');
    for (const row of rows) write(line(row) + '\n');
  }
}
