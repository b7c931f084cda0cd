// Back / Forward through the query history (the app's own, beside the browser's: Alt+← / Alt+→ do the same), by
// the query row; each disabled at its end of the history.
import { useQuery } from '../query/query.store';

export function QueryNav() {
  const history = useQuery((s) => s.history);
  const stepHistory = useQuery((s) => s.stepHistory);
  return (
    <span className="query-nav" role="group" aria-label="Query history">
      <button
        type="button"
        className="btn btn--icon"
        aria-label="Back to the previous query (Alt+←)"
        title="Back to the previous query (Alt+←)"
        disabled={history.cursor <= 0}
        onClick={() => stepHistory(-1)}
      >
        ←
      </button>
      <button
        type="button"
        className="btn btn--icon"
        aria-label="Forward to the next query (Alt+→)"
        title="Forward to the next query (Alt+→)"
        disabled={history.cursor >= history.entries.length - 1}
        onClick={() => stepHistory(1)}
      >
        →
      </button>
    </span>
  );
}
