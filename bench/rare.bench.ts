// Rare values and notable events (issue 18 items 1–2) on the demo tenant: p50/p95 of a facet's "show all" page
// (top and rare, deep offset, a search), autocomplete with every matching value, the notable lane, actor lanes by
// each rank, and the facet sidebar with its Country and First-seen facets; each beside the baseline measured in the
// same run: the top-10 IP facet alone, one aggregate of the same events (the cheapest question a facet asks).
//
//   npm run bench:rare                                 1M events (bench/.data, built once)
//   npm run bench:rare -- --case /tmp/demo.duckdb --runs 5
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { parseQuery } from '@shared/domain/query-parser';
import { CaseStore } from '../src/main/core/store/case-store';
import { actorLanes, facetCounts, facetValues, fieldValues, queryPage } from '../src/main/core/store/events-query';
import { notableMarks } from '../src/main/core/store/notable-query';
import { queryRows } from '../src/main/core/store/sql';
import { ensureDemoCase } from './demo-case';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    case: { type: 'string' },
    runs: { type: 'string', default: '7' },
  },
});
const RUNS = Number(values.runs);

async function timeIt(work: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await work(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95) };
}

const path = values.case ?? (await ensureDemoCase(Number(values.events))).path;
// A case kept from before schema 3 is brought forward (and its derived tables built) once.
(await CaseStore.open(path)).close();
const store = await CaseStore.open(path, { readOnly: true });
const [{ n } = { n: 0 }] = await queryRows(store.connection, 'SELECT count(*) AS n FROM events');
const UTC = { timeZone: 'UTC' };
const q = (text: string) => (text ? parseQuery(text) : null);
process.stdout.write(
  `rare and notable on ${Number(n).toLocaleString('en-US')} events, ${RUNS} runs, load ${loadavg()[0]?.toFixed(1)}\n`,
);

const page = (
  field: 'ip' | 'action' | 'actor' | 'target',
  order: 'top' | 'rare',
  offset = 0,
  search = '',
  query = '',
) => facetValues(store, q(query), { ...UTC, field, search, order, offset, limit: 100 });

const baseline = await timeIt(() => facetCounts(store, q(''), { ...UTC, top: 10, onePassMax: 0 }).then(() => null));
const ipOnly = await timeIt(() =>
  queryRows(store.connection, 'SELECT ip, count(*) AS n FROM events GROUP BY ip ORDER BY n DESC LIMIT 10'),
);
const cases: [string, () => Promise<unknown>][] = [
  ['show all: ip, top, first page', () => page('ip', 'top')],
  ['show all: ip, rare, first page', () => page('ip', 'rare')],
  ['show all: target, rare, offset 2000', () => page('target', 'rare', 2_000)],
  ['show all: target, search "plan"', () => page('target', 'top', 0, 'plan')],
  ['show all: action, rare, within outcome:failure', () => page('action', 'rare', 0, '', 'outcome:failure')],
  [
    'show all: first_seen',
    () => facetValues(store, null, { ...UTC, field: 'first_seen', search: '', order: 'rare', offset: 0, limit: 100 }),
  ],
  [
    'show all: country',
    () => facetValues(store, null, { ...UTC, field: 'country', search: '', order: 'rare', offset: 0, limit: 100 }),
  ],
  [
    'autocomplete: action "in" (500)',
    () => fieldValues(store, null, { ...UTC, field: 'action', prefix: 'in', limit: 500 }),
  ],
  [
    'autocomplete: target "doc" (500)',
    () => fieldValues(store, null, { ...UTC, field: 'target', prefix: 'doc', limit: 500 }),
  ],
  ['notable lane, no filter', () => notableMarks(store, null, UTC)],
  ['notable lane, -action:document.accessed', () => notableMarks(store, q('-action:document.accessed'), UTC)],
  ['actor lanes by volume', () => actorLanes(store, null, { ...UTC, rank: 'volume' })],
  ['actor lanes by failures', () => actorLanes(store, null, { ...UTC, rank: 'failures' })],
  ['actor lanes by rarity', () => actorLanes(store, null, { ...UTC, rank: 'rarity' })],
  ['facet sidebar (7 facets), no filter', () => facetCounts(store, null, UTC)],
  [
    'first page of first_seen:ip (200 rows)',
    () => queryPage(store, { query: q('first_seen:ip'), order: 'desc', limit: 200, ...UTC }),
  ],
];
process.stdout.write(
  `baseline: the 5 column facets as plain scans p50 ${baseline.p50.toFixed(0)} ms; one GROUP BY ip p50 ${ipOnly.p50.toFixed(0)} ms\n`,
);
for (const [name, work] of cases) {
  const t = await timeIt(work);
  process.stdout.write(
    `${name.padEnd(48)} p50 ${t.p50.toFixed(0).padStart(5)} ms  p95 ${t.p95.toFixed(0).padStart(5)} ms  ` +
      `${(t.p50 / ipOnly.p50).toFixed(1)}x one GROUP BY\n`,
  );
}
store.close();
