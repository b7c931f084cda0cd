// What bench/import.bench.ts and its child processes (bench/import-child.ts) exchange: the child prints one line,
// RESULT_PREFIX + JSON of a ChildResult, on stdout.

export const CHILD_MODES = ['baseline', 'raw-reference', 'trailscope', 'trailscope-into', 'idle'] as const;
export type ChildMode = (typeof CHILD_MODES)[number];

export interface ChildResult {
  mode: ChildMode;
  /** Wall time of the load plus the CHECKPOINT that makes it durable in the file (opening the database excluded). */
  seconds: number;
  /** Events that landed in the table / case. */
  rows: number;
  duplicates: number;
  rejected: number;
  /** Size of the database file (+ WAL, if any) after CHECKPOINT and close. */
  fileBytes: number;
  /** The part of `seconds` spent in that final CHECKPOINT. */
  checkpointSeconds: number;
  /** process.resourceUsage().maxRSS of the child, in bytes. */
  maxRssBytes: number;
}

export const RESULT_PREFIX = 'RESULT ';

export function isChildMode(value: string | undefined): value is ChildMode {
  return CHILD_MODES.some((m) => m === value);
}

/** The import child's case storage format (`--storage` of import.bench.ts); the case's default when unset. */
export const CASE_STORAGE_ENV = 'TRAILSCOPE_BENCH_CASE_STORAGE';

/** `trailscope-into`: the case the child copies and imports into (`--into` of import.bench.ts). */
export const INTO_CASE_ENV = 'TRAILSCOPE_BENCH_INTO_CASE';
