// Nothing lost, nothing doubled: `trailscope sync` of an API source is killed with SIGKILL at 20 random points
// (seeded), restarted each time, then run to the end. A run that finishes before its kill gets newer records added
// to the source, so every restart has work to be killed in. The case must hold exactly the source's events, the
// ledger must account for each event once, and the checkpoint must say the stream is complete.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Rng } from '../../src/main/core/demo/rng';
import { CaseStore } from '../../src/main/core/store/case-store';
import { addSource } from '../../src/main/core/store/sources-repo';
import { queryRows } from '../../src/main/core/store/sql';
import { peerRecords, startAuditApiPeer, type AuditApiPeer } from '../peers/audit-api';
import { BIN, CONFIG_HOME, describeRun, REPO_ROOT, runCli } from '../helpers/cli';
import { apiSettings } from '../helpers/source-settings';
import { tempDir } from '../helpers/temp';

const TOKEN = 'kill-test-token-0123456789';
const KILLS = 20;
let peer: AuditApiPeer | undefined;

afterEach(async () => {
  await peer?.close();
});

/** Starts `trailscope sync` and SIGKILLs it after `delayMs` unless it finished first; resolves how it ended. */
function syncKilledAfter(casePath: string, delayMs: number): Promise<'killed' | number> {
  return new Promise((resolve, reject) => {
    // The source was saved by the test, not through this user's Trailscope: the user trusts it on the command line.
    const child = spawn(process.execPath, [BIN, 'sync', casePath, '--source', 'api-1', '--trust-source', 'api-1'], {
      cwd: REPO_ROOT,
      env: { ...process.env, XDG_CONFIG_HOME: CONFIG_HOME, PEER_TOKEN: TOKEN },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve(0);
      else reject(new Error(`sync exited ${code}: ${stderr}`));
    });
  });
}

it('survives 20 SIGKILLs at random points with no gap and no duplicate', { timeout: 240_000 }, async () => {
  const records = peerRecords('generic', { events: 6000, seed: 21, tenant: 'acme' });
  // The scratch run below times one increment; the case then has 3000 records to fetch when the kills start.
  let served = 300;
  // Every request a little slow, so a run spans many small transactions and the kills land between and inside them.
  peer = await startAuditApiPeer({
    token: TOKEN,
    records: { generic: records.slice(0, served) },
    faults: [{ kind: 'slow', at: 1, times: 1_000_000, delayMs: 40 }],
  });
  const dir = await tempDir();
  const casePath = join(dir, 'case.duckdb');
  const scratch = join(dir, 'scratch.duckdb');
  for (const path of [casePath, scratch]) {
    const store = await CaseStore.create(path, { tenantId: 'acme' });
    await addSource(store, 'peer', {
      kind: 'api',
      settings: apiSettings({ preset: 'generic', baseUrl: peer.url, tokenRef: 'PEER_TOKEN', pageSize: 50 }),
    });
    store.close();
  }

  // How long a run of one increment (300 records) takes here, process start included, measured on the scratch case:
  // the kills land at random points within it. (Timed on a whole 3000-record run, most incremental runs ended
  // before their kill once the CLI started in 0.1 s rather than 1 s through tsx.)
  const started = performance.now();
  expect(await syncKilledAfter(scratch, 120_000)).toBe(0);
  const fullRunMs = performance.now() - started;
  peer.addRecords('generic', records.slice(served, 3000));
  served = 3000;

  const rng = new Rng(20251016);
  let killed = 0;
  for (let attempt = 0; killed < KILLS && attempt < 3 * KILLS; attempt++) {
    const outcome = await syncKilledAfter(casePath, Math.round(rng.float() * fullRunMs));
    if (outcome === 'killed') killed++;
    else if (served < records.length) {
      peer.addRecords('generic', records.slice(served, served + 300));
      served += 300;
    }
  }
  expect(killed).toBe(KILLS);
  const final = await runCli(['sync', casePath, '--source', 'api-1', '--trust-source', 'api-1', '--json'], {
    env: { PEER_TOKEN: TOKEN },
  });
  expect(final.code, describeRun(final)).toBe(0);

  const check = await CaseStore.open(casePath, { readOnly: true });
  try {
    const uids = (await queryRows(check.connection, 'SELECT uid FROM events ORDER BY uid')).map((r) =>
      String(r['uid']),
    );
    expect(uids).toEqual(
      records
        .slice(0, served)
        .map((r) => String(r['id']))
        .sort(),
    );
    // The ledger accounts for every event exactly once (a page fetched again after a kill adds only duplicates).
    const [ledger] = await queryRows(check.connection, `SELECT sum(added)::INT AS added FROM ingest_ledger`);
    expect(ledger?.['added']).toBe(uids.length);
    const [source] = await queryRows(check.connection, `SELECT checkpoint::VARCHAR AS c FROM sources`);
    expect(JSON.parse(String(source?.['c']))).toMatchObject({ streams: { events: { pending: null } } });
  } finally {
    check.close();
  }
});
