// The table's view settings (UX.md §4): which columns show and in what order (Time is frozen: always shown, always
// first; the last column shown takes the spare width), and the row density. Kept in localStorage and in the route
// as one comma list of the columns shown, in their order — a list saved before columns could be reordered is one in
// the default order, so it reads the same. Pure parsing and list logic here; the store is view.store.ts.

import { COLUMN_IDS, isColumnId, type ColumnId } from '@shared/domain/columns';

// The ids are shared (saved queries and the CLI name columns by them); the table's own modules take them from here.
export { COLUMN_IDS, type ColumnId };

export const DEFAULT_COLUMNS: readonly ColumnId[] = [
  'time',
  'actor',
  'action',
  'target',
  'outcome',
  'ip',
  'description',
];

export const COLUMN_TITLES: Record<ColumnId, string> = {
  time: 'Time',
  actor: 'Actor',
  action: 'Action',
  target: 'Target',
  outcome: 'Outcome',
  ip: 'IP',
  category: 'Category',
  source: 'Source',
  tenant: 'Tenant',
  actor_type: 'Actor type',
  target_type: 'Target type',
  user_agent: 'User agent',
  description: 'Description',
};

export const DENSITIES = ['compact', 'normal', 'roomy'] as const;
export type Density = (typeof DENSITIES)[number];
/** Density changes the padding, never the font size (K#122087). */
export const ROW_HEIGHTS: Record<Density, number> = { compact: 24, normal: 28, roomy: 36 };

/** Columns from a comma list (route or storage): known ids once each, in the list's order, Time first; null if none. */
export function parseColumns(text: string | null | undefined): ColumnId[] | null {
  if (!text) return null;
  const listed = new Set(text.split(',').filter(isColumnId));
  listed.delete('time');
  return listed.size > 0 ? ['time', ...listed] : null;
}

export const formatColumns = (columns: readonly ColumnId[]) => columns.join(',');

/**
 * The columns with one shown or hidden (Time cannot be hidden). A column shown again goes back after the nearest
 * column before it in the default order that is shown (so the default columns always come back in their places).
 */
export function withColumn(columns: readonly ColumnId[], id: ColumnId, shown: boolean): ColumnId[] {
  if (id === 'time' || columns.includes(id) === shown) return [...columns];
  if (!shown) return columns.filter((c) => c !== id);
  const before =
    COLUMN_IDS.slice(0, COLUMN_IDS.indexOf(id))
      .filter((c) => columns.includes(c))
      .at(-1) ?? 'time';
  const at = columns.indexOf(before) + 1;
  return [...columns.slice(0, at), id, ...columns.slice(at)];
}

/** The columns with one moved a place towards the start (-1) or the end (1); Time stays first, an end stays put. */
export function moveColumn(columns: readonly ColumnId[], id: ColumnId, delta: -1 | 1): ColumnId[] {
  const from = columns.indexOf(id);
  const to = from + delta;
  if (id === 'time' || from === -1 || to < 1 || to >= columns.length) return [...columns];
  const moved = [...columns];
  moved.splice(from, 1);
  moved.splice(to, 0, id);
  return moved;
}

/** The columns with one moved to just before another (`before` null: to the end); nothing goes before Time. */
export function moveColumnBefore(columns: readonly ColumnId[], id: ColumnId, before: ColumnId | null): ColumnId[] {
  if (id === 'time' || before === 'time' || id === before || !columns.includes(id)) return [...columns];
  const rest = columns.filter((c) => c !== id);
  const at = before === null ? rest.length : rest.indexOf(before);
  if (at === -1) return [...columns];
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

/** Whether the columns are the default ones in the default order. */
export const isDefaultColumns = (columns: readonly ColumnId[]) =>
  columns.length === DEFAULT_COLUMNS.length && columns.every((c, i) => c === DEFAULT_COLUMNS[i]);

export function parseDensity(text: string | null | undefined): Density | null {
  return DENSITIES.find((d) => d === text) ?? null;
}
