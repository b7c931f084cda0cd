// Which event is selected in the table (0-based, in the result's order) and whether the drawer shows it. A new
// result clears both, except the same query in the same order (a zone switch) keeps them; a copied link's open
// event opens once its query has run. Follows the query store from above: `followResults` is started by main.tsx
// before the first query, so that link's event is not missed.
import { create } from 'zustand';
import { openingRoute } from '../../lib/opening-route';
import { useQuery } from '../query/query.store';

interface SelectionState {
  selected: number | null;
  drawerOpen: boolean;
  select(index: number | null): void;
  moveSelection(delta: number): void;
  openDrawer(index?: number): void;
  closeDrawer(): void;
}

export const useSelection = create<SelectionState>((set, get) => ({
  selected: null,
  drawerOpen: false,

  select: (selected) => set({ selected }),

  moveSelection(delta) {
    const applied = useQuery.getState().applied;
    const selected = get().selected;
    if (!applied || applied.total === 0) return;
    const next = selected === null ? 0 : Math.min(applied.total - 1, Math.max(0, selected + delta));
    set({ selected: next });
  },

  openDrawer(index) {
    const selected = index ?? get().selected;
    if (selected !== null) set({ selected, drawerOpen: true });
  },

  closeDrawer: () => set({ drawerOpen: false }),
}));

/** Keeps the selection in step with the results; returns the stop. */
export function followResults(): () => void {
  /** The event a copied link had open: opened once, after the first query settles. */
  let pending = openingRoute.sel;
  return useQuery.subscribe((state, before) => {
    if (!before.running || state.running) return; // only when a query settles
    const opened = pending;
    pending = undefined; // a link whose query does not run opens no event of another one
    const result = state.applied;
    if (result === before.applied || result === null) return; // refused or failed: the old results stay
    const previous = before.applied;
    const keep = previous !== null && previous.query === result.query && previous.order === result.order;
    if (opened !== undefined && opened < result.total) useSelection.setState({ selected: opened, drawerOpen: true });
    else if (!keep) useSelection.setState({ selected: null, drawerOpen: false });
  });
}
