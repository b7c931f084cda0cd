// Keeps the URL's hash in step with the view (see lib/route.ts): written with replaceState whenever the query that ran,
// the chips, zone, order, open event (index and uid), columns or density change. Started once by App; returns the stop. Written in
// a task of its own after the change: the first replaceState of a page can take ~20 ms, which the rows that
// just arrived should not wait for.
import { formatRoute } from '../../lib/route';
import { useSelection } from '../events/selection.store';
import { useView } from '../events/view.store';
import { formatColumns } from '../events/view-prefs';
import { usePreferences } from '../preferences/preferences.store';
import { useQuery } from '../query/query.store';

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
  if (location.hash !== hash) history.replaceState(null, '', hash);
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
  // The first query may have answered before the shell mounted (main.tsx sends it first).
  schedule();
  return () => {
    stops.forEach((stop) => stop());
    if (pending !== null) clearTimeout(pending);
  };
}
