// Query speed on the demo tenant (issue: queries). For each case size: p50/p95 of the questions the UI asks —
// first page for a time range + actor, a page deep in the result by keyset, histogram, facets, free text — each
// beside bare DuckDB SQL answering the same question in the same run; and the analyst's usual tool, `zcat | jq`,
// against the case for one filter. The demo case and its files are built once and kept in bench/.data.
//
//   npm run bench:query                    1M events
//   npm run bench:query -- --events 10000000 --runs 10
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DuckDBValue } from '@duckdb/node-api';
import { INCIDENT_IP, INCIDENT_VICTIM_EMAIL } from '../src/main/core/demo/incident';
import { CaseStore } from '../src/main/core/store/case-store';
import { countMatching, facetCounts, histogram, queryPage, type Cursor } from '../src/main/core/store/events-query';
import { parseQuery } from '@shared/domain/query-parser';
import { ensureDemoCase } from './demo-case';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '20' } },
});
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function timeIt(work: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await work(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const { path, files } = await ensureDemoCase(EVENTS);
const store = await CaseStore.open(path, { readOnly: true });
const c = store.connection;
const bare = (sql: string, params: DuckDBValue[] = []) => c.runAndReadAll(sql, params);

// The questions, written once in the query language and once as the bare SQL a person would write for them.
const [span] = (
  await bare(`SELECT epoch_us(min(occurred_at))::VARCHAR AS lo, epoch_us(max(occurred_at))::VARCHAR AS hi FROM events`)
).getRowObjectsJson();
const weekEnd = new Date(Number(BigInt(String(span?.['hi'])) / 1000n));
const weekStart = new Date(weekEnd.getTime() - 7 * 86_400_000);
const day = (d: Date) => d.toISOString().slice(0, 10);
const firstPageQuery = `actor:${INCIDENT_VICTIM_EMAIL} after:${day(weekStart)} before:${day(weekEnd)}`;
const [mid] = (
  await bare(
    `SELECT epoch_us(occurred_at)::VARCHAR AS t, uid FROM events ORDER BY occurred_at DESC, uid DESC LIMIT 1 OFFSET ${Math.floor(EVENTS / 2)}`,
  )
).getRowObjectsJson();
const deep: Cursor = { t: String(mid?.['t']), uid: String(mid?.['uid']) };
const TEXT_COLUMNS = [
  'action',
  'actor_id',
  'actor_name',
  'actor_email',
  'target_id',
  'target_name',
  'ip',
  'user_agent',
];

const cases: { name: string; trailscope: () => Promise<unknown>; bare: () => Promise<unknown> }[] = [
  {
    name: `first page: ${firstPageQuery}`,
    trailscope: () =>
      queryPage(store, { query: parseQuery(firstPageQuery), order: 'desc', limit: 100, timeZone: 'UTC' }),
    bare: () =>
      bare(
        `SELECT * FROM events WHERE occurred_at >= $1::TIMESTAMPTZ AND occurred_at < $2::TIMESTAMPTZ AND actor_email = $3
       ORDER BY occurred_at DESC, uid DESC LIMIT 100`,
        [weekStart.toISOString().slice(0, 10), weekEnd.toISOString().slice(0, 10), INCIDENT_VICTIM_EMAIL],
      ),
  },
  {
    name: `deep page (keyset, row ${Math.floor(EVENTS / 2).toLocaleString('en-US')})`,
    trailscope: () => queryPage(store, { query: null, order: 'desc', limit: 100, after: deep }),
    bare: () =>
      bare(
        `SELECT * FROM events WHERE occurred_at < make_timestamptz($1::BIGINT) OR (occurred_at = make_timestamptz($1::BIGINT) AND uid < $2)
       ORDER BY occurred_at DESC, uid DESC LIMIT 100`,
        [BigInt(deep.t), deep.uid],
      ),
  },
  {
    name: 'histogram, all events, split by outcome',
    trailscope: () => histogram(store, null, { by: 'outcome', timeZone: 'UTC' }),
    bare: () =>
      bare(`SELECT time_bucket(INTERVAL '12 hours', occurred_at) AS b, outcome, count(*) FROM events GROUP BY ALL`),
  },
  {
    name: 'facets (5 fields, top 10), all events',
    trailscope: () => facetCounts(store, null, { timeZone: 'UTC' }),
    bare: () =>
      Promise.all(
        [
          'action',
          'coalesce(actor_email, actor_name, actor_id)',
          'ip',
          'outcome',
          'coalesce(target_name, target_id)',
        ].map((f) => bare(`SELECT ${f} AS v, count(*) AS n FROM events GROUP BY v ORDER BY n DESC LIMIT 10`)),
      ),
  },
  {
    name: `facets (5 fields, top 10), actor:${INCIDENT_VICTIM_EMAIL}`,
    trailscope: () => facetCounts(store, parseQuery(`actor:${INCIDENT_VICTIM_EMAIL}`), { timeZone: 'UTC' }),
    bare: () =>
      Promise.all(
        [
          'action',
          'coalesce(actor_email, actor_name, actor_id)',
          'ip',
          'outcome',
          'coalesce(target_name, target_id)',
        ].map((f) =>
          bare(
            `SELECT ${f} AS v, count(*) AS n FROM events WHERE actor_email = $1 GROUP BY v ORDER BY n DESC LIMIT 10`,
            [INCIDENT_VICTIM_EMAIL],
          ),
        ),
      ),
  },
  {
    name: 'free text: "python-requests"',
    trailscope: () =>
      queryPage(store, { query: parseQuery('"python-requests"'), order: 'desc', limit: 100, timeZone: 'UTC' }),
    bare: () =>
      bare(
        `SELECT * FROM events WHERE ${TEXT_COLUMNS.map((col) => `${col} ILIKE $1`).join(' OR ')} ORDER BY occurred_at DESC, uid DESC LIMIT 100`,
        ['%python-requests%'],
      ),
  },
];

const ms = (n: number) => `${n.toFixed(1)} ms`;
console.log(
  `query benchmark — demo case, ${EVENTS.toLocaleString('en-US')} events; ${RUNS} runs each after a warm-up; p50 / p95`,
);
console.log(
  `${'question'.padEnd(58)} ${'Trailscope p50'.padStart(15)} ${'p95'.padStart(10)} ${'bare SQL p50'.padStart(13)} ${'p95'.padStart(10)} ${'ratio p50'.padStart(10)}`,
);
for (const q of cases) {
  const ts = await timeIt(q.trailscope);
  const b = await timeIt(q.bare);
  console.log(
    `${q.name.slice(0, 58).padEnd(58)} ${ms(ts.p50).padStart(15)} ${ms(ts.p95).padStart(10)} ${ms(b.p50).padStart(13)} ${ms(b.p95).padStart(10)} ${(ts.p50 / b.p50).toFixed(2).padStart(9)}×`,
  );
}

// Field terms against `action:` (a plain column), counted over the whole case in the same run: `user_agent:` is a
// column too; the dotted fields read a JSON column per row (metadata is small, raw is the whole record). A value
// holding `_` or `%` needs ILIKE … ESCAPE, which DuckDB runs on a slower path (action's few values hide that).
const [sample] = (
  await bare(
    `SELECT action, user_agent, metadata->>'session_id' AS session FROM events
     WHERE metadata->>'session_id' IS NOT NULL AND user_agent IS NOT NULL LIMIT 1 OFFSET ${Math.floor(EVENTS / 3)}`,
  )
).getRowObjectsJson();
const quoted = (v: unknown) => `"${String(v).replace(/[\\"*]/g, '\\$&')}"`;
const fieldTerms = [
  `action:${quoted(sample?.['action'])}`,
  `user_agent:${quoted(sample?.['user_agent'])}`,
  // Without `_` or `%` in the value: no ESCAPE clause, DuckDB's fast ILIKE.
  `user_agent:${quoted(String(sample?.['user_agent']).split(/[_%]/)[0]).slice(0, -1)}*"`,
  `metadata.session_id:${quoted(sample?.['session'])}`,
  `raw.metadata.session_id:${quoted(sample?.['session'])}`,
  `raw:${quoted(sample?.['session'])}`,
];
console.log(`\nfield terms, count over all ${EVENTS.toLocaleString('en-US')} events (p50; ratio to action:)`);
let actionP50 = NaN;
for (const term of fieldTerms) {
  const node = parseQuery(term);
  const t = await timeIt(() => countMatching(store, node, { timeZone: 'UTC' }));
  const n = await countMatching(store, node, { timeZone: 'UTC' });
  if (term.startsWith('action:')) actionP50 = t.p50;
  console.log(
    `${term.slice(0, 58).padEnd(58)} ${ms(t.p50).padStart(15)} ${ms(t.p95).padStart(10)} ${String(n).padStart(9)} events ${(t.p50 / actionP50).toFixed(1).padStart(6)}×`,
  );
}

// The analyst's usual tool on the same files, for one filter: the failed sign-ins from the attacker's address.
if (!existsSync(files)) {
  console.log(`\nzcat | jq: skipped, the case's source files are not in ${files}`);
  store.close();
  process.exit(0);
}
const gzFiles = readdirSync(files)
  .filter((f) => f.endsWith('.gz'))
  .map((f) => join(files, f))
  .sort();
const jqFilter = `select(.ip_address == "${INCIDENT_IP}" and .outcome == "failure")`;
const jqStart = performance.now();
const jqCount = Number(
  execFileSync('bash', ['-c', `zcat "$@" | jq -c '${jqFilter}' | wc -l`, 'jq-bench', ...gzFiles], {
    maxBuffer: 1 << 20,
  })
    .toString()
    .trim(),
);
const jqMs = performance.now() - jqStart;
const caseQuery = parseQuery(`ip:${INCIDENT_IP} outcome:failure`);
const ours = await timeIt(() => countMatching(store, caseQuery, { timeZone: 'UTC' }));
const ourCount = await countMatching(store, caseQuery, { timeZone: 'UTC' });
console.log(
  `\nzcat | jq '${jqFilter}': ${jqCount} events in ${(jqMs / 1000).toFixed(2)} s;` +
    ` the case (ip:${INCIDENT_IP} outcome:failure): ${ourCount} events in ${ms(ours.p50)} p50 → ${(jqMs / ours.p50).toFixed(0)}× faster`,
);
if (jqCount !== ourCount) {
  console.error(`MISMATCH: jq counted ${jqCount}, the case ${ourCount}`);
  process.exitCode = 1;
}
store.close();
