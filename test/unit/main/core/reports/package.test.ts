// Evidence packages on a real case: one verifies intact; each kind of tampering fails naming the file (one byte
// changed, a file removed, a file added, the manifest edited, the signature replaced); a hostile zip (a `../` name,
// a name twice, an entry that says it inflates past the limits) is a finding, never a file on disk; the output path
// rules (no overwrite without force, no partial file after a failure); the signing key is made once, owner-only.
import { generateKeyPairSync, sign } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPackage, type PackageFile, type PackageManifest } from '../../../../../src/main/core/reports/package';
import { loadSigningKey } from '../../../../../src/main/core/reports/signing-key';
import type { PackageCheck } from '@shared/domain/exports';
import { verifyPackage } from '../../../../../src/main/core/reports/verify-package';
import type { CaseStore } from '../../../../../src/main/core/store/case-store';
import { queryRows } from '../../../../../src/main/core/store/sql';
import { caseWithRecords, closeAll } from '../../../../helpers/case';
import { genericRecord } from '../../../../helpers/records';
import { tempDir } from '../../../../helpers/temp';

afterEach(closeAll);

const EVENTS_TEXT = 'line one\nline two\n';
const eventsFile: PackageFile = { name: 'events.ndjson', write: (path) => writeFile(path, EVENTS_TEXT) };

async function packaged(
  query = '',
  files: PackageFile[] = [eventsFile],
): Promise<{ store: CaseStore; zip: string; dir: string; keyDir: string }> {
  const store = await caseWithRecords(
    [1, 2, 3].map((n) => genericRecord(n)),
    { tenantId: 'acme' },
  );
  const dir = await tempDir();
  const keyDir = join(dir, 'config');
  const zip = join(dir, 'evidence.zip');
  await buildPackage(store, { scope: { query }, out: zip, signal: new AbortController().signal, keyDir, files });
  return { store, zip, dir, keyDir };
}

/** Rewrites the zip's entries (a plain re-zip, as someone with `zip` at hand would). */
async function rezip(zip: string, change: (files: Zippable) => void): Promise<void> {
  const files: Zippable = { ...unzipSync(await readFile(zip)) };
  change(files);
  await writeFile(zip, zipSync(files));
}

function notIntact(check: PackageCheck): Record<string, string> {
  expect(check.intact).toBe(false);
  return Object.fromEntries(check.files.filter((f) => f.status !== 'intact').map((f) => [f.name, f.status]));
}

describe('buildPackage and verifyPackage', () => {
  it('writes a package that verifies intact, with the manifest naming every file, the case and the ledger rows', async () => {
    const { store, zip, keyDir } = await packaged();
    const check = await verifyPackage(zip);
    expect(check).toMatchObject({ intact: true, signature: 'valid', keySource: 'package', problems: [] });
    const key = await loadSigningKey(keyDir);
    expect(check.fingerprint).toBe(key.fingerprint);
    const entries = unzipSync(await readFile(zip));
    expect(Object.keys(entries).sort()).toEqual([
      'annotations.json',
      'events.ndjson',
      'findings.json',
      'integrity.json',
      'journal.json',
      'ledger.json',
      'manifest.json',
      'manifest.sig',
      'public-key.pem',
      'query.json',
      'trail.json',
    ]);
    const manifest = JSON.parse(Buffer.from(entries['manifest.json'] ?? []).toString('utf8')) as PackageManifest;
    expect(manifest.caseId).toBe(store.meta.caseId);
    expect(manifest.counts).toMatchObject({ events: 3, ledgerRows: 1 });
    expect(manifest.files.map((f) => f.name)).toEqual([
      'events.ndjson',
      'query.json',
      'integrity.json',
      'ledger.json',
      'journal.json',
      'findings.json',
      'annotations.json',
      'trail.json',
    ]);
    expect(manifest.files[0]).toMatchObject({ bytes: Buffer.byteLength(EVENTS_TEXT) });
    const [ledgerHead] = await queryRows(store.connection, 'SELECT seq, entry_hash FROM ingest_ledger');
    expect(manifest.chainHead.ledger).toEqual({
      seq: Number(ledgerHead?.['seq']),
      entryHash: ledgerHead?.['entry_hash'],
    });
    // Journalled with its hash.
    const [entry] = await queryRows(
      store.connection,
      "SELECT detail::VARCHAR AS d FROM journal WHERE action = 'package'",
    );
    expect(JSON.parse(String(entry?.['d']))).toMatchObject({ file: 'evidence.zip', events: 3 });
  });

  it("keeps the ledger rows of the query's events only", async () => {
    const { zip } = await packaged('actor:nobody-at-all');
    const entries = unzipSync(await readFile(zip));
    const ledger = JSON.parse(Buffer.from(entries['ledger.json'] ?? []).toString('utf8')) as { rows: unknown[] };
    expect(ledger.rows).toEqual([]);
    expect((await verifyPackage(zip)).intact).toBe(true);
  });

  it('makes the signing key once, owner-only, and signs every package with it', async () => {
    const { keyDir } = await packaged();
    expect((await stat(join(keyDir, 'signing-key.pem'))).mode & 0o777).toBe(0o600);
    const first = await loadSigningKey(keyDir);
    const second = await loadSigningKey(keyDir);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(first.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names a data file with one byte changed as altered', async () => {
    const { zip } = await packaged();
    await rezip(zip, (files) => {
      files['events.ndjson'] = strToU8(EVENTS_TEXT.replace('one', 'onE'));
    });
    expect(notIntact(await verifyPackage(zip))).toEqual({ 'events.ndjson': 'altered' });
  });

  it('names a removed file', async () => {
    const { zip } = await packaged();
    await rezip(zip, (files) => delete files['journal.json']);
    expect(notIntact(await verifyPackage(zip))).toEqual({ 'journal.json': 'removed' });
  });

  it('names an added file', async () => {
    const { zip } = await packaged();
    await rezip(zip, (files) => {
      files['extra.csv'] = strToU8('a,b\n');
    });
    expect(notIntact(await verifyPackage(zip))).toEqual({ 'extra.csv': 'added' });
  });

  it('fails an edited manifest (its hashes made to fit an altered file) on the signature', async () => {
    const { zip } = await packaged();
    await rezip(zip, (files) => {
      const manifest = JSON.parse(
        Buffer.from(files['manifest.json'] as Uint8Array).toString('utf8'),
      ) as PackageManifest;
      manifest.query.query = 'something else';
      files['manifest.json'] = strToU8(JSON.stringify(manifest, null, 2) + '\n');
    });
    const check = await verifyPackage(zip);
    expect(check.signature).toBe('invalid');
    expect(notIntact(check)).toEqual({ 'manifest.json': 'altered', 'manifest.sig': 'altered' });
  });

  it('fails a replaced signature, and a package whose key and signature were both replaced against the given key', async () => {
    const { zip, keyDir } = await packaged();
    const other = generateKeyPairSync('ed25519');
    await rezip(zip, (files) => {
      files['manifest.sig'] = sign(null, Buffer.from(files['manifest.json'] as Uint8Array), other.privateKey);
    });
    expect(notIntact(await verifyPackage(zip))).toEqual({ 'manifest.json': 'altered', 'manifest.sig': 'altered' });

    // Re-signed with another key shipped inside: whole, so it passes on its own key; the sender's key refuses it.
    await rezip(zip, (files) => {
      files['public-key.pem'] = strToU8(other.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    });
    const selfSigned = await verifyPackage(zip);
    expect(selfSigned.intact).toBe(true);
    const sender = await loadSigningKey(keyDir);
    expect(selfSigned.fingerprint).not.toBe(sender.fingerprint);
    const against = await verifyPackage(zip, { publicKeyPem: sender.publicKeyPem });
    expect(against.signature).toBe('invalid');
    expect(against.intact).toBe(false);
  });
});

describe('verifyPackage on a hostile zip', () => {
  it('reports a ../ name, an absolute name and a drive letter, and writes nothing anywhere', async () => {
    const { zip, dir } = await packaged();
    // The names the zip would write outside the package's folder (the temp root is shared with other tests).
    const escaped = async () =>
      (await readdir(join(dir, '..'))).filter((name) => name === 'escape.txt' || name === 'evil');
    await rezip(zip, (files) => {
      files['../escape.txt'] = strToU8('x');
      files['/etc/evil'] = strToU8('x');
      files['C:evil'] = strToU8('x');
    });
    const check = await verifyPackage(zip);
    expect(check.intact).toBe(false);
    expect(check.problems.join('\n')).toContain('"../escape.txt" is not a plain file name');
    expect(check.problems.join('\n')).toContain('"C:evil" is not a plain file name');
    expect(notIntact(check)).toMatchObject({ '../escape.txt': 'added', 'C:evil': 'added' });
    expect(await escaped()).toEqual([]);
    expect(existsSync(join(dir, 'C:evil'))).toBe(false);
  });

  it('reports a name given twice', async () => {
    const { zip } = await packaged();
    await rezip(zip, (files) => {
      files['xvents.ndjson'] = strToU8('forged\n');
    });
    // Same length, so the zip's offsets hold: the second entry now bears the first's name.
    const bytes = await readFile(zip);
    await writeFile(zip, Buffer.from(bytes.toString('latin1').replaceAll('xvents.ndjson', 'events.ndjson'), 'latin1'));
    const check = await verifyPackage(zip);
    expect(check.intact).toBe(false);
    expect(check.problems).toContain('Entry "events.ndjson" is in the zip 2 times.');
  });

  it('refuses to inflate an entry that declares more than the limits or a bomb-like ratio', async () => {
    const { zip } = await packaged();
    const bytes = await readFile(zip);
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    // The first central directory entry (events.ndjson): its uncompressed size, 100 MiB from a few bytes.
    bytes.writeUInt32LE(100 * 1024 ** 2, central + 24);
    await writeFile(zip, bytes);
    const check = await verifyPackage(zip);
    expect(check.intact).toBe(false);
    expect(check.problems.join('\n')).toContain('events.ndjson says it inflates more than 1032 times');
    expect(notIntact(check)).toMatchObject({ 'events.ndjson': 'altered' });
  });

  it('verifies an honest entry that compresses hundreds of times (repetitive events)', async () => {
    const line = '{"action":"document.accessed","actor":"usr_1","ip":"203.0.113.9"}\n';
    const repetitive: PackageFile = { name: 'events.ndjson', write: (path) => writeFile(path, line.repeat(100_000)) };
    const { zip } = await packaged('', [repetitive]);
    const info: { size: number; originalSize: number }[] = [];
    unzipSync(await readFile(zip), { filter: (f) => (info.push(f), false) });
    expect((info[0]?.originalSize ?? 0) / (info[0]?.size ?? 1)).toBeGreaterThan(200);
    expect((await verifyPackage(zip)).intact).toBe(true);
  });

  it('says a file that is not a zip is not a readable zip', async () => {
    const dir = await tempDir();
    const path = join(dir, 'x.zip');
    await writeFile(path, 'not a zip at all');
    const check = await verifyPackage(path);
    expect(check.intact).toBe(false);
    expect(check.problems[0]).toContain('not a readable zip');
  });
});

describe('buildPackage output', () => {
  it('refuses to replace a file without force, replaces it with force', async () => {
    const { store, zip, keyDir } = await packaged();
    const run = (force: boolean) =>
      buildPackage(store, {
        scope: { query: '' },
        out: zip,
        force,
        signal: new AbortController().signal,
        keyDir,
        files: [],
      });
    await expect(run(false)).rejects.toThrow(/already exists; give --force/);
    await expect(run(true)).resolves.toMatchObject({ path: zip });
    expect((await verifyPackage(zip)).intact).toBe(true);
  });

  it('leaves neither the file nor a partial one when cancelled', async () => {
    const store = await caseWithRecords([genericRecord(1)], { tenantId: 'acme' });
    const dir = await tempDir();
    const controller = new AbortController();
    // Cancelled once its data file is written: while it is being packed.
    const cancelling: PackageFile = {
      name: 'events.ndjson',
      write: async (path) => {
        await writeFile(path, EVENTS_TEXT);
        controller.abort();
      },
    };
    await expect(
      buildPackage(store, {
        scope: { query: '' },
        out: join(dir, 'evidence.zip'),
        signal: controller.signal,
        keyDir: join(dir, 'config'),
        files: [cancelling],
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await readdir(dir)).filter((name) => name.startsWith('evidence'))).toEqual([]);
    const [journalled] = await queryRows(
      store.connection,
      "SELECT count(*)::INT AS n FROM journal WHERE action = 'package'",
    );
    expect(journalled?.['n']).toBe(0);
  });

  it('leaves neither the file nor a partial one when a producer fails', async () => {
    const store = await caseWithRecords([genericRecord(1)], { tenantId: 'acme' });
    const dir = await tempDir();
    const out = join(dir, 'evidence.zip');
    const failing: PackageFile = {
      name: 'report.pdf',
      write: () => Promise.reject(new Error('the PDF could not be written')),
    };
    await expect(
      buildPackage(store, {
        scope: { query: '' },
        out,
        signal: new AbortController().signal,
        keyDir: join(dir, 'config'),
        files: [failing],
      }),
    ).rejects.toThrow('the PDF could not be written');
    expect((await readdir(dir)).filter((name) => name.startsWith('evidence'))).toEqual([]);
  });
});
