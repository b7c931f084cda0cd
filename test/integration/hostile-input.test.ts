// Security regression tests (issue 14, items 4 and 5): records an attacker shaped and file names an attacker chose.
// A record nested 100 000 levels deep is rejected by file and line (it used to land, and then `query --output
// ndjson` died with "Maximum call stack size exceeded"); a file whose name holds glob characters is read as that one
// file (DuckDB expanded `logs[1].ndjson` to `logs1.ndjson`: records lost, or the whole import failed).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/main/core/ingest/read-limits';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { listRejects } from '../../src/main/core/store/events-repo';
import { closeAll, eventsInImportOrder, newCase } from '../helpers/case';
import { cloudtrailRecord, genericRecord, gz, ndjson } from '../helpers/records';
import { tempDir } from '../helpers/temp';

afterEach(closeAll);

const DEEP_REASON = `record is nested more than ${DEFAULT_LIMITS.maxDepth} levels deep (the limit)`;

/** A generic record whose nesting is exactly `depth` (the record itself is 1), as one line of JSON text. */
function nestedRecord(n: number, depth: number): string {
  const text = JSON.stringify(genericRecord(n));
  return `${text.slice(0, -1)},"deep":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
}

/** The same for CloudTrail (a document's element). */
function nestedCloudTrail(n: number, depth: number): string {
  const text = JSON.stringify(cloudtrailRecord(n, '123456789012'));
  return `${text.slice(0, -1)},"requestParameters":${'{"a":'.repeat(depth - 1)}1${'}'.repeat(depth - 1)}}`;
}

async function writeIn(dir: string, name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('JSON nesting depth', () => {
  it('rejects a record nested 100 000 levels deep by line, and lands the good records of the file', async () => {
    const dir = await tempDir();
    const lines = [JSON.stringify(genericRecord(1)), nestedRecord(2, 100_000), JSON.stringify(genericRecord(3))];
    const path = await writeIn(dir, 'events.ndjson', lines.join('\n') + '\n');
    const store = await newCase({ tenantId: 'acme' });

    const summary = await importFiles(store, [path]);

    expect(summary).toMatchObject({ added: 2, rejected: 1 });
    const events = await eventsInImportOrder(store);
    expect(events.map((e) => e.uid)).toEqual(['evt_000001', 'evt_000003']);
    // What broke query output: every stored raw record serializes again.
    expect(() => JSON.stringify(events)).not.toThrow();
    const rejects = await listRejects(store);
    expect(rejects).toMatchObject([{ object_key: path, line: 2, reason: DEEP_REASON }]);
    expect(rejects[0]?.excerpt).toBe(lines[1]?.slice(0, 200));
  });

  it('accepts a record nested exactly 128 levels deep and rejects one nested 129', async () => {
    const dir = await tempDir();
    const path = await writeIn(dir, 'edge.ndjson', [nestedRecord(1, 128), nestedRecord(2, 129)].join('\n') + '\n');
    const store = await newCase({ tenantId: 'acme' });

    expect(await importFiles(store, [path])).toMatchObject({ added: 1, rejected: 1 });
    expect((await eventsInImportOrder(store)).map((e) => e.uid)).toEqual(['evt_000001']);
    expect(await listRejects(store)).toMatchObject([{ line: 2, reason: DEEP_REASON }]);
  });

  it('counts only brackets outside strings: a record whose strings hold brackets and escaped quotes lands', async () => {
    const dir = await tempDir();
    const record = genericRecord(1, {
      user_agent: `"${'['.repeat(300)}\\"{{{`,
      note: '\\'.repeat(7) + '{'.repeat(200),
    });
    const path = await writeIn(dir, 'strings.ndjson', ndjson([record, genericRecord(2)]));
    const store = await newCase({ tenantId: 'acme' });

    expect(await importFiles(store, [path])).toMatchObject({ added: 2, rejected: 0 });
  });

  it('rejects a deep record of a gzipped CloudTrail document by record index, and of a JSON array', async () => {
    const dir = await tempDir();
    const records = [JSON.stringify(cloudtrailRecord(1, '123456789012')), nestedCloudTrail(2, 100_000)];
    records.push(JSON.stringify(cloudtrailRecord(3, '123456789012')));
    const trail = await writeIn(dir, 'trail.json.gz', gz(`{"Records":[${records.join(',')}]}`));
    const array = await writeIn(
      dir,
      'array.json',
      `[\n${[nestedRecord(10, 129), JSON.stringify(genericRecord(11)), nestedRecord(12, 5000)].join(',\n')}\n]`,
    );
    const store = await newCase({ tenantId: 'acme', multiTenant: true });

    const summary = await importFiles(store, [dir]);

    expect(summary).toMatchObject({ added: 3, rejected: 3 });
    expect((await eventsInImportOrder(store)).map((e) => e.uid).sort()).toEqual(
      ['evt-00001', 'evt-00003', 'evt_000011'].sort(),
    );
    const rejects = await listRejects(store);
    expect(rejects.map((r) => [r.object_key, r.record, r.line, r.reason])).toEqual(
      expect.arrayContaining([
        [array, 0, null, DEEP_REASON],
        [array, 2, null, DEEP_REASON],
        [trail, 1, null, DEEP_REASON],
      ]),
    );
  });
});

describe('file names DuckDB could read as glob patterns', () => {
  const NAMES = [
    'logs[1].ndjson',
    'logs1.ndjson',
    'star*.ndjson',
    'starX.ndjson',
    'what?.ndjson',
    'whatX.ndjson',
    'brace{a,b}.ndjson',
    'bracea.ndjson',
    'close].ndjson',
    '[!x]-negated.ndjson',
    'double**.ndjson',
    'with space.ndjson',
    "it's.ndjson",
    'say "hi".ndjson',
    'journal-é-日本.ndjson',
    'back\\slash.ndjson',
  ];

  it('lands each file of a folder named with every glob character, quotes, spaces and non-ASCII exactly once', async () => {
    const dir = await tempDir();
    // A sub-folder with glob characters too: every component of the path is taken literally.
    const sub = join(dir, 'sub [a-z]*?');
    await mkdir(sub);
    const files = [dir, sub].flatMap((folder, f) =>
      NAMES.map((name, i) => ({ path: join(folder, name), n: 50 * f + i + 1 })),
    );
    for (const { path, n } of files) await writeFile(path, ndjson([genericRecord(n), genericRecord(1000 + n)]));
    const store = await newCase({ tenantId: 'acme' });

    const summary = await importFiles(store, [dir]);

    expect(summary).toMatchObject({ files: files.length, added: 2 * files.length, duplicates: 0, rejected: 0 });
    const events = await eventsInImportOrder(store);
    const byUid = new Map(events.map((e) => [e.uid, e.source_ref]));
    for (const { path, n } of files) {
      expect(byUid.get(genericRecord(n)['id'] as string)).toBe(`${path}:1`);
      expect(byUid.get(genericRecord(1000 + n)['id'] as string)).toBe(`${path}:2`);
    }
  });

  it('imports `logs[1].ndjson` given alone, though `logs1.ndjson` sits beside it', async () => {
    const dir = await tempDir();
    const bracketed = await writeIn(dir, 'logs[1].ndjson', ndjson([genericRecord(1), genericRecord(2)]));
    await writeIn(dir, 'logs1.ndjson', ndjson([genericRecord(3)]));
    const store = await newCase({ tenantId: 'acme' });

    expect(await importFiles(store, [bracketed])).toMatchObject({ added: 2, rejected: 0 });
    expect((await eventsInImportOrder(store)).map((e) => [e.uid, e.source_ref])).toEqual([
      ['evt_000001', `${bracketed}:1`],
      ['evt_000002', `${bracketed}:2`],
    ]);
  });

  it('reads spooled records from a temp folder whose path holds glob characters', async () => {
    const dir = await tempDir();
    const spoolIn = join(dir, 'tmp [x]*?');
    await mkdir(spoolIn);
    // Documents and NDJSON with CRLF go through the spool; `[x]` would make DuckDB look for `tmp x…`.
    await writeIn(dir, 'trail[1].json', JSON.stringify({ Records: [cloudtrailRecord(1, '123456789012')] }));
    await writeIn(
      dir,
      'crlf[2].ndjson',
      [genericRecord(2), genericRecord(3)].map((r) => JSON.stringify(r)).join('\r\n'),
    );
    const store = await newCase({ tenantId: 'acme', multiTenant: true });

    const summary = await importFiles(store, [dir], { spoolIn });

    expect(summary).toMatchObject({ added: 3, rejected: 0 });
    expect(summary.warnings).toEqual([]);
  });
});
