// security: files at rest (issue 14, item 7). The case is owner-only, and so is every file DuckDB makes for it: the
// write-ahead log (`<case>.wal`, freshly imported events until the next checkpoint) and its spill files, which it
// writes from its own threads with the process's umask. Each entry point makes the process's new files owner-only,
// and DuckDB spills into a private folder of its own, removed at close.
import { fork, spawn } from 'node:child_process';
import { chmod, copyFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobEvent } from '@shared/domain/jobs';
import { connectEngine } from '../../src/main/core/engine-process/client';
import type { FromHost } from '../../src/main/core/engine-process/messages';
import { keepNewFilesPrivate } from '../../src/main/core/private-files';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { CaseStore } from '../../src/main/core/store/case-store';
import { BIN, REPO_ROOT } from '../helpers/cli';
import { FIXTURES, tempDir } from '../helpers/temp';

const RECORDS = join(FIXTURES, 'formats', 'generic', 'records.ndjson');
const mode = async (path: string) => (await stat(path)).mode & 0o777;

const umask = process.umask(0o022);
const tmpdirEnv = process.env['TMPDIR'];
afterEach(() => {
  process.umask(umask);
  if (tmpdirEnv === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = tmpdirEnv;
});

/** Everything under `dir` with its mode, as `name: 0oNNN` lines (sorted), for one readable assertion. */
async function modes(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return Promise.all(entries.sort().map(async (name) => `${name}: 0o${(await mode(join(dir, name))).toString(8)}`));
}

describe.skipIf(process.platform === 'win32')('security: every file of a case is owner-only', () => {
  it('under `trailscope serve` started with umask 022: the case after an import, DuckDB’s spill folder', async () => {
    const dir = await tempDir();
    const temp = await tempDir();
    const casePath = join(dir, 'case.duckdb');
    (await CaseStore.create(casePath, { tenantId: 'ws_acme' })).close();
    // umask 022, as a login shell has it: files 0644 unless Trailscope says otherwise.
    const child = spawn('/bin/sh', ['-c', 'umask 022 && exec "$0" "$@"', process.execPath, BIN, 'serve', casePath], {
      cwd: REPO_ROOT,
      env: { ...process.env, TMPDIR: temp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = new URL(
        await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.setEncoding('utf8').on('data', (s: string) => {
            out += s;
            const line = out.split('\n').find((l) => l.startsWith('http://127.0.0.1:'));
            if (line) resolve(line);
          });
          void exited.then((code) => reject(new Error(`serve exited with ${code}`)));
        }),
      );
      const headers = { authorization: `Bearer ${url.searchParams.get('token')}` };
      const stream = await request(`${url.origin}/api/events`, { headers });
      const ended = new Promise<JobEvent>((resolve) => {
        let buffer = '';
        stream.body.setEncoding('utf8').on('data', (chunk: string) => {
          buffer += chunk;
          for (const data of buffer.matchAll(/^data: (.*)$/gm)) {
            const event = JSON.parse(data[1] ?? '') as JobEvent;
            if (['completed', 'failed', 'cancelled'].includes(event.type)) resolve(event);
          }
        });
      });
      const started = await request(`${url.origin}/api/call/jobs.import`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ paths: [RECORDS] }),
      });
      expect(started.statusCode).toBe(200);
      await started.body.dump();
      expect(await ended).toMatchObject({ type: 'completed' });
      stream.body.destroy();

      // The case is still open, read-only again: the job ended once the engine had checkpointed and let go of the
      // write lock (store/shared-case.ts), so no WAL is left. A WAL's own mode: 'a WAL a crash left behind' below.
      expect(await modes(dir)).toEqual(['case.duckdb: 0o600']);
      const spill = (await readdir(temp)).filter((name) => name.startsWith('trailscope-duckdb-'));
      expect(spill).toHaveLength(1);
      expect(await mode(join(temp, spill[0] ?? ''))).toBe(0o700);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    // Closed: checkpointed, and the spill folder gone.
    expect(await modes(dir)).toEqual(['case.duckdb: 0o600']);
    expect(await readdir(temp)).toEqual([]);
  }, 60_000);

  it('in the engine process (the app’s), forked from a process with umask 022: the case after an import', async () => {
    const dir = await tempDir();
    const casePath = join(dir, 'case.duckdb');
    (await CaseStore.create(casePath, { tenantId: 'ws_acme' })).close();
    const child = fork(join(REPO_ROOT, 'src', 'main', 'engine-host.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, TMPDIR: await tempDir() },
      stdio: 'inherit',
    });
    const engine = await connectEngine(
      {
        send: (message) => void child.send(message),
        onMessage: (listener) => child.on('message', (message) => listener(message as FromHost)),
        onExit: (listener) => child.once('exit', (code) => listener(code)),
        kill: () => void child.kill(),
      },
      { casePath, secrets: new EnvSecretStore({}) },
    );
    try {
      const ended = new Promise<JobEvent>((resolve) =>
        engine.onPush((event) => {
          if (['completed', 'failed', 'cancelled'].includes(event.type)) resolve(event);
        }),
      );
      await engine.handlers['jobs.import']({ paths: [RECORDS] });
      expect(await ended).toMatchObject({ type: 'completed' });

      // Checkpointed when the engine let go of the write lock, before the job said it had ended: no WAL left.
      expect(await modes(dir)).toEqual(['case.duckdb: 0o600']);
    } finally {
      await engine.close();
    }
  });

  it('DuckDB spills into a private folder in the temp folder, not beside the case, and it is removed at close', async () => {
    const dir = await tempDir();
    process.env['TMPDIR'] = await tempDir();
    const casePath = join(dir, 'case.duckdb');
    (await CaseStore.create(casePath, { tenantId: 'ws_acme' })).close();
    keepNewFilesPrivate();
    const store = await CaseStore.open(casePath);
    try {
      const [folder] = await readdir(process.env['TMPDIR']);
      const spill = join(process.env['TMPDIR'], folder ?? '');
      expect(folder).toMatch(/^trailscope-duckdb-/);
      expect(await mode(spill)).toBe(0o700);
      // A sort far over the memory limit spills; its spill files last while its result is read.
      await store.connection.run(`SET threads = 1`);
      await store.connection.run(`SET memory_limit = '100MB'`);
      const result = await store.connection.stream(
        `SELECT a, b, row_number() OVER (ORDER BY md5(b || a)) AS n
           FROM (SELECT i AS a, repeat('x', 300) || i AS b FROM range(1500000) r(i))`,
      );
      expect((await result.fetchChunk())?.rowCount).toBeGreaterThan(0);
      const files = await modes(spill);
      expect(files.length).toBeGreaterThan(0);
      expect(new Set(files.map((line) => line.replace(/^.*: /, '')))).toEqual(new Set(['0o600']));
      expect(await modes(dir)).toEqual(['case.duckdb: 0o600']);
    } finally {
      store.close();
    }
    expect(await readdir(process.env['TMPDIR'])).toEqual([]);
  });

  it('a WAL a crash left behind is made owner-only when the case is opened', async () => {
    const dir = await tempDir();
    const made = join(dir, 'made.duckdb');
    (await CaseStore.create(made, { tenantId: 'ws_acme' })).close();
    // Copies of the case and its WAL taken while a writer holds it: what a crash leaves, the WAL as an older
    // Trailscope made it (0644).
    const instance = await DuckDBInstance.create(made);
    const connection = await instance.connect();
    const casePath = join(dir, 'case.duckdb');
    try {
      await connection.run(`INSERT INTO meta VALUES ('note', 'in the WAL only')`);
      await copyFile(made, casePath);
      await copyFile(`${made}.wal`, `${casePath}.wal`);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    await chmod(`${casePath}.wal`, 0o644);

    const store = await CaseStore.open(casePath, { readOnly: true });
    try {
      expect(await mode(`${casePath}.wal`)).toBe(0o600);
      expect(
        (await store.connection.runAndReadAll(`SELECT value FROM meta WHERE key = 'note'`)).getRowObjects(),
      ).toEqual([{ value: 'in the WAL only' }]);
    } finally {
      store.close();
    }
  });
});
