// The histogram and the actor lanes over a given span (UX.md §2: the chart keeps the case's span unless zoomed): a
// query matching one hour of a three-day case still charts the three days, in buckets sized for them, with the
// lanes on the same buckets; a span that is not two instants is refused by name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '@shared/domain/query-parser';
import { REQUEST_SCHEMAS } from '@shared/schemas';
import type { CaseStore } from '../../src/main/core/store/case-store';
import { actorLanes, histogram } from '../../src/main/core/store/events-query';
import { caseWithRecords, closeAll } from '../helpers/case';

const rec = (id: string, at: string, actor: string) => ({
  id,
  occurred_at: at,
  tenant_id: 'acme',
  action: 'user.signed_in',
  actor: { id: actor, type: 'user', name: actor },
  outcome: 'success',
});

let store: CaseStore;
const SPAN = { from: '2025-01-10T00:00:00.000Z', to: '2025-01-13T00:00:00.000Z' };

beforeAll(async () => {
  store = await caseWithRecords(
    [
      rec('e1', '2025-01-10T00:00:00Z', 'alice'),
      rec('e2', '2025-01-11T12:10:00Z', 'bob'),
      rec('e3', '2025-01-11T12:20:00Z', 'bob'),
      rec('e4', '2025-01-12T23:59:59Z', 'alice'),
    ],
    { tenantId: 'acme' },
  );
});
afterAll(closeAll);

describe('histogram over a span', () => {
  it('fits the matched events alone without a span (the old behaviour, kept for the CLI)', async () => {
    const fitted = await histogram(store, parseQuery('actor:bob'), { timeZone: 'UTC' });
    expect(fitted.interval).toBe('5 seconds');
    expect(fitted.buckets[0]?.start).toBe('2025-01-11T12:10:00.000Z');
  });

  it('charts the whole span for a query that matches one hour of it, in buckets sized for the span', async () => {
    const result = await histogram(store, parseQuery('actor:bob'), { timeZone: 'UTC', span: SPAN });
    expect(result.interval).toBe('15 minutes');
    expect(result.buckets[0]?.start).toBe(SPAN.from);
    expect(result.buckets.at(-1)?.start).toBe('2025-01-12T23:45:00.000Z');
    expect(result.buckets).toHaveLength(3 * 96);
    expect(result.buckets.reduce((n, b) => n + b.total, 0)).toBe(2);
    expect(result.buckets.find((b) => b.total > 0)?.start).toBe('2025-01-11T12:00:00.000Z');
  });

  it('aligns the span to the display zone like the buckets (a day bucket starts at local midnight)', async () => {
    const result = await histogram(store, null, {
      timeZone: 'America/New_York',
      span: { from: '2024-06-01T00:00:00Z', to: '2025-03-01T00:00:00Z' },
    });
    expect(result.interval).toBe('1 day');
    expect(result.buckets[0]?.start).toBe('2024-05-31T04:00:00.000Z');
    expect(result.buckets.at(-1)?.start).toBe('2025-02-28T05:00:00.000Z');
  });

  it('puts the lanes on the same buckets as the histogram over the same span', async () => {
    const bars = await histogram(store, parseQuery('actor:bob'), { timeZone: 'UTC', span: SPAN });
    const lanes = await actorLanes(store, parseQuery('actor:bob'), { timeZone: 'UTC', span: SPAN, top: 8 });
    expect(lanes.starts).toEqual(bars.buckets.map((b) => b.start));
    expect(lanes.lanes.map((l) => [l.actor, l.total])).toEqual([['bob', 2]]);
  });

  it('keeps an empty result empty (nothing to chart), span or not', async () => {
    expect((await histogram(store, parseQuery('actor:nobody'), { timeZone: 'UTC', span: SPAN })).buckets).toEqual([]);
  });

  it('refuses a span that is not two instants in order, by name', async () => {
    await expect(
      histogram(store, null, { timeZone: 'UTC', span: { from: 'yesterday', to: SPAN.to } }),
    ).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('"yesterday"') });
    await expect(
      histogram(store, null, { timeZone: 'UTC', span: { from: SPAN.to, to: SPAN.from } }),
    ).rejects.toMatchObject({ code: 'USAGE' });
    expect(
      REQUEST_SCHEMAS['events.histogram'].safeParse({ query: '', timeZone: 'UTC', span: { from: 'x', to: 'y', z: 1 } })
        .success,
    ).toBe(false);
  });
});
