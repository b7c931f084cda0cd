// The timeline's per-actor lanes ('events.lanes'): whether they are shown (remembered; while hidden they are not
// asked for, UX.md §2) and the lanes of the query that last ran, kept until the next ones arrive.
import { create } from 'zustand';
import { LANE_RANKS, type ActorLanes, type LaneRank } from '@shared/domain/audit-event';
import { afterNextPaint } from '../../lib/after-paint';
import { call } from '../../lib/bridge';
import { createPanelLoader } from '../../lib/panel-loader';
import { oneOf, storedPreference } from '../../lib/stored-preference';
import { scopeKey, type HistogramScope } from './histogram.store';

/** Top 8 actors plus "Other" (UX.md §2). */
export const LANE_COUNT = 8;
/** Stored as the words `open` and `closed`; anything else reads as closed. */
const shown = storedPreference('trailscope.lanes', false, {
  parse: (text) => text === 'open',
  format: (open) => (open ? 'open' : 'closed'),
});

/** How the lanes pick their actors: by volume, failures or rarity (issue 18), remembered. */
const ranked = storedPreference<LaneRank>('trailscope.lanes.rank', 'volume', oneOf(LANE_RANKS));

interface LanesState {
  open: boolean;
  rank: LaneRank;
  setRank(rank: LaneRank): void;
  scope: HistogramScope | null;
  key: string | null;
  span: HistogramScope['span'];
  data: ActorLanes | null;
  loading: boolean;
  error: string | null;
  setOpen(open: boolean): void;
  load(scope: HistogramScope): Promise<void>;
}

const loader = createPanelLoader(afterNextPaint);

export const useLanes = create<LanesState>((set, get) => ({
  open: shown.load(),
  rank: ranked.load(),
  setRank(rank) {
    ranked.save(rank);
    set({ rank });
    const scope = get().scope;
    if (scope) void get().load(scope);
  },
  scope: null,
  key: null,
  span: undefined,
  data: null,
  loading: false,
  error: null,
  setOpen(open) {
    shown.save(open);
    set({ open });
  },
  async load(scope) {
    const rank = get().rank;
    const key = `${rank}\u0000${scopeKey(scope)}`;
    set({ key, scope, span: scope.span, loading: true, error: null });
    const { span, ...asked } = scope;
    await loader.load(
      (signal) => call('events.lanes', { ...asked, top: LANE_COUNT, rank, ...(span ? { span } : {}) }, { signal }),
      () => get().key === key && get().span === span,
      { value: (data) => set({ data, loading: false }), error: (error) => set({ loading: false, error }) },
    );
  },
}));
