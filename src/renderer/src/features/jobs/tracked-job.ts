// One job this session started and follows (a verification, detections, an export, an import): its state as its
// pushed events move it, whether it still runs, its bar's percentage and its progress in words.
// Pure: the stores that follow a job (integrity, detections, exports, sources) apply it; follow-job.ts starts and
// cancels one; JobProgress.tsx shows it.
import type { JobEvent, JobProgress } from '@shared/domain/jobs';
import { formatCount } from '../../lib/format';

export type JobState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface TrackedJob {
  /** Null until the call that starts it answers. */
  jobId: string | null;
  state: JobState;
  progress: JobProgress | null;
  error: string | null;
}

/** A job asked for, before the call that starts it answers. */
export const QUEUED_JOB: TrackedJob = { jobId: null, state: 'queued', progress: null, error: null };

export function nextJob(job: TrackedJob, event: JobEvent): TrackedJob {
  switch (event.type) {
    case 'started':
      return { ...job, state: job.state === 'queued' ? 'running' : job.state };
    case 'progress': {
      const { type: _type, jobId: _jobId, ...progress } = event;
      return { ...job, state: 'running', progress };
    }
    case 'failed':
      return { ...job, state: 'failed', error: event.error.message };
    default:
      return { ...job, state: event.type };
  }
}

/** Queued or running: it may still be cancelled, and another one is not started meanwhile. */
export function isActive(job: { state: JobState } | null | undefined): boolean {
  return job?.state === 'queued' || job?.state === 'running';
}

/** A job's progress as a whole percentage: its byte fraction when known, else objects done of a known total. */
export function progressPercent(p: JobProgress): number | null {
  if (p.fraction !== null) return Math.min(100, Math.round(p.fraction * 100));
  return p.total !== null && p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : null;
}

/** Its progress in words: "hashing · 1,200 of 4,000" (the count only when the total is known). */
export function progressDetail(p: JobProgress): string {
  return `${p.phase}${p.total !== null ? ` · ${formatCount(p.done)} of ${formatCount(p.total)}` : ''}`;
}

/** Events of jobs not known yet, by job id: a job's first events can arrive before the call that starts it answers. */
export type EarlyEvents = Record<string, JobEvent[]>;

const EARLY_PER_JOB = 20;

/** One more event kept for later: the last 20 of each job, of the `maxJobs` jobs seen last. */
export function keepEarly(early: EarlyEvents, event: JobEvent, maxJobs: number): EarlyEvents {
  const kept = { ...early, [event.jobId]: [...(early[event.jobId] ?? []), event].slice(-EARLY_PER_JOB) };
  const ids = Object.keys(kept);
  if (ids.length > maxJobs) delete kept[ids[0] ?? ''];
  return kept;
}

/** A job now known by its id: the events kept for it (to replay, in order), and what stays kept for others. */
export function takeEarly(early: EarlyEvents, jobId: string): { waiting: JobEvent[]; rest: EarlyEvents } {
  const rest = { ...early };
  delete rest[jobId];
  return { waiting: early[jobId] ?? [], rest };
}
