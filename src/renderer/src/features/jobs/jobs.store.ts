// Imports, syncs and verifications as the core pushes them (the `job` channel): what runs now, the last failure, and
// whether new events arrived since the view was run. The view never refreshes itself (UX.md §8): the user clicks
// Refresh.
import { create } from 'zustand';
import type { JobEvent, JobKind, JobProgress } from '@shared/domain/jobs';
import { onJob } from '../../lib/bridge';

export interface RunningJob {
  jobId: string;
  kind: JobKind | null;
  progress: JobProgress | null;
}

interface JobsState {
  running: Record<string, RunningJob>;
  lastFailure: string | null;
  newEvents: boolean;
  apply(event: JobEvent): void;
  acknowledge(): void;
}

export const useJobs = create<JobsState>((set) => ({
  running: {},
  lastFailure: null,
  newEvents: false,
  apply(event) {
    set((state) => {
      const running = { ...state.running };
      const current = running[event.jobId] ?? { jobId: event.jobId, kind: null, progress: null };
      switch (event.type) {
        case 'started':
          running[event.jobId] = { ...current, kind: event.kind };
          return { running };
        case 'progress': {
          const { type: _type, jobId: _jobId, ...progress } = event;
          running[event.jobId] = { ...current, progress };
          return { running };
        }
        case 'completed':
          delete running[event.jobId];
          // A verification or an export adds no events: nothing to refresh.
          return {
            running,
            newEvents: state.newEvents || (current.kind !== 'verify' && current.kind !== 'export'),
          };
        case 'failed':
          delete running[event.jobId];
          return { running, lastFailure: `${current.kind ?? 'Job'} failed: ${event.error.message}` };
        case 'cancelled':
          delete running[event.jobId];
          return { running };
      }
    });
  },
  acknowledge: () => set({ newEvents: false, lastFailure: null }),
}));

/** Subscribes the store to the core's job events; returns the unsubscribe (for an effect). */
export function followJobs(): () => void {
  return onJob((event) => useJobs.getState().apply(event));
}
