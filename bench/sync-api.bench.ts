// API sync benchmark (issue 4): Trailscope's sync of N generic events from our audit-API peer against a bare
// undici loop that fetches the same pages (same page size, same cursor walk) and discards them, and against a file
// import of the same records (the pages' records written to 100 gzipped NDJSON files first, untimed), in the same run:
// issue 19 asks sync to cost what import costs (≥ 0.8× its rate).
// `tsx bench/sync-api.bench.ts [--events N] [--page-size P]`. The peer runs in its own process (api-peer-child.ts).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { EnvSecretStore } from '../src/main/core/secrets';
import { importFiles } from '../src/main/core/sources/files/import-files';
import { CaseStore } from '../src/main/core/store/case-store';
import { addSource } from '../src/main/core/store/sources-repo';
import { syncSource } from '../src/main/core/sync/sync';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const TOKEN = 'bench-token';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '1000000' }, 'page-size': { type: 'string', default: '1000' } },
});
const events = Number(values.events);
const pageSize = Number(values['page-size']);

function startPeer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(BENCH_DIR, 'api-peer-child.ts'), String(events), TOKEN],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const match = /^ready (\S+)$/m.exec(out);
      if (match?.[1]) resolve({ url: match[1], stop: () => child.stdin.end() });
    });
    child.once('exit', (code) => reject(new Error(`peer exited with ${code}`)));
  });
}

/**
 * The same cursor walk the generic preset makes, each page's records handed to `keep` (the bare loop discards them):
 * what the network and server allow.
 */
async function walkPages(
  url: string,
  keep: (records: unknown[]) => void = () => undefined,
): Promise<{ seconds: number; records: number; bytes: number }> {
  const started = performance.now();
  let cursor: string | null = null;
  let records = 0;
  let bytes = 0;
  for (let page = 0; page < 1_000_000; page++) {
    const target = new URL('/api/audit-log', url);
    target.searchParams.set('limit', String(pageSize));
    if (cursor) target.searchParams.set('cursor', cursor);
    const response = await request(target, { headers: { authorization: `Bearer ${TOKEN}` } });
    const text = await response.body.text();
    bytes += text.length;
    const body = JSON.parse(text) as { data: unknown[]; next_cursor: string | null };
    records += body.data.length;
    keep(body.data);
    cursor = body.next_cursor;
    if (!cursor) break;
  }
  return { seconds: (performance.now() - started) / 1000, records, bytes };
}

/** The pages' records as 100 gzipped NDJSON files, then imported into a new case: only the import is timed. */
async function importSameRecords(url: string): Promise<{ seconds: number; added: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'trailscope-bench-'));
  try {
    const files = join(dir, 'files');
    await mkdir(files);
    const perFile = Math.max(1, Math.ceil(events / 100));
    let lines: string[] = [];
    let written = 0;
    const flush = async () => {
      if (lines.length === 0) return;
      const name = `records-${String(written++).padStart(4, '0')}.ndjson.gz`;
      await writeFile(join(files, name), gzipSync(`${lines.join('\n')}\n`));
      lines = [];
    };
    const pending: string[][] = [];
    await walkPages(url, (records) => pending.push(records.map((r) => JSON.stringify(r))));
    for (const page of pending) {
      lines.push(...page);
      if (lines.length >= perFile) await flush();
    }
    await flush();
    const store = await CaseStore.create(join(dir, 'case.duckdb'), { tenantId: 'acme' });
    const started = performance.now();
    const summary = await importFiles(store, [files]);
    await store.connection.run('CHECKPOINT');
    const seconds = (performance.now() - started) / 1000;
    store.close();
    return { seconds, added: summary.added };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function trailscopeSync(url: string): Promise<{ seconds: number; added: number; peakRssMB: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'trailscope-bench-'));
  try {
    const store = await CaseStore.create(join(dir, 'case.duckdb'), { tenantId: 'acme' });
    const source = await addSource(store, 'peer', {
      kind: 'api',
      settings: {
        preset: 'generic',
        baseUrl: url,
        region: null,
        tokenRef: 'BENCH_TOKEN',
        org: null,
        enterprise: null,
        streams: [],
        tenant: null,
        serviceAccountKeyRef: null,
        subject: null,
        pageSize,
        pollSeconds: 60,
        overlapSeconds: 0,
      },
    });
    const started = performance.now();
    const summary = await syncSource(store, source.id, { secrets: new EnvSecretStore({ BENCH_TOKEN: TOKEN }) });
    await store.connection.run('CHECKPOINT');
    const seconds = (performance.now() - started) / 1000;
    store.close();
    return { seconds, added: summary.added, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const peer = await startPeer();
try {
  process.stderr.write(
    `API sync of ${events.toLocaleString('en-US')} generic events, ${pageSize} per page, peer ${peer.url}\n`,
  );
  const bare = await walkPages(peer.url);
  if (bare.records !== events) throw new Error(`the bare loop saw ${bare.records} records, not ${events}`);
  const synced = await trailscopeSync(peer.url);
  if (synced.added !== events) throw new Error(`the sync added ${synced.added} events, not ${events}`);
  const imported = await importSameRecords(peer.url);
  if (imported.added !== events) throw new Error(`the import added ${imported.added} events, not ${events}`);
  const bareRate = events / bare.seconds;
  const syncRate = events / synced.seconds;
  const importRate = events / imported.seconds;
  const rows = [
    ['bare undici loop (fetch + JSON.parse, discard)', bare.seconds, bareRate, '1.00×'],
    ['trailscope sync (into a new case)', synced.seconds, syncRate, `${(syncRate / bareRate).toFixed(2)}×`],
    ['trailscope import of the same records (100 .ndjson.gz)', imported.seconds, importRate, '—'],
  ] as const;
  console.log(
    `\n| ${events.toLocaleString('en-US')} events (${(bare.bytes / 1e6).toFixed(0)} MB of pages) | seconds | events/s | ratio |`,
  );
  console.log('|---|---|---|---|');
  for (const [name, seconds, rate, ratio] of rows)
    console.log(`| ${name} | ${seconds.toFixed(1)} | ${Math.round(rate).toLocaleString('en-US')} | ${ratio} |`);
  console.log(
    `\nsync / import of the same records: ${(syncRate / importRate).toFixed(2)}× (target ≥ 0.8×); ` +
      `peak RSS of the syncing process: ${synced.peakRssMB} MB (measured before the import)`,
  );
} finally {
  peer.stop();
}
