// Renderer entry: sends the first table request (count and first page of the route's query, query.store.ts `run`)
// before React and the shell's code have even loaded, so the core's answer — the longest wait on a large case —
// overlaps loading, parsing and drawing the shell (issue 5: first rows within 1.5 s). What the case is (case.info,
// for the toolbar) is asked once the rows have their answer, never competing with them. The shell is its own chunk
// (mount-app.tsx); this one holds the stores and the bridge only, and starts the selection following the results.
import { useCase } from './features/case/case.store';
import { followResults } from './features/events/selection.store';
import { followLinkedEvent } from './features/evidence/event-link';
import { useQuery } from './features/query/query.store';
import './styles.css';

// Before the first run settles: a copied link's open event opens with its rows.
followResults();
followLinkedEvent();

void useQuery
  .getState()
  .run()
  .finally(() => void useCase.getState().load());

const root = document.getElementById('root');
if (root) void import('./mount-app').then(({ mountApp }) => mountApp(root));
