// Query history (UX.md §6 Alt+←/→, and the query bar's recent queries): every query run, oldest first, without
// duplicates (running a query again moves it to the end) and capped; a cursor marks the query on screen, so
// Alt+← and Alt+→ step through the list without rewriting it. Persisted per case in localStorage by
// history-storage.ts. Pure functions.

export const HISTORY_CAP = 100;

export interface QueryHistory {
  entries: string[];
  /** Index of the query on screen; entries.length - 1 after a run, -1 when there is none. */
  cursor: number;
}

export const emptyHistory = (): QueryHistory => ({ entries: [], cursor: -1 });

/** After running `query` (not by stepping): it becomes the newest entry, any older copy of it dropped. */
export function recordQuery(history: QueryHistory, query: string, cap = HISTORY_CAP): QueryHistory {
  if (history.entries[history.cursor] === query && history.cursor === history.entries.length - 1) return history;
  const entries = [...history.entries.filter((e) => e !== query), query].slice(-cap);
  return { entries, cursor: entries.length - 1 };
}

/** One step back (-1) or forward (+1): the query to run and the history after it, or null at either end. */
export function stepHistory(history: QueryHistory, delta: -1 | 1): { query: string; history: QueryHistory } | null {
  const cursor = history.cursor + delta;
  const query = history.entries[cursor];
  if (query === undefined || cursor < 0) return null;
  return { query, history: { ...history, cursor } };
}

/** Older entries from storage under the ones of this session (which win where both hold a query). */
export function mergeHistory(stored: readonly string[], session: QueryHistory, cap = HISTORY_CAP): QueryHistory {
  const current = session.entries[session.cursor];
  const entries = [...stored.filter((e) => !session.entries.includes(e)), ...session.entries].slice(-cap);
  const cursor = current === undefined ? entries.length - 1 : entries.lastIndexOf(current);
  return { entries, cursor };
}

/** The most recent queries that contain `text` (all of them for an empty text), newest first, the current one left out. */
export function recentQueries(history: QueryHistory, text: string, limit: number): string[] {
  const needle = text.trim().toLowerCase();
  return [...history.entries]
    .reverse()
    .filter((e) => e.trim() !== '' && e !== text && e.toLowerCase().includes(needle))
    .slice(0, limit);
}

/** Reads a stored list, ignoring anything that is not a list of strings (a hand-edited or older value). */
export function parseStoredHistory(text: string | null): string[] {
  if (text === null) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((e): e is string => typeof e === 'string').slice(-HISTORY_CAP) : [];
  } catch {
    return [];
  }
}
