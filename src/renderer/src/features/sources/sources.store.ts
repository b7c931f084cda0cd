// The Sources panel's state: the case's saved sources (sources.list), the sync job this session follows for each
// (from jobs.sync's id and the pushed job events), the Import-files job, and which view of the panel is open.
// Job events can arrive before jobs.sync answers with the id: they wait in `early` and are replayed then.
import { create } from 'zustand';
import type { CaseInfo } from '@shared/contract';
import type { AttachmentInfo } from '@shared/domain/attachments';
import type { RejectRow } from '@shared/domain/audit-event';
import type { JobEvent, JobProgress } from '@shared/domain/jobs';
import type { SourceDraft } from '@shared/domain/source-drafts';
import type { SourceDetails } from '@shared/domain/sources';
import { call, cancelJob, errorMessage, onJob } from '../../lib/bridge';
import { isBridgeError } from '../../lib/bridge-error';
import { startFollowed } from '../jobs/follow-job';
import { QUEUED_JOB, keepEarly, takeEarly, type EarlyEvents, type JobState } from '../jobs/tracked-job';
import type { SourceJob } from './source-status';

export type PanelView = 'list' | 'add' | 'import';

export interface ImportJob {
  jobId: string | null;
  paths: string[];
  state: JobState;
  progress: JobProgress | null;
  result: { files: number; added: number; duplicates: number; rejected: number; warnings: string[] } | null;
  error: string | null;
}

interface SourcesState {
  view: PanelView | null;
  /** Why the panel opened on its own (a drop the browser cannot read). */
  notice: string | null;
  sources: SourceDetails[];
  loaded: boolean;
  loadError: string | null;
  secretStorage: CaseInfo['capabilities']['secretStorage'] | null;
  /** Folders of Parquet read beside the case's events (`trailscope case attach`): shown, not changed, here. */
  attachments: AttachmentInfo[];
  jobs: Record<string, SourceJob>;
  /** sourceId → the job shown on its row. */
  bySource: Record<string, string>;
  actionError: Record<string, string>;
  /**
   * sourceId → the core's question before a first sync of a source this user did not add (which host gets which
   * secret), and the sync it held back: the row asks the user, and `sync(…, trust: true)` goes ahead.
   */
  untrusted: Record<string, { message: string; follow: boolean }>;
  importJob: ImportJob | null;
  rejects: RejectRow[] | null;
  early: EarlyEvents;
  open(view?: PanelView, notice?: string | null): void;
  close(): void;
  load(): Promise<void>;
  add(draft: SourceDraft): Promise<SourceDetails>;
  remove(sourceId: string): Promise<void>;
  /** `trust`: the user confirmed, in the row's question, that the source may send its secret to its host. */
  sync(sourceId: string, follow?: boolean, trust?: boolean): Promise<void>;
  cancel(sourceId: string): Promise<void>;
  /** Puts away the row's error, or its trust question (nothing is synced). */
  dismiss(sourceId: string): void;
  startImport(paths: string[]): Promise<void>;
  loadRejects(): Promise<void>;
  apply(event: JobEvent): void;
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
const MAX_EARLY_JOBS = 50;

function nextState(job: { state: JobState }, event: JobEvent): JobState {
  switch (event.type) {
    case 'started':
    case 'progress':
      return job.state === 'queued' ? 'running' : job.state;
    default:
      return event.type;
  }
}

export const useSources = create<SourcesState>((set, get) => {
  const applyToSourceJob = (job: SourceJob, event: JobEvent): SourceJob => {
    const state = nextState(job, event);
    const next: SourceJob = { ...job, state };
    if (event.type === 'progress') {
      const { type: _type, jobId: _jobId, ...progress } = event;
      next.progress = progress;
      next.progressAt = Date.now();
    }
    if (event.type === 'failed') next.error = event.error.message;
    if (event.type === 'completed')
      next.added = typeof event.summary['added'] === 'number' ? event.summary['added'] : null;
    if (TERMINAL.has(event.type)) next.endedAt = new Date().toISOString();
    return next;
  };

  const applyToImport = (job: ImportJob, event: JobEvent): ImportJob => {
    const next: ImportJob = { ...job, state: nextState(job, event) };
    if (event.type === 'progress') {
      const { type: _type, jobId: _jobId, ...progress } = event;
      next.progress = progress;
    }
    if (event.type === 'failed') next.error = event.error.message;
    if (event.type === 'completed') {
      const s = event.summary;
      const num = (key: string) => (typeof s[key] === 'number' ? s[key] : 0);
      next.result = {
        files: num('files'),
        added: num('added'),
        duplicates: num('duplicates'),
        rejected: num('rejected'),
        warnings: Array.isArray(s['warnings']) ? s['warnings'].map(String) : [],
      };
    }
    return next;
  };

  /** A job id the store now knows: replays what arrived before. */
  const adopt = (jobId: string) => {
    const { waiting, rest } = takeEarly(get().early, jobId);
    if (waiting.length === 0) return;
    set({ early: rest });
    for (const event of waiting) get().apply(event);
  };

  return {
    view: null,
    notice: null,
    sources: [],
    loaded: false,
    loadError: null,
    secretStorage: null,
    attachments: [],
    jobs: {},
    bySource: {},
    actionError: {},
    untrusted: {},
    importJob: null,
    rejects: null,
    early: {},

    open(view = 'list', notice = null) {
      set({ view, notice });
      void get().load();
    },
    close: () => set({ view: null, notice: null }),

    async load() {
      try {
        const [{ sources }, info] = await Promise.all([call('sources.list', {}), call('case.info', {})]);
        set((s) => {
          const jobs = { ...s.jobs };
          const bySource = { ...s.bySource };
          // A sync started elsewhere (another window, before a reload) still shows, with its Cancel.
          for (const source of sources) {
            const active = source.activeJob;
            if (active && !jobs[active.jobId]) {
              jobs[active.jobId] = {
                jobId: active.jobId,
                sourceId: source.id,
                follow: active.follow,
                state: 'running',
                progress: null,
                progressAt: null,
                error: null,
                endedAt: null,
                added: null,
              };
              bySource[source.id] = active.jobId;
            }
          }
          return {
            sources,
            jobs,
            bySource,
            loaded: true,
            loadError: null,
            secretStorage: info.capabilities.secretStorage,
            attachments: info.attachments,
          };
        });
      } catch (error) {
        set({ loaded: true, loadError: errorMessage(error) });
      }
    },

    async add(draft) {
      const { source } = await call('sources.add', draft);
      set((s) => ({ sources: [...s.sources.filter((x) => x.id !== source.id), source] }));
      return source;
    },

    async remove(sourceId) {
      try {
        await call('sources.remove', { sourceId });
        set((s) => ({ sources: s.sources.filter((x) => x.id !== sourceId) }));
      } catch (error) {
        set((s) => ({ actionError: { ...s.actionError, [sourceId]: errorMessage(error) } }));
      }
    },

    async sync(sourceId, follow = false, trust = false) {
      set((s) => {
        const actionError = { ...s.actionError };
        delete actionError[sourceId];
        const untrusted = { ...s.untrusted };
        delete untrusted[sourceId];
        return { actionError, untrusted };
      });
      try {
        const { jobId } = await call('jobs.sync', trust ? { sourceId, follow, trust } : { sourceId, follow });
        set((s) => ({
          jobs: {
            ...s.jobs,
            [jobId]: {
              jobId,
              sourceId,
              follow,
              state: 'queued',
              progress: null,
              progressAt: null,
              error: null,
              endedAt: null,
              added: null,
            },
          },
          bySource: { ...s.bySource, [sourceId]: jobId },
        }));
        adopt(jobId);
      } catch (error) {
        if (isBridgeError(error) && error.code === 'UNTRUSTED_SOURCE')
          set((s) => ({ untrusted: { ...s.untrusted, [sourceId]: { message: error.message, follow } } }));
        else set((s) => ({ actionError: { ...s.actionError, [sourceId]: errorMessage(error) } }));
      }
    },

    async cancel(sourceId) {
      const jobId = get().bySource[sourceId];
      const problem = jobId ? await cancelJob(jobId) : null;
      if (problem) set((s) => ({ actionError: { ...s.actionError, [sourceId]: problem } }));
    },

    dismiss(sourceId) {
      set((s) => {
        const bySource = { ...s.bySource };
        delete bySource[sourceId];
        const actionError = { ...s.actionError };
        delete actionError[sourceId];
        const untrusted = { ...s.untrusted };
        delete untrusted[sourceId];
        return { bySource, actionError, untrusted };
      });
    },

    async startImport(paths) {
      set({ importJob: { ...QUEUED_JOB, paths, result: null }, rejects: null });
      await startFollowed<ImportJob>(
        (change) => set((s) => ({ importJob: s.importJob ? change(s.importJob) : null })),
        () => call('jobs.import', { paths }),
        adopt,
      );
    },

    async loadRejects() {
      try {
        const { rejects } = await call('rejects.list', { limit: 10_000 });
        // Oldest first from the core: the newest are the ones this import just added.
        set({ rejects: rejects.slice(-200).reverse() });
      } catch (error) {
        set((s) => ({ importJob: s.importJob ? { ...s.importJob, error: errorMessage(error) } : null }));
      }
    },

    apply(event) {
      const s = get();
      const sourceJob = s.jobs[event.jobId];
      if (sourceJob) {
        set({ jobs: { ...s.jobs, [event.jobId]: applyToSourceJob(sourceJob, event) } });
        // What the case says about the source (last sync, coverage) changed.
        if (TERMINAL.has(event.type)) void get().load();
        return;
      }
      if (s.importJob && s.importJob.jobId === event.jobId) {
        set({ importJob: applyToImport(s.importJob, event) });
        if (event.type === 'completed') void get().load();
        return;
      }
      // Not (yet) ours: keep it until jobs.sync / jobs.import answers with this id.
      set({ early: keepEarly(s.early, event, MAX_EARLY_JOBS) });
    },
  };
});

/** Subscribes the store to the core's job events; returns the unsubscribe (for an effect). */
export function followSourceJobs(): () => void {
  return onJob((event) => useSources.getState().apply(event));
}
