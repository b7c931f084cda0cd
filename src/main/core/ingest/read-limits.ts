// The limits an object is read under (decompression bombs, overlong lines, nesting depth, response and object sizes).
// A leaf module: the sources judge objects by them, and a unit carries the line limit it was judged by to the store,
// whose reader must hold such a line. Imports nothing.

export interface ReadLimits {
  /** Largest decompressed size of one object. */
  maxUncompressedBytes: number;
  /** Largest decompressed/compressed ratio, checked once an object passes 64 MiB (decompression bombs). */
  maxRatio: number;
  /** Longest NDJSON line (one record). */
  maxLineBytes: number;
  /**
   * Deepest nesting of one record: the containers open at its deepest point (`{}` is 1). A deeper record is rejected
   * by line or record index: JSON.stringify and other recursive code (query output, the UI) overflow the call stack on
   * a record nested 100 000 levels deep. Real audit records nest under 20.
   */
  maxDepth: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxUncompressedBytes: 2 * 1024 ** 3 - 1,
  maxRatio: 200,
  maxLineBytes: 16 * 1024 ** 2,
  maxDepth: 128,
};

/**
 * Largest body of one API response (a page of records, or an error). A longer one ends the sync with an error naming
 * the request, before the body is held whole: no page of an audit API comes near it.
 */
export const MAX_API_BODY_BYTES = 64 * 1024 ** 2;

/**
 * How many bytes an S3 object may send beyond the size its listing gave before it is cut off and rejected. The
 * listing is what the sync judged the object by (and the cap on its size, maxUncompressedBytes, applies to it).
 */
export const S3_LISTED_SIZE_SLACK_BYTES = 64 * 1024;
