// Turns one object's bytes (a file, an S3 object) into an ingest unit: hashes for the ledger, safe decompression,
// the shape (NDJSON or one JSON document), the format, and every problem found before DuckDB sees a record —
// each problem a reject that names the line, never a silent drop. Used by file import, S3 and API sync alike.
// A CloudTrail digest is recognized by its content and becomes a digest unit (no events, no rejects). A JSON
// document is scanned, not parsed: its records go to DuckDB as their verbatim text, one per record index — through
// a spool file when the caller gives one, so that JS does not hold them.
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { createGunzip } from 'node:zlib';
import { AppError } from '../errors';
import { formatBytes } from '@shared/format';
import { DEFAULT_LIMITS, type ReadLimits } from '../ingest/read-limits';
import type { DigestDocument, IngestUnit, ObjectInfo, PreReject, UnitInput } from '../ingest/units';
import {
  FORMAT_IDS,
  WRAPPER_KEYS,
  detectFormat,
  resolveFormat,
  type FormatChoice,
  type FormatId,
} from '../formats/formats';
import { literalFilePattern } from '../ingest/file-pattern';
import { writeRecordSpool, type SpanRecord } from '../ingest/spool';
import { nestsDeeperThan, scanJson, type Element, type JsonMember } from './json-spans';

export interface PreparedObject {
  unit: IngestUnit;
  /** Things worth telling the user that are not rejects (an empty file). */
  warnings: string[];
  /** Decompressed size: what a batch of objects costs in memory. */
  contentBytes: number;
}

export interface PrepareOptions {
  format: FormatChoice;
  limits?: ReadLimits;
  /** When the bytes are a file on disk, a clean NDJSON file is handed to DuckDB to read itself (the fast path). */
  pathOnDisk?: string;
  /**
   * A path in the caller's private spool folder: records JS splits out (a document's, or the lines of an NDJSON
   * file DuckDB cannot read as it is) are written there for DuckDB to read, instead of being held as strings until
   * staged into a temp table (at 1M CloudTrail events a batch's records were ~0.4 GB of JS heap). Written only when
   * the unit's input is `spooled`; the ingest batcher removes it once the unit is committed.
   */
  spoolPath?: string;
  info?: Partial<Pick<ObjectInfo, 'etag' | 'lastModified' | 'metadata' | 'cursorFrom' | 'cursorTo'>>;
}

const RATIO_CHECK_FROM = 64 * 1024 ** 2;
const MiB = 1024 ** 2;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const excerptOf = (text: string) => text.slice(0, 200);

export async function prepareObject(
  objectKey: string,
  bytes: Buffer,
  options: PrepareOptions,
): Promise<PreparedObject> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const preRejects: PreReject[] = [];
  const warnings: string[] = [];
  const gzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  let content = bytes;
  let truncated = false;
  if (gzip) {
    const result = await gunzipChecked(bytes, limits);
    if (result.tooLarge) {
      preRejects.push({ reason: result.tooLarge });
      return {
        unit: unitOf(objectKey, null, null, bytes, result.content, preRejects, options),
        warnings,
        contentBytes: 0,
      };
    }
    content = result.content;
    if (result.error) {
      truncated = true;
      preRejects.push({
        reason: `gzip stream is damaged or truncated (${result.error}); the records before the damage were kept`,
      });
    }
  }
  const prepared = (format: FormatId | null, input: UnitInput | null): PreparedObject => ({
    unit: unitOf(objectKey, format, input, bytes, content, preRejects, options),
    warnings,
    contentBytes: content.length,
  });

  let start = 0;
  if (content.length >= 3 && content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) start = 3;
  while (start < content.length && isJsonSpace(content[start])) start++;
  if (start >= content.length) {
    warnings.push(`${objectKey}: empty file, nothing to import`);
    return prepared(null, null);
  }

  const document = content[start] === 0x5b /* [ */ ? scanArrayDocument(content, start, preRejects) : undefined;
  if (document === null) return prepared(null, null);
  const shape = document ?? shapeOfObjectFile(content, start);

  if (shape.kind === 'digest') {
    const metadata = options.info?.metadata ?? {};
    const digest: DigestDocument = {
      // Verbatim: validation hashes the uncompressed bytes, so nothing may be re-serialized.
      content: content.toString('utf8'),
      signature: metadata['x-amz-meta-signature'] ?? null,
      signatureAlgorithm: metadata['x-amz-meta-signature-algorithm'] ?? null,
    };
    const base = prepared(null, null);
    return { ...base, unit: { ...base.unit, digest } };
  }

  if (shape.kind === 'document') {
    if (shape.records.length === 0) {
      warnings.push(`${objectKey}: the document holds no records`);
      return prepared(null, null);
    }
    const spans: SpanRecord[] = [];
    for (const [index, { start: begin, end, depth }] of shape.records.entries()) {
      if (depth > limits.maxDepth) preRejects.push({ record: index, ...tooDeep(content, begin, end, limits) });
      else spans.push({ ref: index, start: begin, end });
    }
    const [first] = spans;
    if (first === undefined) return prepared(null, null);
    const firstRecord: unknown = JSON.parse(content.toString('utf8', first.start, first.end));
    const format = resolveFormat(options.format, firstRecord);
    if (!format) {
      preRejects.push({ reason: unknownFormatReason(firstRecord), count: spans.length });
      return prepared(null, null);
    }
    if (options.spoolPath !== undefined) {
      const input = await spooledInput(objectKey, options.spoolPath, content, spans, 'record', warnings);
      if (input) return prepared(format, input);
    }
    const records = spans.map((span) => ({ index: span.ref, raw: content.toString('utf8', span.start, span.end) }));
    return prepared(format, { kind: 'records', records });
  }

  const lines = splitLines(content, start, limits, preRejects, truncated);
  const first = lines.firstRecord;
  const format = first === undefined ? null : resolveFormat(options.format, first);
  if (!format) {
    const count = lines.lines.length;
    if (count > 0) {
      preRejects.push({
        reason: first === undefined ? 'no line of the file is valid JSON' : unknownFormatReason(first),
        count,
      });
    }
    return prepared(null, null);
  }
  // A path DuckDB cannot be given as it is (file-pattern.ts) has its lines spooled like any other unclean file.
  const path = options.pathOnDisk;
  const clean =
    path !== undefined &&
    literalFilePattern(path) !== null &&
    !truncated &&
    lines.clean &&
    start === 0 &&
    isUtf8(content);
  if (clean) {
    const input = {
      kind: 'ndjson-file',
      path,
      gzip,
      rows: lines.physicalLines,
      maxLineBytes: limits.maxLineBytes,
    } as const;
    return prepared(format, input);
  }
  if (options.spoolPath !== undefined) {
    const spans = lines.lines.map((l) => ({ ref: l.line, start: l.start, end: l.end }));
    const input = await spooledInput(objectKey, options.spoolPath, content, spans, 'line', warnings);
    if (input) return prepared(format, input);
  }
  return prepared(format, {
    kind: 'lines',
    lines: lines.lines.map((l) => ({ line: l.line, raw: content.toString('utf8', l.start, l.end) })),
  });
}

/**
 * The records written to the spool file; null when none could go there (nothing was written). A spool that cannot
 * be written (a full or read-only temp folder) costs memory, not the import: the records are then held in JS, as
 * they were before the spool, and a warning says so.
 */
async function spooledInput(
  objectKey: string,
  path: string,
  content: Buffer,
  records: SpanRecord[],
  refs: 'line' | 'record',
  warnings: string[],
): Promise<UnitInput | null> {
  let written;
  try {
    written = await writeRecordSpool(path, content, records);
  } catch (error) {
    await rm(path, { force: true }).catch(() => undefined);
    warnings.push(
      `${objectKey}: its records could not be written to a temporary file (${(error as Error).message}); they were held in memory instead`,
    );
    return null;
  }
  if (written.rows === 0) return null;
  const held = written.held.map((r) => ({ ref: r.ref, raw: content.toString('utf8', r.start, r.end) }));
  return { kind: 'spooled', path, refs, rows: written.rows, encoded: written.encoded, held };
}

function unitOf(
  objectKey: string,
  format: FormatId | null,
  input: UnitInput | null,
  bytes: Buffer,
  content: Buffer,
  preRejects: PreReject[],
  options: PrepareOptions,
): IngestUnit {
  return {
    objectKey,
    format,
    input,
    preRejects,
    object: { size: bytes.length, sha256Received: sha256(bytes), sha256Content: sha256(content), ...options.info },
  };
}

/** The reject of a record nested deeper than the limit (its excerpt: the start of its text). */
function tooDeep(
  content: Buffer,
  start: number,
  end: number,
  limits: ReadLimits,
): Pick<PreReject, 'reason' | 'excerpt'> {
  return {
    reason: `record is nested more than ${limits.maxDepth} levels deep (the limit)`,
    excerpt: excerptOf(content.toString('utf8', start, Math.min(end, start + 200))),
  };
}

function unknownFormatReason(record: unknown): string {
  const keys = record && typeof record === 'object' && !Array.isArray(record) ? Object.keys(record).slice(0, 8) : [];
  const described =
    keys.length > 0 ? `its first record has keys ${keys.join(', ')}` : 'its first record is not a JSON object';
  return `no known format: ${described}; known formats are ${FORMAT_IDS.join(', ')} (or pass --format)`;
}

interface GunzipResult {
  content: Buffer;
  error?: string;
  tooLarge?: string;
}

/** Streaming gunzip that stops at the size and ratio caps and keeps what came before a damaged or cut stream. */
function gunzipChecked(bytes: Buffer, limits: ReadLimits): Promise<GunzipResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const gunzip = createGunzip({ chunkSize: outputChunkSize(bytes, limits) });
    const finish = (result: Omit<GunzipResult, 'content'>) => {
      if (done) return;
      done = true;
      resolve({ content: chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, total), ...result });
    };
    gunzip.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limits.maxUncompressedBytes) {
        gunzip.destroy();
        finish({ tooLarge: `decompressed size exceeds the limit of ${formatBytes(limits.maxUncompressedBytes)}` });
      } else if (total > RATIO_CHECK_FROM && total / bytes.length > limits.maxRatio) {
        gunzip.destroy();
        finish({ tooLarge: `compression ratio exceeds ${limits.maxRatio}:1 (a decompression bomb?)` });
      } else {
        chunks.push(chunk);
      }
    });
    gunzip.on('error', (error: Error) => finish({ error: error.message }));
    gunzip.on('end', () => finish({}));
    gunzip.end(bytes);
  });
}

/**
 * A gzip stream ends with its uncompressed size (mod 2^32). Output chunks one byte larger than that hold a whole
 * plausible file in one piece, so it is neither copied nor concatenated (the copy was ~30% of preparing a file).
 * The size is only a hint: a wrong one (a lie, several members) costs more chunks, never a wrong result.
 */
function outputChunkSize(bytes: Buffer, limits: ReadLimits): number {
  const declared = bytes.length >= 18 ? bytes.readUInt32LE(bytes.length - 4) : 0;
  const plausible = Math.min(limits.maxUncompressedBytes, Math.max(RATIO_CHECK_FROM, limits.maxRatio * bytes.length));
  return declared > 0 && declared < plausible ? Math.max(declared + 1, MiB) : MiB;
}

function isJsonSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

type Shape =
  /** One JSON document: the byte spans of its records in `content`, with their nesting depth. */
  { kind: 'document'; records: Element[] } | { kind: 'digest' } | { kind: 'ndjson' };

/** A file that starts with `[`: one JSON array document. null when it cannot be read (its reject is recorded). */
function scanArrayDocument(content: Buffer, start: number, preRejects: PreReject[]): Shape | null {
  if (!isUtf8(content)) {
    preRejects.push({ reason: `document is not valid UTF-8 (first bad byte near offset ${firstBadUtf8(content)})` });
    return null;
  }
  const scan = scanJson(content, start);
  if (scan?.kind === 'array') return { kind: 'document', records: scan.elements };
  // Only a broken document is parsed whole: JSON.parse words the reject, as it always has.
  const text = content.toString('utf8', start);
  try {
    JSON.parse(text);
  } catch (error) {
    preRejects.push({ reason: `document is not valid JSON: ${(error as Error).message}`, excerpt: text.slice(0, 200) });
    return null;
  }
  throw new AppError('INTERNAL', 'The JSON scanner rejected a document that JSON.parse accepts; nothing was imported.');
}

/**
 * A file that starts with `{`: NDJSON, one document whose records sit under Records/items/entries/data/events, or
 * a CloudTrail digest. A single object that is itself a record (a Google activity has `events` too) stays a record.
 */
function shapeOfObjectFile(content: Buffer, start: number): Shape {
  const newline = content.indexOf(0x0a, start);
  const firstLineEnd = newline === -1 ? content.length : newline;
  const restIsBlank = content.subarray(firstLineEnd).every((b) => isJsonSpace(b));
  if (!restIsBlank && parses(content.toString('utf8', start, firstLineEnd))) return { kind: 'ndjson' };
  const scan = isUtf8(content) ? scanJson(content, start) : null;
  if (scan?.kind !== 'object') return { kind: 'ndjson' };
  const { object, arrays } = topLevelOf(content, scan.members);
  if (isCloudTrailDigest(object)) return { kind: 'digest' };
  const isRecord = !Array.isArray(object['Records']) && detectFormat(object) !== null;
  const wrapper = isRecord ? undefined : WRAPPER_KEYS.find((k) => Array.isArray(object[k]));
  const records = wrapper === undefined ? undefined : arrays.get(wrapper);
  return records ? { kind: 'document', records } : { kind: 'ndjson' };
}

/**
 * The document's top-level object as JSON.parse gives it, except that an array under a wrapper key (the records,
 * possibly thousands) stands as an empty array: detection only asks whether it is one. Its element spans are in
 * `arrays`. A repeated key keeps its last value, as in JSON.parse.
 */
function topLevelOf(
  content: Buffer,
  members: JsonMember[],
): { object: Record<string, unknown>; arrays: Map<string, Element[]> } {
  // No prototype, so that a "__proto__" member is a plain member, as JSON.parse makes it.
  const object = Object.create(null) as Record<string, unknown>;
  const arrays = new Map<string, Element[]>();
  const wrapperKeys: readonly string[] = WRAPPER_KEYS;
  for (const { key, value, elements } of members) {
    arrays.delete(key);
    if (elements && wrapperKeys.includes(key)) {
      object[key] = [];
      arrays.set(key, elements);
    } else {
      object[key] = JSON.parse(content.toString('utf8', value.start, value.end));
    }
  }
  return { object, arrays };
}

/** The fields `aws cloudtrail validate-logs` cannot do without; a digest with no log files (`[]`) is normal. */
function isCloudTrailDigest(document: Record<string, unknown>): boolean {
  return (
    typeof document['digestStartTime'] === 'string' &&
    typeof document['digestEndTime'] === 'string' &&
    Array.isArray(document['logFiles'])
  );
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

interface LineSpan {
  line: number;
  start: number;
  end: number;
}

interface SplitResult {
  lines: LineSpan[];
  firstRecord: unknown;
  /** True when DuckDB can read the file as it is: no CR, no NUL/SOH bytes, every line within limits. */
  clean: boolean;
  /** Lines as a line reader counts them: every newline ends one, and a last line without one counts too. */
  physicalLines: number;
}

/** Split NDJSON into lines; overlong and non-UTF-8 lines become rejects here, blank lines are skipped. */
function splitLines(
  content: Buffer,
  start: number,
  limits: ReadLimits,
  preRejects: PreReject[],
  truncated: boolean,
): SplitResult {
  const lines: LineSpan[] = [];
  let firstRecord: unknown;
  let clean = !content.includes(0x0d) && !content.includes(0x00) && !content.includes(0x01);
  const wholeIsUtf8 = isUtf8(content);
  let line = 0;
  let pos = 0;
  while (pos < content.length) {
    line++;
    const newline = content.indexOf(0x0a, pos);
    const lineEnd = newline === -1 ? content.length : newline;
    let end = lineEnd;
    if (end > pos && content[end - 1] === 0x0d) end--;
    const begin = line === 1 ? start : pos;
    pos = lineEnd + 1;
    if (end <= begin) continue;
    if (truncated && newline === -1) {
      preRejects.push({
        line,
        reason: 'line cut off where the gzip stream ends',
        excerpt: excerptOf(content.toString('utf8', begin, Math.min(end, begin + 200))),
      });
      clean = false;
      continue;
    }
    if (end - begin > limits.maxLineBytes) {
      preRejects.push({
        line,
        reason: `line is ${formatBytes(end - begin)}, over the ${formatBytes(limits.maxLineBytes)} line limit`,
        excerpt: content.toString('utf8', begin, begin + 200),
      });
      clean = false;
      continue;
    }
    const span = content.subarray(begin, end);
    if (!wholeIsUtf8 && !isUtf8(span)) {
      preRejects.push({
        line,
        reason: `line is not valid UTF-8 (bad byte at offset ${firstBadUtf8(span)} of the line)`,
      });
      clean = false;
      continue;
    }
    if (span.every((b) => isJsonSpace(b))) continue;
    if (nestsDeeperThan(content, begin, end, limits.maxDepth)) {
      preRejects.push({ line, ...tooDeep(content, begin, end, limits) });
      clean = false;
      continue;
    }
    lines.push({ line, start: begin, end });
    if (firstRecord === undefined) {
      try {
        firstRecord = JSON.parse(span.toString('utf8'));
      } catch {
        // not a record; DuckDB rejects it with its line number
      }
    }
  }
  return { lines, firstRecord, clean, physicalLines: line };
}

function firstBadUtf8(data: Buffer): number {
  let lo = 0;
  let hi = data.length;
  // isUtf8 of a prefix is monotone until the first bad sequence; bisect for it.
  while (hi - lo > 4) {
    const mid = (lo + hi) >> 1;
    if (
      isUtf8(data.subarray(0, mid)) ||
      isUtf8(data.subarray(0, mid + 1)) ||
      isUtf8(data.subarray(0, mid + 2)) ||
      isUtf8(data.subarray(0, mid + 3))
    )
      lo = mid;
    else hi = mid;
  }
  return lo;
}
