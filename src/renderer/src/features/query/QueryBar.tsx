// The query row: the text that is the one source of truth, Run (Enter or Ctrl/⌘+Enter), and a refused query's
// error in words with the part at fault marked, while the last good results stay on screen below. The input is an
// ARIA combobox: ↓/↑ walk the suggestions (field names, a field's top values, recent queries), Enter or Tab picks
// one, Esc closes the list (a second Esc leaves the field). `children` go beside it (the saved queries' list).
import {
  useLayoutEffect,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
  type SyntheticEvent,
} from 'react';
import { formatCount } from '../../lib/format';
import { useQuery, type QueryError } from './query.store';
import { applySuggestion, type Suggestion } from './autocomplete';
import { useSuggestions } from './use-suggestions';

export const QUERY_INPUT_ID = 'query-input';
const LIST_ID = 'query-suggestions';
const optionId = (i: number) => `query-suggestion-${i}`;

export function QueryBar({ children }: { children?: ReactNode }) {
  const draft = useQuery((s) => s.draft);
  const setDraft = useQuery((s) => s.setDraft);
  const run = useQuery((s) => s.run);
  const running = useQuery((s) => s.running);
  const queryError = useQuery((s) => s.queryError);
  const input = useRef<HTMLInputElement>(null);
  const [caret, setCaret] = useState(draft.length);
  const [focused, setFocused] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const [activeIndex, setActiveIndex] = useState(-1);
  const pendingCaret = useRef<number | null>(null);
  const { token, suggestions } = useSuggestions(draft, caret, focused && !dismissed);
  const open = suggestions.length > 0;
  const active = activeIndex < suggestions.length ? activeIndex : -1;

  // Put the caret after an inserted suggestion once React has written the new text.
  useLayoutEffect(() => {
    if (pendingCaret.current === null || !input.current) return;
    input.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  }, [draft]);

  const edit = (text: string, at: number) => {
    setDraft(text);
    setCaret(at);
    setDismissed(false);
    setActiveIndex(-1);
  };
  const pick = (suggestion: Suggestion) => {
    const next = applySuggestion(draft, token, suggestion);
    pendingCaret.current = next.caret;
    edit(next.text, next.caret);
    if (suggestion.kind === 'history') {
      setDismissed(true);
      void run(next.text);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDismissed(true);
    // The store's draft, not this render's: Enter right after typing may arrive before React re-renders.
    void run();
  };
  const trackCaret = (e: SyntheticEvent<HTMLInputElement>) =>
    setCaret(e.currentTarget.selectionStart ?? e.currentTarget.value.length);
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const picked = suggestions[active];
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (dismissed) setDismissed(false);
      if (!open) return;
      event.preventDefault();
      // -1 (no option, the text as typed) and each option, round and round.
      const cycle = suggestions.length + 1;
      setActiveIndex(((active + 1 + (event.key === 'ArrowDown' ? 1 : -1) + cycle) % cycle) - 1);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && open && picked && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      pick(picked);
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        setDismissed(true);
      } else {
        event.currentTarget.blur();
      }
    }
  };

  return (
    <div className="query-row">
      <form className="query-form" role="search" onSubmit={submit}>
        <label htmlFor={QUERY_INPUT_ID} className="sr-only">
          Query
        </label>
        <div className="query-combo">
          <input
            ref={input}
            id={QUERY_INPUT_ID}
            className="query-input"
            type="text"
            role="combobox"
            spellCheck={false}
            autoComplete="off"
            value={draft}
            placeholder="Filter events — e.g. actor:maria.garcia@acme.io -outcome:success after:2025-10-01   (press / to focus)"
            aria-invalid={queryError !== null}
            aria-describedby={queryError ? 'query-error' : undefined}
            aria-expanded={open}
            aria-controls={LIST_ID}
            aria-autocomplete="list"
            aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
            onChange={(e) => edit(e.target.value, e.target.selectionStart ?? e.target.value.length)}
            onSelect={trackCaret}
            onFocus={(e) => {
              setFocused(true);
              setDismissed(false);
              trackCaret(e);
            }}
            onBlur={() => {
              setFocused(false);
              setActiveIndex(-1);
            }}
            onKeyDown={onKeyDown}
          />
          <SuggestionList suggestions={open ? suggestions : []} active={active} onPick={pick} />
        </div>
        {/* Never disabled: a disabled submit button blocks Enter in the field, and a new query replaces the one
            in flight (UX.md §7) rather than waiting for it. */}
        <button type="submit" className="btn btn--accent" aria-busy={running}>
          {running ? 'Running…' : 'Run'}
        </button>
      </form>
      {children}
      {queryError && <QueryErrorLine error={queryError} />}
    </div>
  );
}

const KIND_HINT: Record<Suggestion['kind'], string> = { field: 'field', value: 'value', history: 'recent' };

function SuggestionList({
  suggestions,
  active,
  onPick,
}: {
  suggestions: Suggestion[];
  active: number;
  onPick(s: Suggestion): void;
}) {
  // Always in the DOM, so aria-controls points at something; hidden while empty.
  return (
    <ul id={LIST_ID} className="suggestions" role="listbox" aria-label="Suggestions" hidden={suggestions.length === 0}>
      {suggestions.map((s, i) => (
        <li
          key={`${s.kind}\u0000${s.label}`}
          id={optionId(i)}
          role="option"
          aria-selected={i === active}
          // The list scrolls (every matching value): ↓/↑ keep the active one in view.
          ref={i === active ? (el) => el?.scrollIntoView({ block: 'nearest' }) : undefined}
          className={`suggestion suggestion--${s.kind}${i === active ? ' is-active' : ''}`}
          // Keep the focus in the input: the click picks, it does not blur.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onPick(s)}
        >
          <span className="suggestion__label mono">{s.label}</span>
          <span className="suggestion__hint muted">
            {s.kind === 'value'
              ? (s.hint ?? (s.count === null ? KIND_HINT.value : formatCount(s.count)))
              : KIND_HINT[s.kind]}
          </span>
        </li>
      ))}
    </ul>
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
