// Pure helpers of the evidence board: what kind of trail step a query was (read from how it changed) and a tag
// toggled on or off. No bridge, no DOM: unit-tested in plain Node.
import type { TrailKind } from '@shared/domain/evidence';
import { clauseList } from '../query/query-text';

/**
 * The change that toggles a tag: added when the event does not have it, else removed. An edit, not a replacement of
 * the list, so a tag the board has not shown yet (still loading, or added elsewhere) is never dropped.
 */
export function tagToggle(current: readonly string[], tag: string): { addTags: string[] } | { removeTags: string[] } {
  const key = tag.toLowerCase();
  return current.includes(key) ? { removeTags: [key] } : { addTags: [key] };
}

const TIME_CLAUSE = /^-?(after|before):/i;

/**
 * What kind of step a query was, from the one before it: a brush when only its time range changed, a pivot when
 * it kept every clause of the one before and added one (a facet, a cell, a drawer value), else a query.
 */
export function kindOfStep(previous: string | null, next: string): Exclude<TrailKind, 'restore'> {
  if (previous === null) return 'query';
  const before = clauseList(previous).map((c) => c.text);
  const after = clauseList(next).map((c) => c.text);
  const timeless = (list: string[]) => list.filter((c) => !TIME_CLAUSE.test(c)).join('\u0000');
  if (timeless(before) === timeless(after) && before.join('\u0000') !== after.join('\u0000')) return 'brush';
  const kept = before.every((c) => after.includes(c));
  if (kept && after.length === before.length + 1) return 'pivot';
  return 'query';
}
