// Keeps the URL's hash in step with the view (see route.ts): written with replaceState whenever the query that ran,
// the chips, zone, order, open event, columns or density change. Started once by App; returns the stop.
import { useView } from '../events/view.store';
import { formatColumns } from '../events/view-prefs';
import { useInvestigation } from './investigation.store';
import { formatRoute } from './route';

function write(): void {
  const { applied, parked, zoneMode, order, selected, drawerOpen } = useInvestigation.getState();
  if (!applied) return; // until the first run the hash still holds what the link asked for
  const { columns, density } = useView.getState();
  const hash = formatRoute({
    q: applied.query,
    tz: zoneMode,
    order,
    ...(drawerOpen && selected !== null ? { sel: selected } : {}),
    off: parked,
    cols: formatColumns(columns),
    density,
  });
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

export function startRouteSync(): () => void {
  const stops = [useInvestigation.subscribe(write), useView.subscribe(write)];
  return () => stops.forEach((stop) => stop());
}
