// Click a finding → its event (UX.md §13): the query becomes the time around the finding's, with its neighbours
// (finding-window.ts), and once that query has run the event is found among its rows by uid and opened in the drawer.
import type { Request } from '@shared/contract';
import { call } from '../../lib/bridge';
import { useSelection } from '../events/selection.store';
import { useQuery } from '../query/query.store';
import { findingWindow, indexOfUid } from './finding-window';

export type OpenOutcome = 'opened' | 'not_found' | 'no_time' | 'superseded';

/** Shows the window around `at` and opens the event `uid` in the drawer, when it is in that window. */
export async function openFindingEvent(uid: string, at: string | null | undefined): Promise<OpenOutcome> {
  const fetchPage = (request: Request<'events.page'>) => call('events.page', request);
  const query = at ? await findingWindow(fetchPage, at) : null;
  if (!query) return 'no_time';
  await useQuery.getState().run(query);
  const applied = useQuery.getState().applied;
  // Refused, failed, or another query ran meanwhile: that one owns the view.
  if (!applied || applied.query !== query) return 'superseded';
  const index = await indexOfUid(fetchPage, applied, uid);
  if (useQuery.getState().applied !== applied) return 'superseded';
  if (index === null) return 'not_found';
  useSelection.getState().openDrawer(index);
  return 'opened';
}
