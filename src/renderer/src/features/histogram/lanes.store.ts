// The timeline's per-actor lanes ('events.lanes'): whether they are shown (remembered; while hidden they are not
// asked for, UX.md §2) and the lanes of the query that last ran, kept until the next ones arrive.
import { create } from 'zustand';
import type { ActorLanes } from '../../../../shared/domain/audit-event';
import { afterNextPaint } from '../../lib/after-paint';
import { call, errorMessage, isWithdrawn } from '../../lib/bridge';
import { panelSignal } from '../investigation/panel-calls';
import { scopeKey, type HistogramScope } from './histogram.store';

/** Top 8 actors plus "Other" (UX.md §2). */
export const LANE_COUNT = 8;
const STORAGE_KEY = 'trailscope.lanes';

function storedOpen(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'open';
  } catch {
    return false;
  }
}

interface LanesState {
  open: boolean;
  key: string | null;
  data: ActorLanes | null;
  loading: boolean;
  error: string | null;
  setOpen(open: boolean): void;
  load(scope: HistogramScope): Promise<void>;
}

let latest: AbortController | null = null;

export const useLanes = create<LanesState>((set, get) => ({
  open: storedOpen(),
  key: null,
  data: null,
  loading: false,
  error: null,
  setOpen(open) {
    try {
      localStorage.setItem(STORAGE_KEY, open ? 'open' : 'closed');
    } catch {
      // remembered for this session only
    }
    set({ open });
  },
  async load(scope) {
    const key = scopeKey(scope);
    set({ key, loading: true, error: null });
    // The older call is withdrawn, and this one with the other panels' calls when a query for another scope starts.
    latest?.abort();
    latest = new AbortController();
    const signal = AbortSignal.any([latest.signal, panelSignal()]);
    await afterNextPaint(); // after the table's rows are drawn
    if (get().key !== key || signal.aborted) return;
    try {
      const data = await call('events.lanes', { ...scope, top: LANE_COUNT }, { signal });
      if (get().key === key) set({ data, loading: false });
    } catch (error) {
      // A withdrawn call is asked again by whoever withdrew it.
      if (get().key === key && !isWithdrawn(error)) set({ loading: false, error: errorMessage(error) });
    }
  },
}));
