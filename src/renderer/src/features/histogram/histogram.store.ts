// The histogram of the current query and zone: loaded once the table's first page is drawn, kept per scope so the
// table's window can seek by its exact bucket counts. Holds data and its error, and what the bars are stacked by
// (outcome or category, remembered); the chart is Histogram.tsx.
import { create } from 'zustand';
import type { Histogram } from '@shared/domain/audit-event';
import { afterNextPaint } from '../../lib/after-paint';
import { call } from '../../lib/bridge';
import { createPanelLoader } from '../../lib/panel-loader';
import { oneOf, storedPreference } from '../../lib/stored-preference';
import { seekByHistograms } from '../query/query.store';

export interface HistogramScope {
  query: string;
  timeZone: string;
  /** What the buckets must reach (the case's span, or the zoomed range): the same for a query and zone in a case. */
  span?: { from: string; to: string } | undefined;
}

export const scopeKey = (scope: HistogramScope) => `${scope.timeZone}\u0000${scope.query}`;

export type StackBy = 'outcome' | 'category';
const stackBy = storedPreference<StackBy>('trailscope.histogram.by', 'outcome', oneOf(['outcome', 'category']));

interface HistogramState {
  key: string | null;
  scope: HistogramScope | null;
  by: StackBy;
  setBy(by: StackBy): void;
  data: Histogram | null;
  loading: boolean;
  error: string | null;
  load(scope: HistogramScope): Promise<void>;
}

const loader = createPanelLoader(afterNextPaint);

export const useHistogramStore = create<HistogramState>((set, get) => ({
  key: null,
  scope: null,
  by: stackBy.load(),
  setBy(by) {
    stackBy.save(by);
    set({ by });
    const scope = get().scope;
    if (scope) void get().load(scope);
  },
  data: null,
  loading: false,
  error: null,
  async load(scope) {
    const key = scopeKey(scope);
    // The old bars stay up (dimmed) until the new ones arrive.
    const by = get().by;
    set({ key, scope, loading: true, error: null });
    // An answer for another scope, or stacked the other way, is no longer wanted: the older call is withdrawn.
    const { span, ...asked } = scope;
    await loader.load(
      (signal) => call('events.histogram', { ...asked, by, ...(span ? { span } : {}) }, { signal }),
      () => get().key === key && get().by === by && get().scope?.span === span,
      { value: (data) => set({ data, loading: false }), error: (error) => set({ loading: false, error }) },
    );
  },
}));

/** The histogram for exactly this scope, or null while another scope's bars are still shown. */
export function histogramFor(scope: HistogramScope): Histogram | null {
  const state = useHistogramStore.getState();
  return state.key === scopeKey(scope) && !state.loading ? state.data : null;
}

// The table's window seeks by these exact bucket counts (the query store sits below this one, so it is handed them).
// Registered when the histogram's code loads, with the shell: before that there is no table to scroll.
seekByHistograms(histogramFor);
