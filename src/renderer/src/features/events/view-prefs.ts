// The table's view settings (UX.md §4): which columns show, in the fixed order below (Time is frozen and always
// shown; Description, the flexible one, comes last), and the row density. Kept in localStorage and in the route,
// so a copied link shows the same columns. Pure parsing here; the store is view.store.ts.

export const COLUMN_IDS = [
  'time', 'actor', 'action', 'target', 'outcome', 'ip', 'category', 'source', 'tenant', 'actor_type', 'target_type', 'user_agent', 'description',
] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export const DEFAULT_COLUMNS: readonly ColumnId[] = ['time', 'actor', 'action', 'target', 'outcome', 'ip', 'description'];

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

/** Columns from a comma list (route or storage): known ids only, in the table's order, Time always; null if none. */
export function parseColumns(text: string | null | undefined): ColumnId[] | null {
  if (!text) return null;
  const wanted = new Set(text.split(','));
  const columns = COLUMN_IDS.filter((id) => id === 'time' || wanted.has(id));
  return columns.length > 1 ? columns : null;
}

export const formatColumns = (columns: readonly ColumnId[]) => columns.join(',');

/** The columns with one shown or hidden (Time cannot be hidden), in the table's order. */
export function withColumn(columns: readonly ColumnId[], id: ColumnId, shown: boolean): ColumnId[] {
  if (id === 'time') return [...columns];
  return COLUMN_IDS.filter((c) => (c === id ? shown : columns.includes(c)));
}

export function parseDensity(text: string | null | undefined): Density | null {
  return DENSITIES.find((d) => d === text) ?? null;
}
