// The events table's columns by id: the names the column chooser, the route, saved queries and `trailscope query
// --columns` share. Which show by default and how they render is the renderer's (features/events/view-prefs.ts).

export const COLUMN_IDS = [
  'time',
  'actor',
  'action',
  'target',
  'outcome',
  'ip',
  'category',
  'source',
  'tenant',
  'actor_type',
  'target_type',
  'user_agent',
  'description',
] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export const isColumnId = (text: string): text is ColumnId => (COLUMN_IDS as readonly string[]).includes(text);
