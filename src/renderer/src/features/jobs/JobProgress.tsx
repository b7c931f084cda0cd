// A job this session follows, as its view shows it (verification, detections, export, import): the bar and its
// progress in words while it runs, with Cancel once the core has given the job an id, then how it ended when that
// was a failure or a cancel. What the job's state is and how it moves: tracked-job.ts.
import type { ReactNode } from 'react';
import type { JobProgress as Progress } from '@shared/domain/jobs';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobBar } from '../../components/JobBar';
import { isActive, progressDetail, progressPercent, type JobState, type TrackedJob } from './tracked-job';

const WAITING = 'Queued: waiting for an import or sync to finish…';

interface MeterProps {
  job: { state: JobState; progress: Progress | null };
  /** The bar's accessible name. */
  label: string;
  /** The line while queued. */
  queued?: string;
  /** The line while running. */
  detail?: (progress: Progress) => string;
}

/** The bar (moving while the total is unknown) and one line: queued, or the phase and how far. */
export function JobMeter({ job, label, queued = WAITING, detail = progressDetail }: MeterProps) {
  const p = job.progress;
  return (
    <>
      <JobBar percent={p ? progressPercent(p) : null} label={label} />
      <p className="tabular">{job.state === 'queued' || !p ? queued : detail(p)}</p>
    </>
  );
}

/** Cancel, while the job runs and once it has an id to cancel by. */
export function CancelJobButton({
  job,
  onCancel,
}: {
  job: { jobId: string | null; state: JobState } | null;
  onCancel(): void;
}) {
  if (!isActive(job) || !job?.jobId) return null;
  return (
    <button type="button" className="btn btn--small" onClick={onCancel}>
      Cancel
    </button>
  );
}

interface Props {
  job: TrackedJob;
  label: string;
  /** The title of the notice when it failed; none: its failure is shown elsewhere. */
  failed?: string;
  /** What a cancel leaves behind, in words; none: shown elsewhere. */
  cancelled?: string;
  /** Under the meter while it runs (the Export dialog's Cancel). */
  children?: ReactNode;
}

export function JobProgress({ job, label, failed, cancelled, children }: Props) {
  return (
    <div className="integrity__job" aria-live="polite">
      {isActive(job) && (
        <>
          <JobMeter job={job} label={label} />
          {children}
        </>
      )}
      {failed !== undefined && job.state === 'failed' && <ErrorNotice title={failed} message={job.error ?? ''} />}
      {cancelled !== undefined && job.state === 'cancelled' && <p role="status">{cancelled}</p>}
    </div>
  );
}

interface RunProps {
  job: TrackedJob | null;
  /** The submit button's text ("Verify", "Run detections"): the form's submit starts the job. */
  run: string;
  onCancel(): void;
  progress: Omit<Props, 'job' | 'children'>;
}

/** The foot of a form that starts a job: its submit (disabled while the job runs), Cancel, then the job's progress. */
export function JobRunControls({ job, run, onCancel, progress }: RunProps) {
  return (
    <>
      <div className="source-form__actions">
        <button type="submit" className="btn btn--accent" disabled={isActive(job)}>
          {run}
        </button>
        <CancelJobButton job={job} onCancel={onCancel} />
      </div>
      {job && <JobProgress job={job} {...progress} />}
    </>
  );
}
