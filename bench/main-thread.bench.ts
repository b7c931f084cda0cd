// Does DuckDB work block the Electron main process's event loop? (issue 5: "DuckDB off the UI's critical path".)
// In plain Node, the way src/main/index.ts drives it: one createEngine over a case, a large import started through
// the contract (`jobs.import`), and the renderer's questions (page, count, histogram, facets) asked in a loop while
// it runs. perf_hooks.monitorEventLoopDelay samples how late the loop is; a stall above 100 ms is a frame the
// window would drop. Phases: idle, import alone, queries alone, import + queries; run twice — the engine in this
// process (createEngine), then in a child process the way the app runs it (core/engine-process over a fork of
// src/main/engine-host.ts; the app uses Electron's utilityProcess, same messages).
//
//   npx tsx bench/main-thread.bench.ts                      1M generic events (bench/.data, made once)
//   npx tsx bench/main-thread.bench.ts --events 100000 --files 10 --kind cloudtrail [--engine main|child|both]
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { JobEvent } from '@shared/domain/jobs';
import { createEngine, type Engine } from '../src/main/core/engine';
import { connectEngine } from '../src/main/core/engine-process/client';
import type { FromHost } from '../src/main/core/engine-process/messages';
import { EnvSecretStore } from '../src/main/core/secrets';
import { CaseStore } from '../src/main/core/store/case-store';
import { CLOUDTRAIL_ACCOUNT, ensureDataset, GENERIC_TENANT, type DatasetKind } from './generate';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    files: { type: 'string', default: '100' },
    kind: { type: 'string', default: 'generic' },
    'idle-seconds': { type: 'string', default: '3' },
    engine: { type: 'string', default: 'both' },
  },
});
const KIND = values.kind as DatasetKind;
const EVENTS = Number(values.events);
const FILES = Number(values.files);
const IDLE_MS = Number(values['idle-seconds']) * 1000;
const UTC = { timeZone: 'UTC' } as const;
const RESOLUTION_MS = 10;

interface PhaseResult {
  engine: 'main' | 'child';
  phase: string;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
  /** Stalls of the loop seen by a 10 ms ticker, in ms: how often a user would feel it. */
  stallsOver50: number;
  stallsOver100: number;
  queries: number;
  queryP50: number | null;
  queryP95: number | null;
}

/** Samples the event loop for the duration of `work`. */
async function measure(
  engine: 'main' | 'child',
  phase: string,
  work: (queryLatencies: number[]) => Promise<void>,
): Promise<PhaseResult> {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const stalls: number[] = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    const late = now - last - 10;
    if (late > 50) stalls.push(late);
    last = now;
  }, 10);
  const latencies: number[] = [];
  const started = performance.now();
  histogram.enable();
  await work(latencies);
  histogram.disable();
  clearInterval(ticker);
  // The histogram counts from the previous sample, so an idle loop reads the resolution (10 ms): report the excess.
  const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 10) / 10);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!) : null;
  return {
    engine,
    phase,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
    stallsOver50: stalls.length,
    stallsOver100: stalls.filter((s) => s > 100).length,
    queries: latencies.length,
    queryP50: pct(0.5),
    queryP95: pct(0.95),
  };
}

/** The renderer's questions, one after another, until `until` settles. */
async function askWhile(engine: Engine, until: Promise<unknown>, latencies: number[]): Promise<void> {
  let done = false;
  void until.finally(() => (done = true));
  const questions = [
    () => engine.handlers['events.page']({ query: '', order: 'desc', limit: 200, ...UTC }),
    () => engine.handlers['events.count']({ query: 'outcome:failure', ...UTC }),
    () => engine.handlers['events.histogram']({ query: '', by: 'outcome', ...UTC }),
    () => engine.handlers['events.facets']({ query: '', top: 10, ...UTC }),
    () => engine.handlers['case.info']({}),
  ];
  for (let i = 0; !done; i++) {
    const t = performance.now();
    await questions[i % questions.length]!();
    latencies.push(performance.now() - t);
  }
}

function importJob(engine: Engine, paths: string[]): Promise<JobEvent> {
  return new Promise((resolve, reject) => {
    let jobId: string | undefined;
    const early: JobEvent[] = [];
    const settle = (event: JobEvent) => {
      if (event.jobId !== jobId) return;
      if (event.type === 'completed') resolve(event);
      else if (event.type === 'failed' || event.type === 'cancelled') reject(new Error(JSON.stringify(event)));
    };
    engine.onPush((event) => (jobId ? settle(event) : early.push(event)));
    void engine.handlers['jobs.import']({ paths }).then((started) => {
      jobId = started.jobId;
      early.splice(0).forEach(settle);
    }, reject);
  });
}

/** The engine in a Node child, as the app runs it in a utility process. */
function childEngine(casePath: string): Promise<Engine> {
  const child = fork(join(import.meta.dirname, '..', 'src', 'main', 'engine-host.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  return connectEngine(
    {
      send: (message) => void child.send(message),
      onMessage: (listener) => child.on('message', (message) => listener(message as FromHost)),
      onExit: (listener) => child.once('exit', (code) => listener(code)),
      kill: () => void child.kill(),
    },
    { casePath, secrets: new EnvSecretStore({}) },
  );
}

const dataset = await ensureDataset(KIND, EVENTS, FILES);
const dir = await mkdtemp(join(tmpdir(), 'trailscope-bench-'));
const modes = values.engine === 'both' ? (['main', 'child'] as const) : ([values.engine as 'main' | 'child'] as const);
try {
  const tenantId = KIND === 'generic' ? GENERIC_TENANT : CLOUDTRAIL_ACCOUNT;
  const results: PhaseResult[] = [];
  const finalCounts: string[] = [];
  for (const mode of modes) {
    // A case with half the data, so queries have something to chew on; then import the other half while asking.
    const half = Math.ceil(dataset.paths.length / 2);
    const casePath = join(dir, `case-${mode}.duckdb`);
    (await CaseStore.create(casePath, { tenantId })).close();
    const engine =
      mode === 'main' ? await createEngine({ casePath, secrets: new EnvSecretStore({}) }) : await childEngine(casePath);
    const m = (phase: string, work: (lat: number[]) => Promise<void>) => measure(mode, phase, work);

    results.push(await m('idle', () => new Promise((r) => setTimeout(r, IDLE_MS))));
    results.push(
      await m('import alone (first half)', () => importJob(engine, dataset.paths.slice(0, half)).then(() => undefined)),
    );
    results.push(
      await m('queries alone', (lat) => askWhile(engine, new Promise((r) => setTimeout(r, IDLE_MS * 2)), lat)),
    );
    results.push(
      await m('import + queries (second half)', async (lat) => {
        const job = importJob(engine, dataset.paths.slice(half));
        await askWhile(engine, job, lat);
        await job;
      }),
    );
    finalCounts.push(`${mode}: ${(await engine.handlers['case.info']({})).stats.events.toLocaleString('en-US')}`);
    await engine.close();
  }

  console.log(
    `\nmain-thread event-loop delay — ${KIND}, ${EVENTS.toLocaleString('en-US')} events in ${FILES} files; events in the case at the end: ${finalCounts.join(', ')}`,
  );
  console.log(
    'engine | phase                            |   s   | delay p50 / p99 / max (ms) | stalls >50 / >100 ms | queries | query p50 / p95 (ms)',
  );
  for (const r of results) {
    console.log(
      `${r.engine.padEnd(7)}| ${r.phase.padEnd(33)}| ${String(r.seconds).padStart(5)} | ${`${r.p50} / ${r.p99} / ${r.max}`.padStart(26)} | ${`${r.stallsOver50} / ${r.stallsOver100}`.padStart(20)} | ${String(r.queries).padStart(7)} | ${r.queryP50 === null ? '—' : `${r.queryP50} / ${r.queryP95}`}`,
    );
  }
  console.log(JSON.stringify({ kind: KIND, events: EVENTS, files: FILES, results }));
} finally {
  await rm(dir, { recursive: true, force: true });
}
