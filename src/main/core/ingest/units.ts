// What a source hands the store for one object (a file, an S3 object, an API page): an ingest unit, its input (how
// DuckDB reaches its records), its object facts for the ledger and the problems found before DuckDB saw it.
// A leaf module: the sources build units and the store ingests them; it imports neither.
import type { FormatId } from '../formats/formats';

/** How an object's records reach DuckDB. */
export type UnitInput =
  /**
   * A clean NDJSON file (checked by the caller: UTF-8, no CR, no line over `maxLineBytes`); DuckDB reads it itself.
   * `rows` is its number of physical lines, which is how the file's line numbers are found in a multi-file read.
   * `maxLineBytes` is the line limit the file was checked against (ReadLimits): DuckDB's reader must hold such a line.
   */
  | { kind: 'ndjson-file'; path: string; gzip: boolean; rows: number; maxLineBytes: number }
  /** NDJSON lines the caller split and checked, with their 1-based line numbers. */
  | { kind: 'lines'; lines: { line: number; raw: string }[] }
  /**
   * The records of one JSON document, each its verbatim text, with its index in the document's array (from 0):
   * staged like lines, but referred to as `key#index` and rejected by record, not by line.
   */
  | { kind: 'records'; records: { index: number; raw: string }[] }
  /**
   * Records JS split out of an object (a document's records, the lines of an NDJSON file DuckDB cannot read as it
   * is), written to a private spool file (ingest/spool.ts) that DuckDB reads, so that JS does not hold them.
   * `refs` says whether a ref is a line number or a record index; `encoded` that some record's newlines travel
   * encoded; `held` are the few records the spool cannot carry, staged like lines.
   */
  | {
      kind: 'spooled';
      path: string;
      refs: 'line' | 'record';
      rows: number;
      encoded: boolean;
      held: { ref: number; raw: string }[];
    };

export interface ObjectInfo {
  size: number;
  sha256Received: string;
  sha256Content: string;
  etag?: string;
  lastModified?: string;
  metadata?: Record<string, string>;
  cursorFrom?: string;
  cursorTo?: string;
}

/** A problem found before DuckDB saw the records: a bad byte, an overlong line, a truncated gzip, an unknown format. */
export interface PreReject {
  line?: number;
  record?: number;
  reason: string;
  excerpt?: string;
  /** How many records the reject stands for (a whole file of unknown format counts all its records). */
  count?: number;
}

export interface IngestUnit {
  objectKey: string;
  /** null when no format could be determined: the unit then only records its rejects and its ledger row. */
  format: FormatId | null;
  input: UnitInput | null;
  object: ObjectInfo;
  preRejects: PreReject[];
  /** A CloudTrail digest (no events): kept verbatim with its signature for validation, under this unit's ledger row. */
  digest?: DigestDocument;
}

export interface DigestDocument {
  content: string;
  signature: string | null;
  signatureAlgorithm: string | null;
}

/** The records a unit brings (a clean file's physical lines: blank ones included, which is near enough). */
export function recordsOf(unit: IngestUnit): number {
  switch (unit.input?.kind) {
    case 'ndjson-file':
      return unit.input.rows;
    case 'lines':
      return unit.input.lines.length;
    case 'records':
      return unit.input.records.length;
    case 'spooled':
      return unit.input.rows + unit.input.held.length;
    default:
      return 0;
  }
}

/** Records JS split out of lines or documents and holds until they are staged into DuckDB. */
export function holdsRecords(unit: IngestUnit): boolean {
  return (
    unit.input?.kind === 'lines' ||
    unit.input?.kind === 'records' ||
    (unit.input?.kind === 'spooled' && unit.input.held.length > 0)
  );
}
