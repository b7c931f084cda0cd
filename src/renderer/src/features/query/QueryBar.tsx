// The query row: the text that is the one source of truth, Run (Enter or Ctrl/⌘+Enter), and a refused query's
// error in words with the part at fault marked, while the last good results stay on screen below.
import type { FormEvent, KeyboardEvent } from 'react';
import { useInvestigation, type QueryError } from '../investigation/investigation.store';

export const QUERY_INPUT_ID = 'query-input';

export function QueryBar() {
  const draft = useInvestigation((s) => s.draft);
  const setDraft = useInvestigation((s) => s.setDraft);
  const run = useInvestigation((s) => s.run);
  const running = useInvestigation((s) => s.running);
  const queryError = useInvestigation((s) => s.queryError);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(draft);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') event.currentTarget.blur();
  };

  return (
    <div className="query-row">
      <form className="query-form" role="search" onSubmit={submit}>
        <label htmlFor={QUERY_INPUT_ID} className="sr-only">
          Query
        </label>
        <input
          id={QUERY_INPUT_ID}
          className="query-input"
          type="text"
          spellCheck={false}
          autoComplete="off"
          value={draft}
          placeholder='Filter events — e.g. actor:maria.garcia@acme.io -outcome:success after:2025-10-01   (press / to focus)'
          aria-invalid={queryError !== null}
          aria-describedby={queryError ? 'query-error' : undefined}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="btn btn--accent" disabled={running} aria-busy={running}>
          {running ? 'Running…' : 'Run'}
        </button>
      </form>
      {queryError && <QueryErrorLine error={queryError} />}
    </div>
  );
}

function QueryErrorLine({ error }: { error: QueryError }) {
  const at = error.at;
  return (
    <div id="query-error" className="query-error" role="alert">
      <span>
        <strong>Query not run:</strong> {error.message}. The results below are from the last query that ran.
      </span>
      {at && (
        // The query as run, with the part at fault marked: the caret of UX.md §3.
        <code className="query-error__text" aria-hidden="true">
          {error.query.slice(0, at.span.start)}
          <mark>{error.query.slice(at.span.start, Math.max(at.span.end, at.span.start + 1)) || ' '}</mark>
          {error.query.slice(Math.max(at.span.end, at.span.start + 1))}
        </code>
      )}
    </div>
  );
}
