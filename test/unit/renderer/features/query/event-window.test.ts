// The table's row window: a far jump starts from the histogram's bucket edges, and a bucket too big to page through
// is split by a histogram of its own range, so the jump costs a few requests instead of one per thousand rows.
// The fetches here answer from an array with the query language's time clauses (`after:` inclusive, `before:`
// exclusive) and keyset cursors, as the bridge does.
import { describe, expect, it } from 'vitest';
import type { EventsPage, Request } from '@shared/contract';
import type { Histogram, NormalizedEvent } from '@shared/domain/audit-event';
import {
  EventWindow,
  seekPointsOf,
  type WindowScope,
} from '../../../../../src/renderer/src/features/query/event-window';

const ROWS = 60_000;
const START = Date.parse('2025-03-01T00:00:00Z');
/** Oldest first: one event a second. */
const events = Array.from(
  { length: ROWS },
  (_, i) => ({ uid: `e${i}`, occurred_at: new Date(START + i * 1000).toISOString() }) as NormalizedEvent,
);

function matching(query: string): NormalizedEvent[] {
  const after = [...query.matchAll(/after:([^\s()]+)/g)].map((m) => Date.parse(m[1] ?? ''));
  const before = [...query.matchAll(/before:([^\s()]+)/g)].map((m) => Date.parse(m[1] ?? ''));
  return events.filter((e) => {
    const t = Date.parse(e.occurred_at);
    return after.every((a) => t >= a) && before.every((b) => t < b);
  });
}

function fakeBridge() {
  const calls = { pages: 0, histograms: 0 };
  const fetchPage = async (request: Request<'events.page'>): Promise<EventsPage> => {
    calls.pages++;
    const rows = matching(request.query);
    if (request.order === 'desc') rows.reverse();
    const from = request.after ? rows.findIndex((e) => e.uid === request.after) + 1 : 0;
    const page = rows.slice(from, from + (request.limit ?? 200));
    const more = from + page.length < rows.length;
    return { events: page, next: more ? (page.at(-1)?.uid ?? null) : null, previous: null };
  };
  // Buckets aligned on their width, the narrowest that keeps under 100 of them, as the core chooses (or as wide as
  // asked: the case's own histogram spans months, so its buckets hold far more rows than a page).
  const fetchHistogram = async (query: string, widest = 0): Promise<Histogram> => {
    calls.histograms++;
    const rows = matching(query);
    const times = rows.map((e) => Date.parse(e.occurred_at));
    const span = (times.at(-1) ?? 0) - (times[0] ?? 0) + 1;
    const ms =
      [1, 10, 60, 600, 3600, 21_600, 86_400].map((s) => s * 1000).find((w) => w >= widest && span / w < 100) ??
      86_400_000;
    const counts = new Map<number, number>();
    for (const t of times) counts.set(t - (t % ms), (counts.get(t - (t % ms)) ?? 0) + 1);
    const starts = [...counts.keys()].sort((a, b) => a - b);
    const buckets: Histogram['buckets'] = [];
    for (let s = starts[0] ?? 0; starts.length > 0 && s <= (starts.at(-1) ?? 0); s += ms) {
      buckets.push({ start: new Date(s).toISOString(), total: counts.get(s) ?? 0 });
    }
    return { interval: `${ms} ms`, intervalMs: ms, buckets };
  };
  return { calls, fetchPage, fetchHistogram };
}

async function settle(window: EventWindow, index: number): Promise<void> {
  for (let i = 0; i < 2000 && window.rowAt(index) === undefined && window.error === null; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

describe.each(['desc', 'asc'] as const)('a far jump, %s', (order) => {
  const scope: WindowScope = { query: '', timeZone: 'UTC', order };
  const inOrder = order === 'desc' ? [...events].reverse() : events;

  async function jump(split: boolean, target: number) {
    const bridge = fakeBridge();
    const first = await bridge.fetchPage({ ...scope, limit: 200 });
    const histogram = await bridge.fetchHistogram('', 21_600_000);
    expect(histogram.buckets.map((b) => b.total)).toEqual([21_600, 21_600, 16_800]);
    bridge.calls.pages = 0;
    bridge.calls.histograms = 0;
    const window = new EventWindow(
      scope,
      ROWS,
      first,
      bridge.fetchPage,
      () => seekPointsOf(histogram, order, ROWS),
      split ? (q) => bridge.fetchHistogram(q) : undefined,
    );
    window.ensure(target, target + 40);
    await settle(window, target + 40);
    return { window, calls: bridge.calls };
  }

  it('lands on exactly the rows of the target index, splitting the bucket once', async () => {
    const target = 37_123;
    const { window, calls } = await jump(true, target);
    expect(window.error).toBeNull();
    for (let i = target; i <= target + 40; i++) expect(window.rowAt(i)?.uid).toBe(inOrder[i]?.uid);
    expect(calls.histograms).toBe(1);
    expect(calls.pages).toBeLessThanOrEqual(3);
  });

  it('pages through the whole bucket without the split (what the split saves)', async () => {
    const target = 37_123;
    const { window, calls } = await jump(false, target);
    for (let i = target; i <= target + 40; i++) expect(window.rowAt(i)?.uid).toBe(inOrder[i]?.uid);
    // 37,123 is over 10,000 rows past the nearest bucket edge either way: ten or more requests of 1,000.
    expect(calls.pages).toBeGreaterThanOrEqual(10);
  });
});
