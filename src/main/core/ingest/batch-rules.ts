// When a batch of units is worth one transaction. A leaf module that imports nothing: the ingest batcher
// (sources/ingest-batcher.ts) applies these rules; the store ingests whatever batch it is given.

/** Rows in one of DuckDB's row groups (its default row_group_size). */
export const DUCKDB_ROW_GROUP_ROWS = 122_880;

/**
 * DuckDB writes a transaction's rows straight into the case file, compressed, once they fill row groups (122,880
 * rows each); a smaller transaction goes through the write-ahead log and is compressed again by the checkpoint that
 * follows. Measured at 1M generic events: 64 MiB batches (~116k events) spent 20 s of 69 s in COMMIT; batches of two
 * row groups left a 4 s checkpoint and 1.4 GB peak RSS, of four row groups 0.04 s and 1.0 GB. So a batch closes at
 * four row groups' worth of records, or at the byte cap (which bounds what staged records hold), or at the unit cap
 * (a caller may raise it: an API sync's pages of 1000 records would close at half a row group).
 */
export const BATCH_LIMITS = { records: 4 * DUCKDB_ROW_GROUP_ROWS, bytes: 256 * 1024 ** 2, units: 64 } as const;

/**
 * Whether a batch being built should be ingested now; `caps` are the caller's byte and unit caps (BATCH_LIMITS unless
 * set).
 */
export function batchIsFull(
  batch: { records: number; bytes: number; units: number },
  caps: { bytes: number; units: number },
): boolean {
  return batch.records >= BATCH_LIMITS.records || batch.bytes >= caps.bytes || batch.units >= caps.units;
}
