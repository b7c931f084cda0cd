// Starting and cancelling a job a store follows (a verification, detections, an import): the calls to the core and
// what their answers change in the job. The store keeps the job and applies its pushed events (tracked-job.ts).
import { cancelJob, errorMessage } from '../../lib/bridge';
import type { JobState } from './tracked-job';

interface Followed {
  jobId: string | null;
  state: JobState;
  error: string | null;
}

/** Changes the store's job, when it still has one. */
export type JobUpdate<J> = (change: (job: J) => J) => void;

/**
 * Starts a job the store has just set queued: its id once the call answers, then `adopt(jobId)` replays the events
 * that arrived before the answer; a call the core refuses leaves the job failed, with the reason in words.
 */
export async function startFollowed<J extends Followed>(
  update: JobUpdate<J>,
  start: () => Promise<{ jobId: string }>,
  adopt: (jobId: string) => void,
): Promise<void> {
  try {
    const { jobId } = await start();
    update((job) => ({ ...job, jobId }));
    adopt(jobId);
  } catch (error) {
    update((job) => ({ ...job, state: 'failed', error: errorMessage(error) }));
  }
}

/** Asks the core to cancel the job (its end arrives as an event); why it could not goes into the job's error. */
export async function cancelFollowed<J extends Followed>(job: J | null, update: JobUpdate<J>): Promise<void> {
  const problem = job?.jobId ? await cancelJob(job.jobId) : null;
  if (problem) update((current) => ({ ...current, error: problem }));
}
