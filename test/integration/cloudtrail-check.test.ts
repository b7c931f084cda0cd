// The CloudTrail digest check over real cases: synthetic, correctly signed digest chains (test/helpers/
// cloudtrail-digests.ts) imported from a local copy (no signatures: every other check) and synced from s3rver with
// the signature in the digest objects' metadata (signatures checked). Each tamper class is reported exactly, by
// class and object key; an intact trail (a first digest with no previous, an empty digest) reports nothing.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CheckOutcome } from '@shared/domain/integrity';
import { isAppError } from '../../src/main/core/errors';
import { runCloudTrailCheck, SIGNATURE_LOST_NOTE } from '../../src/main/core/integrity/cloudtrail';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { syncS3 } from '../../src/main/core/sources/s3/s3-sync';
import type { CaseStore } from '../../src/main/core/store/case-store';
import { addSource, getSource } from '../../src/main/core/store/sources-repo';
import { queryRows } from '../../src/main/core/store/sql';
import { closeAll, newCase } from '../helpers/case';
import {
  makeTrail,
  newSigningKey,
  publicKeysJson,
  s3Objects,
  signDigest,
  writeLocalCopy,
  type SigningKey,
  type TrailFixture,
} from '../helpers/cloudtrail-digests';
import { tempDir } from '../helpers/temp';
import { createBucket, peerClient, putObject, S3RVER_KEY, startS3rver, type S3rverPeer } from '../peers/s3rver';

const KEY_REF = 'TRAILSCOPE_TEST_S3_KEY_ID';
const SECRET_REF = 'TRAILSCOPE_TEST_S3_SECRET';
const secrets = new EnvSecretStore({ [KEY_REF]: S3RVER_KEY, [SECRET_REF]: S3RVER_KEY });

let peer: S3rverPeer;
let admin: S3Client;
let buckets = 0;
let signer: SigningKey;
let stranger: SigningKey;

beforeAll(async () => {
  peer = await startS3rver();
  admin = peerClient(peer.endpoint);
  signer = newSigningKey();
  stranger = newSigningKey();
});

afterAll(async () => {
  admin.destroy();
  await peer.close();
});

afterEach(closeAll);

interface Loaded {
  store: CaseStore;
  /** How an S3 key shows in the case: its local path, or `s3://bucket/key`. */
  at(key: string): string;
}

/** Imports a local copy of the trail's bucket, as `aws s3 sync` makes it. */
async function fromFiles(fixture: TrailFixture): Promise<Loaded> {
  const dir = await tempDir();
  await writeLocalCopy(dir, fixture);
  const store = await newCase();
  await importFiles(store, [dir]);
  return { store, at: (key) => join(dir, ...key.split('/')) };
}

/** Syncs the trail's bucket from s3rver, the digests' signatures in their metadata. */
async function fromS3(fixture: TrailFixture): Promise<Loaded> {
  const bucket = `ct-${++buckets}`;
  await createBucket(admin, bucket);
  for (const object of s3Objects(fixture)) await putObject(admin, bucket, object.key, object.body, object);
  const store = await newCase();
  const source = await addSource(store, 'trail', {
    kind: 's3',
    settings: {
      bucket,
      prefix: '',
      region: 'us-east-1',
      endpoint: peer.endpoint,
      pathStyle: true,
      format: 'auto',
      profile: null,
      accessKeyIdRef: KEY_REF,
      secretAccessKeyRef: SECRET_REF,
      concurrency: 4,
    },
  });
  await syncS3(store, await getSource(store, source.id), { secrets });
  return { store, at: (key) => `s3://${bucket}/${key}` };
}

/** Builds a trail whose bucket name is what the S3 path will use, so that digests point where they are found. */
function trail(options: Partial<Parameters<typeof makeTrail>[0]> = {}): TrailFixture {
  return makeTrail({ signer, bucket: `ct-${buckets + 1}`, logsPerDigest: [2, 0, 3], ...options });
}

async function check(store: CaseStore, publicKeys?: string): Promise<CheckOutcome> {
  const reader = await store.reader();
  try {
    return await runCloudTrailCheck({
      store: reader,
      signal: new AbortController().signal,
      progress: () => undefined,
      publicKeys,
    });
  } finally {
    reader.close();
  }
}

const classes = (outcome: CheckOutcome) => outcome.findings.map((f) => ({ class: f.class, objectKeys: f.objectKeys }));
const damage = (outcome: CheckOutcome) =>
  outcome.findings.filter((f) => f.severity === 'damage').map((f) => ({ class: f.class, objectKeys: f.objectKeys }));

const paths = [
  { name: 'imported from a local copy', load: fromFiles, signed: false },
  { name: 'synced from S3', load: fromS3, signed: true },
] as const;

describe.each(paths)('CloudTrail digests $name', ({ load, signed }) => {
  it('an intact trail (a first digest with no previous, an empty digest) reports nothing but what went unchecked', async () => {
    const fixture = trail();
    const { store, at } = await load(fixture);
    const outcome = await check(store, publicKeysJson([{ key: signer }]));
    expect(fixture.digests[0]?.document['previousDigestSignature']).toBeNull();
    expect(fixture.digests[1]?.document['logFiles']).toEqual([]);
    expect(outcome.verdict).toBe('intact');
    expect(outcome.counts).toEqual({ trails: 1, digests: 3, logFiles: 5 });
    const digestKeys = fixture.digests.map((d) => at(d.key));
    if (signed) {
      expect(classes(outcome)).toEqual([]);
      expect(outcome.notes).toEqual([]);
    } else {
      expect(classes(outcome)).toEqual([{ class: 'signature_unchecked', objectKeys: digestKeys }]);
      expect(outcome.findings[0]?.severity).toBe('info');
      expect(outcome.notes[0]).toBe(`Signatures of 3 digest(s) not checked: ${SIGNATURE_LOST_NOTE}.`);
    }
    // Items as validate-logs lists them: each digest, then its log files.
    expect(outcome.items?.map((i) => [i.kind, i.status])).toEqual([
      ['digest', signed ? 'valid' : 'unchecked'],
      ['log file', 'valid'],
      ['log file', 'valid'],
      ['digest', signed ? 'valid' : 'unchecked'],
      ['digest', signed ? 'valid' : 'unchecked'],
      ['log file', 'valid'],
      ['log file', 'valid'],
      ['log file', 'valid'],
    ]);
    expect(outcome.items?.[1]?.name).toBe(`s3://${fixture.bucket}/${fixture.logs[0]?.key}`);
  });

  it('an edited log file is log_file_modified, naming the file', async () => {
    const fixture = trail();
    const log = fixture.logs[3];
    if (!log) throw new Error('fixture');
    log.text = log.text.replace('GetUser', 'GetRole').replace('ConsoleLogin', 'GetRole');
    const { store, at } = await load(fixture);
    expect(damage(await check(store, publicKeysJson([{ key: signer }])))).toEqual([
      { class: 'log_file_modified', objectKeys: [at(log.key)] },
    ]);
  });

  it('a log file a digest lists but the case lacks is log_file_missing, naming its S3 location', async () => {
    const fixture = trail();
    const [gone] = fixture.logs.splice(1, 1);
    const { store } = await load(fixture);
    expect(damage(await check(store, publicKeysJson([{ key: signer }])))).toEqual([
      { class: 'log_file_missing', objectKeys: [`s3://${fixture.bucket}/${gone?.key}`] },
    ]);
  });

  it('a digest missing in the middle is digest_missing, and its log files are unlisted', async () => {
    const fixture = trail({ logsPerDigest: [1, 1, 1] });
    const [gone] = fixture.digests.splice(1, 1);
    const { store, at } = await load(fixture);
    expect(damage(await check(store, publicKeysJson([{ key: signer }])))).toEqual([
      { class: 'digest_missing', objectKeys: [`s3://${fixture.bucket}/${gone?.key}`] },
      { class: 'log_file_unlisted', objectKeys: [at(fixture.logs[1]?.key ?? '')] },
    ]);
  });

  it('a digest found elsewhere than it was delivered is digest_moved', async () => {
    const fixture = trail();
    const moved = fixture.digests[1];
    if (!moved) throw new Error('fixture');
    moved.key = moved.key.replace(
      '/CloudTrail-Digest/us-east-2/2025/01/06/',
      '/CloudTrail-Digest/us-east-2/2025/01/07/',
    );
    const { store, at } = await load(fixture);
    expect(damage(await check(store, publicKeysJson([{ key: signer }])))).toEqual([
      { class: 'digest_moved', objectKeys: [at(moved.key)] },
    ]);
  });

  it('a digest edited after it was signed breaks the chain (and its signature, when there is one)', async () => {
    const fixture = trail();
    const edited = fixture.digests[1];
    if (!edited) throw new Error('fixture');
    edited.text = edited.text.replace('"newestEventTime":null', '"newestEventTime":"2025-01-06T14:40:00Z"');
    const { store, at } = await load(fixture);
    const next = at(fixture.digests[2]?.key ?? '');
    expect(damage(await check(store, publicKeysJson([{ key: signer }])))).toEqual([
      ...(signed ? [{ class: 'signature_invalid', objectKeys: [at(edited.key)] }] : []),
      { class: 'digest_chain_broken', objectKeys: [next, at(edited.key)] },
    ]);
  });

  it('a digest inserted into the chain (named by no later digest) is digest_chain_broken, naming it', async () => {
    const fixture = trail();
    const [first, second] = fixture.digests;
    if (!first || !second) throw new Error('fixture');
    // A forged digest for 10 minutes before the second one's end, linked to the first, listing nothing.
    const end = new Date(Date.parse(String(second.document['digestEndTime'])) - 600_000);
    const stamp = end.toISOString().replace(/[-:]|\.\d{3}/g, '');
    const key = second.key.replace(/_\d{8}T\d{6}Z\.json\.gz$/, `_${stamp}.json.gz`);
    const document = {
      ...second.document,
      digestEndTime: end.toISOString().replace('.000', ''),
      digestS3Object: key,
      digestPublicKeyFingerprint: stranger.fingerprint,
      logFiles: [],
    };
    const text = JSON.stringify(document);
    fixture.digests.splice(1, 0, { key, text, document, signature: signDigest(text, document, stranger) });
    const { store, at } = await load(fixture);
    expect(damage(await check(store, publicKeysJson([{ key: signer }])))).toEqual([
      ...(signed ? [{ class: 'key_unknown', objectKeys: [at(key)] }] : []),
      { class: 'digest_chain_broken', objectKeys: [at(key)] },
    ]);
  });

  it('checks each trail of the case on its own, under a key prefix too', async () => {
    const east = trail({ prefix: 'audit/', logsPerDigest: [1, 1, 1] });
    const west = makeTrail({
      signer,
      bucket: east.bucket,
      prefix: 'audit/',
      region: 'eu-west-1',
      logsPerDigest: [1, 1],
    });
    const [gone] = east.digests.splice(1, 1);
    const { store, at } = await load({
      bucket: east.bucket,
      logs: [...east.logs, ...west.logs],
      digests: [...east.digests, ...west.digests],
    });
    const outcome = await check(store, publicKeysJson([{ key: signer }]));
    expect(outcome.counts).toEqual({ trails: 2, digests: 4, logFiles: 4 });
    expect(damage(outcome)).toEqual([
      { class: 'digest_missing', objectKeys: [`s3://${east.bucket}/${gone?.key}`] },
      { class: 'log_file_unlisted', objectKeys: [at(east.logs[1]?.key ?? '')] },
    ]);
  });

  it('hashes the digest bytes exactly as delivered (a BOM, indentation, CRLF and non-ASCII text kept verbatim)', async () => {
    const fixture = trail({ logsPerDigest: [1, 1] });
    const [first, second] = fixture.digests;
    if (!first || !second) throw new Error('fixture');
    const pretty = JSON.stringify({ ...first.document, note: 'Zürich — ü' }, null, 2).replaceAll('\n', '\r\n');
    first.text = `\uFEFF${pretty}\r\n`;
    first.signature = signDigest(first.text, first.document, signer);
    second.document['previousDigestHashValue'] = createHash('sha256').update(first.text).digest('hex');
    second.document['previousDigestSignature'] = first.signature;
    second.text = JSON.stringify(second.document);
    second.signature = signDigest(second.text, second.document, signer);
    const { store, at } = await load(fixture);
    // Stored byte for byte (read as hex: the driver's text decoding would drop the BOM).
    const stored = await queryRows(store.connection, 'SELECT hex(content) AS hex FROM digests WHERE object_key = $1', [
      at(first.key),
    ]);
    expect(stored).toEqual([{ hex: Buffer.from(first.text).toString('hex').toUpperCase() }]);
    expect(damage(await check(store, publicKeysJson([{ key: signer }])))).toEqual([]);
  });

  it('a chain that starts again reports the delivery gap as CloudTrail does, as information', async () => {
    const fixture = trail({ logsPerDigest: [1, 1, 1], chainStarts: [2], gapHours: 5 });
    const { store, at } = await load(fixture);
    const outcome = await check(store, publicKeysJson([{ key: signer }]));
    expect(outcome.verdict).toBe('intact');
    const gap = outcome.findings.find((f) => f.class === 'delivery_gap');
    expect(gap).toMatchObject({
      severity: 'info',
      objectKeys: [at(fixture.digests[1]?.key ?? ''), at(fixture.digests[2]?.key ?? '')],
      at: fixture.digests[1]?.document['digestEndTime'],
    });
    expect(gap?.message).toContain(
      `No log files were delivered by CloudTrail between ${String(fixture.digests[1]?.document['digestEndTime'])} and ${String(fixture.digests[2]?.document['digestStartTime'])}`,
    );
  });
});

describe('CloudTrail digest signatures (synced from S3)', () => {
  it('a signature that does not verify is signature_invalid', async () => {
    const fixture = trail();
    const bad = fixture.digests[1];
    if (!bad) throw new Error('fixture');
    bad.signature = `${bad.signature.slice(0, -2)}${bad.signature.endsWith('00') ? '01' : '00'}`;
    const { store, at } = await fromS3(fixture);
    // The next digest still names the good signature: the link breaks too.
    expect(damage(await check(store, publicKeysJson([{ key: signer }])))).toEqual([
      { class: 'signature_invalid', objectKeys: [at(bad.key)] },
      { class: 'digest_chain_broken', objectKeys: [at(fixture.digests[2]?.key ?? ''), at(bad.key)] },
    ]);
  });

  it('a digest re-signed by someone else: key_unknown when their key is not given, signature_invalid when a key given under that fingerprint is not the signer', async () => {
    const fixture = trail({ logsPerDigest: [1] });
    const [digest] = fixture.digests;
    if (!digest) throw new Error('fixture');
    digest.document['digestPublicKeyFingerprint'] = stranger.fingerprint;
    digest.text = JSON.stringify(digest.document);
    digest.signature = signDigest(digest.text, digest.document, stranger);
    const { store, at } = await fromS3(fixture);
    expect(damage(await check(store, publicKeysJson([{ key: signer }])))).toEqual([
      { class: 'key_unknown', objectKeys: [at(digest.key)] },
    ]);
    expect(damage(await check(store, publicKeysJson([{ key: signer, as: stranger.fingerprint }])))).toEqual([
      { class: 'signature_invalid', objectKeys: [at(digest.key)] },
    ]);
    // With the stranger's own key the signature verifies: the key given decides, so give AWS's own keys.
    expect(damage(await check(store, publicKeysJson([{ key: stranger }])))).toEqual([]);
  });

  it('without public keys every signature is unchecked, and says why', async () => {
    const fixture = trail();
    const { store, at } = await fromS3(fixture);
    const outcome = await check(store);
    expect(outcome.verdict).toBe('intact');
    expect(classes(outcome)).toEqual([
      { class: 'signature_unchecked', objectKeys: fixture.digests.map((d) => at(d.key)) },
    ]);
    expect(outcome.notes[0]).toContain('no public keys were given');
  });
});

describe('CloudTrail digest check, other cases', () => {
  it('is not applicable to a case without digests', async () => {
    const store = await newCase();
    expect(await check(store)).toMatchObject({ verdict: 'not_applicable', findings: [], findingsTotal: 0 });
  });

  it('reports a log file no digest lists, but not one newer than the newest digest', async () => {
    const fixture = trail({ logsPerDigest: [1, 1] });
    // Log files of the same account and region, named within the digests' hours and after the newest one.
    const other = makeTrail({ signer, bucket: fixture.bucket, logsPerDigest: [1, 1, 1] });
    const [extra, , late] = other.logs;
    if (!extra || !late) throw new Error('fixture');
    const { store, at } = await fromFiles({ ...fixture, logs: [...fixture.logs, extra, late] });
    const outcome = await check(store);
    expect(damage(outcome)).toEqual([{ class: 'log_file_unlisted', objectKeys: [at(extra.key)] }]);
    expect(outcome.notes).toContain(
      '1 log file(s) are newer than the newest digest of their trail: no digest covers them yet (sync again later to check them).',
    );
    expect(outcome.items?.find((i) => i.name === at(late.key))).toMatchObject({ status: 'unchecked' });
  });

  it('checks a digest imported twice once', async () => {
    const fixture = trail();
    const dir = await tempDir();
    await writeLocalCopy(dir, fixture);
    const store = await newCase();
    await importFiles(store, [dir]);
    await importFiles(store, [dir]);
    const outcome = await check(store);
    expect(outcome.counts).toEqual({ trails: 1, digests: 3, logFiles: 5 });
    expect(damage(outcome)).toEqual([]);
    expect(outcome.notes).toContain('3 digest file(s) were imported more than once: each checked once.');
  });

  it('stops when cancelled', async () => {
    const { store } = await fromFiles(trail());
    const controller = new AbortController();
    controller.abort();
    const reader = await store.reader();
    try {
      await expect(
        runCloudTrailCheck({ store: reader, signal: controller.signal, progress: () => undefined }),
      ).rejects.toSatisfy((e: unknown) => isAppError(e, 'CANCELLED'));
    } finally {
      reader.close();
    }
  });

  it('reports progress per digest', async () => {
    const { store } = await fromFiles(trail());
    const reader = await store.reader();
    const seen: [string, number, number | null][] = [];
    try {
      await runCloudTrailCheck({
        store: reader,
        signal: new AbortController().signal,
        progress: (phase, done, total) => seen.push([phase, done, total]),
      });
    } finally {
      reader.close();
    }
    expect(seen.map(([, done, total]) => [done, total])).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('refuses public keys that are not list-public-keys output, naming the entry', async () => {
    const store = await newCase();
    await expect(check(store, '{"PublicKeyList":[{"Value":"AAAA","Fingerprint":"ab"}]}')).rejects.toSatisfy(
      (e: unknown) => isAppError(e, 'USAGE') && /PublicKeyList\[0\] \(ab\)/.test(e.message),
    );
  });

  it('the generator writes a digest with the members of a real one, in the same order', () => {
    // The members, in order, of a real digest: elastic/integrations
    // packages/aws/data_stream/cloudtrail/_dev/test/pipeline/test-cloudtrail-digest-json.log (a 2020-09-11 digest of
    // trail leh-ct-test), which match AWS's "CloudTrail digest file structure" page.
    const real = [
      'awsAccountId',
      'digestStartTime',
      'digestEndTime',
      'digestS3Bucket',
      'digestS3Object',
      'digestPublicKeyFingerprint',
      'digestSignatureAlgorithm',
      'newestEventTime',
      'oldestEventTime',
      'previousDigestS3Bucket',
      'previousDigestS3Object',
      'previousDigestHashValue',
      'previousDigestHashAlgorithm',
      'previousDigestSignature',
      'logFiles',
    ];
    const realLog = ['s3Bucket', 's3Object', 'hashValue', 'hashAlgorithm', 'newestEventTime', 'oldestEventTime'];
    const [first, second] = makeTrail({ signer, logsPerDigest: [0, 1] }).digests;
    expect(Object.keys(first?.document ?? {})).toEqual(real);
    expect(Object.keys(second?.document ?? {})).toEqual(real);
    const log = (second?.document['logFiles'] as Record<string, unknown>[])[0] ?? {};
    expect(Object.keys(log)).toEqual(realLog);
    // A real fingerprint is 32 hex digits (47aaa19f7eec22e9bd0b5e58cfade8cb in that file).
    expect(String(second?.document['digestPublicKeyFingerprint'])).toMatch(/^[0-9a-f]{32}$/);
  });
});
