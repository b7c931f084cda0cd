// The Integrity view's state: the case's stored verifications (verifications.list, newest first), which one is
// shown, the verify job this session started (jobs.verify, followed by its pushed events like an import), and what
// the newest verification marks on the timeline and in the table. How each of these moves is integrity-state.ts.
// The histogram and the table never import this store: App.tsx hands them the marks (so this feature may use the
// query and the table's selection without a circle between folders).
import { create } from 'zustand';
import type { ChainHead } from '@shared/domain/integrity';
import type { JobEvent } from '@shared/domain/jobs';
import { call, errorMessage, onJob } from '../../lib/bridge';
import { cancelFollowed, startFollowed, type JobUpdate } from '../jobs/follow-job';
import { QUEUED_JOB, takeEarly, type TrackedJob } from '../jobs/tracked-job';
import { afterList, applyJobEvent, type JobsPart, type ListPart } from './integrity-state';
import { openFindingEvent } from './open-finding';

/** Verifications listed (the newest first); older ones stay in the case, not shown. */
export const LIST_LIMIT = 20;

export interface VerifyOptions {
  /** The text of `aws cloudtrail list-public-keys` output (read from the file the user chose). */
  publicKeys?: string;
  /** Chain ends from an earlier verification: a chain now shorter is a truncated tail. */
  expectHeads?: ChainHead[];
}

interface IntegrityState extends JobsPart, ListPart {
  open: boolean;
  loaded: boolean;
  loadError: string | null;
  /** Why the last "open this event" did not open it, in words. */
  openNotice: string | null;
  openPanel(): void;
  close(): void;
  load(): Promise<void>;
  show(seq: number | null): void;
  verify(options?: VerifyOptions): Promise<void>;
  cancel(): Promise<void>;
  openEvent(uid: string, at: string | null | undefined): Promise<void>;
  apply(event: JobEvent): void;
}

export const useIntegrity = create<IntegrityState>((set, get) => ({
  open: false,
  loaded: false,
  loadError: null,
  openNotice: null,
  job: null,
  early: {},
  addingJobs: {},
  ...afterList({ verifications: [], shownSeq: null, eventsAddedSince: false, marks: [], flagged: new Map() }, []),

  openPanel() {
    set({ open: true, openNotice: null });
    void get().load();
  },
  close: () => set({ open: false }),

  async load() {
    try {
      const { verifications } = await call('verifications.list', { limit: LIST_LIMIT });
      set((s) => ({ ...afterList(s, verifications), loaded: true, loadError: null }));
    } catch (error) {
      set({ loaded: true, loadError: errorMessage(error) });
    }
  },

  show: (shownSeq) => set({ shownSeq }),

  async verify(options = {}) {
    set({ job: QUEUED_JOB, openNotice: null });
    await startFollowed(
      updateJob,
      () =>
        call('jobs.verify', {
          ...(options.publicKeys !== undefined ? { publicKeys: options.publicKeys } : {}),
          ...(options.expectHeads && options.expectHeads.length > 0 ? { expectHeads: options.expectHeads } : {}),
        }),
      (jobId) => {
        // What arrived before this answer, replayed.
        const { waiting, rest } = takeEarly(get().early, jobId);
        set({ early: rest });
        for (const event of waiting) get().apply(event);
      },
    );
  },

  cancel: () => cancelFollowed(get().job, updateJob),

  async openEvent(uid, at) {
    set({ openNotice: null });
    try {
      const outcome = await openFindingEvent(uid, at);
      // The panel steps aside for the event; it stays open to say why when there is none to show.
      if (outcome === 'opened') set({ open: false });
      if (outcome === 'no_time') set({ openNotice: `Event ${uid}: the finding gives no time to look for it at.` });
      if (outcome === 'not_found')
        set({ openNotice: `Event ${uid} is not among the events around the finding's time: the table shows them.` });
    } catch (error) {
      set({ openNotice: `Event ${uid} could not be opened: ${errorMessage(error)}` });
    }
  },

  apply(event) {
    const { part, reload } = applyJobEvent(get(), event);
    const { job, early, addingJobs, eventsAddedSince } = part;
    // A completed verification is the newest: shown in place of an earlier one chosen.
    set({ job, early, addingJobs, eventsAddedSince, ...(reload ? { shownSeq: null } : {}) });
    if (reload) void get().load();
  },
}));

const updateJob: JobUpdate<TrackedJob> = (change) =>
  useIntegrity.setState((s) => ({ job: s.job ? change(s.job) : null }));

/** Subscribes the store to the core's job events; returns the unsubscribe (for an effect). */
export function followIntegrityJobs(): () => void {
  return onJob((event) => useIntegrity.getState().apply(event));
}
