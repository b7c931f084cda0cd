// The focus after a query is run from the query field (issue 18 item 7: the grid was 69 Tab presses away): once
// that run settles with rows, the grid takes the focus, so j/k, the arrows and PageDown move the selection at once.
// Not when the query was refused (the caret and the message stay with the field), nor when the user has moved on
// (typed more, or focused something else) while it ran.
import { useQuery } from '../query/query.store';

/** Focuses the events grid without scrolling the page; the first key then moves the selection. */
export function focusGrid(gridId: string): void {
  document.getElementById(gridId)?.focus({ preventScroll: true });
}

let armed: (() => void) | null = null;

/** Called as Enter leaves the query field: the next run to settle hands the focus to the grid. */
export function focusResultsAfterRun(field: HTMLElement, gridId: string): void {
  armed?.();
  const stop = useQuery.subscribe((state, before) => {
    if (!before.running || state.running) return;
    stop();
    armed = null;
    if (state.queryError || state.loadError) return;
    const ran = state.applied?.query;
    // After the new grid is drawn (it is keyed by its query, so it mounts anew).
    requestAnimationFrame(() => {
      const focused = document.activeElement;
      if (focused !== field && focused !== document.body && focused !== null) return;
      if (useQuery.getState().draft !== ran) return;
      focusGrid(gridId);
    });
  });
  armed = stop;
}
