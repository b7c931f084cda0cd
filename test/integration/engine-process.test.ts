// The engine in its own process (what the desktop app runs in an Electron utility process), driven in plain Node
// through a fork of src/main/engine-host.ts: calls answer as the in-process engine does, payloads are validated
// in the child too, job progress comes back as pushes, a case that cannot open rejects with its code, and close()
// ends the child and releases the case's write lock.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobEvent } from '@shared/domain/jobs';
import { connectEngine } from '../../src/main/core/engine-process/client';
import type { FromHost } from '../../src/main/core/engine-process/messages';
import type { Engine } from '../../src/main/core/engine';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { CaseStore } from '../../src/main/core/store/case-store';
import { REPO_ROOT } from '../helpers/cli';
import { FIXTURES, tempDir } from '../helpers/temp';

const HOST = join(REPO_ROOT, 'src', 'main', 'engine-host.ts');
const open: Engine[] = [];

afterEach(async () => {
  for (const engine of open.splice(0)) await engine.close();
});

function spawnEngine(casePath: string): { engine: Promise<Engine>; exited: Promise<number | null> } {
  const child = fork(HOST, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const engine = connectEngine(
    {
      send: (message) => void child.send(message),
      onMessage: (listener) => child.on('message', (message) => listener(message as FromHost)),
      onExit: (listener) => child.once('exit', (code) => listener(code)),
      kill: () => void child.kill(),
    },
    { casePath, secrets: new EnvSecretStore({}) },
  );
  return { engine, exited };
}

async function caseWithEvents(): Promise<string> {
  const casePath = join(await tempDir(), 'case.duckdb');
  const store = await CaseStore.create(casePath, { tenantId: 'ws_acme' });
  await importFiles(store, [join(FIXTURES, 'formats', 'generic', 'records.ndjson')]);
  store.close();
  return casePath;
}

describe('the engine process', () => {
  it('answers the contract, validates payloads, and pushes job events', async () => {
    const casePath = await caseWithEvents();
    const engine = await spawnEngine(casePath).engine;
    open.push(engine);

    expect(await engine.handlers['case.info']({})).toMatchObject({
      path: casePath,
      tenantId: 'ws_acme',
      stats: { events: 8 },
    });
    expect(await engine.handlers['events.count']({ query: '', timeZone: 'UTC' })).toEqual({ count: 8 });
    // The table's histogram (a scroll jump) takes the table's lane and answers as the timeline's does.
    const timeline = await engine.handlers['events.histogram']({ query: '', timeZone: 'UTC' });
    expect(timeline.buckets.reduce((sum, b) => sum + b.total, 0)).toBe(8);
    expect(await engine.handlers['events.histogram']({ query: '', timeZone: 'UTC', for: 'table' })).toEqual(timeline);
    await expect(
      engine.handlers['events.histogram']({ query: '', timeZone: 'UTC', for: 'panel' } as never),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    // The child validates too: a bad payload is an AppError with the code the renderer would see.
    await expect(engine.handlers['events.count']({ query: 42, timeZone: 'UTC' } as never)).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    await expect(engine.handlers['events.count']({ query: 'actr:x', timeZone: 'UTC' })).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('actor'),
    });

    const events: JobEvent[] = [];
    const terminal = new Promise<JobEvent>((resolve) =>
      engine.onPush((event) => {
        events.push(event);
        if (event.type === 'completed' || event.type === 'failed' || event.type === 'cancelled') resolve(event);
      }),
    );
    const { jobId } = await engine.handlers['jobs.import']({
      paths: [join(FIXTURES, 'formats', 'generic', 'chained.ndjson')],
    });
    expect(await terminal).toMatchObject({ type: 'completed', jobId });
    expect(events[0]).toMatchObject({ type: 'started', jobId });
    expect(await engine.handlers['events.count']({ query: '', timeZone: 'UTC' })).toEqual({ count: 11 });
  });

  it('rejects with the core error code when the case cannot be opened, and the child exits', async () => {
    const { engine, exited } = spawnEngine(join(await tempDir(), 'missing.duckdb'));
    await expect(engine).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
    await exited;
  });

  it('close() ends the child and releases the write lock', async () => {
    const casePath = await caseWithEvents();
    const spawned = spawnEngine(casePath);
    const engine = await spawned.engine;
    await engine.close();
    expect(await spawned.exited).toBe(0);
    const again = await CaseStore.open(casePath);
    expect(again.meta.tenantId).toBe('ws_acme');
    again.close();
    await expect(engine.handlers['case.info']({})).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
