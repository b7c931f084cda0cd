// The job model: one `started`, throttled progress whose latest state always arrives, exactly one terminal event.
import { describe, expect, it } from 'vitest';
import type { JobEvent, JobProgress } from '../../../../src/shared/domain/jobs';
import { AppError } from '../../../../src/main/core/errors';
import { ProgressMeter, runJob } from '../../../../src/main/core/jobs/job';

const state = (done: number): JobProgress => ({ phase: 'work', done, total: 1000, events: done, bytes: 0, rate: 0, etaSeconds: null });

async function collect(work: Parameters<typeof runJob>[1], signal?: AbortSignal): Promise<{ events: JobEvent[]; outcome: unknown }> {
  const events: JobEvent[] = [];
  let outcome: unknown;
  try {
    outcome = await runJob('sync', work, { onEvent: (e) => events.push(e), signal, intervalMs: 1000 });
  } catch (error) {
    outcome = error;
  }
  return { events, outcome };
}

describe('runJob', () => {
  it('throttles progress but delivers the latest state before completing, and completes exactly once', async () => {
    const { events, outcome } = await collect(async ({ progress }) => {
      for (let i = 1; i <= 1000; i++) progress(state(i));
      return { done: 1000 };
    });
    expect(outcome).toEqual({ done: 1000 });
    expect(events[0]).toMatchObject({ type: 'started', kind: 'sync' });
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeLessThanOrEqual(2);
    expect(progress.at(-1)).toMatchObject({ done: 1000 });
    expect(events.filter((e) => ['completed', 'failed', 'cancelled'].includes(e.type))).toEqual([
      { type: 'completed', jobId: events[0]?.jobId, summary: { done: 1000 } },
    ]);
    expect(events.at(-1)?.type).toBe('completed');
  });

  it('reports an AppError as failed with its code and message, and rethrows it', async () => {
    const { events, outcome } = await collect(() => Promise.reject(new AppError('AUTH', 'Okta refused the token.')));
    expect(outcome).toBeInstanceOf(AppError);
    expect(events.at(-1)).toMatchObject({ type: 'failed', error: { code: 'AUTH', message: 'Okta refused the token.' } });
  });

  it('reports cancelled when the caller aborts, and the work sees the abort', async () => {
    const controller = new AbortController();
    const { events } = await collect(async ({ signal }) => {
      controller.abort();
      expect(signal.aborted).toBe(true);
      throw new AppError('CANCELLED', 'The operation was cancelled.');
    }, controller.signal);
    expect(events.map((e) => e.type)).toEqual(['started', 'cancelled']);
  });
});

describe('ProgressMeter', () => {
  it('estimates the time left from bytes when their total is known, else from items', () => {
    const byBytes = new ProgressMeter({ items: 10, bytes: 1000 }).measure({ phase: 'x', done: 1, events: 5, bytes: 500 });
    expect(byBytes.total).toBe(10);
    expect(byBytes.etaSeconds).not.toBeNull();
    const unknown = new ProgressMeter().measure({ phase: 'x', done: 3, events: 5, bytes: 0 });
    expect(unknown).toMatchObject({ total: null, etaSeconds: null });
  });
});
