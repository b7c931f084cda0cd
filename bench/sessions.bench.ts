// Sessions and first-seen on the demo tenant (issue 17): p50/p95 of `first_seen:ip` (count and first page), a session
// by the provider's id and by gap, and the drawer's 'events.context', each beside the same count written as bare SQL
// with a window function at query time (what the first_seen table saves); then what deriving costs an import: the
// demo's files imported into a new case, and the derived tables built again from all its events (deriveAll), whose
// share of the import's time is the figure to watch (derived.ts runs the same statements once per batch).
//
//   npm run bench:sessions                       1M events
//   npm run bench:sessions -- --events 200000 --runs 10 --skip-import
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseQuery } from '@shared/domain/query-parser';
import { INCIDENT_IP } from '../src/main/core/demo/incident';
import { importFiles } from '../src/main/core/sources/files/import-files';
import { CaseStore } from '../src/main/core/store/case-store';
import { deriveAll } from '../src/main/core/store/derived';
import { countMatching, queryPage } from '../src/main/core/store/events-query';
import { eventContext } from '../src/main/core/store/sessions';
import { inTransaction, queryRows } from '../src/main/core/store/sql';
import { ensureDemoCase } from './demo-case';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '10' },
    'skip-import': { type: 'boolean', default: false },
  },
});
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);

async function timeIt(work: () => Promise<unknown>): Promise<string> {
  await work(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN;
  return `p50 ${at(0.5).toFixed(0)} ms  p95 ${at(0.95).toFixed(0)} ms`;
}

const { path, files } = await ensureDemoCase(EVENTS);
// A case kept from before schema 3 is brought forward (and its derived tables built) once.
(await CaseStore.open(path)).close();
const store = await CaseStore.open(path, { readOnly: true });
const q = (text: string) => parseQuery(text);
console.log(`demo case: ${EVENTS.toLocaleString('en-US')} events, ${RUNS} runs, load ${loadavg()[0]?.toFixed(1)}`);
for (const table of ['first_seen', 'ip_countries', 'event_sessions']) {
  const [row] = await queryRows(store.connection, `SELECT count(*) AS n FROM ${table}`);
  console.log(`  ${table}: ${Number(row?.['n']).toLocaleString('en-US')} rows`);
}

const [incident] = await queryRows(
  store.connection,
  `SELECT tenant_id, uid FROM events WHERE ip = $1 ORDER BY occurred_at LIMIT 1`,
  [INCIDENT_IP],
);
const [withSession] = await queryRows(
  store.connection,
  `SELECT tenant_id, uid FROM event_sessions ORDER BY uid LIMIT 1`,
);
const incidentContext = await eventContext(store, String(incident?.['tenant_id']), String(incident?.['uid']));
const providerContext = await eventContext(store, String(withSession?.['tenant_id']), String(withSession?.['uid']));
const gapSession = incidentContext.session?.id ?? '';
const providerSession = providerContext.session?.id ?? '';

const rows: [string, () => Promise<unknown>][] = [
  ['count action:user.signed_in (a plain field, for scale)', () => countMatching(store, q('action:user.signed_in'))],
  ['count first_seen:ip', () => countMatching(store, q('first_seen:ip'))],
  [
    'count first_seen:ip as bare SQL, window at query time',
    () =>
      queryRows(
        store.connection,
        `SELECT count(*) FROM (SELECT 1 FROM events
           WHERE ip IS NOT NULL AND coalesce(actor_id, actor_email, actor_name) IS NOT NULL
           QUALIFY row_number() OVER (PARTITION BY tenant_id, coalesce(actor_id, actor_email, actor_name), ip
                                      ORDER BY occurred_at, uid) = 1)`,
      ),
  ],
  [
    'first page (100) of first_seen:ip',
    () => queryPage(store, { query: q('first_seen:ip'), order: 'desc', limit: 100 }),
  ],
  ['count first_seen:ua', () => countMatching(store, q('first_seen:ua'))],
  [
    `count session:<provider id> (${providerContext.session?.count} events)`,
    () => countMatching(store, q(`session:"${providerSession}"`)),
  ],
  [
    `count session:gap:… (${incidentContext.session?.count} events)`,
    () => countMatching(store, q(`session:"${gapSession}"`)),
  ],
  [
    "events.context of the incident's first event",
    () => eventContext(store, String(incident?.['tenant_id']), String(incident?.['uid'])),
  ],
];
for (const [label, work] of rows) console.log(`  ${label.padEnd(58)} ${await timeIt(work)}`);
store.close();

if (!values['skip-import']) {
  const dir = await mkdtemp(join(tmpdir(), 'trailscope-bench-sessions-'));
  try {
    const fresh = await CaseStore.create(join(dir, 'import.duckdb'), { tenantId: String(incident?.['tenant_id']) });
    let start = performance.now();
    await importFiles(fresh, [files]);
    const importMs = performance.now() - start;
    start = performance.now();
    await inTransaction(fresh.connection, () => deriveAll(fresh.connection));
    const deriveMs = performance.now() - start;
    fresh.close();
    console.log(`  import of the demo files (derived tables included)             ${(importMs / 1000).toFixed(1)} s`);
    console.log(
      `  deriveAll over the same events                                  ${(deriveMs / 1000).toFixed(1)} s` +
        ` (${((100 * deriveMs) / importMs).toFixed(1)}% of the import), load ${loadavg()[0]?.toFixed(1)}`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
