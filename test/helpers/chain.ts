// Chained generic records for the chain check's tests, made with FORMATS.md's scheme through the reference
// canonicalization (canonicalJson, the `canonicalize` package), not through the code under test.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/main/core/formats/record-hash';
import { genericRecord } from './records';

export const GENESIS = '0'.repeat(64);

export interface Link {
  seq: number;
  prev: string;
  hash: string;
}

export type ChainedRecord = Record<string, unknown> & { id: string; chain: Link };

/** hash = sha256(prev ‖ canonical JSON of the record without `chain`). */
export function chainHash(record: Record<string, unknown>, prev: string): string {
  const { chain: _chain, ...rest } = record;
  return createHash('sha256')
    .update(prev + canonicalJson(rest), 'utf8')
    .digest('hex');
}

/** A valid chain of `n` generic records of `tenant`, seq 1…n, a minute apart; `shape` may change each record. */
export function makeChain(
  n: number,
  tenant = 'acme',
  shape: (record: Record<string, unknown>, seq: number) => Record<string, unknown> = (r) => r,
): ChainedRecord[] {
  const records = Array.from({ length: n }, (_, index) => {
    const record = shape(genericRecord(index + 1, { tenant_id: tenant, id: `${tenant}-${index + 1}` }), index + 1);
    return { ...record, chain: { seq: index + 1, prev: GENESIS, hash: '' } } as ChainedRecord;
  });
  return rehashFrom(records, 0);
}

/**
 * Re-hashes records[from…] as a provider (or a forger) would: records[from] keeps its seq and prev, each later one
 * is linked to the one before it.
 */
export function rehashFrom(records: ChainedRecord[], from: number): ChainedRecord[] {
  for (let index = from; index < records.length; index++) {
    const record = records[index] as ChainedRecord;
    const prev = index === from ? record.chain.prev : (records[index - 1] as ChainedRecord).chain.hash;
    record.chain = { seq: record.chain.seq, prev, hash: chainHash(record, prev) };
  }
  return records;
}
