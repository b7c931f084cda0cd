// The limits an object is read under (decompression bombs, overlong lines). A leaf module: the sources judge objects
// by them, and a unit carries the line limit it was judged by to the store, whose reader must hold such a line.
// Imports nothing.

export interface ReadLimits {
  /** Largest decompressed size of one object. */
  maxUncompressedBytes: number;
  /** Largest decompressed/compressed ratio, checked once an object passes 64 MiB (decompression bombs). */
  maxRatio: number;
  /** Longest NDJSON line (one record). */
  maxLineBytes: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxUncompressedBytes: 2 * 1024 ** 3 - 1,
  maxRatio: 200,
  maxLineBytes: 16 * 1024 ** 2,
};
