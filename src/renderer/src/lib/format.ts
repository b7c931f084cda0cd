// Display formatting shared by every panel: times in the display zone (rendered from the epoch value, never
// re-parsed from a formatted string), zone labels with their offset, and grouped counts. No contract knowledge.
import { epochMsToWallTime, zoneOffsetMs } from '../../../shared/domain/zoned-time';

export type ZoneMode = 'utc' | 'local';

/** The browser's own zone; 'UTC' when Intl cannot tell. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function zoneOf(mode: ZoneMode): string {
  return mode === 'utc' ? 'UTC' : localZone();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2025-10-16 02:13:05` in the zone; `—` for a time that does not parse. */
export function formatTime(iso: string, timeZone: string, withMillis = false): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  const w = epochMsToWallTime(ms, timeZone);
  const base = `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  return withMillis ? `${base}.${pad(Math.floor(w.micros / 1000), 3)}` : base;
}

/** `UTC+02:00` style offset of the zone at an instant; `UTC` for a zero offset. */
export function offsetLabel(timeZone: string, atMs: number): string {
  const offset = zoneOffsetMs(timeZone, atMs);
  if (offset === 0) return 'UTC';
  const minutes = Math.abs(offset) / 60_000;
  return `UTC${offset < 0 ? '−' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** `UTC`, or `America/New_York (UTC−04:00)`: the zone is always named, the offset shown when not UTC. */
export function zoneLabel(timeZone: string, atMs = Date.now()): string {
  if (timeZone === 'UTC') return 'UTC';
  return `${timeZone} (${offsetLabel(timeZone, atMs)})`;
}

/**
 * An instant as a query value in the display zone: `2025-10-16T02:00:00Z` in UTC, `2025-10-15T22:00:00-04:00`
 * elsewhere. The offset is written out so the clause means the same instant whatever zone reads it later.
 */
export function queryInstant(ms: number, timeZone: string): string {
  const w = epochMsToWallTime(ms, timeZone);
  const offset = zoneOffsetMs(timeZone, ms);
  const seconds = `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  const fraction = ms % 1000 === 0 ? '' : `.${pad(((ms % 1000) + 1000) % 1000, 3)}`;
  if (offset === 0) return `${seconds}${fraction}Z`;
  const minutes = Math.abs(offset) / 60_000;
  return `${seconds}${fraction}${offset < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** A short name for column headers: `UTC`, `EDT`, or `GMT+2` where the zone has no common abbreviation. */
export function zoneAbbreviation(timeZone: string, atMs = Date.now()): string {
  if (timeZone === 'UTC') return 'UTC';
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' })
    .formatToParts(new Date(atMs))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

const grouped = new Intl.NumberFormat('en-US');

/** `1,234,567` */
export function formatCount(n: number): string {
  return grouped.format(n);
}
