// The desktop app's recent-cases list: newest first, no duplicates, at most 10, owner-only file, and a damaged
// file read as an empty list rather than an error.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_RECENT_CASES, RecentCases } from '../../../../src/main/shell/recent-cases';
import { tempDir } from '../../../helpers/temp';

describe('RecentCases', () => {
  it('keeps the newest first, moves a reopened case to the top, and caps the list', async () => {
    const file = join(await tempDir(), 'recent-cases.json');
    const recent = new RecentCases(file);
    expect(await recent.list()).toEqual([]);
    for (let i = 0; i < 12; i++) await recent.add(`/cases/c${i}.duckdb`);
    await recent.add('/cases/c5.duckdb');
    const list = await recent.list();
    expect(list).toHaveLength(MAX_RECENT_CASES);
    expect(list[0]).toBe('/cases/c5.duckdb');
    expect(list.filter((p) => p === '/cases/c5.duckdb')).toHaveLength(1);
    expect(list).not.toContain('/cases/c0.duckdb');
    expect(list[1]).toBe('/cases/c11.duckdb');
  });

  it('stores absolute paths in a 0600 file, and removes and clears', async () => {
    const dir = await tempDir();
    const file = join(dir, 'recent-cases.json');
    const recent = new RecentCases(file);
    await recent.add('relative/acme.duckdb');
    const [saved] = await recent.list();
    expect(saved).toMatch(/^\/.*relative\/acme\.duckdb$/);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await recent.remove('relative/acme.duckdb')).toEqual([]);
    await recent.add('/a.duckdb');
    await recent.clear();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual([]);
  });

  it('reads a damaged or foreign file as an empty list, keeping only strings', async () => {
    const file = join(await tempDir(), 'recent-cases.json');
    await writeFile(file, '{not json');
    expect(await new RecentCases(file).list()).toEqual([]);
    await writeFile(file, JSON.stringify(['/ok.duckdb', 42, null, '', { path: '/x' }]));
    expect(await new RecentCases(file).list()).toEqual(['/ok.duckdb']);
  });
});
