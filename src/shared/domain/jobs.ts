// The one job model for long work (import, sync): a job reports `started`, throttled `progress`, and exactly one
// terminal event (completed | failed | cancelled). Types only: shared by the core, the CLI and the renderer.

import type { ErrorCode } from '../result';

export type JobKind = 'import' | 'sync' | 'verify' | 'export' | 'report' | 'package' | 'detect';

export interface JobProgress {
  /** What the job is doing now, in words a user reads ("listing", "downloading", "page 12"). */
  phase: string;
  /** Objects (files, S3 objects) or pages finished, and how many there are when that is known. */
  done: number;
  total: number | null;
  events: number;
  bytes: number;
  /**
   * Share of the job done, 0–1, when its size is known: bytes of a known total, else items. While DuckDB stores a
   * batch it moves by an estimate from the batches before (see StoringEstimate), so a bar never stands still.
   */
  fraction: number | null;
  /** Events added per second since the job started. */
  rate: number;
  /** Seconds to go, when the total is known. */
  etaSeconds: number | null;
  /** Follow mode: how far behind the newest event the source has served, in seconds. */
  lagSeconds?: number | null;
  /** The last fault the job recovered from (a retry), so a user sees why it slowed down. */
  lastIssue?: string | null;
}

export interface JobError {
  code: ErrorCode;
  message: string;
}

export type JobEvent =
  | { type: 'started'; jobId: string; kind: JobKind; at: string }
  | ({ type: 'progress'; jobId: string } & JobProgress)
  | { type: 'completed'; jobId: string; summary: Record<string, unknown> }
  | { type: 'failed'; jobId: string; error: JobError }
  | { type: 'cancelled'; jobId: string };
