// The query history in localStorage, one list per case file; storage that is off or full only costs persistence.
import { storedPreference } from '../../lib/stored-preference';
import { parseStoredHistory, type QueryHistory } from './query-history';

const historyKey = (casePath: string) => `trailscope.history.${casePath}`;

const storedHistory = (casePath: string) =>
  storedPreference<string[]>(historyKey(casePath), [], {
    parse: parseStoredHistory,
    format: (entries) => JSON.stringify(entries),
  });

export function loadHistory(casePath: string): string[] {
  return storedHistory(casePath).load();
}

export function saveHistory(casePath: string, history: QueryHistory): void {
  storedHistory(casePath).save(history.entries);
}
