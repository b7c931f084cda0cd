// The Findings view's state: the latest detection run and its findings (findings.list), the detect job this session
// started (jobs.detect, followed by its pushed events like a verification), the Sigma rule files chosen for it (their
// text: the core compiles them, the renderer never sends SQL), and what the findings mark on the timeline and in the
// table. The histogram and the table never import this store: App.tsx hands them the marks.
import { create } from 'zustand';
import type { Finding, FindingsList, RuleFile } from '@shared/domain/detections';
import type { JobEvent } from '@shared/domain/jobs';
import { call, errorMessage, onJob } from '../../lib/bridge';
import type { TimeMark } from '../histogram/time-marks';
import { cancelFollowed, startFollowed, type JobUpdate } from '../jobs/follow-job';
import { QUEUED_JOB, nextJob, type TrackedJob } from '../jobs/tracked-job';
import { useQuery } from '../query/query.store';
import { detectedEvents, findingMarks } from './findings-view';

/** Events of jobs not known yet, kept until jobs.detect answers with its id. */
const MAX_EARLY_EVENTS = 50;
const NO_DETECTIONS: ReadonlyMap<string, string[]> = new Map();
/**
 * The events of a finding the table marks and the drawer names: a Sigma rule may flag millions, and its query
 * (`finding:<id>`) shows them all.
 */
const MARKED_PER_FINDING = 50_000;

interface DetectionsState {
  open: boolean;
  loaded: boolean;
  loadError: string | null;
  list: FindingsList | null;
  job: TrackedJob | null;
  early: JobEvent[];
  /** Sigma rule files to run with the built-in pack. */
  ruleFiles: RuleFile[];
  marks: TimeMark[];
  detected: ReadonlyMap<string, string[]>;
  openPanel(): void;
  close(): void;
  load(): Promise<void>;
  setRuleFiles(files: RuleFile[]): void;
  detect(): Promise<void>;
  cancel(): Promise<void>;
  /** Shows the finding's events in the table (its query). */
  showEvents(finding: Finding): void;
  apply(event: JobEvent): void;
}

export const useDetections = create<DetectionsState>((set, get) => ({
  open: false,
  loaded: false,
  loadError: null,
  list: null,
  job: null,
  early: [],
  ruleFiles: [],
  marks: [],
  detected: NO_DETECTIONS,

  openPanel() {
    set({ open: true });
    void get().load();
  },
  close: () => set({ open: false }),

  async load() {
    try {
      const list = await call('findings.list', { uidLimit: MARKED_PER_FINDING });
      set({
        list,
        loaded: true,
        loadError: null,
        marks: findingMarks(list.findings),
        detected: detectedEvents(list.findings),
      });
    } catch (error) {
      set({ loaded: true, loadError: errorMessage(error) });
    }
  },

  setRuleFiles: (ruleFiles) => set({ ruleFiles }),

  async detect() {
    set({ job: QUEUED_JOB, early: [] });
    const ruleFiles = get().ruleFiles;
    await startFollowed(
      updateJob,
      () => call('jobs.detect', ruleFiles.length > 0 ? { ruleFiles } : {}),
      (jobId) => {
        // What arrived before this answer, replayed.
        const waiting = get().early.filter((event) => event.jobId === jobId);
        set({ early: [] });
        for (const event of waiting) get().apply(event);
      },
    );
  },

  cancel: () => cancelFollowed(get().job, updateJob),

  showEvents(finding) {
    // The panel steps aside for the events; the query bar shows `finding:<id>`, which the user may refine.
    set({ open: false });
    void useQuery.getState().run(finding.query);
  },

  apply(event) {
    const job = get().job;
    if (job && job.jobId === null) {
      set((s) => ({ early: [...s.early, event].slice(-MAX_EARLY_EVENTS) }));
      return;
    }
    if (!job || job.jobId !== event.jobId) return;
    set({ job: nextJob(job, event) });
    if (event.type === 'completed') void get().load();
  },
}));

const updateJob: JobUpdate<TrackedJob> = (change) =>
  useDetections.setState((s) => ({ job: s.job ? change(s.job) : null }));

/** Subscribes the store to the core's job events; returns the unsubscribe (for an effect). */
export function followDetectionJobs(): () => void {
  return onJob((event) => useDetections.getState().apply(event));
}
