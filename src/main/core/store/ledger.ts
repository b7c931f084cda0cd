// The ingest ledger's hash chain: each entry's hash is SHA-256 of the previous entry's hash followed by the RFC 8785
// canonical JSON of the entry's own fields (everything but entry_hash). Case verification recomputes the same.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../formats/record-hash';

export const LEDGER_GENESIS_HASH = '0'.repeat(64);

export interface LedgerEntry {
  seq: number;
  recorded_at: string;
  os_user: string;
  job: string;
  source_id: string;
  object_key: string | null;
  cursor_from: string | null;
  cursor_to: string | null;
  format: string | null;
  etag: string | null;
  size: number | null;
  last_modified: string | null;
  object_metadata: Record<string, string> | null;
  sha256_received: string | null;
  sha256_content: string | null;
  added: number;
  duplicates: number;
  rejected: number;
  rows_digest: string;
  prev_hash: string;
}

export function ledgerEntryHash(entry: LedgerEntry): string {
  return createHash('sha256')
    .update(entry.prev_hash + canonicalJson(entry), 'utf8')
    .digest('hex');
}
