// Detection speed (issue 17: "the whole built-in pack over 10M demo events in under 10 s"): each built-in rule's query
// on the demo case, wall time and CPU time of all threads (this machine is shared: CPU time moves less with the load),
// then a whole `detect` run (every rule, then storing the findings) on a copy of the case, beside baselines measured
// in the same run: one full scan, `SELECT count(*), count(DISTINCT actor_id) FROM events`, and the group-by a
// first-seen rule cannot do without (`SELECT actor_id, ip, min(occurred_at) … GROUP BY`). The demo case is built once
// and kept in bench/.data.
//
//   npm run bench:detect                       1M events
//   npm run bench:detect -- --events 10000000  10M events (building that case takes hours on a loaded 2-core machine)
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { detect } from '../src/main/core/detections/detect-job';
import { BUILTIN_PACK } from '../src/main/core/detections/pack';
import { compilePackRule, Unsupported } from '../src/main/core/store/pack-sql';
import { CaseStore } from '../src/main/core/store/case-store';
import { runRuleQuery } from '../src/main/core/store/findings-repo';
import { queryRows } from '../src/main/core/store/sql';
import { ensureDemoCase } from './demo-case';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '2' } },
});
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);

/** Best of RUNS: wall and CPU (every thread of this process, DuckDB's included) in ms. */
async function measure(work: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  let best = { wall: Infinity, cpu: Infinity };
  for (let run = 0; run < RUNS; run++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await work();
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    if (wall < best.wall) best = { wall, cpu: (used.user + used.system) / 1000 };
  }
  return best;
}

const { path: demo } = await ensureDemoCase(EVENTS);
const dir = await mkdtemp(join(tmpdir(), 'trailscope-detect-bench-'));
const casePath = join(dir, 'case.duckdb');
await copyFile(demo, casePath);
const store = await CaseStore.open(casePath);
const fmt = (ms: number) => `${ms.toFixed(0).padStart(7)} ms`;
try {
  const scan = await measure(() =>
    queryRows(store.connection, 'SELECT count(*) AS n, count(DISTINCT actor_id) AS actors FROM events'),
  );
  const group = await measure(() =>
    queryRows(
      store.connection,
      'SELECT count(*) AS n FROM (SELECT actor_id, ip, min(occurred_at) FROM events GROUP BY actor_id, ip)',
    ),
  );
  console.log(`detect over ${EVENTS.toLocaleString('en-US')} demo events (best of ${RUNS}); wall, CPU`);
  const reader = await store.reader();
  const context = {
    timeZone: store.meta.displayTimeZone,
    workingHours: store.meta.workingHours,
  };
  let wall = 0;
  let cpu = 0;
  for (const rule of BUILTIN_PACK) {
    let compiled;
    try {
      compiled = compilePackRule(rule, context);
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      console.log(`  ${rule.id.padEnd(36)} not run: ${error.message}`);
      continue;
    }
    let findings = 0;
    const time = await measure(async () => {
      findings = (await runRuleQuery(reader, compiled, new AbortController().signal)).length;
    });
    wall += time.wall;
    cpu += time.cpu;
    console.log(
      `  ${rule.id.padEnd(36)} ${fmt(time.wall)} ${fmt(time.cpu)}  ${String(findings).padStart(4)} finding(s)`,
    );
  }
  reader.close();
  console.log(`  the rules, one after the other       ${fmt(wall)} ${fmt(cpu)}`);
  let findings = 0;
  const whole = await measure(async () => {
    findings = (await detect(store, { signal: new AbortController().signal })).findings;
  });
  console.log(`  whole run (queries + storing)        ${fmt(whole.wall)} ${fmt(whole.cpu)}  ${findings} finding(s)`);
  console.log(`  baseline: one full scan              ${fmt(scan.wall)} ${fmt(scan.cpu)}`);
  console.log(`  baseline: first-seen group-by        ${fmt(group.wall)} ${fmt(group.cpu)}`);
  console.log(
    `  ratio whole run / scan: ${(whole.wall / scan.wall).toFixed(0)}×, / group-by: ${(whole.wall / group.wall).toFixed(1)}×` +
      '   target: whole pack under 10 s at 10M events',
  );
} finally {
  store.close();
  await rm(dir, { recursive: true, force: true });
}
