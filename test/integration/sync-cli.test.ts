// `trailscope source add|list` and `trailscope sync` as a user runs them, against the audit-log API peer: the
// --json contract, exit codes, and that the token never appears in anything the CLI prints or the case keeps.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { peerRecords, startAuditApiPeer, type AuditApiPeer } from '../peers/audit-api';
import { describeRun, lastJson, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

const TOKEN = 'cli-5ecret-token-9f8e7d6c';
let peer: AuditApiPeer | undefined;

afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

async function caseWithApiSource(): Promise<{ casePath: string; peer: AuditApiPeer }> {
  peer = await startAuditApiPeer({
    token: TOKEN,
    records: { okta: peerRecords('okta', { events: 250, seed: 4, tenant: 'acme' }) },
  });
  const casePath = join(await tempDir(), 'case.duckdb');
  expect((await runCli(['case', 'create', casePath, '--tenant', 'acme'])).code).toBe(0);
  const added = await runCli([
    'source',
    'add',
    casePath,
    'api',
    '--preset',
    'okta',
    '--base-url',
    peer.url,
    '--token-env',
    'OKTA_TOKEN',
    '--page-size',
    '100',
    '--json',
  ]);
  expect(added.code, describeRun(added)).toBe(0);
  expect(lastJson(added)).toEqual({ id: 'api-1', kind: 'api', name: `okta ${peer.url}` });
  return { casePath, peer };
}

describe('trailscope source + sync', () => {
  it('syncs a saved API source, prints one JSON line, and a second run adds nothing', async () => {
    const { casePath } = await caseWithApiSource();

    const first = await runCli(['sync', casePath, '--json'], { env: { OKTA_TOKEN: TOKEN } });
    expect(first.code, describeRun(first)).toBe(0);
    expect(lastJson(first)).toEqual({
      sources: [{ id: 'api-1', added: 250, duplicates: 0, rejected: 0, changed: 0 }],
      added: 250,
      duplicates: 0,
      rejected: 0,
      changed: 0,
    });
    const second = await runCli(['sync', casePath, '--source', 'api-1', '--json'], { env: { OKTA_TOKEN: TOKEN } });
    expect(lastJson(second)).toMatchObject({ added: 0 });

    const listed = await runCli(['source', 'list', casePath, '--json']);
    const sources = (
      lastJson(listed) as { sources: { id: string; settings: { tokenRef: string }; checkpoint: unknown }[] }
    ).sources;
    expect(sources).toHaveLength(1);
    expect(sources[0]?.settings.tokenRef).toBe('OKTA_TOKEN');
    expect(sources[0]?.checkpoint).toMatchObject({ streams: { logs: { pending: null } } });

    for (const output of [first, second, listed]) expect(output.stdout + output.stderr).not.toContain(TOKEN);
    expect((await readFile(casePath)).includes(Buffer.from(TOKEN))).toBe(false);
  });

  it('a wrong token exits 1 with a message naming the variable, not the token', async () => {
    const { casePath } = await caseWithApiSource();
    const result = await runCli(['sync', casePath], { env: { OKTA_TOKEN: 'wrong-token-value' } });
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/Okta refused the credential from environment variable OKTA_TOKEN \(HTTP 401/);
    expect(result.stderr).not.toContain('wrong-token-value');
  });

  it('an unset token variable exits 1 and says which variable to set', async () => {
    const { casePath } = await caseWithApiSource();
    const result = await runCli(['sync', casePath], { env: { OKTA_TOKEN: '' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('environment variable OKTA_TOKEN, which is not set');
  });

  it('refuses a secret on the command line and a plain-http base URL to another host', async () => {
    const casePath = join(await tempDir(), 'case.duckdb');
    await runCli(['case', 'create', casePath, '--tenant', 'acme']);
    const secretAsName = await runCli([
      'source',
      'add',
      casePath,
      'api',
      '--preset',
      'generic',
      '--base-url',
      'https://a.example.com',
      '--token-env',
      'sk-live-123/abc',
    ]);
    expect(secretAsName.code).toBe(2);
    expect(secretAsName.stderr).toContain('NAME of an environment variable');

    const http = await runCli([
      'source',
      'add',
      casePath,
      'api',
      '--preset',
      'generic',
      '--base-url',
      'http://audit.example.com',
      '--token-env',
      'T',
    ]);
    expect(http.code).toBe(2);
    expect(http.stderr).toContain('must be https');
    expect(lastJson(await runCli(['source', 'list', casePath, '--json']))).toEqual({ sources: [] });
  });
});
