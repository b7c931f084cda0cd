// A threshold rule against a brute-force reading of its definition: an event is flagged when some window of the
// rule's length that holds it reaches the threshold (a count, or a sum of a record field), and flagged events of one
// actor less than a window apart are one finding. The SQL finds anchors with row offsets (counts) or time frames
// (sums) over a pre-filtered subset; random bursts with ties to the second and gaps of exactly one window check
// that none of that changes what is flagged.
import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../../src/main/core/demo/rng';
import { compilePackRule, type PackRule } from '../../src/main/core/store/pack-sql';
import { runRuleQuery } from '../../src/main/core/store/findings-repo';
import { caseWithRecords, closeAll } from '../helpers/case';
import { genericRecord } from '../helpers/records';

afterEach(closeAll);

const WINDOW = 600;
const START = Date.UTC(2025, 0, 6, 9);

interface Event {
  uid: string;
  actor: string;
  t: number;
  v: number;
}

/** Bursts per actor: some dense enough to fire, some not, with events on the same second and exactly a window apart. */
function randomEvents(seed: number): Event[] {
  const rng = new Rng(seed);
  const events: Event[] = [];
  for (const actor of ['a', 'b', 'c', 'd']) {
    let t = START + rng.int(600) * 1000;
    for (let burst = 0; burst < 4; burst++) {
      const n = rng.between(2, 9);
      const spacing = rng.pick([5, 30, 90, 150]);
      for (let i = 0; i < n; i++) {
        events.push({ uid: `e${events.length}`, actor, t, v: rng.int(4) });
        // Ties and exact boundaries are where a window function's frame goes wrong.
        t += rng.pick([0, spacing * 1000, spacing * 1000, WINDOW * 1000]);
      }
      t += rng.pick([WINDOW, WINDOW + 1, 2 * WINDOW, 3600]) * 1000;
    }
  }
  return events;
}

/** The rule's definition, read literally: every window start, every event. */
function expected(events: Event[], min: number, measure: (e: Event) => number): string[][] {
  const findings: string[][] = [];
  for (const actor of new Set(events.map((e) => e.actor))) {
    const mine = events.filter((e) => e.actor === actor).sort((x, y) => x.t - y.t || x.uid.localeCompare(y.uid));
    const within = (start: number) => mine.filter((e) => e.t >= start && e.t <= start + WINDOW * 1000);
    const anchors = mine.filter((a) => within(a.t).reduce((s, e) => s + measure(e), 0) >= min).map((a) => a.t);
    const hot = mine.filter((e) => anchors.some((a) => a <= e.t && e.t <= a + WINDOW * 1000));
    let island: Event[] = [];
    for (const e of hot) {
      const last = island[island.length - 1];
      if (last && e.t - last.t > WINDOW * 1000) {
        findings.push(island.map((x) => x.uid));
        island = [];
      }
      island.push(e);
    }
    if (island.length > 0) findings.push(island.map((x) => x.uid));
  }
  return findings.sort((x, y) => (x[0] ?? '').localeCompare(y[0] ?? ''));
}

async function flagged(events: Event[], rule: PackRule): Promise<string[][]> {
  const store = await caseWithRecords(
    events.map((e, n) =>
      genericRecord(n, {
        id: e.uid,
        occurred_at: new Date(e.t).toISOString(),
        action: 'document.downloaded',
        actor: { id: e.actor, type: 'user', name: e.actor, email: `${e.actor}@acme.io` },
        metadata: { records: e.v },
      }),
    ),
    { tenantId: 'acme' },
  );
  const compiled = compilePackRule(rule, { timeZone: 'UTC', workingHours: { start: '08:00', end: '18:00', days: [] } });
  const rows = await runRuleQuery(store, compiled, new AbortController().signal);
  return rows.map((r) => r.uids).sort((x, y) => (x[0] ?? '').localeCompare(y[0] ?? ''));
}

const rule = (min: number, sum?: 'metadata.records'): PackRule => ({
  id: 'test.threshold',
  kind: 'threshold',
  title: 'test',
  level: 'low',
  description: 'test',
  tags: [],
  events: [{ format: 'generic', actions: ['document.downloaded'] }],
  by: 'actor',
  windowSeconds: WINDOW,
  min,
  ...(sum ? { sum } : {}),
});

describe('a threshold rule flags what its definition says', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('counting, seed %i', async (seed) => {
    const events = randomEvents(seed);
    const min = 3 + (seed % 4);
    const want = expected(events, min, () => 1);
    expect(want.length).toBeGreaterThan(0);
    expect(await flagged(events, rule(min))).toEqual(want);
  });

  it('the window holds both its ends: three events a window apart fire, one second more does not', async () => {
    const at = (actor: string, ...seconds: number[]) =>
      seconds.map((s, i) => ({ uid: `${actor}${i}`, actor, t: START + s * 1000, v: 1 }));
    const events = [...at('a', 0, 300, WINDOW), ...at('b', 0, 300, WINDOW + 1), ...at('c', 50, 50, 50)];
    expect(await flagged(events, rule(3))).toEqual([
      ['a0', 'a1', 'a2'],
      ['c0', 'c1', 'c2'],
    ]);
  });

  it.each([1, 2, 3])('summing a field, seed %i', async (seed) => {
    const events = randomEvents(seed);
    const want = expected(events, 9, (e) => e.v);
    expect(want.length).toBeGreaterThan(0);
    expect(await flagged(events, rule(9, 'metadata.records'))).toEqual(want);
  });

  it('a threshold of one flags every event', async () => {
    const events = randomEvents(7);
    expect((await flagged(events, rule(1))).flat().sort()).toEqual(events.map((e) => e.uid).sort());
  });
});
