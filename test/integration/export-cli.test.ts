// `trailscope export` and `trailscope journal` as a user runs them: exit codes (0 written, 2 usage: an existing
// file without --force, a bad column or format), --json, and the export listed in the journal.
import { mkdtempSync, rmSync } from 'node:fs';
import { copyFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntry } from '@shared/domain/exports';
import { describeRun, lastJson, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

const DEMO_DIR = mkdtempSync(join(tmpdir(), 'trailscope-export-cli-'));
afterAll(() => rmSync(DEMO_DIR, { recursive: true, force: true }));
let demo: string;

beforeAll(async () => {
  demo = join(DEMO_DIR, 'demo.duckdb');
  const made = await runCli(['demo', demo, '--events', '500', '--json']);
  expect(made.code, describeRun(made)).toBe(0);
}, 120_000);

async function demoCopy(): Promise<string> {
  const path = join(await tempDir(), 'copy.duckdb');
  await copyFile(demo, path);
  return path;
}

describe('trailscope export', () => {
  it('writes a CSV of the query (exit 0), prints its SHA-256, and the journal lists it', async () => {
    const path = await demoCopy();
    const out = join(await tempDir(), 'events.csv');
    const run = await runCli(['export', path, 'outcome:failure', '--format', 'csv', '--out', out, '--json']);
    expect(run.code, describeRun(run)).toBe(0);
    const summary = lastJson(run) as { events: number; sha256: string; bytes: number };
    const rows = parse(await readFile(out, 'utf8'), { record_delimiter: '\r\n' }) as string[][];
    expect(summary.events).toBeGreaterThan(0);
    expect(rows.length - 1).toBe(summary.events);
    expect(rows.slice(1).every((r) => r[rows[0]!.indexOf('outcome')] === 'failure')).toBe(true);
    expect(run.stderr).toContain(summary.sha256);
    expect((await stat(out)).size).toBe(summary.bytes);

    const journal = await runCli(['journal', path, '--json']);
    expect(journal.code, describeRun(journal)).toBe(0);
    const { entries } = lastJson(journal) as { entries: JournalEntry[] };
    expect(entries.at(-1)).toMatchObject({
      action: 'export',
      detail: { query: 'outcome:failure', format: 'csv', file: 'events.csv', sha256: summary.sha256 },
    });
    expect(journal.stderr).toContain('export');
  });

  it('--partitioned writes a Hive-partitioned folder (exit 0), exits 2 for it again without --force', async () => {
    const path = await demoCopy();
    const out = join(await tempDir(), 'events');
    const args = ['export', path, '--format', 'parquet', '--partitioned', '--out', out];

    const run = await runCli([...args, '--json']);
    const again = await runCli(args);

    expect(run.code, describeRun(run)).toBe(0);
    const summary = lastJson(run) as { events: number; files: number };
    expect(summary.events).toBe(500);
    expect(run.stderr).toContain(`partitioned, ${summary.files} files`);
    const tenants = await readdir(out);
    expect(tenants.length).toBeGreaterThan(0);
    expect(tenants.every((name) => name.startsWith('tenant_id='))).toBe(true);
    expect(again.code, describeRun(again)).toBe(2);
    expect(again.stderr).toContain('--force');
  });

  it('exits 2 for an existing file without --force, and overwrites it with --force', async () => {
    const path = await demoCopy();
    const out = join(await tempDir(), 'events.parquet');
    await writeFile(out, 'keep');
    const refused = await runCli(['export', path, '--format', 'parquet', '--out', out]);
    expect(refused.code, describeRun(refused)).toBe(2);
    expect(refused.stderr).toContain('--force');
    expect(await readFile(out, 'utf8')).toBe('keep');
    const forced = await runCli(['export', path, '--format', 'parquet', '--out', out, '--force', '--json']);
    expect(forced.code, describeRun(forced)).toBe(0);
    expect((lastJson(forced) as { events: number }).events).toBe(500);
  });

  it('exits 2 for an unknown column, an unknown format, raw with --redact, and a bad query', async () => {
    const path = await demoCopy();
    const out = join(await tempDir(), 'x');
    for (const args of [
      ['--format', 'csv', '--columns', 'uid,nope'],
      ['--format', 'xlsx'],
      ['--format', 'raw', '--redact', 'emails'],
      ['--format', 'csv', '--redact', 'phones'],
    ]) {
      const run = await runCli(['export', path, ...args, '--out', out]);
      expect(run.code, `${args.join(' ')}\n${describeRun(run)}`).toBe(2);
    }
    const bad = await runCli(['export', path, 'action:(', '--format', 'csv', '--out', out]);
    expect(bad.code, describeRun(bad)).toBe(2);
    await expect(stat(out)).rejects.toThrow();
  });
});
