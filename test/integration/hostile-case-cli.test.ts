// Security regression (issue 14, item 2): a case file made by someone else must not send this user's secrets
// anywhere. Mallory's case names a base URL and `--token-env AWS_SECRET_ACCESS_KEY`; when the victim runs
// `trailscope sync`, nothing reaches the listener until the victim trusts the source (--trust-source), and a source
// changed in the case file after that is refused again. Two users = two config folders ($XDG_CONFIG_HOME).
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseStore } from '../../src/main/core/store/case-store';
import { queryRows } from '../../src/main/core/store/sql';
import { describeRun, lastJson, runCli } from '../helpers/cli';
import { startRecorder, type Recorder } from '../helpers/recorder';
import { tempDir } from '../helpers/temp';
import { peerRecords, startAuditApiPeer, type AuditApiPeer } from '../peers/audit-api';

const SECRET = 'aws-5ecret-Victim-7c6b5a4d3e2f';
const closers: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c.close()));
});

async function peer(): Promise<AuditApiPeer> {
  const started = await startAuditApiPeer({
    token: SECRET,
    records: { generic: peerRecords('generic', { events: 30, seed: 7, tenant: 'ws_acme' }) },
  });
  closers.push(started);
  return started;
}

async function recorder(): Promise<Recorder> {
  const started = await startRecorder();
  closers.push(started);
  return started;
}

/** Mallory makes a case, in her own config folder, whose source sends the victim's AWS secret to `baseUrl`. */
async function mallorysCase(baseUrl: string): Promise<string> {
  const mallory = { XDG_CONFIG_HOME: join(await tempDir(), 'mallory') };
  const casePath = join(await tempDir(), 'case.duckdb');
  expect((await runCli(['case', 'create', casePath, '--tenant', 'ws_acme'], { env: mallory })).code).toBe(0);
  const source = await runCli(
    [
      'source',
      'add',
      casePath,
      'api',
      '--preset',
      'generic',
      '--base-url',
      baseUrl,
      '--token-env',
      'AWS_SECRET_ACCESS_KEY',
    ],
    { env: mallory },
  );
  expect(source.code, describeRun(source)).toBe(0);
  return casePath;
}

async function setBaseUrl(casePath: string, baseUrl: string): Promise<void> {
  const store = await CaseStore.open(casePath);
  try {
    const [row] = await queryRows(store.connection, `SELECT settings::VARCHAR AS s FROM sources WHERE id = 'api-1'`);
    const settings = { ...(JSON.parse(String(row?.['s'])) as object), baseUrl };
    await store.connection.run(`UPDATE sources SET settings = $1::JSON WHERE id = 'api-1'`, [JSON.stringify(settings)]);
  } finally {
    store.close();
  }
}

describe('a case made by someone else (trailscope sync)', () => {
  it('sends nothing until the user trusts the source, names host and variable, then syncs with --trust-source', async () => {
    const api = await peer();
    const casePath = await mallorysCase(api.url);
    const victimConfig = join(await tempDir(), 'victim');
    const victim = { XDG_CONFIG_HOME: victimConfig, AWS_SECRET_ACCESS_KEY: SECRET };

    const refused = await runCli(['sync', casePath], { env: victim });
    expect(refused.code, describeRun(refused)).toBe(1);
    expect(refused.stderr).toContain(`to ${api.url}`);
    expect(refused.stderr).toContain('environment variable AWS_SECRET_ACCESS_KEY');
    expect(refused.stderr).toContain('Nothing was sent');
    expect(refused.stderr).toContain('--trust-source api-1');
    expect(refused.stderr + refused.stdout).not.toContain(SECRET);
    expect(api.requests).toEqual([]);

    const trusted = await runCli(['sync', casePath, '--trust-source', 'api-1', '--json'], { env: victim });
    expect(trusted.code, describeRun(trusted)).toBe(0);
    expect(lastJson(trusted)).toMatchObject({ added: 30 });
    expect(api.requests.length).toBeGreaterThan(0);
    // Trusted once: the next sync needs no flag.
    expect((await runCli(['sync', casePath], { env: victim })).code).toBe(0);

    // The trust is the victim's own, outside the case: owner-only.
    expect((await stat(join(victimConfig, 'trailscope'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(victimConfig, 'trailscope', 'trusted-sources.json'))).mode & 0o777).toBe(0o600);
  });

  it('a source changed in the case file after it was trusted is refused again, and nothing reaches the new host', async () => {
    const api = await peer();
    const elsewhere = await recorder();
    const casePath = await mallorysCase(api.url);
    const victim = { XDG_CONFIG_HOME: join(await tempDir(), 'victim'), AWS_SECRET_ACCESS_KEY: SECRET };
    expect((await runCli(['sync', casePath, '--trust-source', 'api-1'], { env: victim })).code).toBe(0);

    await setBaseUrl(casePath, elsewhere.url);
    const refused = await runCli(['sync', casePath], { env: victim });
    expect(refused.code, describeRun(refused)).toBe(1);
    expect(refused.stderr).toContain(`to ${elsewhere.url}`);
    expect(refused.stderr).toContain('changed since you did');
    expect(elsewhere.requests).toEqual([]);
  });

  it('syncing every source names each one awaiting confirmation before any of them sends anything', async () => {
    const [api, elsewhere] = [await peer(), await recorder()];
    const casePath = await mallorysCase(api.url);
    const mallory = { XDG_CONFIG_HOME: join(await tempDir(), 'mallory') };
    const second = ['source', 'add', casePath, 'api', '--preset', 'generic', '--base-url', elsewhere.url];
    expect((await runCli([...second, '--token-env', 'GITHUB_TOKEN'], { env: mallory })).code).toBe(0);
    const victim = { XDG_CONFIG_HOME: join(await tempDir(), 'victim'), AWS_SECRET_ACCESS_KEY: SECRET };

    const listed = await runCli(['source', 'list', casePath, '--json'], { env: victim });
    const doubts = (lastJson(listed) as { sources: { id: string; doubt: string | null }[] }).sources;
    expect(doubts.map((s) => [s.id, s.doubt !== null])).toEqual([
      ['api-1', true],
      ['api-2', true],
    ]);

    const refused = await runCli(['sync', casePath], { env: victim });
    expect(refused.code, describeRun(refused)).toBe(1);
    expect(refused.stderr).toContain(`to ${api.url}`);
    expect(refused.stderr).toContain(`to ${elsewhere.url}`);
    expect(refused.stderr).toContain('--trust-source api-1 --trust-source api-2');
    // Confirming one is not enough: the other still stops the run before the first sends anything.
    const half = await runCli(['sync', casePath, '--trust-source', 'api-1'], { env: victim });
    expect(half.code, describeRun(half)).toBe(1);
    expect(half.stderr).toContain('--trust-source api-2');
    expect(half.stderr).not.toContain('--trust-source api-1');
    expect(api.requests).toEqual([]);
    expect(elsewhere.requests).toEqual([]);
  });

  it('a source the user added themselves syncs without a flag', async () => {
    const api = await peer();
    const me = { XDG_CONFIG_HOME: join(await tempDir(), 'me'), MY_TOKEN: SECRET };
    const casePath = join(await tempDir(), 'case.duckdb');
    expect((await runCli(['case', 'create', casePath, '--tenant', 'ws_acme'], { env: me })).code).toBe(0);
    const args = ['source', 'add', casePath, 'api', '--preset', 'generic', '--base-url', api.url];
    expect((await runCli([...args, '--token-env', 'MY_TOKEN'], { env: me })).code).toBe(0);
    const synced = await runCli(['sync', casePath, '--json'], { env: me });
    expect(synced.code, describeRun(synced)).toBe(0);
    expect(lastJson(synced)).toMatchObject({ added: 30 });
  });
});
