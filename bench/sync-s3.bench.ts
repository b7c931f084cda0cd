// S3 sync benchmark: syncS3 from a local s3rver into a fresh case against the bare transfer it cannot beat — the same
// GetObject calls at the same concurrency plus gunzip, data discarded — in the same run, on the same objects.
// `tsx bench/sync-s3.bench.ts [--kind generic|cloudtrail] [--events N] [--files F] [--concurrency C] [--batch-mib B]`
// (defaults generic / 1,000,000 / 100 / 8 / syncS3's own batch size). CloudTrail objects are `{"Records":[…]}`
// documents, as CloudTrail delivers them.
// Each measurement runs in its own child process (this file with --child) so that its peak RSS is its own.
import { spawn } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzip } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { EnvSecretStore } from '../src/main/core/secrets';
import { connectS3 } from '../src/main/core/sources/s3/s3-client';
import { syncS3 } from '../src/main/core/sources/s3/s3-sync';
import { CaseStore } from '../src/main/core/store/case-store';
import { addSource } from '../src/main/core/store/sources-repo';
import type { S3SourceSettings } from '@shared/domain/sources';
import { createBucket, peerClient, putObject, S3RVER_KEY, startS3rver } from '../test/peers/s3rver';
import { CLOUDTRAIL_ACCOUNT, ensureDataset, GENERIC_TENANT, type DatasetKind } from './generate';

const SELF = fileURLToPath(import.meta.url);
const PROJECT_ROOT = resolve(dirname(SELF), '..');
const BUCKET = 'bench-deliveries';
const PREFIX = 'export/';
const RESULT_PREFIX = 'RESULT ';
const MB = 1024 * 1024;
const KEY_REF = 'TRAILSCOPE_BENCH_S3_KEY';
const SECRET_REF = 'TRAILSCOPE_BENCH_S3_SECRET';
const MODES = ['baseline', 'sync'] as const;
type Mode = (typeof MODES)[number];
const KINDS: readonly DatasetKind[] = ['generic', 'cloudtrail'];
const TENANTS: Record<DatasetKind, string> = { generic: GENERIC_TENANT, cloudtrail: CLOUDTRAIL_ACCOUNT };

interface ChildOptions {
  mode: Mode;
  kind: DatasetKind;
  endpoint: string;
  concurrency: number;
  batchBytes: number | undefined;
}

interface ChildResult {
  mode: Mode;
  /** Wall time of the work (for sync: syncS3 + the CHECKPOINT that makes it durable; opening the case excluded). */
  seconds: number;
  checkpointSeconds: number;
  events: number;
  objects: number;
  bytes: number;
  maxRssBytes: number;
}

function settings(endpoint: string, concurrency: number): S3SourceSettings {
  return {
    bucket: BUCKET,
    prefix: PREFIX,
    region: 'us-east-1',
    endpoint,
    pathStyle: true,
    format: 'auto',
    profile: null,
    accessKeyIdRef: KEY_REF,
    secretAccessKeyRef: SECRET_REF,
    concurrency,
  };
}

const secrets = new EnvSecretStore({ [KEY_REF]: S3RVER_KEY, [SECRET_REF]: S3RVER_KEY });

function gunzipAsync(data: Uint8Array): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    gunzip(data, { chunkSize: MB }, (error, result) => (error ? reject(error) : resolvePromise(result)));
  });
}

/**
 * The floor: list, then GetObject + gunzip every object with the sync's client and concurrency, counting its events
 * (NDJSON lines; a CloudTrail document's records, counted by a JSON.parse of it).
 */
async function runBaseline({
  kind,
  endpoint,
  concurrency,
}: ChildOptions): Promise<Omit<ChildResult, 'mode' | 'maxRssBytes'>> {
  const { client } = await connectS3(settings(endpoint, concurrency), secrets);
  const started = performance.now();
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: PREFIX, ContinuationToken: token }),
    );
    for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  let next = 0;
  let events = 0;
  let bytes = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++];
      const response = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      const body = await response.Body?.transformToByteArray();
      if (!body) continue;
      bytes += body.length;
      const content = await gunzipAsync(body);
      if (kind === 'cloudtrail')
        events += (JSON.parse(content.toString('utf8')) as { Records: unknown[] }).Records.length;
      else for (let at = content.indexOf(0x0a); at !== -1; at = content.indexOf(0x0a, at + 1)) events++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  client.destroy();
  return { seconds: (performance.now() - started) / 1000, checkpointSeconds: 0, events, objects: keys.length, bytes };
}

async function runSync({
  kind,
  endpoint,
  concurrency,
  batchBytes,
}: ChildOptions): Promise<Omit<ChildResult, 'mode' | 'maxRssBytes'>> {
  const work = await mkdtemp(join(tmpdir(), 'trailscope-bench-s3-'));
  try {
    const store = await CaseStore.create(join(work, 'case.duckdb'), { tenantId: TENANTS[kind] });
    try {
      const source = await addSource(store, 'bench', { kind: 's3', settings: settings(endpoint, concurrency) });
      const started = performance.now();
      const summary = await syncS3(store, source, { secrets, batchBytes });
      const checkpointStarted = performance.now();
      await store.connection.run('CHECKPOINT');
      const ended = performance.now();
      return {
        seconds: (ended - started) / 1000,
        checkpointSeconds: (ended - checkpointStarted) / 1000,
        events: summary.added,
        objects: summary.imported,
        bytes: 0,
      };
    } finally {
      store.close();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function child(options: ChildOptions): Promise<void> {
  const result = options.mode === 'baseline' ? await runBaseline(options) : await runSync(options);
  const full: ChildResult = { mode: options.mode, ...result, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(full)}\n`);
}

function runChild(
  mode: Mode,
  kind: DatasetKind,
  endpoint: string,
  concurrency: number,
  batchMib: string | undefined,
): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        SELF,
        '--child',
        mode,
        '--kind',
        kind,
        '--endpoint',
        endpoint,
        '--concurrency',
        String(concurrency),
        ...(batchMib ? ['--batch-mib', batchMib] : []),
      ],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line)
        reject(new Error(`${mode} child failed (${signal ?? `exit code ${code}`})${stdout ? `:\n${stdout}` : ''}`));
      else resolvePromise(JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult);
    });
  });
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function positive(name: string, text: string): number {
  const n = Number(text.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer (got ${text})`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kind: { type: 'string', default: 'generic' },
      events: { type: 'string', default: '1000000' },
      files: { type: 'string', default: '100' },
      concurrency: { type: 'string', default: '8' },
      'batch-mib': { type: 'string' },
      child: { type: 'string' },
      endpoint: { type: 'string' },
    },
  });
  const concurrency = positive('concurrency', values.concurrency);
  const batchMib = values['batch-mib'];
  const batchBytes = batchMib === undefined ? undefined : positive('batch-mib', batchMib) * MB;
  const kind = KINDS.find((k) => k === values.kind);
  if (!kind) throw new Error(`--kind must be one of ${KINDS.join(', ')}`);
  if (values.child !== undefined) {
    const mode = MODES.find((m) => m === values.child);
    if (!mode || !values.endpoint) throw new Error(`--child must be one of ${MODES.join(', ')}, with --endpoint`);
    await child({ mode, kind, endpoint: values.endpoint, concurrency, batchBytes });
    return;
  }
  const events = positive('events', values.events);
  const files = positive('files', values.files);
  const cpuList = cpus();
  console.log('Trailscope S3 sync benchmark');
  console.log(
    `machine: ${cpuList.length} CPUs (${cpuList[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 1024 ** 3)} GB RAM; ` +
      `Node ${process.version}; 1-min load average at start ${(loadavg()[0] ?? 0).toFixed(2)}`,
  );
  const dataset = await ensureDataset(kind, events, files);
  const { manifest } = dataset;
  console.log(
    `dataset: ${int(manifest.events)} ${kind} events in ${manifest.files} gzip ${kind === 'cloudtrail' ? 'JSON document' : 'NDJSON'} objects, ` +
      `${(manifest.totalBytes / MB).toFixed(1)} MB gzip, ${(manifest.uncompressedBytes / MB).toFixed(1)} MB JSON ` +
      `(${dataset.generated ? `generated in ${dataset.generateSeconds.toFixed(1)} s` : 'reused from bench/.data'})`,
  );

  const peer = await startS3rver();
  try {
    const admin = peerClient(peer.endpoint);
    await createBucket(admin, BUCKET);
    const uploadStarted = performance.now();
    for (const entry of manifest.entries)
      await putObject(admin, BUCKET, `${PREFIX}${entry.name}`, await readFile(join(dataset.dir, entry.name)));
    admin.destroy();
    console.log(
      `uploaded to s3rver at ${peer.endpoint} in ${((performance.now() - uploadStarted) / 1000).toFixed(1)} s; ` +
        `concurrency ${concurrency}, batch ${batchMib === undefined ? 'default' : `${batchMib} MiB`}`,
    );

    const baseline = await runChild('baseline', kind, peer.endpoint, concurrency, batchMib);
    console.log(
      `  baseline: ${baseline.seconds.toFixed(2)} s, ${int(baseline.events)} events, peak RSS ${int(baseline.maxRssBytes / MB)} MB`,
    );
    const sync = await runChild('sync', kind, peer.endpoint, concurrency, batchMib);
    console.log(
      `  syncS3:   ${sync.seconds.toFixed(2)} s (CHECKPOINT ${sync.checkpointSeconds.toFixed(2)} s), ${int(sync.events)} events added, peak RSS ${int(sync.maxRssBytes / MB)} MB`,
    );
    if (baseline.events !== manifest.events || sync.events !== manifest.events) {
      throw new Error(
        `expected ${manifest.events} events; baseline read ${baseline.events}, sync added ${sync.events}`,
      );
    }

    const baseRate = manifest.events / baseline.seconds;
    const syncRate = manifest.events / sync.seconds;
    console.log('');
    console.log(
      table(
        ['measurement', 'objects', 'events', 'seconds', 'events/s', 'peak RSS MB'],
        [
          [
            'baseline: GetObject + gunzip, discarded',
            String(baseline.objects),
            int(baseline.events),
            baseline.seconds.toFixed(2),
            int(baseRate),
            int(baseline.maxRssBytes / MB),
          ],
          [
            'syncS3 into a fresh case (+ CHECKPOINT)',
            String(sync.objects),
            int(sync.events),
            sync.seconds.toFixed(2),
            int(syncRate),
            int(sync.maxRssBytes / MB),
          ],
        ],
      ),
    );
    console.log(`\nratio syncS3 / baseline: ${(syncRate / baseRate).toFixed(3)}x (target >= 0.8x)`);
    console.log(`1-min load average at end: ${(loadavg()[0] ?? 0).toFixed(2)}`);
  } finally {
    await peer.close();
  }
}

await main();
