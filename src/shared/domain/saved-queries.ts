// Saved queries of a case: a name, the query as typed, the table's columns, a time range and the zone that range
// (and the query's zone-less dates) are read in. The rules for names and how a saved query becomes what runs are
// here, shared by the core (which checks and stores), the CLI and the renderer. Pure; no node:*, no DuckDB.
import type { ColumnId } from './columns';
import { setTimeRange } from './query-edit';

/** Longest name, in characters (code points): a name is a label in a list, not a note. */
export const SAVED_NAME_MAX = 100;
/** Most saved queries a case keeps: a list to pick from, not a store of every query run. */
export const SAVED_QUERIES_MAX = 1_000;

export interface SavedQueryDraft {
  name: string;
  /** The query as typed, in the language of DESIGN.md §7 (without the range, which `from`/`to` hold). */
  query: string;
  /** The table's columns in their order (ids of domain/columns.ts); null: whatever the viewer has. */
  columns: ColumnId[] | null;
  /** The range's ends as `after:`/`before:` take them (`2025-10-16`, `2025-10-16T02:00:00Z`); null: open. */
  from: string | null;
  to: string | null;
  /** The IANA zone the range and zone-less dates in the query are read in; null: the viewer's. */
  zone: string | null;
}

export interface SavedQuery extends SavedQueryDraft {
  /** ISO-8601 UTC, and the OS user who saved it first; `updated*` for the latest replace or rename. */
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

// C0 and C1 controls and DEL (a name is one line, shown in a terminal and a list), line and paragraph separators,
// and lone surrogates (not text: DuckDB stores UTF-8).
const REFUSED = /[\p{Cc}\u2028\u2029]|\p{Cs}/u;

/** What is wrong with a name (spaces around it aside: the store trims them), in words; null when it is good. */
export function savedNameProblem(name: string): string | null {
  if (name.trim() === '') return 'A saved query needs a name.';
  const refused = REFUSED.exec(name);
  if (refused) {
    const code = refused[0].codePointAt(0) ?? 0;
    return `A saved query's name cannot hold control characters (U+${code.toString(16).toUpperCase().padStart(4, '0')} at character ${[...name.slice(0, refused.index)].length + 1}).`;
  }
  const length = [...name].length;
  if (length > SAVED_NAME_MAX)
    return `A saved query's name has at most ${SAVED_NAME_MAX} characters; this one has ${length}.`;
  return null;
}

/**
 * The key a name is unique by within a case: names that differ only in case (or in Unicode composition) are one
 * name. Upper then lower case folds `ß` and `SS` together, as case-insensitive matching should.
 */
export function savedNameKey(name: string): string {
  return name.normalize('NFC').toUpperCase().toLowerCase();
}

/** What to run instead of what was saved, for one run (`trailscope query --saved N --from …`). */
export interface SavedOverrides {
  from?: string | null;
  to?: string | null;
  zone?: string | null;
}

/**
 * The query and zone a saved query runs with: its range (or the override's) replacing any top-level
 * `after:`/`before:` in its text, read in its zone (or the override's, else `fallbackZone`).
 */
export function savedScope(
  saved: Pick<SavedQueryDraft, 'query' | 'from' | 'to' | 'zone'>,
  fallbackZone: string,
  overrides: SavedOverrides = {},
): { query: string; timeZone: string } {
  const from = overrides.from !== undefined ? overrides.from : saved.from;
  const to = overrides.to !== undefined ? overrides.to : saved.to;
  return {
    query: setTimeRange(saved.query, from, to),
    timeZone: overrides.zone ?? saved.zone ?? fallbackZone,
  };
}
