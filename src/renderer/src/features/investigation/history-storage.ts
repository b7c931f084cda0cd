// The query history in localStorage, one list per case file; storage that is off or full only costs persistence.
import { parseStoredHistory, type QueryHistory } from './query-history';

export const historyKey = (casePath: string) => `trailscope.history.${casePath}`;

export function loadHistory(casePath: string): string[] {
  try {
    return parseStoredHistory(localStorage.getItem(historyKey(casePath)));
  } catch {
    return [];
  }
}

export function saveHistory(casePath: string, history: QueryHistory): void {
  try {
    localStorage.setItem(historyKey(casePath), JSON.stringify(history.entries));
  } catch {
    // storage off or full: the history lasts for this session only
  }
}
