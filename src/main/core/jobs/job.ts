// Runs long work (import, sync) as a job: one `started`, progress throttled to at most ten a second (the latest
// state is never lost, it is sent before the terminal event), and exactly one terminal event. Plain Node.
import { randomUUID } from 'node:crypto';
import type { JobEvent, JobKind, JobProgress } from '@shared/domain/jobs';
import { isAppError } from '../errors';

export interface JobContext {
  jobId: string;
  signal: AbortSignal;
  /** Report the job's state; cheap to call often (it is throttled here). */
  progress(progress: JobProgress): void;
}

export interface RunJobOptions {
  jobId?: string;
  signal?: AbortSignal;
  onEvent?: (event: JobEvent) => void;
  /** Least time between two progress events. */
  intervalMs?: number;
}

const DEFAULT_INTERVAL_MS = 100;

/** Runs `work` as a job; resolves to its summary or rejects with its error, after the terminal event was sent. */
export async function runJob<T extends Record<string, unknown>>(
  kind: JobKind,
  work: (context: JobContext) => Promise<T>,
  options: RunJobOptions = {},
): Promise<T> {
  const jobId = options.jobId ?? randomUUID();
  const emit = options.onEvent ?? (() => undefined);
  const interval = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const controller = new AbortController();
  const forwardAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) forwardAbort();
  options.signal?.addEventListener('abort', forwardAbort, { once: true });

  let lastSent = 0;
  let pending: JobProgress | null = null;
  let timer: NodeJS.Timeout | null = null;
  const send = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!pending) return;
    lastSent = Date.now();
    emit({ type: 'progress', jobId, ...pending });
    pending = null;
  };
  const context: JobContext = {
    jobId,
    signal: controller.signal,
    progress(progress) {
      pending = { ...progress };
      const wait = lastSent + interval - Date.now();
      if (wait <= 0) send();
      else timer ??= setTimeout(send, wait);
    },
  };

  emit({ type: 'started', jobId, kind, at: new Date().toISOString() });
  try {
    const summary = await work(context);
    send();
    emit({ type: 'completed', jobId, summary });
    return summary;
  } catch (error) {
    send();
    if (isAppError(error, 'CANCELLED') || controller.signal.aborted) emit({ type: 'cancelled', jobId });
    else {
      const code = isAppError(error) ? error.code : 'INTERNAL';
      emit({ type: 'failed', jobId, error: { code, message: error instanceof Error ? error.message : String(error) } });
    }
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', forwardAbort);
  }
}

/** Rate and ETA from what a job has done so far. ETA follows bytes when their total is known, else the item count. */
export class ProgressMeter {
  private readonly started = performance.now();

  constructor(private readonly totals: { items?: number | null; bytes?: number | null } = {}) {}

  measure(
    state: { phase: string; done: number; events: number; bytes: number },
    extra: Partial<JobProgress> = {},
  ): JobProgress {
    const seconds = Math.max((performance.now() - this.started) / 1000, 1e-3);
    const rate = state.events / seconds;
    let etaSeconds: number | null = null;
    const { items, bytes } = this.totals;
    if (bytes && state.bytes > 0) etaSeconds = (seconds / state.bytes) * Math.max(bytes - state.bytes, 0);
    else if (items && state.done > 0) etaSeconds = (seconds / state.done) * Math.max(items - state.done, 0);
    const fraction = bytes ? Math.min(state.bytes / bytes, 1) : items ? Math.min(state.done / items, 1) : null;
    return { ...state, total: this.totals.items ?? null, rate, etaSeconds, fraction, ...extra };
  }
}

/** Until a batch has been timed, DuckDB is assumed to store this many input bytes a second (1M events measured 15–19 MB/s uncompressed, 2–3 MB/s gzipped). */
const FIRST_BATCH_BYTES_PER_SECOND = 2 * 1024 ** 2;

/**
 * How far DuckDB probably is through storing a batch, which at 1M events takes 10–30 s with no progress of its own to
 * read (the C API's query progress stays at -1 or 0 through node-api). The estimate runs on the time the batches
 * before took per byte; the real figure replaces it when the batch commits. So a progress bar never stands still.
 */
export class StoringEstimate {
  private seconds = 0;
  private bytes = 0;

  constructor(private readonly intervalMs = 500) {}

  /** Calls `onTick` with the batch's bytes probably stored so far, every interval until `work` settles. */
  async track<T>(work: Promise<T>, batchBytes: number, onTick: (bytesStored: number) => void): Promise<T> {
    const started = performance.now();
    const bytesPerSecond = this.seconds > 0 ? this.bytes / this.seconds : FIRST_BATCH_BYTES_PER_SECOND;
    const expectedSeconds = Math.max(batchBytes / bytesPerSecond, 0.1);
    const timer = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      onTick(Math.floor(batchBytes * storedFraction(elapsed / expectedSeconds)));
    }, this.intervalMs);
    try {
      const result = await work;
      this.seconds += (performance.now() - started) / 1000;
      this.bytes += batchBytes;
      return result;
    } finally {
      clearInterval(timer);
    }
  }
}

/**
 * The estimated share of a batch stored after `t` times its expected duration: linear to 90 % at t = 1, then creeping
 * towards 99 %, so a slower batch than expected still moves and never shows as done before it is.
 */
export function storedFraction(t: number): number {
  if (t <= 0) return 0;
  return t < 1 ? 0.9 * t : 0.99 - 0.09 * Math.exp(-(t - 1));
}
