// A source row's state in words (UX.md §8): Queued, Syncing, Rate-limited "retry in N s", Failed (kept until
// dismissed), "Up to date · 14:02 UTC" — from the job this session follows, else from what the case recorded.
// Pure: no store, no bridge, so it is tested on its own.
import type { JobProgress } from '@shared/domain/jobs';
import type { SourceDetails } from '@shared/domain/sources';
import { progressPercent, type JobState } from '../jobs/tracked-job';

export interface SourceJob {
  jobId: string;
  sourceId: string;
  follow: boolean;
  state: JobState;
  progress: JobProgress | null;
  /** When the latest progress arrived (epoch ms), for the "retry in N s" countdown. */
  progressAt: number | null;
  error: string | null;
  /** ISO time the job ended. */
  endedAt: string | null;
  added: number | null;
}

export type Tone = 'idle' | 'busy' | 'warning' | 'failure' | 'done';

export interface SourceStatus {
  tone: Tone;
  /** Queued, Syncing, Rate-limited, Retrying, Failed, Up to date, Cancelled, Never synced, Last synced; Last import. */
  label: string;
  /** What follows the label: "retry in 23 s", "14:02 UTC", the error in words. */
  detail: string | null;
  /** 0–100 when the total is known; null while running without one (an indeterminate bar); undefined: no bar. */
  percent: number | null | undefined;
  /** Seconds to go, only when the total is known. */
  etaSeconds: number | null;
  /** A job is queued or running (Cancel is offered). */
  active: boolean;
}

/** The seconds at the end of an issue like "rate limited (HTTP 429); retry 1 of 4 in 23.0 s". */
export function retryDelaySeconds(issue: string | null | undefined): number | null {
  const match = /in (\d+(?:\.\d+)?) s$/.exec(issue ?? '');
  return match ? Number(match[1]) : null;
}

export function isWaitingToRetry(progress: JobProgress | null): boolean {
  return progress !== null && /waiting to retry$/.test(progress.phase);
}

/** `14:02 UTC` today, `2025-03-14 14:02 UTC` on another day: times are UTC unless the caller passes a formatter. */
export type ClockFormat = (iso: string) => string;

export function sourceStatus(
  source: SourceDetails,
  job: SourceJob | null,
  now: number,
  clock: ClockFormat,
): SourceStatus {
  const base = { etaSeconds: null, active: false, percent: undefined } as const;
  // File imports never sync: their state is when the last one ran.
  if (source.kind === 'files')
    return {
      ...base,
      tone: 'idle',
      label: source.lastSync ? 'Last import' : 'Imported',
      detail: source.lastSync ? clock(source.lastSync.at) : null,
    };
  // Settings the case file holds that fail the core's checks: it will not sync, whatever happened before.
  if (source.problem !== null && !job)
    return { ...base, tone: 'failure', label: 'Cannot sync', detail: source.problem };
  if (job && job.state === 'queued')
    return {
      ...base,
      tone: 'busy',
      label: 'Queued',
      detail: 'waiting for another import or sync to finish',
      active: true,
      percent: null,
    };
  if (job && job.state === 'running') {
    const p = job.progress;
    if (p && /^queued/.test(p.phase))
      return {
        ...base,
        tone: 'busy',
        label: 'Queued',
        detail: 'waiting for another import or sync to finish',
        active: true,
        percent: null,
      };
    if (p && isWaitingToRetry(p)) {
      const delay = retryDelaySeconds(p.lastIssue);
      const left = delay === null ? null : Math.max(0, Math.ceil(delay - (now - (job.progressAt ?? now)) / 1000));
      const rateLimited = /rate limited/i.test(p.lastIssue ?? '');
      return {
        ...base,
        tone: 'warning',
        label: rateLimited ? 'Rate-limited' : 'Retrying',
        detail:
          [
            left === null ? null : `retry in ${left} s`,
            rateLimited ? null : p.lastIssue?.replace(/; retry \d+ of \d+ in [\d.]+ s$/, ''),
          ]
            .filter(Boolean)
            .join(' · ') || null,
        active: true,
        percent: null,
      };
    }
    if (p && job.follow && /^up to date/.test(p.phase)) {
      return {
        ...base,
        tone: 'done',
        label: 'Up to date',
        detail: `${clock(new Date(job.progressAt ?? now).toISOString())} · following`,
        active: true,
        percent: 100,
      };
    }
    const percent = p ? progressPercent(p) : null;
    return {
      tone: 'busy',
      label: 'Syncing',
      detail: p ? p.phase : 'starting',
      percent,
      etaSeconds: percent !== null ? (p?.etaSeconds ?? null) : null,
      active: true,
    };
  }
  if (job && job.state === 'failed')
    return { ...base, tone: 'failure', label: 'Failed', detail: job.error ?? 'the sync failed' };
  if (job && job.state === 'completed')
    return {
      ...base,
      tone: 'done',
      label: 'Up to date',
      detail: clock(job.endedAt ?? new Date(now).toISOString()),
      percent: 100,
    };
  if (job && job.state === 'cancelled')
    return {
      ...base,
      tone: 'idle',
      label: 'Cancelled',
      detail: source.lastSync ? `last synced ${clock(source.lastSync.at)}` : null,
    };
  // A failure journaled by an earlier run (this session's or another's) stands until a sync completes.
  if (source.lastFailure) {
    return {
      ...base,
      tone: 'failure',
      label: 'Failed',
      detail: `${source.lastFailure.message} (${clock(source.lastFailure.at)})`,
    };
  }
  if (source.lastSync) {
    const recent = now - Date.parse(source.lastSync.at) < 24 * 3600 * 1000;
    return { ...base, tone: 'done', label: recent ? 'Up to date' : 'Last synced', detail: clock(source.lastSync.at) };
  }
  return { ...base, tone: 'idle', label: 'Never synced', detail: null };
}
