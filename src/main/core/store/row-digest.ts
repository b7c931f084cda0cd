// The fingerprint of the rows one ledger entry added: hex SHA-256 over the rows' MD5 fingerprints in uid order.
// Case verification recomputes it from `events` to detect any edit, insert or delete since import, so this is
// the one definition both use. MD5 per row keeps import fast; SHA-256 binds them.

export const ROW_FINGERPRINT_SQL = `md5(concat_ws(chr(31), tenant_id, uid, strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%fZ'),
  action, category, outcome, coalesce(actor_id, ''), coalesce(actor_type, ''), coalesce(actor_name, ''),
  coalesce(actor_email, ''), coalesce(target_type, ''), coalesce(target_id, ''), coalesce(target_name, ''),
  coalesce(targets::VARCHAR, ''), coalesce(ip, ''), coalesce(user_agent, ''), coalesce(changes::VARCHAR, ''),
  coalesce(metadata::VARCHAR, ''), raw::VARCHAR, format, source_id, source_ref,
  coalesce(chain_seq::VARCHAR, ''), coalesce(chain_hash, ''), coalesce(chain_prev, '')))`;

/** Aggregate over the rows of one ingest_seq. sha256 of the empty string when nothing was added. */
export const ROWS_DIGEST_SQL = `sha256(coalesce(string_agg(${ROW_FINGERPRINT_SQL}, '' ORDER BY uid), ''))`;
