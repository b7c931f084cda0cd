// The clause chips of UX.md §1: one chip per top-level clause of the query, and chips the user switched off. The
// query text stays the one source of truth for what runs; a chip switched off is cut out of it and parked here,
// with its place in the row, until it is switched back on (re-inserted where it was) or removed. Pure functions.
import { clauseList, insertClause, removeClause } from './query-text';

/** A clause switched off: its text and its position in the chips row. */
export interface ParkedClause {
  text: string;
  index: number;
}

export interface Chip {
  text: string;
  enabled: boolean;
}

export interface ChipsState {
  query: string;
  parked: ParkedClause[];
}

/** The chips row: the query's clauses in order, with the parked ones back at their positions. */
export function chipList(query: string, parked: readonly ParkedClause[]): Chip[] {
  const chips: Chip[] = clauseList(query).map((c) => ({ text: c.text, enabled: true }));
  for (const p of [...parked].sort((a, b) => a.index - b.index)) {
    chips.splice(Math.min(p.index, chips.length), 0, { text: p.text, enabled: false });
  }
  return chips;
}

/** Switches the chip at `position` of the row off or on; anything else returns the state unchanged. */
export function toggleChip(state: ChipsState, position: number): ChipsState {
  const chips = chipList(state.query, state.parked);
  const chip = chips[position];
  if (!chip) return state;
  // Which clause of the query (or of the parked list) this chip is: count the chips of its kind before it.
  const before = chips.slice(0, position).filter((c) => c.enabled === chip.enabled).length;
  if (chip.enabled) {
    const clause = clauseList(state.query)[before];
    if (!clause) return state;
    return {
      query: removeClause(state.query, clause),
      parked: [...state.parked, { text: chip.text, index: position }],
    };
  }
  const parked = sortedParked(state.parked);
  const target = parked[before];
  return {
    query: insertClause(state.query, chip.text, position - before),
    parked: parked.filter((p) => p !== target),
  };
}

/** Removes the chip at `position` for good (an enabled one is cut from the query); later parked chips move up. */
export function removeChip(state: ChipsState, position: number): ChipsState {
  const chips = chipList(state.query, state.parked);
  const chip = chips[position];
  if (!chip) return state;
  const before = chips.slice(0, position).filter((c) => c.enabled === chip.enabled).length;
  const parked = sortedParked(state.parked);
  const shift = (list: ParkedClause[]) => list.map((p) => (p.index > position ? { ...p, index: p.index - 1 } : p));
  if (chip.enabled) {
    const clause = clauseList(state.query)[before];
    return clause ? { query: removeClause(state.query, clause), parked: shift(parked) } : state;
  }
  return { query: state.query, parked: shift(parked.filter((p) => p !== parked[before])) };
}

/** The parked clauses in row order (the order chipList puts them back in). */
function sortedParked(parked: readonly ParkedClause[]): ParkedClause[] {
  return [...parked].sort((a, b) => a.index - b.index);
}
