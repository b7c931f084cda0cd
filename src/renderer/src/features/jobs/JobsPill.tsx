// The toolbar's sync pill: running imports/syncs with their progress, a failure in words, and "New events —
// Refresh" once a job has added events (the view is re-run only when the user asks).
import { formatCount } from '../../lib/format';
import { useCase } from '../case/case.store';
import { useQuery } from '../query/query.store';
import { useJobs } from './jobs.store';
import type { JobKind } from '@shared/domain/jobs';

const JOB_LABELS = {
  import: 'Importing',
  sync: 'Syncing',
  verify: 'Verifying',
  export: 'Exporting',
  report: 'Writing report',
  package: 'Packaging',
  detect: 'Running detections',
} as const satisfies Record<JobKind, string>;

export function JobsPill() {
  const running = Object.values(useJobs((s) => s.running));
  const lastFailure = useJobs((s) => s.lastFailure);
  const newEvents = useJobs((s) => s.newEvents);
  const acknowledge = useJobs((s) => s.acknowledge);
  const refresh = () => {
    acknowledge();
    void useCase.getState().load();
    const applied = useQuery.getState().applied;
    void useQuery.getState().run(applied?.query);
  };
  return (
    <div className="jobs" aria-live="polite">
      {running.map((job) => (
        <span key={job.jobId} className="pill">
          {JOB_LABELS[job.kind ?? 'import']}
          {job.progress
            ? ` · ${job.progress.phase}` +
              (job.kind === 'verify' ? '' : ` · ${formatCount(job.progress.events)} events`) +
              (job.progress.total !== null
                ? ` · ${formatCount(job.progress.done)} of ${formatCount(job.progress.total)}`
                : '')
            : ' · starting'}
        </span>
      ))}
      {lastFailure && (
        <span className="pill pill--failure">
          ✖ {lastFailure}
          <button type="button" className="link-button" onClick={acknowledge}>
            Dismiss
          </button>
        </span>
      )}
      {newEvents && (
        <button type="button" className="btn btn--small btn--accent" onClick={refresh}>
          New events — Refresh
        </button>
      )}
    </div>
  );
}
