// Between the view on screen and a saved query: what "Save" stores (the query as run with its range taken out into
// from/to, the display zone, the columns) and what running a saved query sets (the query with its range put back,
// the zone mode that reads it as saved, its columns). Pure; the store is saved.store.ts.
import type { ColumnId } from '@shared/domain/columns';
import { setTimeRange, splitTimeRange } from '@shared/domain/query-edit';
import { savedNameKey, type SavedQuery, type SavedQueryDraft } from '@shared/domain/saved-queries';
import type { ZoneMode } from '../../lib/format';
import { clauseInstant } from './clause-time';

export interface OnScreen {
  query: string;
  /** The display zone's IANA name (UTC, or the browser's own). */
  zone: string;
  columns: readonly ColumnId[];
}

export function draftOfView(name: string, view: OnScreen): SavedQueryDraft {
  const { query, from, to } = splitTimeRange(view.query);
  return { name: name.trim(), query, from, to, zone: view.zone, columns: [...view.columns] };
}

export interface SavedView {
  query: string;
  /** The display zone to switch to; null: keep the viewer's (the range, if any, is then written as instants). */
  zoneMode: ZoneMode | null;
  columns: ColumnId[] | null;
}

/**
 * What running a saved query sets. Its zone is UTC or the browser's own: that zone mode, the range as saved. Any
 * other zone (saved elsewhere, or with `trailscope saved add --zone`): the viewer's zone stays and the range's ends
 * are written as the UTC instants they meant there.
 */
export function viewOfSaved(saved: SavedQuery, localZone: string): SavedView {
  const columns = saved.columns;
  if (saved.zone === null) return { query: setTimeRange(saved.query, saved.from, saved.to), zoneMode: null, columns };
  if (saved.zone.toUpperCase() === 'UTC')
    return { query: setTimeRange(saved.query, saved.from, saved.to), zoneMode: 'utc', columns };
  if (saved.zone === localZone)
    return { query: setTimeRange(saved.query, saved.from, saved.to), zoneMode: 'local', columns };
  const zone = saved.zone;
  const instant = (field: 'after' | 'before', value: string | null) =>
    value === null ? null : (clauseInstant(`${field}:${value}`, zone) ?? value);
  return {
    query: setTimeRange(saved.query, instant('after', saved.from), instant('before', saved.to)),
    zoneMode: null,
    columns,
  };
}

/** The saved query of this name, in any case (names are unique per case that way). */
export function savedNamed(list: readonly SavedQuery[], name: string): SavedQuery | undefined {
  const key = savedNameKey(name.trim());
  return list.find((s) => savedNameKey(s.name) === key);
}
