// Case verification (runCaseCheck) over real cases: intact after imports with duplicates and rejects, a sync-like
// object with etag, Last-Modified and metadata, and the demo case; then each kind of tampering done behind
// Trailscope's back with plain SQL, reported with exactly its class and position.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckOutcome } from '@shared/domain/integrity';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoCase } from '../../src/main/core/demo/create-demo-case';
import type { CheckContext } from '../../src/main/core/integrity/check';
import { CASE_CHECK_CHUNK, runCaseCheck } from '../../src/main/core/integrity/case-ledger';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { CaseStore } from '../../src/main/core/store/case-store';
import { ingestUnits } from '../../src/main/core/store/ingest';
import { ledgerEntryHash } from '../../src/main/core/store/ledger';
import { readLedger } from '../../src/main/core/store/ledger-check';
import { closeAll, newCase } from '../helpers/case';
import { genericRecord, ndjson } from '../helpers/records';
import { tempDir } from '../helpers/temp';

const readers: CaseStore[] = [];
const CHUNK = CASE_CHECK_CHUNK.events;
afterEach(() => {
  for (const reader of readers.splice(0)) reader.close();
  closeAll();
  CASE_CHECK_CHUNK.events = CHUNK;
});

const uid = (n: number) => `evt_${String(n).padStart(6, '0')}`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Ledger rows: 1 a.ndjson (evt 1, 2 added; one reject), 2 b.json (evt 4 added, evt 2 a duplicate), 3 b.json again
 * (nothing added, 2 duplicates), 4 c.ndjson (evt 10..39: more events than a finding lists), 5 an API-like page with
 * etag, Last-Modified, metadata and cursors (evt 50, 51).
 */
async function buildCase() {
  const dir = await tempDir();
  const a = join(dir, 'a.ndjson');
  const b = join(dir, 'b.json');
  const c = join(dir, 'c.ndjson');
  await writeFile(a, ndjson([genericRecord(1), genericRecord(2), genericRecord(3, { occurred_at: null })]));
  await writeFile(b, JSON.stringify({ items: [genericRecord(2), genericRecord(4)] }));
  const store = await newCase({ tenantId: 'acme' });
  await importFiles(store, [a, b]);
  await importFiles(store, [b]);
  await writeFile(c, ndjson(Array.from({ length: 30 }, (_, i) => genericRecord(10 + i))));
  await importFiles(store, [c]);
  const page = JSON.stringify({ data: [genericRecord(50), genericRecord(51)] });
  await ingestUnits(
    store,
    [
      {
        objectKey: 'page-1',
        format: 'generic',
        input: {
          kind: 'records',
          records: [0, 1].map((index) => ({ index, raw: JSON.stringify(genericRecord(50 + index)) })),
        },
        object: {
          size: page.length,
          sha256Received: sha256(page),
          sha256Content: sha256(page),
          etag: '"abc"',
          lastModified: '2025-03-04T05:06:07.089Z',
          metadata: { 'x-amz-meta-b': '2', 'x-amz-meta-a': 'one' },
          cursorFrom: 'c0',
          cursorTo: 'c1',
        },
        preRejects: [],
      },
    ],
    { sourceId: 'api-1', job: 'sync' },
  );
  return { store, a, b, c };
}

async function check(store: CaseStore, progress: [string, number, number | null][] = []): Promise<CheckOutcome> {
  const reader = await store.reader();
  readers.push(reader);
  const context: CheckContext = {
    store: reader,
    signal: new AbortController().signal,
    progress: (phase, done, total) => progress.push([phase, done, total]),
  };
  return runCaseCheck(context);
}

/** What the tests pin of a finding: its class and position. */
const positions = (outcome: CheckOutcome) =>
  outcome.findings.map((f) => ({
    class: f.class,
    ledgerSeqs: f.ledgerSeqs,
    ...(f.objectKeys ? { objectKeys: f.objectKeys } : {}),
    ...(f.uids ? { uids: f.uids } : {}),
  }));

describe('case verification', () => {
  it('finds an untouched case intact: imports with duplicates, rejects, an empty re-import and a sync page', async () => {
    const { store } = await buildCase();
    const progress: [string, number, number | null][] = [];

    const outcome = await check(store, progress);

    expect(outcome).toMatchObject({
      check: 'case',
      verdict: 'intact',
      counts: { ledgerRows: 5, events: 35 },
      findings: [],
      findingsTotal: 0,
    });
    expect(outcome.summary).toBe(
      '5 ledger rows and 35 events: every rows digest, ledger hash and ledger link checks out.',
    );
    expect(progress.at(-1)).toEqual(['rows digests', 5, 5]);
  });

  it('gives the same verdict when every ledger row is its own query', async () => {
    const { store } = await buildCase();
    CASE_CHECK_CHUNK.events = 1;
    const progress: [string, number, number | null][] = [];

    expect((await check(store, progress)).verdict).toBe('intact');
    // Row 3 added nothing, so it shares row 2's query.
    expect(progress.map(([, done]) => done)).toEqual([0, 1, 3, 4, 5]);
  });

  it('says not applicable for a case nothing was imported into', async () => {
    const store = await newCase({ tenantId: 'acme' });

    expect(await check(store)).toMatchObject({ verdict: 'not_applicable', counts: { ledgerRows: 0, events: 0 } });
  });

  it('names the ledger row, its object and its few events after an UPDATE of one event', async () => {
    const { store, a } = await buildCase();
    await store.connection.run(`UPDATE events SET action = 'edited' WHERE uid = '${uid(2)}'`);

    const outcome = await check(store);

    expect(outcome.verdict).toBe('findings');
    expect(positions(outcome)).toEqual([
      { class: 'rows_changed', ledgerSeqs: [1], objectKeys: [a], uids: [uid(1), uid(2)] },
    ]);
    expect(outcome.findings[0]?.message).toContain('as many hold its seq now: one or more changed');
    expect(outcome.findings[0]?.at).toBe('2025-01-01T00:01:00.000000Z');
  });

  it('names the ledger row but no event after an UPDATE inside a row of many events', async () => {
    const { store, c } = await buildCase();
    await store.connection.run(`UPDATE events SET ip = '192.0.2.1' WHERE uid = '${uid(25)}'`);

    const outcome = await check(store);

    expect(positions(outcome)).toEqual([{ class: 'rows_changed', ledgerSeqs: [4], objectKeys: [c] }]);
    expect(outcome.findings[0]?.message).toContain('which event cannot be told from the case alone');
  });

  it('counts what a DELETE removed', async () => {
    const { store, a, b } = await buildCase();
    await store.connection.run(`DELETE FROM events WHERE uid IN ('${uid(1)}', '${uid(4)}')`);

    const outcome = await check(store);

    // The event left in row 1 is not named: nothing says it changed.
    expect(positions(outcome)).toEqual([
      { class: 'rows_changed', ledgerSeqs: [1], objectKeys: [a] },
      { class: 'rows_changed', ledgerSeqs: [2], objectKeys: [b] },
    ]);
    expect(outcome.findings[0]?.message).toBe(
      `Ledger row 1 (${a}): the events stored under it no longer give the rows digest recorded at import; it added ` +
        '2 events and 1 remain: 1 deleted; a deleted event cannot be named.',
    );
    expect(outcome.findings[1]?.message).toContain('it added 1 event and 0 remain: 1 deleted');
    expect(outcome.counts).toEqual({ ledgerRows: 5, events: 33 });
  });

  it('names an event INSERTed as a copy of one under the same ledger row', async () => {
    const { store, c } = await buildCase();
    await store.connection.run(`INSERT INTO events SELECT * FROM events WHERE uid = '${uid(20)}'`);

    const outcome = await check(store);

    expect(positions(outcome)).toEqual([{ class: 'rows_changed', ledgerSeqs: [4], objectKeys: [c], uids: [uid(20)] }]);
    expect(outcome.findings[0]?.message).toContain('30 events and 31 hold its seq now: 1 inserted');
    expect(outcome.findings[0]?.message).toContain(`event ${uid(20)} held twice in the case`);
  });

  it('names a new event INSERTed under an existing ledger row', async () => {
    const { store, c } = await buildCase();
    await store.connection.run(
      `INSERT INTO events SELECT * REPLACE ('evt_999999' AS uid, now() AS received_at) FROM events WHERE uid = '${uid(20)}'`,
    );

    const outcome = await check(store);

    expect(positions(outcome)).toEqual([
      { class: 'rows_changed', ledgerSeqs: [4], objectKeys: [c], uids: ['evt_999999'] },
    ]);
  });

  it('names an event whose received_at alone was changed, which the rows digest does not cover', async () => {
    const { store, c } = await buildCase();
    await store.connection.run(`UPDATE events SET received_at = now() WHERE uid = '${uid(33)}'`);

    const outcome = await check(store);

    expect(positions(outcome)).toEqual([{ class: 'rows_changed', ledgerSeqs: [4], objectKeys: [c], uids: [uid(33)] }]);
  });

  it('reports events INSERTed with an ingest_seq no ledger row has, before, between and after the ledger', async () => {
    const { store } = await buildCase();
    CASE_CHECK_CHUNK.events = 2; // several queries: the open-ended first and last runs must still see them
    for (const [seq, n] of [
      [0, 900],
      [99, 901],
      [99, 902],
    ] as const) {
      await store.connection.run(
        `INSERT INTO events SELECT * REPLACE ('${uid(n)}' AS uid, ${seq}::BIGINT AS ingest_seq) FROM events WHERE uid = '${uid(10)}'`,
      );
    }

    const outcome = await check(store);

    expect(positions(outcome)).toEqual([
      { class: 'events_unledgered', ledgerSeqs: [0], uids: [uid(900)] },
      { class: 'events_unledgered', ledgerSeqs: [99], uids: [uid(901), uid(902)] },
    ]);
    expect(outcome.findings[1]?.message).toBe(
      "2 events name ledger row 99, which the ledger does not hold: inserted behind Trailscope's back, or their " +
        'ledger row removed.',
    );
  });

  it('reports a ledger row whose field was edited, and nothing else', async () => {
    const { store, b } = await buildCase();
    await store.connection.run(`UPDATE ingest_ledger SET added = 5 WHERE seq = 2`);

    const outcome = await check(store);

    expect(positions(outcome)).toEqual([{ class: 'ledger_modified', ledgerSeqs: [2], objectKeys: [b] }]);
    expect(outcome.findings[0]?.message).toContain('its rows digest still matches the events stored under it');
  });

  it('reports an edited Last-Modified of a synced object as an edited ledger row', async () => {
    const { store } = await buildCase();
    await store.connection.run(
      `UPDATE ingest_ledger SET last_modified = last_modified + INTERVAL 1 SECOND WHERE seq = 5`,
    );

    expect(positions(await check(store))).toEqual([
      { class: 'ledger_modified', ledgerSeqs: [5], objectKeys: ['page-1'] },
    ]);
  });

  it('reports a ledger row deleted in the middle as a broken link, and its events as unledgered', async () => {
    const { store, b } = await buildCase();
    await store.connection.run(`DELETE FROM ingest_ledger WHERE seq = 2`);

    const outcome = await check(store);

    expect(positions(outcome)).toEqual([
      { class: 'ledger_link_broken', ledgerSeqs: [1, 3], objectKeys: [b] },
      { class: 'events_unledgered', ledgerSeqs: [2], uids: [uid(4)] },
    ]);
    expect(outcome.findings[0]?.message).toBe('Ledger row 2 is missing: ledger row 3 does not link to row 1.');
  });

  it('reports a ledger row that added nothing, deleted, as a broken link alone', async () => {
    const { store, c } = await buildCase();
    await store.connection.run(`DELETE FROM ingest_ledger WHERE seq = 3`);

    expect(positions(await check(store))).toEqual([
      { class: 'ledger_link_broken', ledgerSeqs: [2, 4], objectKeys: [c] },
    ]);
  });

  it('reports a ledger row edited and re-hashed as a broken link of the row after it', async () => {
    const { store, b } = await buildCase();
    // Someone who knows the scheme edits row 2 and gives it its new hash: the row checks out, row 3's link does not.
    const row = (await readLedger(store)).find((r) => r.entry.seq === 2);
    if (!row) throw new Error('no ledger row 2');
    const edited = { ...row.entry, added: 7 };
    await store.connection.run(`UPDATE ingest_ledger SET added = 7, entry_hash = $1 WHERE seq = 2`, [
      ledgerEntryHash(edited),
    ]);

    const outcome = await check(store);

    expect(positions(outcome)).toEqual([{ class: 'ledger_link_broken', ledgerSeqs: [2, 3], objectKeys: [b] }]);
    expect(outcome.findings[0]?.message).toBe(
      'Ledger row 3 does not link to row 2: a row was removed and the rows renumbered, or rows were inserted or reordered.',
    );
  });

  it('reports the first ledger row linked elsewhere than the start of the ledger', async () => {
    const { store, a } = await buildCase();
    await store.connection.run(`UPDATE ingest_ledger SET prev_hash = repeat('1', 64) WHERE seq = 1`);

    // prev_hash is part of what the row's hash covers: the row is edited, and its link broken.
    expect(positions(await check(store))).toEqual([
      { class: 'ledger_link_broken', ledgerSeqs: [1], objectKeys: [a] },
      { class: 'ledger_modified', ledgerSeqs: [1], objectKeys: [a] },
    ]);
  });

  it('stops when cancelled', async () => {
    const { store } = await buildCase();
    const reader = await store.reader();
    readers.push(reader);
    const controller = new AbortController();
    controller.abort();

    await expect(runCaseCheck({ store: reader, signal: controller.signal, progress: () => {} })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });

  it('stops between queries when cancelled while it runs', async () => {
    const { store } = await buildCase();
    const reader = await store.reader();
    readers.push(reader);
    const controller = new AbortController();
    CASE_CHECK_CHUNK.events = 1;
    const progress: number[] = [];

    const run = runCaseCheck({
      store: reader,
      signal: controller.signal,
      progress: (_phase, done) => {
        progress.push(done);
        if (done > 0) controller.abort();
      },
    });

    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(progress).toEqual([0, 1]);
  });

  it('finds the demo case intact', async () => {
    const path = join(await tempDir(), 'demo.duckdb');
    await createDemoCase(path, { events: 3_000, seed: 5, tenant: 'acme' });
    const store = await CaseStore.open(path, { readOnly: true });
    readers.push(store);

    const outcome = await runCaseCheck({ store, signal: new AbortController().signal, progress: () => {} });

    expect(outcome).toMatchObject({ verdict: 'intact', counts: { events: 3_000 }, findings: [] });
  });
});
