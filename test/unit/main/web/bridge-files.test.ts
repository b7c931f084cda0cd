// The names a download is saved under (what the page asks for is only a suggestion): no folder, no control or
// bidi character, nothing Windows forbids, never empty; and the Content-Disposition that carries them.
import { describe, expect, it } from 'vitest';
import { attachmentHeader, safeFileName } from '../../../../src/main/web/bridge-files';

describe('safeFileName', () => {
  it('keeps the last segment, without control, bidi or reserved characters, trimmed, at most 120 characters', () => {
    expect(safeFileName('events.csv')).toBe('events.csv');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\ana\\report.pdf')).toBe('report.pdf');
    expect(safeFileName('acme\u202ecod.exe.csv')).toBe('acmecod.exe.csv');
    expect(safeFileName('a\u0000b\nc\x7f.csv')).toBe('abc.csv');
    expect(safeFileName('what?<is>"this"|*:.zip')).toBe('whatisthis.zip');
    expect(safeFileName('  ..hidden.csv.  ')).toBe('hidden.csv');
    expect(safeFileName('ünïcode 日本.csv')).toBe('ünïcode 日本.csv');
    expect(safeFileName(`${'a'.repeat(300)}.csv`)).toHaveLength(120);
  });

  it('falls back when nothing is left', () => {
    for (const name of ['', '/', '..', '\u202e', 'dir/']) expect(safeFileName(name), name).toBe('trailscope-export');
    expect(safeFileName('', 'report.pdf')).toBe('report.pdf');
  });
});

describe('attachmentHeader', () => {
  it('gives an ASCII name and the exact one, %-encoded (RFC 6266)', () => {
    expect(attachmentHeader('events.csv')).toBe(`attachment; filename="events.csv"; filename*=UTF-8''events.csv`);
    expect(attachmentHeader("é 'x'(1).csv")).toBe(
      `attachment; filename="_ 'x'(1).csv"; filename*=UTF-8''%C3%A9%20%27x%27%281%29.csv`,
    );
    expect(attachmentHeader('a\\b.csv')).toContain('filename="a_b.csv"');
  });
});
