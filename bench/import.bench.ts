// Import benchmark (DESIGN.md §9): Trailscope's file import against DuckDB's own read_json on the same files, in
// the same run. `npm run bench [-- --events N --files F --only generic|cloudtrail --runs R --into-events M]`.
//
// Per dataset, each in its own child process (bench/import-child.ts) so that peak RSS is that load's own:
//   baseline       CREATE TABLE AS SELECT … FROM read_json(files) with explicit columns (no raw kept)
//   raw-reference  the same plus each record's raw text: what storing `raw` costs DuckDB by itself
//   trailscope     CaseStore.create + importFiles(store, [dir]) — must add exactly N events
//   trailscope-into  the same into a copy of the demo case of M events (--into-events; generic only): at size
// Rates are events / (load + CHECKPOINT) seconds; the median over --runs runs is reported.
import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { version as duckdbVersion } from '@duckdb/node-api';
import { CASE_STORAGES } from '../src/main/core/store/case-store';
import { CASE_STORAGE_ENV, INTO_CASE_ENV, RESULT_PREFIX, type ChildMode, type ChildResult } from './child-protocol';
import { DEFAULT_DEMO_TENANT } from '../src/main/core/demo/generate';
import { ensureDemoCase } from './demo-case';
import { DATA_ROOT, ensureDataset, type Dataset, type DatasetKind } from './generate';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = resolve(BENCH_DIR, '..');
const CHILD_SCRIPT = join(BENCH_DIR, 'import-child.ts');
const RESULTS_PATH = join(DATA_ROOT, 'import-results.json');
const KINDS: readonly DatasetKind[] = ['generic', 'cloudtrail'];
const MB = 1024 * 1024;

interface Measurement {
  runs: number;
  /** Median over the runs. */
  seconds: number;
  eventsPerSecond: number;
  checkpointSeconds: number;
  /** Highest child maxRSS over the runs. */
  peakRssMB: number;
  fileMB: number;
  mbPerMillionEvents: number;
  rows: number;
  duplicates: number;
  rejected: number;
}

interface DatasetResult {
  dataset: string;
  kind: DatasetKind;
  events: number;
  files: number;
  compressedMB: number;
  uncompressedMB: number;
  baseline: Measurement;
  rawReference: Measurement;
  trailscope: Measurement;
  /** The same import into a copy of the demo case of `--into-events` events (generic only). */
  into?: Measurement & { caseEvents: number; emptyEventsPerSecond: number };
  /** Trailscope events/s ÷ baseline events/s. */
  ratio: number;
}

interface Options {
  events: number;
  files: number;
  kinds: DatasetKind[];
  runs: number;
  /** Also import the generic dataset into a copy of the demo case of this many events (issue 19: at size). */
  intoEvents?: number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string', default: '1000000' },
      files: { type: 'string', default: '100' },
      only: { type: 'string' },
      runs: { type: 'string', default: '1' },
      // The storage format of the Trailscope case (CASE_STORAGES); the case's own default when absent.
      storage: { type: 'string' },
      'into-events': { type: 'string' },
    },
  });
  const positive = (name: string, text: string): number => {
    const n = Number(text.replaceAll('_', ''));
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer (got ${text})`);
    return n;
  };
  const only = values.only;
  if (only !== undefined && !KINDS.some((k) => k === only))
    throw new Error(`--only must be one of ${KINDS.join(', ')}`);
  if (values.storage !== undefined) {
    if (!CASE_STORAGES.some((s) => s === values.storage))
      throw new Error(`--storage must be one of ${CASE_STORAGES.join(', ')}`);
    // The child (import-child.ts) makes the case; it reads this.
    process.env[CASE_STORAGE_ENV] = values.storage;
  }
  const events = positive('events', values.events);
  const files = positive('files', values.files);
  if (files > events) throw new Error('--files cannot exceed --events');
  return {
    events,
    files,
    kinds: KINDS.filter((k) => only === undefined || k === only),
    runs: positive('runs', values.runs),
    ...(values['into-events'] !== undefined ? { intoEvents: positive('into-events', values['into-events']) } : {}),
  };
}

function runChild(mode: ChildMode, dir?: string): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, mode, ...(dir ? [dir] : [])], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) {
        reject(new Error(`${mode} child failed (${signal ?? `exit code ${code}`})${stdout ? `:\n${stdout}` : ''}`));
        return;
      }
      resolvePromise(JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult);
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function summarize(results: ChildResult[], events: number): Measurement {
  const last = results[results.length - 1];
  if (!last) throw new Error('no runs');
  const seconds = median(results.map((r) => r.seconds));
  const fileMB = last.fileBytes / MB;
  return {
    runs: results.length,
    seconds,
    eventsPerSecond: events / seconds,
    checkpointSeconds: median(results.map((r) => r.checkpointSeconds)),
    peakRssMB: Math.max(...results.map((r) => r.maxRssBytes)) / MB,
    fileMB,
    mbPerMillionEvents: (fileMB * 1e6) / events,
    rows: last.rows,
    duplicates: last.duplicates,
    rejected: last.rejected,
  };
}

async function measure(label: string, mode: ChildMode, dataset: Dataset, runs: number): Promise<Measurement> {
  const results: ChildResult[] = [];
  for (let run = 1; run <= runs; run++) {
    const result = await runChild(mode, dataset.dir);
    results.push(result);
    console.log(
      `  ${label.padEnd(14)} run ${run}/${runs}: ${result.seconds.toFixed(2)} s ` +
        `(checkpoint ${result.checkpointSeconds.toFixed(2)} s), ${result.rows.toLocaleString('en-US')} rows, ` +
        `peak RSS ${(result.maxRssBytes / MB).toFixed(0)} MB, file ${(result.fileBytes / MB).toFixed(1)} MB`,
    );
  }
  return summarize(results, dataset.manifest.events);
}

function fail(message: string): never {
  console.error(`\nERROR: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------------------
// Output.

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits: number): string => n.toFixed(digits);

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  // First column left-aligned (names), the rest right-aligned (figures).
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function printResults(results: DatasetResult[]): void {
  console.log('');
  console.log(
    table(
      [
        'dataset',
        'events',
        'baseline ev/s',
        'Trailscope ev/s',
        'ratio',
        'raw-ref ev/s',
        'TS peak RSS MB',
        'case MB/1M ev',
      ],
      results.map((r) => [
        r.dataset,
        int(r.events),
        int(r.baseline.eventsPerSecond),
        int(r.trailscope.eventsPerSecond),
        `${fixed(r.ratio, 2)}x`,
        int(r.rawReference.eventsPerSecond),
        int(r.trailscope.peakRssMB),
        fixed(r.trailscope.mbPerMillionEvents, 1),
      ]),
    ),
  );
  for (const r of results) {
    if (!r.into) continue;
    console.log(
      `\n${r.dataset} into the ${int(r.into.caseEvents)}-event demo case: ${int(r.into.eventsPerSecond)} ev/s ` +
        `(${fixed(r.into.seconds, 2)} s, checkpoint ${fixed(r.into.checkpointSeconds, 2)} s), ` +
        `${fixed(r.into.eventsPerSecond / r.into.emptyEventsPerSecond, 2)}x the same import into an empty case ` +
        `(${int(r.into.emptyEventsPerSecond)} ev/s in that run) ` +
        `(target >= 0.7x); peak RSS ${int(r.into.peakRssMB)} MB`,
    );
  }
  console.log('');
  console.log('Details (seconds = load + CHECKPOINT; MB/1M ev = database file after CHECKPOINT):');
  console.log(
    table(
      [
        'dataset',
        'gz MB',
        'json MB',
        'baseline s',
        'raw-ref s',
        'TS s',
        'TS ckpt s',
        'base RSS',
        'raw RSS',
        'base MB/1M',
        'raw MB/1M',
      ],
      results.map((r) => [
        r.dataset,
        fixed(r.compressedMB, 1),
        fixed(r.uncompressedMB, 1),
        fixed(r.baseline.seconds, 2),
        fixed(r.rawReference.seconds, 2),
        fixed(r.trailscope.seconds, 2),
        fixed(r.trailscope.checkpointSeconds, 2),
        int(r.baseline.peakRssMB),
        int(r.rawReference.peakRssMB),
        fixed(r.baseline.mbPerMillionEvents, 1),
        fixed(r.rawReference.mbPerMillionEvents, 1),
      ]),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const cpuList = cpus();
  const machine = {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    totalMemoryGB: Math.round(totalmem() / 1024 ** 3),
    platform: `${process.platform}-${process.arch}`,
    node: process.version,
    duckdb: duckdbVersion(),
  };
  console.log('Trailscope import benchmark');
  console.log(
    `machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.totalMemoryGB} GB RAM, ${machine.platform}; ` +
      `Node ${machine.node}, DuckDB ${machine.duckdb}`,
  );
  const loadAtStart = loadavg()[0] ?? 0;
  console.log(`1-min load average at start: ${fixed(loadAtStart, 2)} (figures are only comparable on an idle machine)`);
  console.log(
    `datasets: ${int(options.events)} events in ${options.files} gzip files each; ${options.runs} run(s) per measurement`,
  );
  console.log("rates = events / (load + CHECKPOINT) s, each load in its own child process; RSS = that child's maxRSS");

  const floor = await runChild('idle');
  const rssFloorMB = floor.maxRssBytes / MB;
  console.log(`RSS floor (node + tsx + DuckDB + store loaded, empty database, no load): ${int(rssFloorMB)} MB`);

  const results: DatasetResult[] = [];
  for (const kind of options.kinds) {
    const dataset = await ensureDataset(kind, options.events, options.files);
    const { manifest } = dataset;
    const name = `${kind}-${manifest.events}`;
    console.log(
      `\n${name}: ${manifest.files} files, ${fixed(manifest.totalBytes / MB, 1)} MB gzip, ` +
        `${fixed(manifest.uncompressedBytes / MB, 1)} MB JSON (${int(manifest.uncompressedBytes / manifest.events)} B/event), ` +
        (dataset.generated ? `generated in ${fixed(dataset.generateSeconds, 1)} s` : 'reused'),
    );
    const baseline = await measure('baseline', 'baseline', dataset, options.runs);
    if (baseline.rows !== manifest.events)
      fail(`${name}: the baseline loaded ${baseline.rows} rows, expected ${manifest.events}.`);
    const rawReference = await measure('raw-reference', 'raw-reference', dataset, options.runs);
    if (rawReference.rows !== manifest.events) {
      fail(`${name}: the raw reference loaded ${rawReference.rows} rows, expected ${manifest.events}.`);
    }
    const trailscope = await measure('trailscope', 'trailscope', dataset, options.runs);
    if (trailscope.rows !== manifest.events) {
      fail(
        `${name}: Trailscope added ${trailscope.rows} events, expected ${manifest.events} ` +
          `(duplicates ${trailscope.duplicates}, rejected ${trailscope.rejected}).`,
      );
    }
    let into: DatasetResult['into'];
    if (options.intoEvents !== undefined && kind === 'generic') {
      // The same records in the demo case's tenant, imported into an empty case and into a copy of the demo case
      // (made before the child's clock starts).
      const demo = await ensureDemoCase(options.intoEvents);
      const ofDemo = await ensureDataset(kind, options.events, options.files, undefined, DEFAULT_DEMO_TENANT);
      const empty = await measure('demo tenant', 'trailscope', ofDemo, options.runs);
      process.env[INTO_CASE_ENV] = demo.path;
      const measured = await measure(`into ${int(options.intoEvents)}`, 'trailscope-into', ofDemo, options.runs);
      for (const m of [empty, measured])
        if (m.rows !== manifest.events)
          fail(`${name}: of the demo tenant, Trailscope added ${m.rows} events, expected ${manifest.events}.`);
      into = { ...measured, caseEvents: options.intoEvents, emptyEventsPerSecond: empty.eventsPerSecond };
    }
    results.push({
      ...(into ? { into } : {}),
      dataset: name,
      kind,
      events: manifest.events,
      files: manifest.files,
      compressedMB: manifest.totalBytes / MB,
      uncompressedMB: manifest.uncompressedBytes / MB,
      baseline,
      rawReference,
      trailscope,
      ratio: trailscope.eventsPerSecond / baseline.eventsPerSecond,
    });
  }

  printResults(results);
  const loadAtEnd = loadavg()[0] ?? 0;
  console.log(`\n1-min load average at end: ${fixed(loadAtEnd, 2)}`);
  await mkdir(DATA_ROOT, { recursive: true });
  await writeFile(
    RESULTS_PATH,
    `${JSON.stringify({ recordedAt: new Date().toISOString(), machine, options, loadAtStart, loadAtEnd, rssFloorMB, results }, null, 2)}\n`,
  );
  console.log(`\nresults written to ${RESULTS_PATH}`);
}

await main();
