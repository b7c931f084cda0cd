// What stays of the user's filters when a related list's query replaces theirs: every chip, switched off (as
// Kibana's surrounding documents keep the filters), so one click brings a filter back. Pure.
import { chipList, type ParkedClause } from '../query/chips';
import { clauseList } from '../query/query-text';

/**
 * The chips after `query` replaces `current`: every chip of the current row (its clauses and those already off),
 * switched off and placed after the new query's own clauses; a clause the new query has is not repeated.
 */
export function parkedAround(query: string, current: string, parked: readonly ParkedClause[]): ParkedClause[] {
  const clauses = clauseList(query);
  const own = new Set(clauses.map((c) => c.text));
  const kept = chipList(current, parked).filter((chip) => !own.has(chip.text));
  return kept.map((chip, i) => ({ text: chip.text, index: clauses.length + i }));
}
