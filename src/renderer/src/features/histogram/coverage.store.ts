// The timeline's per-source coverage lanes ('sources.lanes', UX.md §12.2): whether they are shown (remembered; while
// hidden they are not asked for) and the lanes on the buckets the histogram last drew, kept until the next arrive.
import { create } from 'zustand';
import type { SourceLane } from '@shared/domain/sources';
import { afterNextPaint } from '../../lib/after-paint';
import { call } from '../../lib/bridge';
import { createPanelLoader } from '../../lib/panel-loader';
import { storedPreference } from '../../lib/stored-preference';

const shown = storedPreference('trailscope.coverage', false, {
  parse: (text) => text === 'open',
  format: (open) => (open ? 'open' : 'closed'),
});

/** The buckets to lay the lanes on: the histogram's starts and where its last bucket ends. */
export interface LaneBuckets {
  starts: string[];
  end: string;
}

interface CoverageState {
  open: boolean;
  key: string | null;
  lanes: SourceLane[] | null;
  loading: boolean;
  error: string | null;
  setOpen(open: boolean): void;
  load(buckets: LaneBuckets): Promise<void>;
}

const loader = createPanelLoader(afterNextPaint);

export const useCoverage = create<CoverageState>((set, get) => ({
  open: shown.load(),
  key: null,
  lanes: null,
  loading: false,
  error: null,
  setOpen(open) {
    shown.save(open);
    set({ open });
  },
  async load(buckets) {
    const key = `${buckets.starts[0] ?? ''}/${buckets.starts.length}/${buckets.end}`;
    set({ key, loading: true, error: null });
    await loader.load(
      (signal) => call('sources.lanes', buckets, { signal }),
      () => get().key === key,
      { value: ({ lanes }) => set({ lanes, loading: false }), error: (error) => set({ loading: false, error }) },
    );
  },
}));
