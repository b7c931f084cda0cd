// Reading the case journal (what was done to the case, by whom, when): `trailscope journal` and evidence packages.
import type { JournalEntry } from '@shared/domain/exports';
import type { CaseStore } from './case-store';
import { queryRows } from './sql';

/** The journal in the order it was written (oldest first); the last `limit` entries when given. */
export async function listJournal(store: CaseStore, limit?: number): Promise<JournalEntry[]> {
  const rows = await queryRows(
    store.connection,
    `SELECT * FROM (SELECT seq, strftime(recorded_at, '%Y-%m-%dT%H:%M:%S.%fZ') AS recorded_at, os_user, action,
       detail::VARCHAR AS detail FROM journal ORDER BY seq DESC${limit === undefined ? '' : ' LIMIT $1'}) ORDER BY seq`,
    limit === undefined ? [] : [limit],
  );
  return rows.map((r) => ({
    seq: Number(r['seq']),
    recordedAt: String(r['recorded_at']),
    osUser: String(r['os_user']),
    action: String(r['action']),
    detail: JSON.parse(String(r['detail'])) as Record<string, unknown>,
  }));
}
