// The record spool: records JS split out of an object (a document's records, the lines of an NDJSON file DuckDB
// cannot read as it is) written to a private temp file that DuckDB reads, instead of JS holding them until they are
// staged. Also the private folder the spool files live in (the ingest batcher's). A leaf module: the sources write
// spool files and the store reads them; plain Node (fs, os), no DuckDB, no electron.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../errors';
import { literalFilePattern } from './file-pattern';

/**
 * One spool line per record: its ref (line number or record index) in ASCII digits, the separator, then the record's
 * bytes, then a newline. Valid JSON text holds no raw control character but inter-token whitespace, so a record's
 * newlines and carriage returns (a pretty-printed record spans lines) travel as two bytes JSON never holds and the
 * reader puts them back: `raw` stays byte for byte what the object held.
 */
export const SPOOL_FORMAT = { separator: 0x01, newline: 0x02, carriageReturn: 0x03 } as const;

/**
 * The longest spool line. DuckDB's reader sizes its buffers from it, one per thread, and they cannot be spilled:
 * at 16 MiB (the NDJSON line limit) they took 64 MB of what an import lets DuckDB use (INGEST_MEMORY, store/ingest.ts).
 * Audit records are a few KB; the rare longer one stays in memory and is staged.
 */
export const SPOOL_MAX_LINE_BYTES = 1024 ** 2;
/** The longest record that goes through the spool: the line limit less room for the ref and separator. */
export const SPOOL_MAX_RECORD_BYTES = SPOOL_MAX_LINE_BYTES - 32;

/** A record: its ref and its bytes [start, end) in the object's content. */
export interface SpanRecord {
  ref: number;
  start: number;
  end: number;
}

export interface SpoolWritten {
  /** Records written to the spool file (0: no file was written). */
  rows: number;
  /** Some record held a newline or carriage return, which the reader must put back. */
  encoded: boolean;
  /** Records the spool cannot carry (over SPOOL_MAX_RECORD_BYTES, or holding a byte the format reserves). */
  held: SpanRecord[];
}

/**
 * Writes the records to `path` (mode 0600), in order. Each record must be valid UTF-8 on its own (the caller has
 * checked), since the reader refuses anything else.
 */
export async function writeRecordSpool(path: string, content: Buffer, records: SpanRecord[]): Promise<SpoolWritten> {
  // Bytes no JSON text holds raw; a record with one (an invalid NDJSON line, rejected later) stays in memory.
  const reserved = [0x00, SPOOL_FORMAT.separator, SPOOL_FORMAT.newline, SPOOL_FORMAT.carriageReturn]
    .filter((b) => content.includes(b))
    .map((b) => new ByteFinder(content, b));
  const held: SpanRecord[] = [];
  const spooled: SpanRecord[] = [];
  let size = 0;
  for (const record of records) {
    const length = record.end - record.start;
    if (length > SPOOL_MAX_RECORD_BYTES || reserved.some((finder) => finder.within(record))) {
      held.push(record);
      continue;
    }
    spooled.push(record);
    size += String(record.ref).length + length + 2;
  }
  if (spooled.length === 0) return { rows: 0, encoded: false, held };

  const out = Buffer.allocUnsafe(size);
  const newlines = new ByteFinder(content, 0x0a);
  const returns = new ByteFinder(content, 0x0d);
  let pos = 0;
  let encoded = false;
  for (const record of spooled) {
    const { ref, start, end } = record;
    pos += out.write(String(ref), pos, 'latin1');
    out[pos++] = SPOOL_FORMAT.separator;
    content.copy(out, pos, start, end);
    if (newlines.within(record) || returns.within(record)) {
      encoded = true;
      for (let i = pos, stop = pos + end - start; i < stop; i++) {
        if (out[i] === 0x0a) out[i] = SPOOL_FORMAT.newline;
        else if (out[i] === 0x0d) out[i] = SPOOL_FORMAT.carriageReturn;
      }
    }
    pos += end - start;
    out[pos++] = 0x0a;
  }
  await writeFile(path, out, { mode: 0o600 });
  return { rows: spooled.length, encoded, held };
}

/** Whether a byte occurs in spans asked for in ascending order: one forward pass over the content in all. */
class ByteFinder {
  /** The byte's first position at or after the last span asked about; -1 when there is none further on. */
  private next = -1;
  private searchedFrom = -1;

  constructor(
    private readonly content: Buffer,
    private readonly byte: number,
  ) {}

  within({ start, end }: SpanRecord): boolean {
    if (this.searchedFrom < 0 || (this.next !== -1 && this.next < start) || start < this.searchedFrom) {
      this.next = this.content.indexOf(this.byte, start);
      this.searchedFrom = start;
    }
    return this.next !== -1 && this.next < end;
  }
}

/**
 * A private folder for spool files (mkdtemp makes it 0700: audit records must not be readable by other users of a
 * shared temp folder), in `parent` (default the OS temp folder). The caller removes it with removeSpool in a finally.
 */
export async function createSpool(prefix: string, parent: string = tmpdir()): Promise<string> {
  if (literalFilePattern(join(parent, prefix)) === null) {
    throw new AppError(
      'IO',
      `Cannot use ${parent} for temporary files: DuckDB cannot read a path holding both a backslash and one of * ? [ (set TMPDIR to another folder)`,
    );
  }
  try {
    return await mkdtemp(join(parent, prefix));
  } catch (error) {
    throw new AppError('IO', `Cannot make a private temporary folder in ${parent}: ${(error as Error).message}`);
  }
}

export async function removeSpool(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
