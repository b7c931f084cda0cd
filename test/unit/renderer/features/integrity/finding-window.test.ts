// Where a finding's event is (finding-window.ts): the time from a few events before the finding's to a few after, as
// a query, and the event's place among that query's rows in the table's order — against a real engine on a real demo
// case, through the core's dispatch (which refuses a request with fields events.page does not take); and cursor
// paging that stops at a bound.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventsPage, Request } from '@shared/contract';
import { dispatch } from '../../../../../src/main/core/bridge/dispatch';
import { createDemoCase } from '../../../../../src/main/core/demo/create-demo-case';
import { createEngine, type Engine } from '../../../../../src/main/core/engine';
import { EnvSecretStore } from '../../../../../src/main/core/secrets';
import {
  findingWindow,
  indexOfUid,
  NEIGHBOURS,
} from '../../../../../src/renderer/src/features/integrity/finding-window';

describe('findingWindow and indexOfUid on a real case', () => {
  let engine: Engine;
  let dir: string;
  const fetchPage = async (request: Request<'events.page'>): Promise<EventsPage> => {
    const result = await dispatch(engine.handlers, 'events.page', request);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value as EventsPage;
  };

  beforeAll(async () => {
    // Made here, not with tempDir (whose folders last one test): removed in afterAll.
    dir = await mkdtemp(join(tmpdir(), 'trailscope-test-'));
    const casePath = join(dir, 'demo.duckdb');
    await createDemoCase(casePath, { events: 3_000 });
    engine = await createEngine({ casePath, secrets: new EnvSecretStore({}), readOnly: true });
  });

  afterAll(async () => {
    await engine?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Every event, oldest first (the demo's times are distinct to the millisecond). */
  const allEvents = async () => (await fetchPage({ query: '', timeZone: 'UTC', order: 'asc', limit: 3_000 })).events;

  it('spans NEIGHBOURS events each side of the finding’s time, the event included', async () => {
    const events = await allEvents();
    const event = events[1_500];
    if (!event) throw new Error('no event');

    const query = await findingWindow(fetchPage, event.occurred_at);

    const rows = await fetchPage({ query: query ?? '', timeZone: 'UTC', order: 'asc', limit: 10_000 });
    expect(rows.events.map((e) => e.uid)).toEqual(
      events.slice(1_500 - NEIGHBOURS, 1_501 + NEIGHBOURS).map((e) => e.uid),
    );
    expect(query).toMatch(/^after:\S+Z before:\S+Z$/);
  });

  it('at either end of the case, spans what there is', async () => {
    const events = await allEvents();
    const first = events[0];
    const last = events.at(-1);
    if (!first || !last) throw new Error('no events');
    const count = async (at: string) =>
      (
        await fetchPage({
          query: (await findingWindow(fetchPage, at)) ?? '',
          timeZone: 'UTC',
          order: 'asc',
          limit: 100,
        })
      ).events.length;
    expect(await count(first.occurred_at)).toBe(NEIGHBOURS + 1);
    expect(await count(last.occurred_at)).toBe(NEIGHBOURS + 1);
    expect(await findingWindow(fetchPage, 'not a time')).toBeNull();
  });

  for (const order of ['desc', 'asc'] as const) {
    it(`finds the event at its row in the table's order (${order}), from the table's applied scope`, async () => {
      const event = (await allEvents())[2_000];
      if (!event) throw new Error('no event');
      const query = (await findingWindow(fetchPage, event.occurred_at)) ?? '';
      // The table's applied scope: the window's scope plus its total and timing, which events.page does not take.
      const applied = { query, timeZone: 'UTC', order, total: 21, tookMs: 12 };

      const index = await indexOfUid(fetchPage, applied, event.uid);

      const rows = await fetchPage({ query, timeZone: 'UTC', order, limit: 10_000 });
      expect(index).toBe(NEIGHBOURS);
      expect(rows.events[index ?? -1]?.uid).toBe(event.uid);
      expect(await indexOfUid(fetchPage, applied, 'no-such-uid')).toBeNull();
    });
  }
});

describe('indexOfUid paging', () => {
  const uids = Array.from({ length: 2_500 }, (_, i) => `u${i}`);
  const requests: { after?: string; limit: number }[] = [];
  const fetchPage = async (r: Request<'events.page'>): Promise<EventsPage> => {
    requests.push({ ...(r.after ? { after: r.after } : {}), limit: r.limit });
    const from = r.after ? Number(r.after) : 0;
    const events = uids.slice(from, from + r.limit).map((uid) => ({ uid }));
    const next = from + r.limit < uids.length ? String(from + r.limit) : null;
    return { events, next, previous: null } as EventsPage;
  };
  const scope = { query: '', timeZone: 'UTC', order: 'asc' as const };

  it('follows the cursors page by page until the uid turns up', async () => {
    requests.length = 0;
    expect(await indexOfUid(fetchPage, scope, 'u2100')).toBe(2100);
    expect(requests).toEqual([{ limit: 1000 }, { after: '1000', limit: 1000 }, { after: '2000', limit: 1000 }]);
  });

  it('reads no more than maxRows, and stops at the end of the rows', async () => {
    requests.length = 0;
    expect(await indexOfUid(fetchPage, scope, 'u2100', 1_500)).toBeNull();
    expect(requests).toEqual([{ limit: 1000 }, { after: '1000', limit: 500 }]);
    requests.length = 0;
    expect(await indexOfUid(fetchPage, scope, 'absent')).toBeNull();
    expect(requests).toHaveLength(3);
  });
});
