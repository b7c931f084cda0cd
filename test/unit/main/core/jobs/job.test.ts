// The job model: one `started`, throttled progress whose latest state always arrives, exactly one terminal event.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobEvent, JobProgress } from '@shared/domain/jobs';
import { AppError } from '../../../../../src/main/core/errors';
import { ProgressMeter, runJob, storedFraction, StoringEstimate } from '../../../../../src/main/core/jobs/job';

const state = (done: number): JobProgress => ({
  phase: 'work',
  done,
  total: 1000,
  events: done,
  bytes: 0,
  fraction: done / 1000,
  rate: 0,
  etaSeconds: null,
});

async function collect(
  work: Parameters<typeof runJob>[1],
  signal?: AbortSignal,
): Promise<{ events: JobEvent[]; outcome: unknown }> {
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
    expect(events.at(-1)).toMatchObject({
      type: 'failed',
      error: { code: 'AUTH', message: 'Okta refused the token.' },
    });
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
    const byBytes = new ProgressMeter({ items: 10, bytes: 1000 }).measure({
      phase: 'x',
      done: 1,
      events: 5,
      bytes: 500,
    });
    expect(byBytes.total).toBe(10);
    expect(byBytes.etaSeconds).not.toBeNull();
    const unknown = new ProgressMeter().measure({ phase: 'x', done: 3, events: 5, bytes: 0 });
    expect(unknown).toMatchObject({ total: null, etaSeconds: null, fraction: null });
  });

  it('says what share is done: of the bytes when their total is known, else of the items, never over 1', () => {
    expect(
      new ProgressMeter({ items: 10, bytes: 1000 }).measure({ phase: 'x', done: 1, events: 0, bytes: 250 }).fraction,
    ).toBe(0.25);
    expect(new ProgressMeter({ items: 8 }).measure({ phase: 'x', done: 2, events: 0, bytes: 0 }).fraction).toBe(0.25);
    expect(new ProgressMeter({ bytes: 100 }).measure({ phase: 'x', done: 0, events: 0, bytes: 130 }).fraction).toBe(1);
  });
});

describe('storing estimate', () => {
  it('climbs linearly to 90% at the expected time, then creeps towards 99% without reaching it', () => {
    expect(storedFraction(0)).toBe(0);
    expect(storedFraction(0.5)).toBeCloseTo(0.45);
    expect(storedFraction(1)).toBeCloseTo(0.9);
    const later = [1.5, 2, 4, 20].map(storedFraction);
    for (const [i, f] of later.entries()) expect(f).toBeGreaterThan(i === 0 ? 0.9 : (later[i - 1] ?? 0));
    expect(storedFraction(1000)).toBeLessThanOrEqual(0.99);
  });

  // Fake clocks (the interval and performance.now): the ticks are counted, not timed, and "no tick after it settled"
  // is shown by advancing the clock, not by sleeping.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks while the work runs, below the batch size, and stops when it settles', async () => {
    const estimate = new StoringEstimate(5);
    const ticks: number[] = [];
    let finish: (value: string) => void = () => undefined;
    const work = new Promise<string>((resolve) => (finish = resolve));
    const tracked = estimate.track(work, 1_000_000, (bytes) => ticks.push(bytes));
    await vi.advanceTimersByTimeAsync(60);
    expect(ticks).toHaveLength(12);
    finish('stored');
    expect(await tracked).toBe('stored');
    expect(ticks).toEqual([...ticks].sort((a, b) => a - b));
    expect(Math.max(...ticks)).toBeLessThan(1_000_000);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(30);
    expect(ticks).toHaveLength(12);
  });

  it('expects the next batch at the pace the batches before it were stored', async () => {
    const estimate = new StoringEstimate(5);
    const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // The first batch: 10 MB stored in 20 ms, so the next 10 MB batch is expected to take about as long.
    const first = estimate.track(after(20), 10_000_000, () => undefined);
    await vi.advanceTimersByTimeAsync(20);
    await first;
    const ticks: number[] = [];
    const second = estimate.track(after(200), 10_000_000, (bytes) => ticks.push(bytes));
    await vi.advanceTimersByTimeAsync(200);
    await second;
    // At the assumed pace of a first batch (2 MiB/s) 200 ms would be under 5% of 10 MB; at the learned pace it is
    // far past the expected time.
    expect(Math.max(...ticks)).toBeGreaterThan(5_000_000);
  });
});
