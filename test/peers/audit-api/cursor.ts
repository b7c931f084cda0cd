// Opaque page cursors: base64url of a JSON position plus the query it belongs to, and a short MAC so a tampered
// cursor is refused (400) instead of silently serving another position. The MAC key is fixed, not per process:
// a provider's cursor survives a restart of its servers, and restart tests resume with a saved cursor.
import { createHmac } from 'node:crypto';
import type { TimeKey } from './time';

const KEY = 'trailscope-audit-api-peer';

function mac(body: string): string {
  return createHmac('sha256', KEY).update(body).digest('base64url').slice(0, 16);
}

export function encodeCursor(payload: Record<string, unknown>): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(body)}`;
}

/** The payload, or null for anything this peer did not issue. */
export function decodeCursor(text: string): Record<string, unknown> | null {
  const dot = text.indexOf('.');
  if (dot <= 0 || mac(text.slice(0, dot)) !== text.slice(dot + 1)) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(text.slice(0, dot), 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** A half-open time window [lo, hi) as cursors carry it; null = unbounded on that side. */
export interface Window {
  lo: TimeKey | null;
  hi: TimeKey | null;
}

type Packed = [number, number] | null;

export function packWindow(window: Window): [Packed, Packed] {
  return [window.lo && [window.lo.ms, window.lo.ns], window.hi && [window.hi.ms, window.hi.ns]];
}

export function unpackWindow(value: unknown): Window | null {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const side = (v: unknown): TimeKey | null | undefined => {
    if (v === null) return null;
    if (Array.isArray(v) && v.length === 2 && v.every((n) => Number.isSafeInteger(n)) && v[1] >= 0 && v[1] < 1e6)
      return { ms: v[0], ns: v[1] };
    return undefined;
  };
  const lo = side(value[0]);
  const hi = side(value[1]);
  return lo === undefined || hi === undefined ? null : { lo, hi };
}
