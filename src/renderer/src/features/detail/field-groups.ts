// The drawer's fields in groups (UX.md §5.3): normalized first, then what is specific to the source (metadata, the
// source and where in it the record was), then integrity (uid and chain); pinned fields above them all, a filter
// over labels and values, and "pinned only". A `source_ref` that names a local file shows the file's name (the full
// path, often a temporary upload folder, stays in its title). Pure.

export type FieldGroupName = 'pinned' | 'normalized' | 'source' | 'integrity';

export const GROUP_TITLES: Record<FieldGroupName, string> = {
  pinned: 'Pinned',
  normalized: 'Normalized',
  source: 'Source-specific',
  integrity: 'Integrity',
};

const INTEGRITY = new Set(['uid', 'chain_seq', 'chain_hash', 'chain_prev']);
const SOURCE = new Set(['source', 'source_ref', 'received_at (UTC)']);

export function groupOf(label: string): Exclude<FieldGroupName, 'pinned'> {
  if (INTEGRITY.has(label)) return 'integrity';
  if (SOURCE.has(label) || label.startsWith('metadata.')) return 'source';
  return 'normalized';
}

export interface FieldView {
  filter: string;
  pinned: ReadonlySet<string>;
  pinnedOnly: boolean;
}

/** The rows in their groups, in group order, filtered; groups left empty are left out. */
export function groupFields<R extends { label: string; value: string | number | null }>(
  rows: readonly R[],
  view: FieldView,
): { name: FieldGroupName; rows: R[] }[] {
  const needle = view.filter.trim().toLowerCase();
  const groups = new Map<FieldGroupName, R[]>(
    (['pinned', 'normalized', 'source', 'integrity'] as const).map((name) => [name, []]),
  );
  for (const row of rows) {
    const pinned = view.pinned.has(row.label);
    if (view.pinnedOnly && !pinned) continue;
    if (needle && !`${row.label}\u0000${row.value ?? ''}`.toLowerCase().includes(needle)) continue;
    groups.get(pinned ? 'pinned' : groupOf(row.label))?.push(row);
  }
  return [...groups].filter(([, list]) => list.length > 0).map(([name, list]) => ({ name, rows: list }));
}

/** `okta-2025-10-16.json.gz:12` for `/tmp/upload-x1/okta-2025-10-16.json.gz:12`; an object key as it is. */
export function sourceRefText(ref: string): string {
  if (!/^(?:[A-Za-z]:)?[\\/]/.test(ref)) return ref;
  return ref.split(/[\\/]/).at(-1) || ref;
}

/** Pinned labels as stored: a JSON list of strings; anything else reads as none. */
export function parsePinned(text: string): string[] | null {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, 200) : null;
  } catch {
    return null;
  }
}
