// Crash safety of S3 sync: a sync process SIGKILLed at 20 seeded random points (while opening the case, listing,
// downloading, inside a batch's transaction) and restarted each time ends with exactly the bucket's unique events —
// no gap, no duplicate — and exactly one ledger row per object.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Rng } from '../../src/main/core/demo/rng';
import { CaseStore } from '../../src/main/core/store/case-store';
import { addSource } from '../../src/main/core/store/sources-repo';
import { queryRows } from '../../src/main/core/store/sql';
import { REPO_ROOT } from '../helpers/cli';
import { gz } from '../helpers/records';
import { tempDir } from '../helpers/temp';
import { createBucket, peerClient, putObjects, S3RVER_KEY, startS3rver, type S3rverPeer } from '../peers/s3rver';

const CHILD = join(REPO_ROOT, 'test', 'helpers', 's3-sync-child.ts');
const ACCOUNT = '111122223333';
const BUCKET = 'cloudtrail-deliveries';
const OBJECTS = 40;
const RECORDS_PER_OBJECT = 250;
/** Each object repeats this many eventIDs of the object before it (CloudTrail does deliver duplicates). */
const REPEATED = 10;
const KILLS = 20;
/** Small batches: ~3 objects per transaction, so kills land between and inside many batches. */
const BATCH_BYTES = 256 * 1024;
const CHILD_TIMEOUT_MS = 60_000;
const ENV = { ...process.env, TRAILSCOPE_KILL_KEY_ID: S3RVER_KEY, TRAILSCOPE_KILL_SECRET: S3RVER_KEY };

let peer: S3rverPeer;
let admin: S3Client;

beforeAll(async () => {
  peer = await startS3rver();
  admin = peerClient(peer.endpoint);
});

afterAll(async () => {
  admin.destroy();
  await peer.close();
});

function eventId(n: number): string {
  return `3fcfb182-98f8-4744-bd45-${String(n).padStart(12, '0')}`;
}

function cloudTrailRecord(n: number, object: number): Record<string, unknown> {
  return {
    eventVersion: '1.10',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDACKCEVSQ6C2EXAMPLE',
      arn: `arn:aws:iam::${ACCOUNT}:user/user${n % 13}`,
      accountId: ACCOUNT,
      userName: `user${n % 13}`,
    },
    eventTime: new Date(Date.UTC(2025, 4, 1) + n * 1000).toISOString().replace('.000', ''),
    eventSource: 's3.amazonaws.com',
    eventName: n % 3 === 0 ? 'GetObject' : 'PutObject',
    awsRegion: 'us-east-1',
    sourceIPAddress: `203.0.113.${n % 250}`,
    userAgent: 'aws-cli/2.22.1',
    requestParameters: { bucketName: 'acme-prod-data', key: `reports/${n}.parquet`, deliveredIn: object },
    responseElements: null,
    requestID: `REQ${n}`,
    eventID: eventId(n),
    readOnly: n % 3 === 0,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
  };
}

/** The bucket's objects in the delivery layout, and every eventID they hold (with repeats). */
function deliveries(): { objects: { key: string; body: Buffer }[]; eventIds: string[] } {
  const objects: { key: string; body: Buffer }[] = [];
  const eventIds: string[] = [];
  for (let o = 0; o < OBJECTS; o++) {
    const first = o * (RECORDS_PER_OBJECT - REPEATED);
    const records = Array.from({ length: RECORDS_PER_OBJECT }, (_, i) => cloudTrailRecord(first + i, o));
    eventIds.push(...records.map((r) => String(r['eventID'])));
    const stamp = `20250501T${String(Math.floor(o / 4)).padStart(2, '0')}${String((o % 4) * 15).padStart(2, '0')}Z`;
    const key = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2025/05/01/${ACCOUNT}_CloudTrail_us-east-1_${stamp}_${String(o).padStart(16, 'k')}.json.gz`;
    objects.push({ key, body: gz(JSON.stringify({ Records: records })) });
  }
  for (const hour of ['01', '02']) {
    const key = `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/2025/05/01/${ACCOUNT}_CloudTrail-Digest_us-east-1_main_us-east-1_20250501T${hour}0000Z.json.gz`;
    const digest = {
      awsAccountId: ACCOUNT,
      digestStartTime: `2025-05-01T${hour}:00:00Z`,
      digestEndTime: `2025-05-01T${hour}:59:59Z`,
      logFiles: [],
    };
    objects.push({ key, body: gz(JSON.stringify(digest)) });
  }
  return { objects, eventIds };
}

interface ChildRun {
  /** How the child ended: exit code, or null when killed. */
  code: number | null;
  /** Milliseconds from spawn to `ready` (case open), and to the end. */
  readyMs: number | null;
  endMs: number;
  /** Milliseconds from `ready` to the first committed batch. */
  firstCommitMs: number | null;
  /** Events committed by this run, per its last progress report. */
  events: number;
  stderr: string;
}

/** Runs the sync child; kills it `killAfterMs` after spawn (or after `ready`, with `afterReady`) unless it ended. */
function runChild(
  casePath: string,
  sourceId: string,
  kill?: { afterMs: number; afterReady: boolean },
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, casePath, sourceId, String(BATCH_BYTES)], {
      cwd: REPO_ROOT,
      env: ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: ChildRun = { code: null, readyMs: null, endMs: 0, firstCommitMs: null, events: 0, stderr: '' };
    let buffered = '';
    let killTimer: NodeJS.Timeout | undefined;
    const armKill = (ms: number) => {
      killTimer = setTimeout(() => child.kill('SIGKILL'), ms);
    };
    if (kill && !kill.afterReady) armKill(kill.afterMs);
    const guard = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.stderr.setEncoding('utf8').on('data', (s: string) => (run.stderr += s));
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      buffered += s;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') {
          run.readyMs = performance.now() - started;
          if (kill?.afterReady) armKill(kill.afterMs);
        } else if (line.startsWith('progress ')) {
          run.events = (JSON.parse(line.slice('progress '.length)) as { events: number }).events;
          if (run.events > 0 && run.firstCommitMs === null)
            run.firstCommitMs = performance.now() - started - (run.readyMs ?? 0);
        }
      }
    });
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(killTimer);
      clearTimeout(guard);
      run.code = code;
      run.endMs = performance.now() - started;
      resolve(run);
    });
  });
}

async function newCaseWithSource(dir: string, name: string): Promise<{ path: string; sourceId: string }> {
  const path = join(dir, `${name}.duckdb`);
  const store = await CaseStore.create(path, { tenantId: ACCOUNT });
  const source = await addSource(store, 'cloudtrail', {
    kind: 's3',
    settings: {
      bucket: BUCKET,
      prefix: 'AWSLogs/',
      region: 'us-east-1',
      endpoint: peer.endpoint,
      pathStyle: true,
      format: 'auto',
      profile: null,
      accessKeyIdRef: 'TRAILSCOPE_KILL_KEY_ID',
      secretAccessKeyRef: 'TRAILSCOPE_KILL_SECRET',
      concurrency: 4,
    },
  });
  store.close();
  return { path, sourceId: source.id };
}

it('ends with exactly the unique events and one ledger row per object after 20 SIGKILLs', async () => {
  const { objects, eventIds } = deliveries();
  await createBucket(admin, BUCKET);
  await putObjects(admin, BUCKET, objects);
  const expectedUids = [...new Set(eventIds)].sort();
  const dir = await tempDir();

  // A first full run on a scratch case measures the child's start-up and the sync's duration.
  const scratch = await newCaseWithSource(dir, 'scratch');
  const full = await runChild(scratch.path, scratch.sourceId);
  expect(full.code, full.stderr).toBe(0);
  expect(full.events).toBe(expectedUids.length);
  const readyMs = full.readyMs ?? 0;
  const firstCommitMs = full.firstCommitMs ?? 0;
  const syncMs = full.endMs - readyMs;

  const target = await newCaseWithSource(dir, 'target');
  const rng = new Rng(20_251_124);
  let committed = 0;
  const outcomes: string[] = [];
  for (let k = 0; k < KILLS; k++) {
    // `committed` may lag a batch behind (a kill between COMMIT and its progress line): it only steers the delays.
    // One kill in five lands before the case is open (start-up, WAL replay); the others during the listing and
    // first downloads every run repeats, or within the next half of what is left, so that the 20 kills spread over
    // the whole sync instead of ending it in a few runs.
    // Once everything is in, a run only lists and finds nothing new: it is killed during start-up instead.
    const remaining = 1 - committed / expectedUids.length;
    const early = rng.chance(0.2) || remaining <= 0;
    const kill = early
      ? { afterMs: rng.float() * readyMs, afterReady: false }
      : { afterMs: rng.float() * (firstCommitMs + (syncMs - firstCommitMs) * remaining * 0.5), afterReady: true };
    const run = await runChild(target.path, target.sourceId, kill);
    if (run.code !== null && run.code !== 0) throw new Error(`sync child failed (exit ${run.code}):\n${run.stderr}`);
    committed += run.events;
    outcomes.push(
      `${run.code === 0 ? 'completed' : `killed at ${Math.round(kill.afterMs)} ms${early ? '' : ' after ready'}`}, ${run.events} events committed`,
    );
  }
  const last = await runChild(target.path, target.sourceId);
  expect(last.code, last.stderr).toBe(0);
  // A run may finish before its kill point (then the next ones find little left); most must really be killed.
  const story = `full run ${Math.round(full.endMs)} ms (case open after ${Math.round(readyMs)}, first commit ${Math.round(firstCommitMs)} ms later):\n${outcomes.join('\n')}`;
  // How many runs a kill point catches depends on how fast this machine is at that moment (a quick re-listing can
  // outrun one); what makes the test mean something is that many runs were killed and several of them mid-sync,
  // after committing part of the work.
  const killed = outcomes.filter((o) => o.startsWith('killed'));
  expect(killed.length, story).toBeGreaterThanOrEqual(KILLS / 2);
  expect(killed.filter((o) => !o.endsWith(', 0 events committed')).length, story).toBeGreaterThanOrEqual(3);

  const store = await CaseStore.open(target.path, { readOnly: true });
  try {
    const uids = (await queryRows(store.connection, 'SELECT uid FROM events')).map((r) => String(r['uid'])).sort();
    expect(uids.length).toBe(expectedUids.length);
    expect(uids).toEqual(expectedUids);
    const ledgerKeys = (await queryRows(store.connection, 'SELECT object_key FROM ingest_ledger'))
      .map((r) => String(r['object_key']))
      .sort();
    expect(ledgerKeys).toEqual(objects.map((o) => `s3://${BUCKET}/${o.key}`).sort());
    const [tables] = await queryRows(
      store.connection,
      `SELECT (SELECT count(*) FROM digests)::INT AS digests, (SELECT count(*) FROM rejects)::INT AS rejects,
         (SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM ingest_ledger l WHERE l.seq = e.ingest_seq))::INT AS orphans,
         (SELECT count(*) FROM (SELECT prev_hash, lag(entry_hash, 1, repeat('0', 64)) OVER (ORDER BY seq) AS expected FROM ingest_ledger)
           WHERE prev_hash <> expected)::INT AS broken_links`,
    );
    expect(tables).toEqual({ digests: 2, rejects: 0, orphans: 0, broken_links: 0 });
  } finally {
    store.close();
  }
}, 180_000);
