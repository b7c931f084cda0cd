// Writes events as a table (for people, every value shown printable), NDJSON (one normalized event a line) or CSV
// (the product's one CSV writer, core/csv.ts: control characters stay, quoted, for the spreadsheet). The table and,
// when asked, the CSV show the app's columns by id (shared/domain/columns.ts), as a saved query names them.
import { toCsv } from '../core/csv';
import { jsonLine, printable } from './output';
import type { NormalizedEvent } from '@shared/domain/audit-event';
import type { ColumnId } from '@shared/domain/columns';
import { describeEvent, targetLabel } from '@shared/domain/describe-event';
import { epochMsToWallTime, zoneOffsetMs } from '@shared/domain/zoned-time';

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

/** The table's columns when none are asked for. */
const TABLE_COLUMNS: readonly ColumnId[] = ['time', 'action', 'outcome', 'actor', 'target', 'ip'];

const HEADERS: Record<ColumnId, string> = {
  time: 'TIME',
  actor: 'ACTOR',
  action: 'ACTION',
  target: 'TARGET',
  outcome: 'OUTCOME',
  ip: 'IP',
  category: 'CATEGORY',
  source: 'SOURCE',
  tenant: 'TENANT',
  actor_type: 'ACTOR TYPE',
  target_type: 'TARGET TYPE',
  user_agent: 'USER AGENT',
  description: 'DESCRIPTION',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** `2025-10-16 02:13:05Z` in UTC, `2025-10-15 22:13:05-04:00` in another zone. */
function tableTime(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (timeZone === 'UTC' || Number.isNaN(ms)) return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const w = epochMsToWallTime(ms, timeZone);
  const offset = zoneOffsetMs(timeZone, ms) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  return (
    `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}` +
    `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  );
}

/** A column's value as text; times in `timeZone` (the CSV keeps the UTC instant, for sorting and re-reading). */
function columnText(e: NormalizedEvent, column: ColumnId, time: (iso: string) => string): string {
  switch (column) {
    case 'time':
      return time(e.occurred_at);
    case 'actor':
      return e.actor_email ?? e.actor_name ?? e.actor_id ?? '';
    case 'target':
      return targetLabel(e);
    case 'source':
      return `${e.source_id} · ${e.format}`;
    case 'tenant':
      return e.tenant_id;
    case 'description':
      return describeEvent(e);
    default:
      return e[column] ?? '';
  }
}

export interface EventColumns {
  /** The columns of the table (and of the CSV when given); none: the table's usual ones, every CSV column. */
  columns?: readonly ColumnId[] | null;
  /** The zone the table shows times in (UTC when absent). */
  timeZone?: string;
}

export function writeEvents(
  events: NormalizedEvent[],
  output: EventOutput,
  write: (s: string) => void,
  options: EventColumns = {},
): void {
  const timeZone = options.timeZone ?? 'UTC';
  if (output === 'ndjson') {
    for (const event of events) write(jsonLine(event) + '\n');
  } else if (output === 'csv') {
    const columns = options.columns;
    if (columns) write(toCsv([columns, ...events.map((e) => columns.map((c) => columnText(e, c, (iso) => iso)))]));
    else write(toCsv([CSV_COLUMNS, ...events.map((e) => CSV_COLUMNS.map((c) => e[c]))]));
  } else {
    const columns = options.columns ?? TABLE_COLUMNS;
    // Widths are measured on the escaped text, as it will be shown.
    const rows = events.map((e) => columns.map((c) => printable(columnText(e, c, (iso) => tableTime(iso, timeZone)))));
    const header = columns.map((c) => (c === 'time' ? `TIME (${printable(timeZone)})` : HEADERS[c]));
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
