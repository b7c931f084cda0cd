// One job this session started and follows (a verification, an export): its state as its pushed events move it.
// Pure: the stores that follow a job (integrity.store.ts, exports.store.ts) apply it.
import type { JobEvent, JobProgress } from '@shared/domain/jobs';

export type JobState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface TrackedJob {
  /** Null until the call that starts it answers. */
  jobId: string | null;
  state: JobState;
  progress: JobProgress | null;
  error: string | null;
}

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
