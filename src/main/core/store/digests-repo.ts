// What the CloudTrail digest check reads from a case: each stored digest (its verbatim document, the signature its S3
// object carried, how it came in) and, from the ingest ledger, each CloudTrail log file's SHA-256 of its uncompressed
// content as recorded at import. Read-only; works on a reader.
import type { CaseStore } from './case-store';
import { queryRows } from './sql';

export interface StoredDigest {
  ingestSeq: number;
  sourceId: string;
  /** Where it was found: `s3://bucket/key` when synced from S3, the local path when imported from files. */
  objectKey: string;
  job: string;
  /** The uncompressed document, verbatim. */
  content: string;
  /** Hex, from `x-amz-meta-signature`; null for a digest imported from files (the metadata is lost). */
  signature: string | null;
  signatureAlgorithm: string | null;
}

export interface LedgerLogFile {
  ledgerSeq: number;
  sourceId: string;
  objectKey: string;
  job: string;
  sha256Content: string | null;
}

export async function listDigests(store: CaseStore): Promise<StoredDigest[]> {
  const rows = await queryRows(
    store.connection,
    `SELECT d.ingest_seq, d.source_id, d.object_key, l.job, hex(d.content) AS content_hex, d.signature,
       d.signature_algorithm
     FROM digests d LEFT JOIN ingest_ledger l ON l.seq = d.ingest_seq
     ORDER BY d.ingest_seq`,
  );
  return rows.map((row) => ({
    ingestSeq: Number(row['ingest_seq']),
    sourceId: String(row['source_id']),
    objectKey: String(row['object_key']),
    job: String(row['job'] ?? ''),
    // As hex: the driver's text decoding drops a leading BOM, and the hash needs every byte as imported.
    content: Buffer.from(String(row['content_hex']), 'hex').toString('utf8'),
    signature: textOrNull(row['signature']),
    signatureAlgorithm: textOrNull(row['signature_algorithm']),
  }));
}

/**
 * Ledger rows of CloudTrail log files, known by CloudTrail's file name
 * (`<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<random>.json[.gz]`, after a forward or back slash): every import
 * of each, also from a copy that kept no folder layout. Digests (`_CloudTrail-Digest_`) are not among them.
 */
export async function listCloudTrailLogFiles(store: CaseStore): Promise<LedgerLogFile[]> {
  const rows = await queryRows(
    store.connection,
    `SELECT seq, source_id, object_key, job, sha256_content FROM ingest_ledger
     WHERE regexp_matches(object_key, '(^|[/\\\\])\\d{12}_CloudTrail_[^_/\\\\]+_\\d{8}T\\d{4}Z_[^/\\\\]+\\.json(\\.gz)?$')
     ORDER BY seq`,
  );
  return rows.map((row) => ({
    ledgerSeq: Number(row['seq']),
    sourceId: String(row['source_id']),
    objectKey: String(row['object_key']),
    job: String(row['job']),
    sha256Content: textOrNull(row['sha256_content']),
  }));
}

const textOrNull = (value: unknown): string | null => (value == null ? null : String(value));
