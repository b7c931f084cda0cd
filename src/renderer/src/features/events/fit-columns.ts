// The widths the table's columns get when they do not all fit (issue 18 item 6: with the drawer open, Outcome and
// IP scrolled away while Target kept its width). Columns give way in stages: Description first (to a readable
// floor), then the wide text columns together down to their minimum widths, then Description again; Time,
// Outcome and IP keep theirs. What still does not fit scrolls. Pure.

export interface ColumnWidth {
  id: string;
  /** The width asked for (the default, or the user's). */
  size: number;
  minSize: number;
}

/** Floors per stage: a column's own minimum where the stage gives none. */
const STAGES: { ids: readonly string[]; floor?: number }[] = [
  { ids: ['description'], floor: 120 },
  {
    ids: ['target', 'actor', 'action', 'user_agent', 'source', 'tenant', 'target_type', 'actor_type', 'category'],
  },
  { ids: ['description'], floor: 48 },
];

/** Each column's width for `available` pixels, in the columns' order. */
export function fitColumns(columns: readonly ColumnWidth[], available: number): number[] {
  const widths = columns.map((c) => c.size);
  let excess = widths.reduce((sum, w) => sum + w, 0) - available;
  for (const stage of STAGES) {
    if (excess <= 0) break;
    const room = columns.map((c, i) =>
      stage.ids.includes(c.id) ? Math.max(0, (widths[i] ?? 0) - Math.max(stage.floor ?? c.minSize, 0)) : 0,
    );
    const total = room.reduce((sum, r) => sum + r, 0);
    if (total === 0) continue;
    const take = Math.min(excess, total);
    room.forEach((r, i) => {
      widths[i] = (widths[i] ?? 0) - Math.floor((take * r) / total);
    });
    excess = widths.reduce((sum, w) => sum + w, 0) - available;
  }
  return widths;
}
