// How a CLI command reaches a case: through the engine (core/engine.ts), as the app and the web bridge do, opened
// for the one command and closed after it. And the one way the CLI runs a job: start it, show its pushed progress,
// send jobs.cancel on Ctrl-C, and end as its one terminal event says.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { JobEvent } from '@shared/domain/jobs';
import type { Engine } from '../core/engine';
import { AppError, cancelledError } from '../core/errors';
import { EnvSecretStore } from '../core/secrets';

export type ProgressEvent = Extract<JobEvent, { type: 'progress' }>;
type TerminalEvent = Extract<JobEvent, { type: 'completed' | 'failed' | 'cancelled' }>;

/**
 * Opens the case for `work` and closes it after. `read` opens it read-only, so reading commands run side by side
 * (and beside the app); `write` takes DuckDB's lock on the file for the command's length.
 */
export async function withEngine<T>(
  casePath: string,
  access: 'read' | 'write',
  work: (engine: Engine) => Promise<T>,
): Promise<T> {
  // Loaded here rather than at the top, so `--help` and usage errors answer without loading DuckDB.
  const { createEngine } = await import('../core/engine');
  // Secrets are the names of environment variables on the command line, read when a sync needs them.
  const engine = await createEngine({
    casePath,
    secrets: new EnvSecretStore(),
    readOnly: access === 'read',
    trustDir: userConfigDir(),
    keyDir: userConfigDir(),
  });
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}

/**
 * This user's Trailscope config folder (the XDG base directory rule): `$XDG_CONFIG_HOME/trailscope`, else
 * `~/.config/trailscope`. Their trust in the sources of cases lives there, outside every case.
 */
export function userConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['XDG_CONFIG_HOME'];
  const base = configured && isAbsolute(configured) ? configured : join(homedir(), '.config');
  return join(base, 'trailscope');
}

export interface RunJobOptions {
  /** Aborts on Ctrl-C: the job is cancelled between batches and the case stays consistent. */
  signal: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

/**
 * Starts a job with `start` and resolves to its summary when it completes. A failed job rejects with an AppError of
 * the job's code and message (so the exit code is what it would be had the core thrown here), a cancelled one with
 * CANCELLED.
 */
export async function runJobToEnd(
  engine: Engine,
  start: () => Promise<{ jobId: string }>,
  options: RunJobOptions,
): Promise<Record<string, unknown>> {
  // A job may report, and even end, before `start` answers with its id: its events wait here until then.
  const early: JobEvent[] = [];
  let jobId: string | null = null;
  let end: (event: TerminalEvent) => void = () => undefined;
  const ended = new Promise<TerminalEvent>((resolve) => (end = resolve));
  const handle = (event: JobEvent) => {
    if (event.type === 'progress') options.onProgress?.(event);
    else if (event.type !== 'started') end(event);
  };
  const unsubscribe = engine.onPush((event) => {
    if (jobId === null) early.push(event);
    else if (event.jobId === jobId) handle(event);
  });
  const cancel = () => {
    if (jobId !== null) void engine.handlers['jobs.cancel']({ jobId });
  };
  try {
    jobId = (await start()).jobId;
    for (const event of early) if (event.jobId === jobId) handle(event);
    options.signal.addEventListener('abort', cancel, { once: true });
    if (options.signal.aborted) cancel();
    const event = await ended;
    if (event.type === 'completed') return event.summary;
    if (event.type === 'failed') throw new AppError(event.error.code, event.error.message);
    throw cancelledError();
  } finally {
    options.signal.removeEventListener('abort', cancel);
    unsubscribe();
  }
}

/** Creates a new, empty case (`trailscope case create`) with the engine's createCase, loaded as withEngine loads it. */
export async function createCase(
  path: string,
  options: { tenantId: string; multiTenant: boolean; sessionGapMinutes?: number },
): Promise<void> {
  const engine = await import('../core/engine');
  await engine.createCase(path, options);
}

/** A count from a job's summary (JobEvent carries summaries untyped); a missing one is the engine's fault. */
export function summaryCount(summary: Record<string, unknown>, key: string): number {
  const value = summary[key];
  if (typeof value !== 'number') throw new AppError('INTERNAL', `The job's summary has no count "${key}".`);
  return value;
}
