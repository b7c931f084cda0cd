// Writes events as a table (for people, every value shown printable), NDJSON (one normalized event a line) or CSV
// (the product's one CSV writer, core/csv.ts: control characters stay, quoted, for the spreadsheet).
import { toCsv } from '../core/csv';
import { jsonLine, printable } from './output';
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

export function writeEvents(events: NormalizedEvent[], output: EventOutput, write: (s: string) => void): void {
  if (output === 'ndjson') {
    for (const event of events) write(jsonLine(event) + '\n');
  } else if (output === 'csv') {
    write(toCsv([CSV_COLUMNS, ...events.map((e) => CSV_COLUMNS.map((c) => e[c]))]));
  } else {
    // Widths are measured on the escaped text, as it will be shown.
    const rows = events.map((e) =>
      [
        e.occurred_at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
        e.action,
        e.outcome,
        e.actor_email ?? e.actor_name ?? e.actor_id ?? '',
        e.target_name ?? e.target_id ?? '',
        e.ip ?? '',
      ].map(printable),
    );
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
