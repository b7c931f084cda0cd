// Display formatting shared by every panel: times in the display zone (rendered from the epoch value, never
// re-parsed from a formatted string), zone labels with their offset, and grouped counts. No contract knowledge.
import { epochMsToWallTime, zoneOffsetMs } from '@shared/domain/zoned-time';

export type ZoneMode = 'utc' | 'local';

/** How long the browser's zone is taken as known: resolving it builds an Intl formatter, and renders ask often. */
const LOCAL_ZONE_TTL_MS = 1_000;
let knownLocalZone: { zone: string; at: number } | null = null;

/** The browser's own zone; 'UTC' when Intl cannot tell. A change of the machine's zone shows within a second. */
export function localZone(): string {
  const now = Date.now();
  if (!knownLocalZone || now - knownLocalZone.at > LOCAL_ZONE_TTL_MS) {
    knownLocalZone = { zone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', at: now };
  }
  return knownLocalZone.zone;
}

export function zoneOf(mode: ZoneMode): string {
  return mode === 'utc' ? 'UTC' : localZone();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2025-10-16 02:13:05` in the zone; `—` for a time that does not parse. */
export function formatTime(iso: string, timeZone: string, withMillis = false): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  // The wall clock as a Date read in UTC. UTC's own offset is always 0: no Intl call for it (two per row of the
  // table in the default zone, and the first Intl formatter of a zone costs milliseconds to make).
  const w = new Date(timeZone === 'UTC' ? ms : ms + zoneOffsetMs(timeZone, ms));
  const date = `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`;
  const base = `${date} ${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}`;
  return withMillis ? `${base}.${pad(w.getUTCMilliseconds(), 3)}` : base;
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

/** One formatter per zone: the time header asks on every render of the grid (each scroll). */
const abbreviators = new Map<string, Intl.DateTimeFormat>();

/** A short name for column headers: `UTC`, `EDT`, or `GMT+2` where the zone has no common abbreviation. */
export function zoneAbbreviation(timeZone: string, atMs = Date.now()): string {
  if (timeZone === 'UTC') return 'UTC';
  let abbreviator = abbreviators.get(timeZone);
  if (!abbreviator) {
    abbreviator = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' });
    abbreviators.set(timeZone, abbreviator);
  }
  const part = abbreviator.formatToParts(new Date(atMs)).find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

// Made on first use, not at load: the first Intl object of a page costs ~40 ms (ICU starting up), and this module
// loads before the first table request is sent (main.tsx).
let grouped: Intl.NumberFormat | null = null;

/** `1,234,567` */
export function formatCount(n: number): string {
  grouped ??= new Intl.NumberFormat('en-US');
  return grouped.format(n);
}
