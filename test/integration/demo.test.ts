// `createDemoCase` and `trailscope demo` against a real DuckDB case: exactly N events land through the ordinary
// file importer, none rejected, the incident's ids present, the chain numbered 1..N without a gap, the case meta
// set — and a failed or cancelled run leaves neither a case nor temp files behind.
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerDemoCommand } from '../../src/main/cli/demo-command';
import { createDemoCase } from '../../src/main/core/demo/create-demo-case';
import { INCIDENT_EVENT_COUNT, INCIDENT_EVENT_IDS } from '../../src/main/core/demo/incident';
import { isAppError } from '../../src/main/core/errors';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { CaseStore } from '../../src/main/core/store/case-store';
import { queryRows } from '../../src/main/core/store/sql';
import { tempDir } from '../helpers/temp';

const N = 5_000;

async function demoTempDirs(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith('trailscope-demo-'));
}

async function readCase<T>(path: string, work: (store: CaseStore) => Promise<T>): Promise<T> {
  const store = await CaseStore.open(path, { readOnly: true });
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

describe('createDemoCase', () => {
  it('imports exactly N events with no rejects, the incident included, chained 1..N without gaps', async () => {
    const path = join(await tempDir(), 'demo.duckdb');
    const before = await demoTempDirs();

    const summary = await createDemoCase(path, { events: N, seed: 11, tenant: 'acme' });

    expect(summary).toMatchObject({ tenant: 'acme', events: N, files: 1, rejected: 0, duplicates: 0, paths: [] });
    expect(summary.chainHead).toMatch(/^[0-9a-f]{64}$/);
    await readCase(path, async (store) => {
      const [counts] = await queryRows(
        store.connection,
        `SELECT count(*)::INTEGER AS n, count(DISTINCT uid)::INTEGER AS uids, min(chain_seq)::INTEGER AS lo,
           max(chain_seq)::INTEGER AS hi, count(DISTINCT chain_seq)::INTEGER AS seqs,
           (count(*) FILTER (WHERE tenant_id <> 'acme'))::INTEGER AS foreign_tenant,
           (SELECT coalesce(sum(rejected), 0) FROM ingest_ledger)::INTEGER AS rejects
         FROM events`,
      );
      expect(counts).toEqual({ n: N, uids: N, lo: 1, hi: N, seqs: N, foreign_tenant: 0, rejects: 0 });

      const uids = new Set((await queryRows(store.connection, 'SELECT uid FROM events')).map((r) => String(r['uid'])));
      const incident = [...INCIDENT_EVENT_IDS].filter((id) => uids.has(id));
      expect(incident).toHaveLength(INCIDENT_EVENT_COUNT);

      // The chain links up in the case: each row's prev is the hash of the row before, and the head is the summary's.
      const [broken] = await queryRows(
        store.connection,
        `SELECT count(*)::INTEGER AS n FROM (
           SELECT chain_prev, lag(chain_hash) OVER (ORDER BY chain_seq) AS previous, chain_seq FROM events
         ) WHERE chain_seq > 1 AND chain_prev <> previous`,
      );
      expect(broken?.['n']).toBe(0);
      const [head] = await queryRows(store.connection, 'SELECT chain_hash FROM events WHERE chain_seq = $1', [N]);
      expect(head?.['chain_hash']).toBe(summary.chainHead);

      expect(store.meta).toMatchObject({
        tenantId: 'acme',
        multiTenant: false,
        displayTimeZone: 'Europe/Berlin',
        workingHours: { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5] },
      });
      const journal = await queryRows(store.connection, `SELECT action FROM journal ORDER BY seq`);
      expect(journal.map((r) => r['action'])).toEqual(['case.create', 'import', 'demo.create']);
    });
    expect(await demoTempDirs()).toEqual(before);
  });

  it('keeps the files in writeFilesDir when asked, and they re-import as duplicates only', async () => {
    const dir = await tempDir();
    const path = join(dir, 'demo.duckdb');
    const filesDir = join(dir, 'files');

    const summary = await createDemoCase(path, { events: 1_000, writeFilesDir: filesDir });

    expect(summary.paths).toEqual([join(filesDir, 'audit-log-00001.ndjson.gz')]);
    expect(await readdir(filesDir)).toEqual(['audit-log-00001.ndjson.gz']);
    expect((await readFile(summary.paths[0] ?? '')).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const store = await CaseStore.open(path);
    try {
      expect(await importFiles(store, summary.paths)).toMatchObject({ added: 0, duplicates: 1_000, rejected: 0 });
    } finally {
      store.close();
    }
  });

  it('refuses fewer events than the incident has before creating anything', async () => {
    const path = join(await tempDir(), 'demo.duckdb');
    let caught: unknown;
    try {
      await createDemoCase(path, { events: INCIDENT_EVENT_COUNT - 1 });
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught, 'USAGE')).toBe(true);
    expect(existsSync(path)).toBe(false);
  });

  it('refuses an existing path and leaves that file alone', async () => {
    const path = join(await tempDir(), 'demo.duckdb');
    await writeFile(path, "somebody else's file");
    let caught: unknown;
    try {
      await createDemoCase(path, { events: 1_000 });
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught, 'CASE_EXISTS')).toBe(true);
    expect(await readFile(path, 'utf8')).toBe("somebody else's file");
  });

  it('when cancelled, reports CANCELLED and removes the half-made case and its temp files', async () => {
    const path = join(await tempDir(), 'demo.duckdb');
    const before = await demoTempDirs();
    const controller = new AbortController();
    let caught: unknown;
    try {
      await createDemoCase(path, { events: 250_000, signal: controller.signal, onProgress: () => controller.abort() });
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught, 'CANCELLED')).toBe(true);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.wal`)).toBe(false);
    expect(await demoTempDirs()).toEqual(before);
  });
});

describe('trailscope demo (registerDemoCommand)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  function program(exit: { code: number }): Command {
    const root = new Command('trailscope')
      .exitOverride()
      .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    registerDemoCommand(root, (code) => {
      exit.code = code;
    });
    return root;
  }

  it('prints one line of JSON last on stdout and human text on stderr', async () => {
    const path = join(await tempDir(), 'demo.duckdb');
    const stdout: string[] = [];
    const stderr: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    const exit = { code: 0 };

    await program(exit).parseAsync(['demo', path, '--events', '1000', '--seed', '3', '--tenant', 'acme', '--json'], {
      from: 'user',
    });

    vi.restoreAllMocks();
    const lines = stdout.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['case', 'tenant', 'events', 'files', 'chainHead']);
    expect(result).toMatchObject({ case: path, tenant: 'acme', events: 1_000, files: 1 });
    expect(stderr.join('')).toContain('Created demo case');
    expect(exit.code).toBe(0);
  });

  it('rejects --events below the incident size as a usage error', async () => {
    const path = join(await tempDir(), 'demo.duckdb');
    await expect(
      program({ code: 0 }).parseAsync(['demo', path, '--events', '10'], { from: 'user' }),
    ).rejects.toMatchObject({
      code: 'commander.invalidArgument',
    });
    expect(existsSync(path)).toBe(false);
  });
});
