// How the Integrity view's state moves, as pure functions the store (integrity.store.ts) applies: a verify job
// following its pushed events (with the events that arrive before jobs.verify answers kept for it), a new list of
// verifications (which one is shown, whether it may be stale, the marks of the newest), and the verification shown.
// No store, no bridge: tested on its own.
import type { VerificationRecord } from '@shared/domain/integrity';
import type { JobEvent } from '@shared/domain/jobs';
import type { TimeMark } from '../histogram/time-marks';
import { keepEarly, nextJob, type EarlyEvents, type TrackedJob } from '../jobs/tracked-job';
import { flaggedEvents, timelineMarks } from './findings';

export type VerifyJob = TrackedJob;

/** What job events change. */
export interface JobsPart {
  job: VerifyJob | null;
  /** Events of jobs not (yet) known: a verify job's first events can arrive before jobs.verify answers. */
  early: EarlyEvents;
  /** Import and sync jobs seen starting: their completion makes the newest verification stale. */
  addingJobs: Record<string, true>;
  /** An import or sync completed (this session) after the newest verification was listed. */
  eventsAddedSince: boolean;
}

/** What a new list of verifications changes. */
export interface ListPart {
  verifications: VerificationRecord[];
  /** The verification shown (its seq); null: the newest. */
  shownSeq: number | null;
  eventsAddedSince: boolean;
  /** From the newest verification: ticks for the timeline and the flagged events' uids (→ what flagged them). */
  marks: TimeMark[];
  flagged: ReadonlyMap<string, string>;
}

const TERMINAL = new Set<JobEvent['type']>(['completed', 'failed', 'cancelled']);
const MAX_EARLY_JOBS = 20;

/**
 * One pushed job event applied: this session's verify job moves on (`reload`: it completed, list the verifications
 * again); an import or sync that completes marks the newest verification stale; any other job's event waits in
 * `early` (bounded) until jobs.verify answers with its id.
 */
export function applyJobEvent(part: JobsPart, event: JobEvent): { part: JobsPart; reload: boolean } {
  if (event.type === 'started' && (event.kind === 'import' || event.kind === 'sync'))
    return { part: { ...part, addingJobs: { ...part.addingJobs, [event.jobId]: true } }, reload: false };
  if (part.addingJobs[event.jobId]) {
    if (!TERMINAL.has(event.type)) return { part, reload: false };
    const addingJobs = { ...part.addingJobs };
    delete addingJobs[event.jobId];
    const eventsAddedSince = part.eventsAddedSince || event.type === 'completed';
    return { part: { ...part, addingJobs, eventsAddedSince }, reload: false };
  }
  if (part.job && part.job.jobId === event.jobId)
    return { part: { ...part, job: nextJob(part.job, event) }, reload: event.type === 'completed' };
  return { part: { ...part, early: keepEarly(part.early, event, MAX_EARLY_JOBS) }, reload: false };
}

const NO_FLAGS: ReadonlyMap<string, string> = new Map();

/**
 * A new list (newest first): a chosen verification no longer listed is no longer shown; a new newest one is no
 * longer stale; the marks are the newest one's.
 */
export function afterList(before: ListPart, verifications: VerificationRecord[]): ListPart {
  const newest = verifications[0] ?? null;
  return {
    verifications,
    shownSeq: verifications.some((v) => v.seq === before.shownSeq) ? before.shownSeq : null,
    eventsAddedSince: newest !== null && newest.seq === before.verifications[0]?.seq ? before.eventsAddedSince : false,
    marks: timelineMarks(newest),
    flagged: newest ? flaggedEvents(newest) : NO_FLAGS,
  };
}

/** The verification a view shows: the chosen one, else the newest. */
export function shownVerification(state: {
  verifications: VerificationRecord[];
  shownSeq: number | null;
}): VerificationRecord | null {
  const { verifications, shownSeq } = state;
  return (shownSeq === null ? undefined : verifications.find((v) => v.seq === shownSeq)) ?? verifications[0] ?? null;
}
