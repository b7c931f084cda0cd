// The record spool format: one line per record (ref, separator, bytes), line breaks inside a record encoded so that
// they can be put back byte for byte, and records the format cannot carry left in memory instead of written.
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../../../src/main/core/errors';
import {
  createSpool,
  SPOOL_FORMAT,
  SPOOL_MAX_RECORD_BYTES,
  writeRecordSpool,
  type SpanRecord,
} from '../../../../../src/main/core/ingest/spool';
import { tempDir } from '../../../../helpers/temp';

/** The records as spans of one buffer, separated by a comma (as in a document), refs from `firstRef`. */
function layout(records: (string | Buffer)[], firstRef = 0): { content: Buffer; spans: SpanRecord[] } {
  const parts: Buffer[] = [];
  const spans: SpanRecord[] = [];
  let at = 0;
  records.forEach((record, i) => {
    const bytes = Buffer.isBuffer(record) ? record : Buffer.from(record, 'utf8');
    spans.push({ ref: firstRef + i, start: at, end: at + bytes.length });
    parts.push(bytes, Buffer.from(','));
    at += bytes.length + 1;
  });
  return { content: Buffer.concat(parts), spans };
}

/** What DuckDB's read of the spool gives back: ref and record, line breaks decoded. */
function readBack(spool: Buffer): { ref: number; raw: string }[] {
  const text = spool.toString('utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const [ref, raw, ...rest] = line.split(String.fromCharCode(SPOOL_FORMAT.separator));
      expect(rest).toEqual([]);
      const decoded = (raw ?? '')
        .replaceAll(String.fromCharCode(SPOOL_FORMAT.newline), '\n')
        .replaceAll(String.fromCharCode(SPOOL_FORMAT.carriageReturn), '\r');
      return { ref: Number(ref), raw: decoded };
    });
}

describe('writeRecordSpool', () => {
  it('writes each record on its own line after its ref, and reads back byte for byte', async () => {
    const records = ['{"a":1}', '{\r\n  "b": [1,\n 2],\r\n  "c": "é ✓ \\n"\n}', '[]', '{"d":"\\r"}'];
    const { content, spans } = layout(records, 7);
    const path = join(await tempDir(), 'r.records');

    const written = await writeRecordSpool(path, content, spans);

    expect(written).toEqual({ rows: 4, encoded: true, held: [] });
    expect(readBack(await readFile(path))).toEqual(records.map((raw, i) => ({ ref: 7 + i, raw })));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('says nothing was encoded when no record holds a line break, even if the text around them does', async () => {
    const content = Buffer.from('{"Records":[\n{"a":1},\r\n{"b":2}\n]}\n');
    const first = content.indexOf('{"a"');
    const second = content.indexOf('{"b"');
    const path = join(await tempDir(), 'r.records');

    const written = await writeRecordSpool(path, content, [
      { ref: 0, start: first, end: first + 7 },
      { ref: 1, start: second, end: second + 7 },
    ]);

    expect(written).toMatchObject({ rows: 2, encoded: false });
    expect((await readFile(path)).toString('latin1')).toBe('0\x01{"a":1}\n1\x01{"b":2}\n');
  });

  it('keeps in memory the records holding a byte the format reserves, and writes the others', async () => {
    const reserved = [0x00, SPOOL_FORMAT.separator, SPOOL_FORMAT.newline, SPOOL_FORMAT.carriageReturn];
    const bad = reserved.map((b) => Buffer.concat([Buffer.from('{"x":"'), Buffer.from([b]), Buffer.from('"}')]));
    const { content, spans } = layout(['{"ok":1}', ...bad, '{"ok":2}'], 1);
    const path = join(await tempDir(), 'r.records');

    const written = await writeRecordSpool(path, content, spans);

    expect(written.rows).toBe(2);
    expect(written.held.map((r) => r.ref)).toEqual([2, 3, 4, 5]);
    expect(readBack(await readFile(path))).toEqual([
      { ref: 1, raw: '{"ok":1}' },
      { ref: 6, raw: '{"ok":2}' },
    ]);
  });

  it('keeps in memory a record longer than the reader takes, and writes no file when nothing goes in it', async () => {
    const huge = `{"x":"${'y'.repeat(SPOOL_MAX_RECORD_BYTES)}"}`;
    const { content, spans } = layout([huge]);
    const dir = await tempDir();

    const written = await writeRecordSpool(join(dir, 'r.records'), content, spans);

    expect(written).toEqual({ rows: 0, encoded: false, held: spans });
    await expect(stat(join(dir, 'r.records'))).rejects.toThrow(/ENOENT/);
  });
});

describe('createSpool', () => {
  it.runIf(process.platform !== 'win32')(
    'refuses, naming the folder, a temp folder DuckDB could not be given a path in (a backslash and a glob character)',
    async () => {
      const parent = join(await tempDir(), 'back\\slash [x]');
      await mkdir(parent);

      const error = await createSpool('trailscope-test-', parent).then(
        () => null,
        (e: unknown) => e,
      );

      expect(isAppError(error, 'IO')).toBe(true);
      expect((error as Error).message).toContain(parent);
    },
  );

  it('makes its private folder in a temp folder whose path holds glob characters', async () => {
    const parent = join(await tempDir(), 'tmp [x]*?');
    await mkdir(parent);

    const dir = await createSpool('trailscope-test-', parent);

    expect(dir.startsWith(join(parent, 'trailscope-test-'))).toBe(true);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });
});
