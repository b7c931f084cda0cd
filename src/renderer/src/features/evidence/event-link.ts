// A link that opens one event in this case (UX.md §5 "copy link"): the page's own address with the route of the
// query on screen and the event's uid (lib/route.ts `ev`); and, when a page is opened with one or Back/Forward
// returns to an entry that had one, finding that event among the query's rows by uid once the query has run and
// opening it in the drawer (as a finding's event is found: integrity/finding-window.ts), whatever its index now.
import type { Request } from '@shared/contract';
import { call } from '../../lib/bridge';
import { openingRoute } from '../../lib/opening-route';
import { formatRoute } from '../../lib/route';
import { useSelection } from '../events/selection.store';
import { useView } from '../events/view.store';
import { formatColumns } from '../events/view-prefs';
import { indexOfUid } from '../integrity/finding-window';
import { usePreferences } from '../preferences/preferences.store';
import { useQuery } from '../query/query.store';

/** The address that reopens the query on screen with the event `uid` open; null before any query ran. */
export function eventLink(uid: string): string | null {
  const { applied, parked, order } = useQuery.getState();
  if (!applied) return null;
  const { columns, density } = useView.getState();
  const hash = formatRoute({
    q: applied.query,
    tz: usePreferences.getState().zoneMode,
    order,
    ev: uid,
    off: parked,
    cols: formatColumns(columns),
    density,
  });
  // No query string: the web bridge's token was traded for a cookie; a link carries no secret.
  return `${location.origin}${location.pathname}${hash}`;
}

/**
 * Opens the event `uid` in the drawer once the query now running settles — a copied link's event, or the one a
 * browser history entry had open (Back/Forward, investigation/route-sync.ts) — found among the rows by uid, whatever
 * its index now. With `query`, only when that is the query that settled: one the user ran meanwhile opens nothing.
 * Returns the stop.
 */
export function openEventWhenSettled(uid: string, query?: string): () => void {
  const stop = useQuery.subscribe((state, before) => {
    if (!before.running || state.running) return;
    stop();
    const applied = state.applied;
    if (!applied || (query !== undefined && applied.query !== query)) return;
    const selected = useSelection.getState().selected;
    if (selected !== null && state.rows?.rowAt(selected)?.uid === uid) return;
    const fetchPage = (request: Request<'events.page'>) => call('events.page', request);
    void indexOfUid(fetchPage, applied, uid).then((index) => {
      // Not among the rows (the query changed meanwhile, or the event is not in it): the results stay as they are.
      if (index !== null && useQuery.getState().applied === applied) useSelection.getState().openDrawer(index);
    });
  });
  return stop;
}

/** Opens the opening route's `ev` once the first query settles; returns the stop. Started by main.tsx. */
export function followLinkedEvent(): () => void {
  const uid = openingRoute.ev;
  return uid === undefined ? () => undefined : openEventWhenSettled(uid);
}
