// Dedup on (tenant_id, uid) with a deterministic "first wins", re-imports that add nothing, and the ingest ledger:
// one hash-linked row per object with the hashes of what was received, that can be recomputed from the case.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import canonicalize from 'canonicalize';
import { afterEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { EVENT_KEY_SQL } from '../../src/main/core/store/derived';
import { ROWS_DIGEST_SQL } from '../../src/main/core/store/row-digest';
import { queryRows } from '../../src/main/core/store/sql';
import { closeAll, eventsInImportOrder, newCase } from '../helpers/case';
import { genericRecord, gz, ndjson } from '../helpers/records';
import { tempDir } from '../helpers/temp';

afterEach(closeAll);

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describe('dedup', () => {
  it('adds nothing when the same file is imported twice, and counts the duplicates', async () => {
    const dir = await tempDir();
    const path = join(dir, 'a.ndjson.gz');
    await writeFile(path, gz(ndjson(Array.from({ length: 50 }, (_, i) => genericRecord(i)))));
    const store = await newCase({ tenantId: 'acme' });

    expect(await importFiles(store, [path])).toMatchObject({ added: 50, duplicates: 0 });
    expect(await importFiles(store, [path])).toMatchObject({ added: 0, duplicates: 50, rejected: 0 });
    expect(await eventsInImportOrder(store)).toHaveLength(50);
  });

  it('keeps the first record of a uid: earlier line, then earlier path in lexicographic order', async () => {
    const dir = await tempDir();
    const first = genericRecord(1, { action: 'first.line' });
    const second = genericRecord(1, { action: 'second.line' });
    await writeFile(join(dir, 'b.ndjson'), ndjson([genericRecord(1, { action: 'from.b' })]));
    await writeFile(join(dir, 'a.ndjson'), ndjson([first, second, genericRecord(2)]));
    const store = await newCase({ tenantId: 'acme' });

    const summary = await importFiles(store, [join(dir, 'b.ndjson'), dir]);

    expect(summary).toMatchObject({ files: 2, added: 2, duplicates: 2 });
    const events = await eventsInImportOrder(store);
    expect(events.map((e) => [e.uid, e.action])).toEqual([
      ['evt_000001', 'first.line'],
      ['evt_000002', 'user.signed_in'],
    ]);
  });

  it('treats the same uid in two tenants as two events', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.ndjson'), ndjson([genericRecord(1), genericRecord(1, { tenant_id: 'globex' })]));
    const store = await newCase({ tenantId: 'acme', multiTenant: true });

    expect(await importFiles(store, [dir])).toMatchObject({ added: 2, duplicates: 0 });
  });

  it("keeps one key per event, and confirms a key the case holds on the events: a record whose key is another's lands", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.ndjson'), ndjson(Array.from({ length: 20 }, (_, i) => genericRecord(i))));
    const store = await newCase({ tenantId: 'acme' });
    await importFiles(store, [dir]);
    const keysMatchEvents = async () =>
      (
        await queryRows(
          store.connection,
          `SELECT (SELECT list(key ORDER BY key) FROM event_keys) =
             (SELECT list(${EVENT_KEY_SQL} ORDER BY ${EVENT_KEY_SQL}) FROM events) AS same,
             (SELECT count(*) FROM event_keys)::INTEGER AS n`,
        )
      )[0];
    expect(await keysMatchEvents()).toEqual({ same: true, n: 20 });

    // Two uids whose keys collide (simulated: the key of a uid the case does not hold is already there).
    const newcomer = genericRecord(100);
    await store.connection.run(`INSERT INTO event_keys SELECT md5_number_upper('acme' || chr(0) || $1)`, [
      String(newcomer['id']),
    ]);
    await writeFile(join(dir, 'b.ndjson'), ndjson([newcomer, genericRecord(3)]));
    expect(await importFiles(store, [join(dir, 'b.ndjson')])).toMatchObject({ added: 1, duplicates: 1 });
    expect((await eventsInImportOrder(store)).map((e) => e.uid)).toContain(newcomer['id']);
  });

  it('never rejects a duplicate, also inside one document', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, 'page.json'),
      JSON.stringify({ data: [genericRecord(1), genericRecord(1), genericRecord(2)] }),
    );
    const store = await newCase({ tenantId: 'acme' });

    expect(await importFiles(store, [dir])).toMatchObject({ added: 2, duplicates: 1, rejected: 0 });
  });
});

describe('ingest ledger', () => {
  async function importTwoFiles() {
    const dir = await tempDir();
    const gzBytes = gz(ndjson([genericRecord(1), genericRecord(2), genericRecord(3, { occurred_at: null })]));
    await writeFile(join(dir, 'a.ndjson.gz'), gzBytes);
    await writeFile(join(dir, 'b.json'), JSON.stringify({ items: [genericRecord(2), genericRecord(4)] }));
    const store = await newCase({ tenantId: 'acme' });
    await importFiles(store, [dir]);
    await importFiles(store, [join(dir, 'b.json')]);
    const ledger = await queryRows(
      store.connection,
      `SELECT seq, strftime(recorded_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS recorded_at, os_user, job, source_id, object_key,
         cursor_from, cursor_to, format, etag, size, last_modified, object_metadata, sha256_received, sha256_content,
         added, duplicates, rejected, rows_digest, prev_hash, entry_hash
       FROM ingest_ledger ORDER BY seq`,
    );
    return { dir, store, ledger, gzBytes };
  }

  it('writes one row per object with counts and the hashes of the bytes received and of their content', async () => {
    const { dir, ledger, gzBytes } = await importTwoFiles();

    expect(
      ledger.map((r) => [r['object_key'], Number(r['added']), Number(r['duplicates']), Number(r['rejected'])]),
    ).toEqual([
      [join(dir, 'a.ndjson.gz'), 2, 0, 1],
      [join(dir, 'b.json'), 1, 1, 0],
      [join(dir, 'b.json'), 0, 2, 0],
    ]);
    expect(ledger[0]).toMatchObject({
      sha256_received: sha256(gzBytes),
      sha256_content: sha256(gunzipSync(gzBytes)),
      size: String(gzBytes.length),
      format: 'generic',
      job: 'import',
      source_id: 'files',
    });
    const bBytes = await readFile(join(dir, 'b.json'));
    expect(ledger[1]).toMatchObject({ sha256_received: sha256(bBytes), sha256_content: sha256(bBytes) });
  });

  it('links every row to the previous one by a hash that covers all its fields', async () => {
    const { ledger } = await importTwoFiles();

    let prev = '0'.repeat(64);
    for (const row of ledger) {
      expect(row['prev_hash']).toBe(prev);
      const { entry_hash: stored, ...fields } = row;
      const entry = {
        ...fields,
        seq: Number(fields['seq']),
        size: Number(fields['size']),
        added: Number(fields['added']),
        duplicates: Number(fields['duplicates']),
        rejected: Number(fields['rejected']),
        object_metadata: fields['object_metadata'] === null ? null : JSON.parse(String(fields['object_metadata'])),
      };
      expect(sha256(prev + canonicalize(entry))).toBe(stored);
      expect(sha256(prev + canonicalize({ ...entry, added: entry.added + 1 }))).not.toBe(stored);
      prev = String(stored);
    }
  });

  it('holds a digest of the rows each entry added that changes when an event is edited', async () => {
    const { store, ledger } = await importTwoFiles();
    const digestOf = async (seq: number) =>
      (
        await queryRows(store.connection, `SELECT ${ROWS_DIGEST_SQL} AS d FROM events WHERE ingest_seq = $1`, [seq])
      )[0]?.['d'];

    for (const row of ledger) expect(await digestOf(Number(row['seq']))).toBe(row['rows_digest']);
    expect(ledger[2]?.['rows_digest']).toBe(sha256(''));

    // Tampering outside Trailscope (the app itself never UPDATEs events) must show up.
    await store.connection.run(`UPDATE events SET action = 'edited' WHERE uid = 'evt_000002'`);
    expect(await digestOf(1)).not.toBe(ledger[0]?.['rows_digest']);
    expect(await digestOf(2)).toBe(ledger[1]?.['rows_digest']);
  });

  it('writes a journal entry per import', async () => {
    const { store, dir } = await importTwoFiles();
    const journal = await queryRows(
      store.connection,
      `SELECT action, detail::VARCHAR AS detail FROM journal ORDER BY seq`,
    );

    expect(journal.map((j) => j['action'])).toEqual(['case.create', 'import', 'import']);
    expect(JSON.parse(String(journal[1]?.['detail']))).toMatchObject({
      paths: [dir],
      files: 2,
      added: 3,
      duplicates: 1,
      rejected: 1,
    });
  });
});
