// Crash safety, measured (issue 19): SIGKILLs the real CLI (out/main/cli.js) at seeded random moments during file
// import (generic NDJSON, CloudTrail documents), S3 sync (s3rver on 127.0.0.1 through @aws-sdk/client-s3), API sync
// (our audit-log API peer) and right after a batch commits (its checkpoint). After each kill the case must open and
// pass the case check of `trailscope verify` (ledger and events agree), hold no duplicate and nothing foreign; each
// round then runs to the end and must hold exactly the set a clean run stores (no gap, no duplicate).
//
//   npm run bench:kill -- [--kills 200] [--seed 1] [--scenarios import-generic,import-cloudtrail,s3,api,checkpoint]
//                         [--storage plain|zstd-raw|zstd] [--kills-per-round 4] [--round N] [--minutes M]
// With --minutes, each scenario stops at its share of M (whichever comes first, that or its share of --kills).
//
// A failure prints its scenario, seed, round and moment; `--scenarios X --seed S --round R` replays that round (the
// moments are the same; how far the CLI got by then depends on the machine). Failed cases are kept in
// bench/.data/kill-failures/. Needs a built CLI (`npx electron-vite build`).
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { S3Client } from '@aws-sdk/client-s3';
import { Rng } from '../src/main/core/demo/rng';
import { runCaseCheck } from '../src/main/core/integrity/case-ledger';
import { CASE_STORAGES, CaseStore, DEFAULT_CASE_STORAGE, type CaseStorage } from '../src/main/core/store/case-store';
import { addSource } from '../src/main/core/store/sources-repo';
import { queryRows } from '../src/main/core/store/sql';
import { peerRecords, startAuditApiPeer, type AuditApiPeer } from '../test/peers/audit-api';
import { createBucket, peerClient, putObjects, S3RVER_KEY, startS3rver, type S3rverPeer } from '../test/peers/s3rver';
import { apiSettings } from '../test/helpers/source-settings';
import { CLOUDTRAIL_ACCOUNT, DATA_ROOT, ensureDataset, GENERIC_TENANT } from './generate';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'out', 'main', 'cli.js');
const FAILURES_DIR = join(DATA_ROOT, 'kill-failures');
const SCENARIOS = ['import-generic', 'import-cloudtrail', 's3', 'api', 'checkpoint'] as const;
type ScenarioName = (typeof SCENARIOS)[number];
/** Inputs: 130 files or objects make three batches (64 units fill one: BATCH_LIMITS.units); events kept few. */
const SMALL = { events: 2_600, files: 130 };
const API_RECORDS = 1_000;
const RUN_TIMEOUT_MS = 180_000;
const TOKEN = 'kill-loop-token-0123456789';
/** Checkpoint scenario: the window after the chosen commit in which the kill lands. */
const AFTER_COMMIT_MS = 150;
const WAL_POLL_MS = 2;

interface Scenario {
  name: ScenarioName;
  tenant: string;
  /** Makes an empty case, with the source a sync needs. */
  makeCase(path: string, storage: CaseStorage): Promise<void>;
  args(path: string): string[];
  env: NodeJS.ProcessEnv;
  /** How a kill moment is chosen: uniform over a clean run's length, or just after a commit. */
  timing: 'uniform' | 'after-commit';
  close(): Promise<void>;
}

interface Run {
  killed: boolean;
  code: number | null;
  ms: number;
  /** Moment of the kill, ms after spawn, and what it followed. */
  moment: string | null;
  stderr: string;
  /** Commits (WAL growths) and checkpoints (WAL shrinks) seen while polling. */
  walGrowths: number;
  walShrinks: number;
}

interface Failure {
  scenario: ScenarioName;
  storage: CaseStorage;
  seed: number;
  round: number;
  attempt: number;
  moment: string | null;
  problem: string;
  kept: string;
}

function fail(message: string): never {
  throw new Error(message);
}

function walSize(path: string): number {
  try {
    return statSync(`${path}.wal`).size;
  } catch {
    return 0;
  }
}

/** Runs the CLI on `casePath`; kills it per `plan` (ms after spawn, or after-commit with the rng) unless it ended. */
function runCli(
  scenario: Scenario,
  casePath: string,
  plan: { afterMs: number } | { commit: number; delayMs: number } | null,
): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...scenario.args(casePath)], {
      cwd: ROOT,
      env: scenario.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const run: Run = { killed: false, code: null, ms: 0, moment: null, stderr: '', walGrowths: 0, walShrinks: 0 };
    const kill = (moment: string) => {
      if (child.exitCode !== null || child.signalCode !== null || run.moment !== null) return;
      run.moment = moment;
      child.kill('SIGKILL');
    };
    const timers: NodeJS.Timeout[] = [];
    if (plan && 'afterMs' in plan) timers.push(setTimeout(() => kill(`${Math.round(plan.afterMs)} ms`), plan.afterMs));
    // The WAL grows at each commit and shrinks at each checkpoint; polled for the after-commit plan and the counts.
    let lastWal = walSize(casePath);
    const poll = setInterval(() => {
      const size = walSize(casePath);
      if (size > lastWal) {
        run.walGrowths++;
        if (plan && 'commit' in plan && run.walGrowths === plan.commit) {
          const delay = plan.delayMs;
          const at = performance.now() - started;
          timers.push(
            setTimeout(
              () =>
                kill(`${Math.round(delay)} ms after commit ${run.walGrowths} (WAL ${size} B at ${Math.round(at)} ms)`),
              delay,
            ),
          );
        }
      } else if (size < lastWal) run.walShrinks++;
      lastWal = size;
    }, WAL_POLL_MS);
    timers.push(setTimeout(() => kill('timeout'), RUN_TIMEOUT_MS));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (run.stderr += s));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      clearInterval(poll);
      run.code = code;
      run.killed = signal === 'SIGKILL';
      run.ms = performance.now() - started;
      if (run.moment === 'timeout') run.killed = false;
      resolvePromise(run);
    });
  });
}

/** Opens the case, runs the case check, and reads its uids; throws naming what is wrong. */
async function checkCase(casePath: string, reference: Set<string> | null): Promise<string[]> {
  let store: CaseStore;
  try {
    store = await CaseStore.open(casePath, { readOnly: true });
  } catch (error) {
    fail(`case does not open: ${(error as Error).message}`);
  }
  try {
    const outcome = await runCaseCheck({
      store,
      signal: new AbortController().signal,
      progress: () => undefined,
    });
    if (outcome.verdict === 'findings')
      fail(`verify (case check): ${outcome.summary}; ${JSON.stringify(outcome.findings.slice(0, 3))}`);
    const uids = (await queryRows(store.connection, 'SELECT uid FROM events ORDER BY uid')).map((r) =>
      String(r['uid']),
    );
    const [ledger] = await queryRows(
      store.connection,
      'SELECT coalesce(sum(added), 0)::BIGINT AS added FROM ingest_ledger',
    );
    if (Number(ledger?.['added']) !== uids.length)
      fail(`ledger says ${String(ledger?.['added'])} added, events hold ${uids.length}`);
    for (let i = 1; i < uids.length; i++) if (uids[i] === uids[i - 1]) fail(`duplicate uid ${uids[i]}`);
    if (reference) for (const uid of uids) if (!reference.has(uid)) fail(`uid ${uid} is not in the source`);
    return uids;
  } finally {
    store.close();
  }
}

async function removeCase(path: string): Promise<void> {
  await Promise.all([rm(path, { force: true }), rm(`${path}.wal`, { force: true })]);
}

// ---------------------------------------------------------------------------------------------------------------
// Scenarios. Inputs are small enough for a run of a few seconds, and span several batches (64 files or objects
// make one: BATCH_LIMITS.units), so kills land inside and between transactions.

async function importScenario(name: ScenarioName, kind: 'generic' | 'cloudtrail'): Promise<Scenario> {
  const dataset = await ensureDataset(kind, SMALL.events, SMALL.files);
  const tenant = kind === 'generic' ? GENERIC_TENANT : CLOUDTRAIL_ACCOUNT;
  return {
    name,
    tenant,
    makeCase: async (path, storage) => (await CaseStore.create(path, { tenantId: tenant, storage })).close(),
    args: (path) => ['import', path, dataset.dir, '--json'],
    env: process.env,
    timing: name === 'checkpoint' ? 'after-commit' : 'uniform',
    close: async () => undefined,
  };
}

async function s3Scenario(): Promise<Scenario> {
  const dataset = await ensureDataset('cloudtrail', SMALL.events, SMALL.files);
  const peer: S3rverPeer = await startS3rver();
  const admin: S3Client = peerClient(peer.endpoint);
  const bucket = 'kill-loop';
  await createBucket(admin, bucket);
  const objects = await Promise.all(
    dataset.paths.map(async (path, i) => ({
      key: `AWSLogs/${CLOUDTRAIL_ACCOUNT}/CloudTrail/us-east-1/2026/10/01/${String(i).padStart(5, '0')}.json.gz`,
      body: await readFile(path),
    })),
  );
  await putObjects(admin, bucket, objects);
  return {
    name: 's3',
    tenant: CLOUDTRAIL_ACCOUNT,
    makeCase: async (path, storage) => {
      const store = await CaseStore.create(path, { tenantId: CLOUDTRAIL_ACCOUNT, storage });
      await addSource(
        store,
        'bucket',
        {
          kind: 's3',
          settings: {
            bucket,
            prefix: 'AWSLogs/',
            region: 'us-east-1',
            endpoint: peer.endpoint,
            pathStyle: true,
            format: 'auto',
            profile: null,
            accessKeyIdRef: 'KILL_LOOP_KEY_ID',
            secretAccessKeyRef: 'KILL_LOOP_SECRET',
            concurrency: 4,
          },
        },
        's3-1',
      );
      store.close();
    },
    args: (path) => ['sync', path, '--source', 's3-1', '--trust-source', 's3-1', '--json'],
    env: { ...process.env, KILL_LOOP_KEY_ID: S3RVER_KEY, KILL_LOOP_SECRET: S3RVER_KEY },
    timing: 'uniform',
    close: async () => {
      admin.destroy();
      await peer.close();
    },
  };
}

async function apiScenario(): Promise<Scenario> {
  const records = peerRecords('generic', { events: API_RECORDS, seed: 21, tenant: 'acme' });
  // Every request a little slow, so a run spans many small transactions (as in test/integration/api-kill.test.ts).
  const peer: AuditApiPeer = await startAuditApiPeer({
    token: TOKEN,
    records: { generic: records },
    faults: [{ kind: 'slow', at: 1, times: 1_000_000_000, delayMs: 10 }],
  });
  return {
    name: 'api',
    tenant: 'acme',
    makeCase: async (path, storage) => {
      const store = await CaseStore.create(path, { tenantId: 'acme', storage });
      await addSource(
        store,
        'peer',
        {
          kind: 'api',
          settings: apiSettings({ preset: 'generic', baseUrl: peer.url, tokenRef: 'KILL_LOOP_TOKEN', pageSize: 50 }),
        },
        'api-1',
      );
      store.close();
    },
    args: (path) => ['sync', path, '--source', 'api-1', '--trust-source', 'api-1', '--json'],
    env: { ...process.env, KILL_LOOP_TOKEN: TOKEN },
    timing: 'uniform',
    close: () => peer.close(),
  };
}

function makeScenario(name: ScenarioName): Promise<Scenario> {
  switch (name) {
    case 'import-generic':
    case 'checkpoint':
      return importScenario(name, 'generic');
    case 'import-cloudtrail':
      return importScenario(name, 'cloudtrail');
    case 's3':
      return s3Scenario();
    case 'api':
      return apiScenario();
  }
}

// ---------------------------------------------------------------------------------------------------------------

interface Tally {
  kills: number;
  completedEarly: number;
  rounds: number;
  failures: Failure[];
  ms: number;
  cleanRunMs: number;
  walGrowths: number;
  walShrinks: number;
}

async function runScenario(
  scenario: Scenario,
  options: {
    kills: number;
    seed: number;
    storage: CaseStorage;
    perRound: number;
    round: number | null;
    deadline: number;
  },
  work: string,
): Promise<Tally> {
  const started = performance.now();
  const tally: Tally = {
    kills: 0,
    completedEarly: 0,
    rounds: 0,
    failures: [],
    ms: 0,
    cleanRunMs: 0,
    walGrowths: 0,
    walShrinks: 0,
  };
  // A clean run on a scratch case: its length steers the uniform moments, its uids are the exact set.
  const scratch = join(work, `${scenario.name}-scratch.duckdb`);
  await scenario.makeCase(scratch, options.storage);
  const clean = await runCli(scenario, scratch, null);
  if (clean.code !== 0) fail(`${scenario.name}: the clean run failed (exit ${clean.code}):\n${clean.stderr}`);
  tally.cleanRunMs = clean.ms;
  tally.walGrowths = clean.walGrowths;
  tally.walShrinks = clean.walShrinks;
  const expected = await checkCase(scratch, null);
  const reference = new Set(expected);
  await removeCase(scratch);
  if (expected.length === 0) fail(`${scenario.name}: the clean run stored nothing`);

  const casePath = join(work, `${scenario.name}.duckdb`);
  const record = async (round: number, attempt: number, moment: string | null, problem: string) => {
    await mkdir(FAILURES_DIR, { recursive: true });
    const kept = join(FAILURES_DIR, `${scenario.name}-${options.storage}-${options.seed}-r${round}-a${attempt}.duckdb`);
    await copyFile(casePath, kept).catch(() => undefined);
    if (existsSync(`${casePath}.wal`)) await copyFile(`${casePath}.wal`, `${kept}.wal`).catch(() => undefined);
    const failure: Failure = {
      scenario: scenario.name,
      storage: options.storage,
      seed: options.seed,
      round,
      attempt,
      moment,
      problem,
      kept,
    };
    tally.failures.push(failure);
    console.log(`FAILURE ${JSON.stringify(failure)}`);
  };

  const more = () => tally.kills < options.kills && performance.now() < options.deadline;
  for (let round = options.round ?? 0; more(); round++) {
    tally.rounds++;
    const rng = new Rng(options.seed).fork(SCENARIOS.indexOf(scenario.name) * 1_000_003 + round);
    await removeCase(casePath);
    await scenario.makeCase(casePath, options.storage);
    let broken = false;
    for (let attempt = 0; attempt < options.perRound && more(); attempt++) {
      // Uniform over a clean run's length: early moments land in start-up and WAL replay, late ones in the last
      // batches and the checkpoint at close. A re-run has less to store, so some end before their moment.
      // After-commit: one of the commits a clean run made (the WAL grew), the last one followed by the checkpoint
      // at close; a re-run has fewer to make, so some end before theirs.
      const plan =
        scenario.timing === 'uniform'
          ? { afterMs: rng.float() * clean.ms }
          : { commit: 1 + rng.int(Math.max(1, clean.walGrowths)), delayMs: rng.float() * AFTER_COMMIT_MS };
      const run = await runCli(scenario, casePath, plan);
      if (run.killed) tally.kills++;
      else if (run.code === 0) tally.completedEarly++;
      else {
        await record(round, attempt, run.moment, `run exited ${run.code}: ${run.stderr.trim().slice(-600)}`);
        broken = true;
        break;
      }
      try {
        await checkCase(casePath, reference);
      } catch (error) {
        await record(round, attempt, run.moment, (error as Error).message);
        broken = true;
        break;
      }
    }
    if (!broken) {
      const last = await runCli(scenario, casePath, null);
      try {
        if (last.code !== 0) fail(`re-run exited ${last.code}: ${last.stderr.trim().slice(-600)}`);
        const uids = await checkCase(casePath, reference);
        if (uids.length !== expected.length)
          fail(`re-run holds ${uids.length} events, a clean run ${expected.length} (a gap)`);
      } catch (error) {
        await record(round, options.perRound, 're-run', (error as Error).message);
      }
    }
    if (options.round !== null) break;
    if (tally.rounds % 10 === 0)
      console.log(
        `  ${scenario.name}: ${tally.kills} kills, ${tally.rounds} rounds, ${tally.failures.length} failures, ${Math.round((performance.now() - started) / 1000)} s`,
      );
  }
  await removeCase(casePath);
  tally.ms = performance.now() - started;
  return tally;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kills: { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
      scenarios: { type: 'string', default: SCENARIOS.join(',') },
      storage: { type: 'string', default: DEFAULT_CASE_STORAGE },
      'kills-per-round': { type: 'string', default: '4' },
      round: { type: 'string' },
      minutes: { type: 'string' },
    },
  });
  const storage = values.storage as CaseStorage;
  if (!CASE_STORAGES.includes(storage)) fail(`--storage must be one of ${CASE_STORAGES.join(', ')}`);
  const names = values.scenarios.split(',').map((s) => s.trim()) as ScenarioName[];
  for (const name of names)
    if (!SCENARIOS.includes(name)) fail(`unknown scenario ${name}; one of ${SCENARIOS.join(', ')}`);
  if (!existsSync(CLI)) fail(`${CLI} is not built: npx electron-vite build`);
  const seed = Number(values.seed);
  const total = Number(values.kills);
  const perRound = Number(values['kills-per-round']);
  const round = values.round === undefined ? null : Number(values.round);
  const scenarioMs = values.minutes === undefined ? Infinity : (Number(values.minutes) * 60_000) / names.length;
  const work = await mkdtemp(join(tmpdir(), 'trailscope-kill-loop-'));
  console.log(
    `kill loop: ${total} kills over ${names.join(', ')}; storage ${storage}; seed ${seed}; ${perRound} per round`,
  );
  const started = performance.now();
  const results: Record<string, Tally> = {};
  try {
    for (const [i, name] of names.entries()) {
      const scenario = await makeScenario(name);
      const share = Math.floor(total / names.length) + (i < total % names.length ? 1 : 0);
      try {
        const tally = await runScenario(
          scenario,
          { kills: share, seed, storage, perRound, round, deadline: performance.now() + scenarioMs },
          work,
        );
        results[name] = tally;
        console.log(
          `${name}: ${tally.kills} kills in ${tally.rounds} rounds (${tally.completedEarly} runs ended before their moment), ` +
            `${tally.failures.length} failures, ${(tally.ms / 1000).toFixed(0)} s; clean run ${Math.round(tally.cleanRunMs)} ms, ` +
            `${tally.walGrowths} commits and ${tally.walShrinks} checkpoints seen in it`,
        );
      } finally {
        await scenario.close();
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const tallies = Object.values(results);
  const kills = tallies.reduce((n, t) => n + t.kills, 0);
  const failures = tallies.flatMap((t) => t.failures);
  console.log(
    `TOTAL storage ${storage} seed ${seed}: ${kills} kills, ${failures.length} failures, ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  for (const f of failures)
    console.log(
      `  replay: npm run bench:kill -- --scenarios ${f.scenario} --storage ${f.storage} --seed ${f.seed} --round ${f.round}   (${f.moment ?? '?'}: ${f.problem.slice(0, 200)})`,
    );
  process.exitCode = failures.length > 0 ? 1 : 0;
}

await main();
