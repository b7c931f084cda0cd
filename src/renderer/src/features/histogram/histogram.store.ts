// The histogram of the current query and zone: loaded after the table's first page, kept per scope so the table's
// window can seek by its exact bucket counts. Holds data and its error; the chart is Histogram.tsx.
import { create } from 'zustand';
import type { Histogram } from '../../../../shared/domain/audit-event';
import { call, errorMessage } from '../../lib/bridge';

export interface HistogramScope {
  query: string;
  timeZone: string;
}

export const scopeKey = (scope: HistogramScope) => `${scope.timeZone}\u0000${scope.query}`;

interface HistogramState {
  key: string | null;
  data: Histogram | null;
  loading: boolean;
  error: string | null;
  load(scope: HistogramScope): Promise<void>;
}

export const useHistogramStore = create<HistogramState>((set, get) => ({
  key: null,
  data: null,
  loading: false,
  error: null,
  async load(scope) {
    const key = scopeKey(scope);
    // The old bars stay up (dimmed) until the new ones arrive.
    set({ key, loading: true, error: null });
    try {
      const data = await call('events.histogram', { ...scope, by: 'outcome' });
      if (get().key === key) set({ data, loading: false });
    } catch (error) {
      if (get().key === key) set({ loading: false, error: errorMessage(error) });
    }
  },
}));

/** The histogram for exactly this scope, or null while another scope's bars are still shown. */
export function histogramFor(scope: HistogramScope): Histogram | null {
  const state = useHistogramStore.getState();
  return state.key === scopeKey(scope) && !state.loading ? state.data : null;
}
