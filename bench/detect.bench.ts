// Detection speed (issue 17: "the whole built-in pack over 10M demo events in under 10 s"): a whole `detect` run of
// the built-in pack (every rule's query, then storing the findings) on a copy of the demo case, with each rule's
// time, beside a baseline measured in the same run: one full scan, `SELECT count(*), count(DISTINCT actor_id) FROM
// events`, and the group-by a first-seen rule cannot do without (`SELECT actor_id, ip, min(occurred_at) … GROUP BY`).
// Prints the pack's time as a multiple of each. The demo case is built once and kept in bench/.data.
//
//   npm run bench:detect                       1M events
//   npm run bench:detect -- --events 10000000  10M events (building that case takes 45 min or more here)
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { detect, type DetectSummary } from '../src/main/core/detections/detect-job';
import { CaseStore } from '../src/main/core/store/case-store';
import { queryRows } from '../src/main/core/store/sql';
import { ensureDemoCase } from './demo-case';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '2' } },
});
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);

const { path: demo } = await ensureDemoCase(EVENTS);
const dir = await mkdtemp(join(tmpdir(), 'trailscope-detect-bench-'));
const casePath = join(dir, 'case.duckdb');
await copyFile(demo, casePath);
const store = await CaseStore.open(casePath);
try {
  // Best of RUNS for each; the first run of each also warms DuckDB's cache.
  let scanMs = Infinity;
  let groupMs = Infinity;
  let packMs = Infinity;
  let best: DetectSummary | undefined;
  for (let run = 0; run < RUNS; run++) {
    let started = performance.now();
    await queryRows(store.connection, 'SELECT count(*) AS n, count(DISTINCT actor_id) AS actors FROM events');
    scanMs = Math.min(scanMs, performance.now() - started);
    started = performance.now();
    await queryRows(
      store.connection,
      'SELECT count(*) AS n FROM (SELECT actor_id, ip, min(occurred_at) FROM events GROUP BY actor_id, ip)',
    );
    groupMs = Math.min(groupMs, performance.now() - started);
    started = performance.now();
    const summary = await detect(store, { signal: new AbortController().signal });
    const ms = performance.now() - started;
    if (ms < packMs) {
      packMs = ms;
      best = summary;
    }
  }
  const fmt = (ms: number) => `${ms.toFixed(0).padStart(7)} ms`;
  console.log(`detect over ${EVENTS.toLocaleString('en-US')} demo events (best of ${RUNS})`);
  for (const rule of best?.rules ?? [])
    console.log(`  ${rule.id.padEnd(36)} ${fmt(rule.ms)}  ${String(rule.findings).padStart(4)} finding(s)`);
  for (const rule of best?.unsupported ?? []) console.log(`  ${String(rule.id).padEnd(36)} not run: ${rule.reason}`);
  const rulesMs = (best?.rules ?? []).reduce((sum, rule) => sum + rule.ms, 0);
  console.log(`  rules' queries                       ${fmt(rulesMs)}`);
  console.log(`  whole run (queries + storing)        ${fmt(packMs)}  ${best?.findings ?? 0} finding(s)`);
  console.log(`  baseline: one full scan              ${fmt(scanMs)}`);
  console.log(`  baseline: first-seen group-by          ${fmt(groupMs)}`);
  console.log(
    `  ratio pack / scan: ${(packMs / scanMs).toFixed(0)}×, pack / group-by: ${(packMs / groupMs).toFixed(1)}×` +
      '   target: whole pack under 10 s at 10M events',
  );
} finally {
  store.close();
  await rm(dir, { recursive: true, force: true });
}
