// `trailscope verify` as a user runs it: the demo case verifies intact (exit 0); a copy tampered with one UPDATE
// behind Trailscope's back exits 4 and names the event; --json is one document with every finding; --expect-head
// in both its forms.
import { mkdtempSync, rmSync } from 'node:fs';
import { copyFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckOutcome } from '@shared/domain/integrity';
import { describeRun, lastJson, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

interface VerifyJson {
  verification: number;
  verdict: string;
  outcomes: CheckOutcome[];
}

let demo: string;
let head: { count: number; hash: string };

/** A copy of the demo case, so each test has its own verifications. */
async function demoCopy(): Promise<string> {
  const path = join(await tempDir(), 'copy.duckdb');
  await copyFile(demo, path);
  return path;
}

// Not in tempDir(), which is per test: this case serves the whole file.
const DEMO_DIR = mkdtempSync(join(tmpdir(), 'trailscope-verify-cli-'));
afterAll(() => rmSync(DEMO_DIR, { recursive: true, force: true }));

beforeAll(async () => {
  demo = join(DEMO_DIR, 'demo.duckdb');
  const made = await runCli(['demo', demo, '--events', '2000', '--json']);
  expect(made.code, describeRun(made)).toBe(0);
  head = { count: 2000, hash: (lastJson(made) as { chainHead: string }).chainHead };
}, 120_000);

describe('trailscope verify', () => {
  it('verifies the demo case intact (exit 0) and prints one JSON document with --json', async () => {
    const path = await demoCopy();
    const run = await runCli(['verify', path, '--json']);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stderr).toContain('Hash chain: 2,000 event(s) in 1 chain(s): intact.');
    expect(run.stderr).toContain('Verification 1: intact.');
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const json = lastJson(run) as VerifyJson;
    expect(json).toMatchObject({ verification: 1, verdict: 'intact' });
    expect(json.outcomes).toEqual([
      expect.objectContaining({
        check: 'chain',
        verdict: 'intact',
        counts: { events: 2000, chains: 1 },
        findings: [],
        heads: [{ tenantId: 'demo', ...head }],
      }),
      // Files imported, no CloudTrail digests: nothing for that check to verify.
      expect.objectContaining({ check: 'cloudtrail', verdict: 'not_applicable' }),
      expect.objectContaining({ check: 'case', verdict: 'intact', findings: [] }),
    ]);
    // The head it printed, given back in the COUNT:HASH form: still intact. A longer one: a truncated tail.
    const again = await runCli(['verify', path, '--chain', '--expect-head', `${head.count}:${head.hash}`]);
    expect(again.code, describeRun(again)).toBe(0);
    const longer = await runCli(['verify', path, '--expect-head', `demo:${head.count + 5}:${head.hash}`, '--json']);
    expect(longer.code, describeRun(longer)).toBe(4);
    expect((lastJson(longer) as VerifyJson).outcomes[0]?.findings).toEqual([
      expect.objectContaining({ class: 'truncated_tail', seqs: [2001, 2005] }),
    ]);
  }, 60_000);

  it('names the event changed by one UPDATE behind its back (exit 4)', async () => {
    const path = await demoCopy();
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run(
      `UPDATE events SET raw = json_merge_patch(raw, '{"ip_address":"10.9.9.9"}') WHERE chain_seq = 1234`,
    );
    const [row] = (await connection.runAndReadAll(`SELECT uid FROM events WHERE chain_seq = 1234`)).getRowObjectsJson();
    connection.closeSync();
    instance.closeSync();

    const run = await runCli(['verify', path, '--json']);
    expect(run.code, describeRun(run)).toBe(4);
    expect(run.stderr).toMatch(/FINDING modified: tenant demo: seq 1234 was changed/);
    expect(run.stderr).toContain(`uid ${String(row?.['uid'])}`);
    const json = lastJson(run) as VerifyJson;
    expect(json.verdict).toBe('findings');
    expect(json.outcomes[0]?.findings.map((f) => ({ class: f.class, seqs: f.seqs, uids: f.uids }))).toEqual([
      { class: 'modified', seqs: [1234], uids: [row?.['uid']] },
    ]);
  }, 60_000);

  it('takes a chain scheme from a file, and refuses one the contract does not allow', async () => {
    const path = await demoCopy();
    const dir = await tempDir();
    const scheme = join(dir, 'scheme.json');
    await writeFile(
      scheme,
      JSON.stringify({ sourceId: 'files', seq: 'chain.seq', hash: 'chain.hash', prev: 'chain.prev' }),
    );
    const run = await runCli(['verify', path, '--chain', '--chain-scheme', scheme]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stderr).toContain('Hash chain: 2,000 event(s) in 1 chain(s): intact.');
    await writeFile(scheme, JSON.stringify([{ sourceId: 'files', seq: 'a', hash: 'b', prev: 'c', algorithm: 'md5' }]));
    const refused = await runCli(['verify', path, '--chain-scheme', scheme]);
    expect(refused.code, describeRun(refused)).toBe(2);
    expect(refused.stderr).toContain('algorithm');
  }, 60_000);

  it('refuses a malformed --expect-head as a usage error', async () => {
    const run = await runCli(['verify', demo, '--expect-head', '12:nothex']);
    expect(run.code, describeRun(run)).toBe(2);
    expect(run.stderr).toContain('TENANT:COUNT:HASH');
  });
});
