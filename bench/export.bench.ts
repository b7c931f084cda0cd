// Export speed (issue 16): CSV and Parquet export of the demo case's events through exportEvents, each beside
// DuckDB's own COPY … TO of the same SELECT (same columns, same order) in the same run. Target: ≥ 0.8× COPY.
// Runs on a copy of the demo case (an export is journalled). The demo case is built once and kept in bench/.data.
//
//   npm run bench:export                   1M events, every event
//   npm run bench:export -- --events 100000 --query 'outcome:failure' --runs 3
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseQuery } from '@shared/domain/query-parser';
import { DEFAULT_EXPORT_COLUMNS, exportEvents } from '../src/main/core/reports/export';
import { CaseStore } from '../src/main/core/store/case-store';
import { exportSelect } from '../src/main/core/store/export-repo';
import { ensureDemoCase } from './demo-case';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    query: { type: 'string', default: '' },
    runs: { type: 'string', default: '2' },
  },
});
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);
const QUERY = values.query;

const { path: demo } = await ensureDemoCase(EVENTS);
const dir = await mkdtemp(join(tmpdir(), 'trailscope-export-bench-'));
const casePath = join(dir, 'case.duckdb');
await copyFile(demo, casePath);
const store = await CaseStore.open(casePath);
const scope = { query: parseQuery(QUERY), timeZone: 'UTC' };

interface Measured {
  ms: number;
  events: number;
  bytes: number;
}

/**
 * Best of RUNS for each piece of work, in ms, and what the last run wrote. The pieces take turns run by run, so a
 * burst of load from elsewhere on the machine falls on both sides of a ratio rather than on one.
 */
async function bestInTurns(work: { run: (out: string) => Promise<number>; out: string }[]): Promise<Measured[]> {
  const measured = work.map(() => ({ ms: Infinity, events: 0, bytes: 0 }));
  for (let i = 0; i < RUNS; i++)
    for (const [k, { run, out }] of work.entries()) {
      await rm(out, { force: true });
      const started = performance.now();
      const events = await run(out);
      const m = measured[k]!;
      m.ms = Math.min(m.ms, performance.now() - started);
      m.events = events;
      m.bytes = (await stat(out)).size;
    }
  return measured;
}

const ours = (format: 'csv' | 'parquet') => async (out: string) =>
  (await exportEvents(store, { scope: { query: QUERY, timeZone: 'UTC' }, format, out, force: true })).events;

const duckdb = (form: 'text' | 'typed', options: string) => async (out: string) => {
  const select = await exportSelect(store, scope, DEFAULT_EXPORT_COLUMNS, form);
  const reader = await store.connection.runAndReadAll(
    `COPY (${select.sql}) TO $${select.params.length + 1} ${options}`,
    [...select.params, out],
  );
  return Number(reader.getRowsJson()[0]?.[0] ?? 0);
};

const [csv, csvCopy] = await bestInTurns([
  { run: ours('csv'), out: join(dir, 'ours.csv') },
  { run: duckdb('text', '(FORMAT csv, HEADER)'), out: join(dir, 'duck.csv') },
]);
const [parquet, parquetCopy] = await bestInTurns([
  { run: ours('parquet'), out: join(dir, 'ours.parquet') },
  { run: duckdb('typed', '(FORMAT parquet)'), out: join(dir, 'duck.parquet') },
]);
const results = [
  { what: 'CSV: exportEvents (lines built by DuckDB, SHA-256, journal)', ...csv! },
  { what: 'CSV: DuckDB COPY … (FORMAT csv, HEADER)', ...csvCopy! },
  { what: 'Parquet: exportEvents (DuckDB COPY, SHA-256, journal)', ...parquet! },
  { what: 'Parquet: DuckDB COPY … (FORMAT parquet)', ...parquetCopy! },
];
store.close();
await rm(dir, { recursive: true, force: true });

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(12);
console.log(
  `export benchmark — demo case, ${EVENTS.toLocaleString('en-US')} events, query ${JSON.stringify(QUERY)}, best of ${RUNS}`,
);
console.log(
  `${'what'.padEnd(62)} ${'events'.padStart(10)} ${'MB'.padStart(8)} ${'seconds'.padStart(8)} ${'events/s'.padStart(12)}`,
);
for (const r of results)
  console.log(
    `${r.what.padEnd(62)} ${String(r.events).padStart(10)} ${(r.bytes / 1e6).toFixed(1).padStart(8)} ${(r.ms / 1000).toFixed(2).padStart(8)} ${fmt((r.events / r.ms) * 1000)}`,
  );
console.log(`CSV speed vs DuckDB COPY: ${(csvCopy!.ms / csv!.ms).toFixed(2)}x (target ≥ 0.8x)`);
console.log(`Parquet speed vs DuckDB COPY: ${(parquetCopy!.ms / parquet!.ms).toFixed(2)}x (target ≥ 0.8x)`);
