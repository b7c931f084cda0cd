// The evidence board on a real DuckDB case, through the engine's contract as the app reaches it: stars, tags and
// comments are kept per event and journalled; hostile text (CR/LF, escapes, markup, bidi controls) is kept exactly;
// bad tags and long comments are refused with USAGE; `starred:`, `tag:` and `annotated:` select the board as a
// query; the trail keeps each query run once, with its count, across a restart and within its bound.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/core/bridge/dispatch';
import { createEngine, type Engine } from '../../src/main/core/engine';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { COMMENT_MAX, TRAIL_MAX } from '@shared/domain/evidence';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { genericRecord, ndjson } from '../helpers/records';
import { tempDir } from '../helpers/temp';
import { CaseStore } from '../../src/main/core/store/case-store';
import { addTrailEntry, listTrail } from '../../src/main/core/store/evidence-repo';
import { writeFile } from 'node:fs/promises';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
});

async function engineOnRecords(count: number): Promise<{ engine: Engine; casePath: string }> {
  const dir = await tempDir();
  await writeFile(join(dir, 'events.ndjson'), ndjson(Array.from({ length: count }, (_, i) => genericRecord(i + 1))));
  const casePath = join(dir, 'board.duckdb');
  const store = await CaseStore.create(casePath, { tenantId: 'acme' });
  await importFiles(store, [join(dir, 'events.ndjson')]);
  store.close();
  const engine = await createEngine({ casePath, secrets: new EnvSecretStore() });
  engines.push(engine);
  return { engine, casePath };
}

const call = (engine: Engine, channel: string, request: unknown) => dispatch(engine.handlers, channel, request);
const uids = async (engine: Engine, query: string) =>
  (await engine.handlers['events.page']({ query, timeZone: 'UTC', order: 'asc', limit: 100 })).events.map((e) => e.uid);

describe('annotations', () => {
  it('stars, tags and comments events, journalled, and the board is a query', async () => {
    const { engine } = await engineOnRecords(10);
    const hostile = 'line one\r\nline two\t\\x1b[31m <script>alert(1)</script> \u202eevil\x1b]8;;http://x\x07';

    await engine.handlers['annotations.set']({ uid: 'evt_000002', starred: true });
    await engine.handlers['annotations.set']({ uid: 'evt_000003', addTags: ['Suspicious', 'bad'], comment: hostile });
    await engine.handlers['annotations.set']({ uid: 'evt_000005', starred: true, tags: ['good'] });
    const removed = await engine.handlers['annotations.set']({
      uid: 'evt_000005',
      starred: false,
      removeTags: ['GOOD'],
    });

    expect(removed).toEqual({ annotation: null });
    const { annotations, total } = await engine.handlers['annotations.list']({});
    expect(total).toBe(2);
    expect(annotations).toMatchObject([
      {
        uid: 'evt_000002',
        tenantId: 'acme',
        starred: true,
        tags: [],
        comment: null,
        event: { action: 'user.signed_in' },
      },
      {
        uid: 'evt_000003',
        starred: false,
        tags: ['suspicious', 'bad'],
        comment: hostile,
        event: { ip: '203.0.113.3' },
      },
    ]);
    expect((await engine.handlers['annotations.list']({ starredOnly: true })).annotations.map((a) => a.uid)).toEqual([
      'evt_000002',
    ]);
    expect(await uids(engine, 'starred:true')).toEqual(['evt_000002']);
    expect(await uids(engine, 'tag:suspicious')).toEqual(['evt_000003']);
    expect(await uids(engine, 'tag:SUS*')).toEqual(['evt_000003']);
    expect(await uids(engine, 'annotated:true')).toEqual(['evt_000002', 'evt_000003']);
    expect(await uids(engine, 'annotated:false')).toHaveLength(8);
    expect(await uids(engine, '-starred:true action:user.signed_in')).toEqual([
      'evt_000004',
      'evt_000006',
      'evt_000008',
      'evt_000010',
    ]);
    const journal = (await engine.handlers['journal.list']({})).entries.filter((e) => e.action === 'annotation.set');
    expect(journal.map((e) => e.detail)).toEqual([
      { tenantId: 'acme', uid: 'evt_000002', starred: true, tags: [], comment: null },
      { tenantId: 'acme', uid: 'evt_000003', starred: false, tags: ['suspicious', 'bad'], comment: hostile },
      { tenantId: 'acme', uid: 'evt_000005', starred: true, tags: ['good'], comment: null },
      { tenantId: 'acme', uid: 'evt_000005', starred: false, tags: [], comment: null },
    ]);
  });

  it('refuses unknown events, bad tags and over-long comments, naming what is wrong', async () => {
    const { engine } = await engineOnRecords(3);
    const results = await Promise.all([
      call(engine, 'annotations.set', { uid: 'evt_999999', starred: true }),
      call(engine, 'annotations.set', { uid: 'evt_000001', tags: ['two words'] }),
      call(engine, 'annotations.set', { uid: 'evt_000001', tags: ['ctl\x1b[2J'] }),
      call(engine, 'annotations.set', { uid: 'evt_000001', tags: ['x'.repeat(41)] }),
      call(engine, 'annotations.set', { uid: 'evt_000001', comment: 'y'.repeat(COMMENT_MAX + 1) }),
      call(engine, 'annotations.set', { uid: 'evt_000001', comment: 'z'.repeat(COMMENT_MAX * 2 + 1) }),
      call(engine, 'annotations.set', { uid: 'evt_000001', starred: 'yes' }),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`))).toEqual([
      'USAGE: No event "evt_999999" is in this case.',
      expect.stringMatching(/^USAGE: A tag is one word .*"two words" is not\.$/),
      expect.stringMatching(/^USAGE: A tag is one word .*"ctl\\u001b\[2J" is not\.$/),
      expect.stringMatching(/^USAGE: A tag has at most 40 characters/),
      `USAGE: A comment has at most ${COMMENT_MAX} characters; this one has ${COMMENT_MAX + 1}.`,
      expect.stringMatching(/^INVALID_REQUEST/),
      expect.stringMatching(/^INVALID_REQUEST/),
    ]);
    expect((await engine.handlers['annotations.list']({})).total).toBe(0);
  });
});

describe('trail', () => {
  it('keeps each query run once with its count, survives a restart, and refuses what does not parse', async () => {
    const { engine, casePath } = await engineOnRecords(3);
    await engine.handlers['trail.add']({ kind: 'query', query: 'actor:user1', timeZone: 'UTC', count: null });
    await engine.handlers['trail.add']({ kind: 'query', query: 'actor:user1', timeZone: 'UTC', count: 1 });
    await engine.handlers['trail.add']({ kind: 'pivot', query: 'ip:203.0.113.2', timeZone: 'UTC', count: 1 });
    await engine.handlers['trail.add']({ kind: 'restore', query: 'ip:203.0.113.2', timeZone: 'UTC', count: null });
    const refused = await call(engine, 'trail.add', { kind: 'query', query: 'actor:(x', timeZone: 'UTC', count: 0 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    await engines.splice(0)[0]?.close();

    const reopened = await createEngine({ casePath, secrets: new EnvSecretStore(), readOnly: true });
    engines.push(reopened);
    const { entries, total } = await reopened.handlers['trail.list']({});
    expect(total).toBe(2);
    expect(entries).toMatchObject([
      { seq: 1, kind: 'query', query: 'actor:user1', timeZone: 'UTC', count: 1 },
      { seq: 2, kind: 'pivot', query: 'ip:203.0.113.2', count: 1 },
    ]);
    expect(entries[0]?.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await expect(
      reopened.handlers['trail.add']({ kind: 'query', query: 'x', timeZone: 'UTC', count: 0 }),
    ).rejects.toMatchObject({ code: 'READ_ONLY' });
  });

  it('keeps only the newest steps, up to its bound', async () => {
    const store = await CaseStore.create(join(await tempDir(), 'trail.duckdb'), { tenantId: 'acme' });
    try {
      for (let i = 1; i <= 25; i++)
        await addTrailEntry(store, { kind: 'query', query: `action:a${i}`, timeZone: 'UTC', count: i }, 20);
      const { entries, total } = await listTrail(store);
      expect(total).toBe(20);
      expect(entries[0]).toMatchObject({ seq: 6, query: 'action:a6' });
      expect(entries.at(-1)).toMatchObject({ seq: 25, count: 25 });
      expect(TRAIL_MAX).toBeGreaterThanOrEqual(1_000);
    } finally {
      store.close();
    }
  });
});
