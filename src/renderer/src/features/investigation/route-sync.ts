// Keeps the URL's hash in step with the view (see lib/route.ts): a new query that ran is a new entry of the browser's
// history (pushState), so its Back and Forward step through the queries; the chips, zone, order, open event (index
// and uid), columns or density replace the entry's hash (replaceState: opening rows adds no entries). Back/Forward
// (popstate) run the entry's query again and reopen the event it had open. Started once by App; returns the stop.
// Written in a task of its own after the change: the first replaceState of a page can take ~20 ms, which the rows
// that just arrived should not wait for.
import { formatRoute, parseRoute } from '../../lib/route';
import { useSelection } from '../events/selection.store';
import { openEventWhenSettled } from '../evidence/event-link';
import { useView } from '../events/view.store';
import { formatColumns } from '../events/view-prefs';
import { usePreferences } from '../preferences/preferences.store';
import { useQuery } from '../query/query.store';

/** The query of the entry written last; null until the first (which replaces the entry the page was opened with). */
let written: string | null = null;
/** The query a Back/Forward is running: its entry is already the current one. */
let restoring: string | null = null;
/** Stops waiting to reopen the event of the entry Back/Forward went to last. */
let stopReopening: (() => void) | null = null;

function write(): void {
  const { applied, parked, order, rows } = useQuery.getState();
  if (!applied) return; // until the first run the hash still holds what the link asked for
  const { zoneMode } = usePreferences.getState();
  const { selected, drawerOpen } = useSelection.getState();
  const { columns, density } = useView.getState();
  const hash = formatRoute({
    q: applied.query,
    tz: zoneMode,
    order,
    ...(drawerOpen && selected !== null ? { sel: selected } : {}),
    ...(drawerOpen && selected !== null && rows?.rowAt(selected) ? { ev: rows.rowAt(selected)?.uid } : {}),
    off: parked,
    cols: formatColumns(columns),
    density,
  });
  const isNew = written !== null && applied.query !== written && applied.query !== restoring;
  if (applied.query === restoring) restoring = null;
  written = applied.query;
  if (isNew) history.pushState(null, '', hash);
  else if (location.hash !== hash) history.replaceState(null, '', hash);
}

/** Back or Forward in the browser: the entry's query runs (as a step through history, not a new query). */
function onPopState(): void {
  const route = parseRoute(location.hash);
  const { applied, run } = useQuery.getState();
  if (applied?.query === route.q) return;
  restoring = route.q;
  // The event the entry had open opens again once its query has run (found by uid: its index may have moved).
  stopReopening?.();
  stopReopening = route.ev === undefined ? null : openEventWhenSettled(route.ev, route.q);
  void run(route.q, { fromHistory: true, parked: route.off });
}

export function startRouteSync(): () => void {
  let pending: ReturnType<typeof setTimeout> | null = null;
  const schedule = () => {
    pending ??= setTimeout(() => {
      pending = null;
      write();
    }, 0);
  };
  const stops = [useQuery, usePreferences, useSelection, useView].map((store) => store.subscribe(schedule));
  window.addEventListener('popstate', onPopState);
  // The first query may have answered before the shell mounted (main.tsx sends it first).
  schedule();
  return () => {
    stops.forEach((stop) => stop());
    window.removeEventListener('popstate', onPopState);
    stopReopening?.();
    if (pending !== null) clearTimeout(pending);
  };
}
