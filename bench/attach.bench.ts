// Reading an attached folder (issue 17, `trailscope case attach`): the app's questions (count, first page, facets,
// histogram, lanes) of a few queries on the demo case itself, beside the same on an empty case of the tenant with
// the demo's partitioned export attached (every event read from Parquet), and on the demo case with its own export
// attached (every attached row also in the case: the dedup's worst case). Best of --runs each, taken in turns;
// ratios to the case itself. Also the time to attach (the folder's check).
//
//   npm run bench:attach                     200k events
//   npm run bench:attach -- --events 100000 --runs 3
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCase, createEngine, type Engine } from '../src/main/core/engine';
import { exportEvents } from '../src/main/core/reports/export';
import { EnvSecretStore } from '../src/main/core/secrets';
import { CaseStore } from '../src/main/core/store/case-store';
import { ensureDemoCase } from './demo-case';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '200000' }, runs: { type: 'string', default: '3' } },
});
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);
const QUERIES = ['', 'outcome:failure', 'action:*login*'];

const { path: demo } = await ensureDemoCase(EVENTS);
const dir = await mkdtemp(join(tmpdir(), 'trailscope-attach-bench-'));
try {
  const whole = join(dir, 'whole.duckdb');
  await copyFile(demo, whole);
  const folder = join(dir, 'warehouse');
  const writer = await CaseStore.open(whole);
  const tenant = writer.meta.tenantId;
  let started = performance.now();
  await exportEvents(writer, {
    scope: { query: '', timeZone: 'UTC' },
    format: 'parquet',
    partitioned: true,
    out: folder,
  });
  const exportMs = performance.now() - started;
  writer.close();

  const empty = join(dir, 'empty.duckdb');
  await createCase(empty, { tenantId: tenant });
  const overlap = join(dir, 'overlap.duckdb');
  await copyFile(whole, overlap);
  const open = (casePath: string) => createEngine({ casePath, secrets: new EnvSecretStore() });
  const [own, attached, both] = [await open(whole), await open(empty), await open(overlap)];
  started = performance.now();
  const { attachment } = await attached.handlers['case.attach']({ path: folder });
  const attachMs = performance.now() - started;
  await both.handlers['case.attach']({ path: folder });

  const questions: [string, (e: Engine, query: string) => Promise<unknown>][] = [
    ['count', (e, query) => e.handlers['events.count']({ query, timeZone: 'UTC' })],
    ['page', (e, query) => e.handlers['events.page']({ query, timeZone: 'UTC', order: 'desc', limit: 100 })],
    ['facets', (e, query) => e.handlers['events.facets']({ query, timeZone: 'UTC', top: 10 })],
    ['histogram', (e, query) => e.handlers['events.histogram']({ query, timeZone: 'UTC' })],
    ['lanes', (e, query) => e.handlers['events.lanes']({ query, timeZone: 'UTC', top: 8 })],
  ];
  console.log(
    `${EVENTS} demo events; partitioned export ${exportMs.toFixed(0)} ms, ${attachment.files} files; ` +
      `attach (check) ${attachMs.toFixed(0)} ms`,
  );
  console.log('question   query              case ms   attached ms (×)   case+own export ms (×)');
  for (const query of QUERIES)
    for (const [name, ask] of questions) {
      const best = [Infinity, Infinity, Infinity];
      for (let i = 0; i < RUNS; i++)
        for (const [k, engine] of [own, attached, both].entries()) {
          const t = performance.now();
          await ask(engine, query);
          best[k] = Math.min(best[k]!, performance.now() - t);
        }
      const [a, b, c] = best as [number, number, number];
      console.log(
        `${name.padEnd(10)} ${JSON.stringify(query).padEnd(18)} ${a.toFixed(0).padStart(7)}   ` +
          `${b.toFixed(0).padStart(7)} (${(b / a).toFixed(2)}×)   ${c.toFixed(0).padStart(7)} (${(c / a).toFixed(2)}×)`,
      );
    }
  for (const engine of [own, attached, both]) await engine.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
