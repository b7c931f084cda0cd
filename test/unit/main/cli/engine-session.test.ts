// The CLI's one way to run a job (runJobToEnd): events that come before the job's id are kept, a failed job becomes
// an AppError of its code (so the exit code stays), Ctrl-C sends jobs.cancel, and nothing stays subscribed after.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobEvent } from '@shared/domain/jobs';
import type { Engine } from '../../../../src/main/core/engine';
import { runJobToEnd, userConfigDir } from '../../../../src/main/cli/engine-session';

const progress = (jobId: string, events: number): JobEvent => ({
  type: 'progress',
  jobId,
  phase: 'reading',
  done: 0,
  total: null,
  events,
  bytes: 0,
  fraction: null,
  rate: 0,
  etaSeconds: null,
});

/** An engine with only the push channel and jobs.cancel, which ends the job as the real one does. */
function fakeEngine() {
  const listeners = new Set<(event: JobEvent) => void>();
  const emit = (event: JobEvent) => {
    for (const listener of listeners) listener(event);
  };
  const cancels: string[] = [];
  const engine = {
    handlers: {
      'jobs.cancel': ({ jobId }: { jobId: string }) => {
        cancels.push(jobId);
        emit({ type: 'cancelled', jobId });
        return Promise.resolve({ cancelled: true });
      },
    },
    onPush(listener: (event: JobEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => Promise.resolve(),
  } as unknown as Engine;
  return { engine, emit, cancels, listeners };
}

describe('runJobToEnd', () => {
  it('keeps the events a job sends before its id is known, and ignores other jobs', async () => {
    const { engine, emit, listeners } = fakeEngine();
    const seen: number[] = [];

    const summary = await runJobToEnd(
      engine,
      () => {
        emit({ type: 'started', jobId: 'job-1', kind: 'import', at: '2025-01-01T00:00:00.000Z' });
        emit(progress('job-1', 5));
        emit(progress('other', 99));
        emit({ type: 'completed', jobId: 'job-1', summary: { added: 5 } });
        return Promise.resolve({ jobId: 'job-1' });
      },
      { signal: new AbortController().signal, onProgress: (event) => seen.push(event.events) },
    );

    expect(summary).toEqual({ added: 5 });
    expect(seen).toEqual([5]);
    expect(listeners.size).toBe(0);
  });

  it('turns a failed job into an AppError with its code and message', async () => {
    const { engine, emit } = fakeEngine();

    const run = runJobToEnd(engine, () => Promise.resolve({ jobId: 'job-2' }), {
      signal: new AbortController().signal,
    });
    await Promise.resolve();
    emit({
      type: 'failed',
      jobId: 'job-2',
      error: { code: 'SECRET_MISSING', message: 'needs environment variable T, which is not set.' },
    });

    await expect(run).rejects.toMatchObject({
      name: 'AppError',
      code: 'SECRET_MISSING',
      message: 'needs environment variable T, which is not set.',
    });
  });

  it('sends jobs.cancel for the job when the signal aborts (Ctrl-C) and ends as CANCELLED', async () => {
    const { engine, cancels, listeners } = fakeEngine();
    const controller = new AbortController();

    const run = runJobToEnd(engine, () => Promise.resolve({ jobId: 'job-3' }), { signal: controller.signal });
    await Promise.resolve();
    controller.abort();

    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(cancels).toEqual(['job-3']);
    expect(listeners.size).toBe(0);
  });
});

describe('userConfigDir: where the CLI keeps this user’s trust in sources', () => {
  it('is $XDG_CONFIG_HOME/trailscope when that is an absolute path, else ~/.config/trailscope', () => {
    expect(userConfigDir({ XDG_CONFIG_HOME: '/home/ana/.cfg' })).toBe(join('/home/ana/.cfg', 'trailscope'));
    // The XDG rule: a relative (or empty) value is ignored, so the current directory never holds it.
    for (const value of [undefined, '', 'relative/dir'])
      expect(userConfigDir({ XDG_CONFIG_HOME: value })).toBe(join(homedir(), '.config', 'trailscope'));
  });
});
