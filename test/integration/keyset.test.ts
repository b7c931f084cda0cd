// Keyset paging by (occurred_at, uid): every page follows the last without skipping or repeating a row, in both
// orders and both directions, also across long runs of equal timestamps.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import type { CaseStore } from '../../src/main/core/store/case-store';
import { decodeCursor, encodeCursor, queryPage, type Cursor } from '../../src/main/core/store/events-query';
import { closeAll, newCase } from '../helpers/case';
import { genericRecord, gz, ndjson } from '../helpers/records';
import { tempDir } from '../helpers/temp';

const COUNT = 10_000;
let store: CaseStore;
/** uids in the total order (occurred_at, uid), ascending, computed here independently of the store. */
let expectedAsc: string[];

beforeAll(async () => {
  // 10,000 events on only 37 distinct timestamps, uids shuffled relative to time.
  const records = Array.from({ length: COUNT }, (_, i) => {
    const second = (i * 7919) % 37;
    return genericRecord(i, {
      id: `evt_${((i * 104729) % COUNT).toString().padStart(5, '0')}`,
      occurred_at: new Date(Date.UTC(2025, 0, 1, 0, 0, second)).toISOString(),
    });
  });
  const dir = await tempDir();
  await writeFile(join(dir, 'events.ndjson.gz'), gz(ndjson(records)));
  store = await newCase({ tenantId: 'acme' });
  await importFiles(store, [dir]);
  expectedAsc = records
    .map((r) => [String(r['occurred_at']), String(r['id'])] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([, id]) => id);
});

afterAll(closeAll);

async function walk(order: 'asc' | 'desc', limit: number): Promise<{ uids: string[]; cursors: Cursor[] }> {
  const uids: string[] = [];
  const cursors: Cursor[] = [];
  let after: Cursor | undefined;
  for (let pages = 0; pages <= COUNT / limit + 1; pages++) {
    const page = await queryPage(store, { query: null, order, limit, after });
    uids.push(...page.events.map((e) => e.uid));
    if (!page.next) return { uids, cursors };
    cursors.push(page.next);
    after = page.next;
  }
  throw new Error('paging did not end');
}

describe('keyset paging', () => {
  it.each([
    ['asc', 997],
    ['desc', 997],
    ['asc', 2500],
  ] as const)('walks every row once, in order (%s, pages of %i)', async (order, limit) => {
    const { uids } = await walk(order, limit);
    expect(uids).toEqual(order === 'asc' ? expectedAsc : [...expectedAsc].reverse());
  });

  it('pages back from any cursor to exactly the rows before it', async () => {
    const limit = 997;
    const { uids, cursors } = await walk('desc', limit);
    for (const [index, cursor] of cursors.entries()) {
      // The cursor is the last row of page `index`; the page before it, read backwards, is that page minus its last row.
      const back = await queryPage(store, { query: null, order: 'desc', limit, before: cursor });
      const end = (index + 1) * limit - 1;
      expect(back.events.map((e) => e.uid)).toEqual(uids.slice(Math.max(0, end - limit), end));
    }
  });

  it('says there is no previous page at the start and no next page at the end', async () => {
    const first = await queryPage(store, { query: null, order: 'asc', limit: 10 });
    expect(first.previous).toBeNull();
    const last = await queryPage(store, { query: null, order: 'desc', limit: 10, before: first.previous ?? undefined });
    expect(last.events).toHaveLength(10);
    const all = await queryPage(store, { query: null, order: 'asc', limit: COUNT + 5 });
    expect(all.events).toHaveLength(COUNT);
    expect(all.next).toBeNull();
  });

  it('round-trips cursors and refuses one it did not make', () => {
    const cursor = { t: '1735689600000000', uid: 'evt_00042' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(() => decodeCursor('not-a-cursor')).toThrow(/not one Trailscope made/);
  });
});
