// Click an event of the drawer's session → the session as the query, and that event opened in the drawer, found
// among the query's rows by its uid (as a finding's event is: integrity/finding-window.ts).
import type { Request } from '@shared/contract';
import { call } from '../../lib/bridge';
import { useSelection } from '../events/selection.store';
import { indexOfUid } from '../integrity/finding-window';
import { useQuery } from '../query/query.store';

export async function openSessionEvent(query: string, uid: string): Promise<boolean> {
  await useQuery.getState().run(query);
  const applied = useQuery.getState().applied;
  // Refused, failed, or another query ran meanwhile: that one owns the view.
  if (!applied || applied.query !== query) return false;
  const index = await indexOfUid((request: Request<'events.page'>) => call('events.page', request), applied, uid);
  if (index === null || useQuery.getState().applied !== applied) return false;
  useSelection.getState().openDrawer(index);
  return true;
}
