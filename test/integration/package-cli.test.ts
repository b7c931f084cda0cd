// `trailscope package`, `verify-package` and `deliver` as a user runs them: a package of the demo case verifies (exit
// 0) and says what checking against the key inside proves; a tampered copy exits 4 naming the file; the sender's key
// given with --public-key; an existing file is not replaced without --force (exit 2).
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_HOME, describeRun, lastJson, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

const DIR = mkdtempSync(join(tmpdir(), 'trailscope-package-cli-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
const demo = join(DIR, 'demo.duckdb');

beforeAll(async () => {
  const made = await runCli(['demo', demo, '--events', '2000']);
  expect(made.code, describeRun(made)).toBe(0);
}, 120_000);

describe('trailscope package and verify-package', () => {
  it('writes a package that verifies, then names a tampered file (exit 4)', async () => {
    const zip = join(await tempDir(), 'evidence.zip');
    const made = await runCli(['package', demo, 'outcome:failure', '--out', zip, '--json']);
    expect(made.code, describeRun(made)).toBe(0);
    const summary = lastJson(made) as { fingerprint: string; sha256: string; events: number };
    expect(made.stderr).toContain(`fingerprint ${summary.fingerprint}`);
    expect(summary.events).toBeGreaterThan(0);
    expect((await stat(join(CONFIG_HOME, 'trailscope', 'signing-key.pem'))).mode & 0o777).toBe(0o600);

    const ok = await runCli(['verify-package', zip, '--json']);
    expect(ok.code, describeRun(ok)).toBe(0);
    expect(ok.stderr).toContain('this proves the package is whole, not who made it');
    expect(ok.stderr).toContain('The package is intact.');
    expect(lastJson(ok)).toMatchObject({ intact: true, fingerprint: summary.fingerprint, events: summary.events });

    const files = { ...unzipSync(await readFile(zip)) };
    const journal = Buffer.from(files['journal.json'] ?? []).toString('utf8');
    files['journal.json'] = strToU8(journal.replace('"demo.create"', '"demo.crEate"'));
    await writeFile(zip, zipSync(files));
    const bad = await runCli(['verify-package', zip]);
    expect(bad.code, describeRun(bad)).toBe(4);
    expect(bad.stderr).toContain('journal.json: ALTERED');
    expect(bad.stderr).toContain('The package is NOT intact');
  });

  it("fails against a --public-key that is not the signer's, and never overwrites without --force", async () => {
    const dir = await tempDir();
    const zip = join(dir, 'evidence.zip');
    expect((await runCli(['package', demo, '--out', zip])).code).toBe(0);
    const other = join(dir, 'other.pem');
    await writeFile(other, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const run = await runCli(['verify-package', zip, '--public-key', other]);
    expect(run.code, describeRun(run)).toBe(4);
    expect(run.stderr).toContain('Signature: invalid');

    const again = await runCli(['package', demo, '--out', zip]);
    expect(again.code, describeRun(again)).toBe(2);
    expect(again.stderr).toContain('already exists; give --force');
    expect((await runCli(['package', demo, '--out', zip, '--force'])).code).toBe(0);
  });

  it('deliver needs exactly one of --presigned-url and --post-policy', async () => {
    const run = await runCli(['deliver', join(DIR, 'x.zip')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Give one of --presigned-url URL or --post-policy FILE.');
  });
});
