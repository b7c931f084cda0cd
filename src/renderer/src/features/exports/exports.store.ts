// The Export dialog's state: whether it is open, the scope it exports (the query the table shows and its zone, taken
// when it opens), the choices, and the one job it runs (an export, a report or a package, followed by its pushed
// events like a verification) with what it wrote. On the desktop the file goes where the save dialog says; in a
// browser it is a download the bridge serves once. What the choices mean is export-choices.ts.
import { create } from 'zustand';
import type { QueryScope } from '@shared/contract';
import type { OutputKind, Redaction, ExportColumn } from '@shared/domain/exports';
import type { JobEvent } from '@shared/domain/jobs';
import { call, cancelJob, errorMessage, onJob, outputChooser, pathRevealer } from '../../lib/bridge';
import { useCase } from '../case/case.store';
import { useView } from '../events/view.store';
import { QUEUED_JOB, isActive, nextJob, type TrackedJob } from '../jobs/tracked-job';
import { useQuery } from '../query/query.store';
import {
  choicesProblem,
  columnsForView,
  jobCall,
  suggestedName,
  withExportColumn,
  writtenFrom,
  type ExportChoices,
  type JobCall,
  type Written,
} from './export-choices';

/** Events of jobs not known yet, kept until the call that starts ours answers with its id. */
const MAX_EARLY_EVENTS = 50;

interface ExportsState {
  open: boolean;
  /** The query and zone exported, and how many events they match: the table's, when the dialog opened. */
  scope: (QueryScope & { total: number }) | null;
  choices: ExportChoices;
  job: TrackedJob | null;
  written: Written | null;
  /** Why the job could not start (the core refused the request). */
  error: string | null;
  /** The browser has fetched the download (the bridge serves it once). */
  downloaded: boolean;
  early: JobEvent[];
  openDialog(): void;
  close(): void;
  setKind(kind: OutputKind): void;
  setColumn(column: ExportColumn, on: boolean): void;
  /** Back to the table's visible columns. */
  columnsFromView(): void;
  setRedaction(redaction: Redaction, on: boolean): void;
  setBom(bom: boolean): void;
  /** Asks where (desktop) and starts the job; false when the user cancelled the save dialog. */
  start(): Promise<boolean>;
  cancel(): Promise<void>;
  reveal(): void;
  markDownloaded(): void;
  /** Back to the choices after a job ended, to make another file of what the table shows now. */
  again(): void;
  apply(event: JobEvent): void;
}

/** The dialog's start: what the table shows now (its query, zone and count, its visible columns), no job. */
function fresh(choices: ExportChoices) {
  const applied = useQuery.getState().applied;
  return {
    scope: applied ? { query: applied.query, timeZone: applied.timeZone, total: applied.total } : null,
    choices: { ...choices, columns: columnsForView(useView.getState().columns) },
    job: null,
    written: null,
    error: null,
    downloaded: false,
  };
}

function startCall(job: JobCall): Promise<{ jobId: string }> {
  switch (job.channel) {
    case 'jobs.export':
      return call(job.channel, job.request);
    case 'jobs.report':
      return call(job.channel, job.request);
    case 'jobs.package':
      return call(job.channel, job.request);
  }
}

export const useExports = create<ExportsState>((set, get) => ({
  open: false,
  scope: null,
  choices: { kind: 'csv', columns: [], redact: [], bom: false },
  job: null,
  written: null,
  error: null,
  downloaded: false,
  early: [],

  openDialog() {
    // A job under way, or a file written (its download maybe not fetched yet), is shown as it is, until "Make
    // another file"; otherwise the dialog starts from what the table shows now.
    const { job } = get();
    if (isActive(job) || job?.state === 'completed') return set({ open: true });
    set((s) => ({ open: true, ...fresh(s.choices) }));
  },
  close: () => set({ open: false }),

  setKind: (kind) => set((s) => ({ choices: { ...s.choices, kind }, error: null })),
  setColumn: (column, on) =>
    set((s) => ({ choices: { ...s.choices, columns: withExportColumn(s.choices.columns, column, on) } })),
  columnsFromView: () =>
    set((s) => ({ choices: { ...s.choices, columns: columnsForView(useView.getState().columns) } })),
  setRedaction: (redaction, on) =>
    set((s) => ({
      choices: {
        ...s.choices,
        redact: on ? [...new Set([...s.choices.redact, redaction])] : s.choices.redact.filter((r) => r !== redaction),
      },
    })),
  setBom: (bom) => set((s) => ({ choices: { ...s.choices, bom } })),

  async start() {
    const { scope, choices, job } = get();
    if (!scope || isActive(job) || choicesProblem(choices) !== null) return false;
    set({ error: null, written: null, downloaded: false });
    const name = suggestedName(choices.kind, useCase.getState().info?.tenantId ?? null, new Date());
    const choose = outputChooser();
    let output: { path: string } | { download: string } = { download: name };
    if (choose) {
      let path: string | null;
      try {
        path = await choose(choices.kind, name);
      } catch (error) {
        set({ error: errorMessage(error) });
        return false;
      }
      if (path === null) return false;
      output = { path };
    }
    set({ job: QUEUED_JOB, early: [] });
    try {
      const { jobId } = await startCall(jobCall(choices, { query: scope.query, timeZone: scope.timeZone }, output));
      const waiting = get().early.filter((event) => event.jobId === jobId);
      set((s) => ({ job: s.job ? { ...s.job, jobId } : null, early: [] }));
      for (const event of waiting) get().apply(event);
    } catch (error) {
      set({ job: null, error: errorMessage(error) });
    }
    return true;
  },

  async cancel() {
    const jobId = get().job?.jobId;
    const problem = jobId ? await cancelJob(jobId) : null;
    if (problem) set({ error: problem });
  },

  reveal() {
    const path = get().written?.path;
    if (path) pathRevealer()?.(path);
  },
  markDownloaded: () => set({ downloaded: true }),
  again: () => set((s) => fresh(s.choices)),

  apply(event) {
    const { job } = get();
    if (!job) return;
    if (job.jobId === null) {
      if (job.state === 'queued') set((s) => ({ early: [...s.early, event].slice(-MAX_EARLY_EVENTS) }));
      return;
    }
    if (event.jobId !== job.jobId) return;
    const next = nextJob(job, event);
    set({ job: next, ...(event.type === 'completed' ? { written: writtenFrom(event.summary) } : {}) });
  },
}));

/** Subscribes the store to the core's job events; returns the unsubscribe (for an effect). */
export function followExportJobs(): () => void {
  return onJob((event) => useExports.getState().apply(event));
}
