// "Show all" of the drawer's session and related lists, and a click on one of their events: that list's query runs
// with the user's own filters kept beside it, switched off (chips the user can switch back on, as Kibana's
// surrounding documents keep the filters), and the event stays open in the drawer, selected and in view, found
// among the query's rows by its uid (as a finding's event is: integrity/finding-window.ts).
import type { Request } from '@shared/contract';
import { call } from '../../lib/bridge';
import { useSelection } from '../events/selection.store';
import { indexOfUid } from '../integrity/finding-window';
import { useQuery } from '../query/query.store';
import { parkedAround } from './keep-context';

export async function openEventIn(query: string, uid: string): Promise<boolean> {
  const { applied, parked, run } = useQuery.getState();
  await run(query, { parked: applied ? parkedAround(query, applied.query, parked) : parked });
  const now = useQuery.getState().applied;
  // Refused, failed, or another query ran meanwhile: that one owns the view.
  if (!now || now.query !== query) return false;
  const index = await indexOfUid((request: Request<'events.page'>) => call('events.page', request), now, uid);
  if (index === null || useQuery.getState().applied !== now) return false;
  useSelection.getState().openDrawer(index);
  return true;
}
