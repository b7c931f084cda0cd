// S3 sync against a real S3-speaking server (s3rver in its own process) into a real DuckDB case: delivery layouts
// (CloudTrail logs and signed digests, GitHub streaming, generic NDJSON), paging, incremental runs, changed objects
// (recorded, never merged), bad lines, errors that name what is wrong, and cancel + re-run.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '@shared/domain/jobs';
import type { S3SourceSettings } from '@shared/domain/sources';
import { isAppError } from '../../src/main/core/errors';
import { DEFAULT_LIMITS } from '../../src/main/core/ingest/read-limits';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { syncS3, type S3SyncSummary } from '../../src/main/core/sources/s3/s3-sync';
import type { CaseStore } from '../../src/main/core/store/case-store';
import type { NormalizedEvent } from '@shared/domain/audit-event';
import { listRejects } from '../../src/main/core/store/events-repo';
import { addSource, getSource, type SavedSource } from '../../src/main/core/store/sources-repo';
import { queryRows } from '../../src/main/core/store/sql';
import { closeAll, eventsInImportOrder, newCase } from '../helpers/case';
import { cloudtrailRecord, genericRecord, gz, ndjson } from '../helpers/records';
import { FIXTURES, tempDir } from '../helpers/temp';
import {
  createBucket,
  peerClient,
  putObject,
  putObjects,
  S3RVER_KEY,
  startS3rver,
  type S3rverPeer,
} from '../peers/s3rver';

const KEY_REF = 'TRAILSCOPE_TEST_S3_KEY_ID';
const SECRET_REF = 'TRAILSCOPE_TEST_S3_SECRET';
const secrets = new EnvSecretStore({ [KEY_REF]: S3RVER_KEY, [SECRET_REF]: S3RVER_KEY });
const CASE_TENANT = 'case-tenant';
const CONTRACT_KEYS = [
  'uid',
  'tenant_id',
  'occurred_at',
  'action',
  'category',
  'outcome',
  'actor_id',
  'actor_type',
  'actor_name',
  'actor_email',
  'target_type',
  'target_id',
  'target_name',
  'ip',
  'user_agent',
] as const;

let peer: S3rverPeer;
let admin: S3Client;
let buckets = 0;

beforeAll(async () => {
  peer = await startS3rver({ recordRequests: true });
  admin = peerClient(peer.endpoint);
});

afterAll(async () => {
  admin.destroy();
  await peer.close();
});

afterEach(closeAll);

async function newBucket(): Promise<string> {
  const bucket = `trail-${++buckets}`;
  await createBucket(admin, bucket);
  return bucket;
}

async function s3Source(
  store: CaseStore,
  settings: Partial<S3SourceSettings> & { bucket: string },
): Promise<SavedSource> {
  return addSource(store, 'deliveries', {
    kind: 's3',
    settings: {
      prefix: '',
      region: 'us-east-1',
      endpoint: peer.endpoint,
      pathStyle: true,
      format: 'auto',
      profile: null,
      accessKeyIdRef: KEY_REF,
      secretAccessKeyRef: SECRET_REF,
      concurrency: 4,
      ...settings,
    },
  });
}

/** Runs a sync the way the app does: with the source as it is saved now (its checkpoint included). */
async function sync(
  store: CaseStore,
  source: SavedSource,
  options: Partial<Parameters<typeof syncS3>[2]> = {},
): Promise<S3SyncSummary> {
  return syncS3(store, await getSource(store, source.id), { secrets, ...options });
}

function fixture(path: string): Promise<Buffer> {
  return readFile(join(FIXTURES, path));
}

async function expected(path: string): Promise<unknown> {
  return JSON.parse(await readFile(join(FIXTURES, 'expected', `${path}.expected.json`), 'utf8'));
}

function contractRow(event: NormalizedEvent): Record<string, unknown> {
  return Object.fromEntries(
    CONTRACT_KEYS.map((k) => [k, k === 'tenant_id' && event[k] === CASE_TENANT ? '$CASE' : event[k]]),
  );
}

async function rowsOf(store: CaseStore, objectKey: string): Promise<Record<string, unknown>[]> {
  return (await eventsInImportOrder(store))
    .filter((e) => e.source_ref.startsWith(`${objectKey}:`) || e.source_ref.startsWith(`${objectKey}#`))
    .map(contractRow);
}

async function counts(store: CaseStore): Promise<{ events: number; ledger: number; rejects: number }> {
  const [row] = await queryRows(
    store.connection,
    `SELECT (SELECT count(*) FROM events)::INT AS events, (SELECT count(*) FROM ingest_ledger)::INT AS ledger,
       (SELECT count(*) FROM rejects)::INT AS rejects`,
  );
  return row as { events: number; ledger: number; rejects: number };
}

/** Keys of the objects fetched from a bucket so far (path-style GETs with a key). */
function getsOf(bucket: string): string[] {
  return peer.requests.flatMap((r) => {
    const path = r.path.split('?')[0] ?? '';
    return r.method === 'GET' && path.startsWith(`/${bucket}/`) && path.length > bucket.length + 2
      ? [path.slice(bucket.length + 2)]
      : [];
  });
}

/** ListObjectsV2 requests made to a bucket so far. */
function listingsOf(bucket: string): number {
  return peer.requests.filter(
    (r) =>
      r.method === 'GET' &&
      /^\/[^/?]+\/?\?/.test(r.path) &&
      r.path.startsWith(`/${bucket}`) &&
      r.path.includes('list-type=2'),
  ).length;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describe('delivery layouts', () => {
  const account = '111122223333';
  const day = `AWSLogs/${account}/CloudTrail/us-east-2/2014/07/16`;
  const digestDay = `AWSLogs/${account}/CloudTrail-Digest/us-east-2/2014/07/16`;
  const keys = {
    trail1: `${day}/${account}_CloudTrail_us-east-2_20140716T1550Z_Qm9sdGVkVHJhaWwx.json.gz`,
    trail2: `${day}/${account}_CloudTrail_us-east-2_20140716T1605Z_U2Vjb25kVHJhaWwy.json.gz`,
    digest: `${digestDay}/${account}_CloudTrail-Digest_us-east-2_main-trail_us-east-2_20140716T160000Z.json.gz`,
    backfill: `${digestDay}/${account}_CloudTrail-Digest_us-east-2_main-trail_us-east-2_20140716T170000Z_backfill.json.gz`,
    githubLog: 'github-stream/2025/01/15/10/30/2f1c9f0e-7a63-4d5b-9b8e-0c5e1f3a2b11.json.log.gz',
    githubJson: 'github-stream/2025/03/10/12/57/8b0e4d0a-1e7c-4f53-a0c2-6d9c3e5b7f20.json.gz',
    generic: 'workspace-export/records.ndjson',
  };

  it('imports CloudTrail logs, keeps signed digests, GitHub streaming and generic NDJSON objects', async () => {
    const bucket = await newBucket();
    const trail1 = await fixture('realshape/cloudtrail/test-console-login-json.json.gz');
    const trail2 = await fixture('formats/cloudtrail/records.json.gz');
    const digestText = JSON.stringify({
      awsAccountId: account,
      digestStartTime: '2014-07-16T15:00:00Z',
      digestEndTime: '2014-07-16T16:00:00Z',
      digestS3Bucket: bucket,
      digestS3Object: keys.digest,
      digestPublicKeyFingerprint: '47aaa19f7eec22e9bd0b5e58cfade8cb',
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: '2014-07-16T15:49:27Z',
      oldestEventTime: '2014-07-08T17:35:27Z',
      previousDigestS3Bucket: null,
      previousDigestS3Object: null,
      previousDigestHashValue: null,
      previousDigestHashAlgorithm: null,
      previousDigestSignature: null,
      logFiles: [
        { s3Bucket: bucket, s3Object: keys.trail1, hashValue: sha256(gunzipSync(trail1)), hashAlgorithm: 'SHA-256' },
      ],
    });
    const backfillText = JSON.stringify({ ...JSON.parse(digestText), digestS3Object: keys.backfill, logFiles: [] });
    const githubJsonl = JSON.parse(
      await fixture('realshape/github/test-api-request-events.json').then(String),
    ) as unknown[];
    await putObject(admin, bucket, keys.trail1, trail1);
    await putObject(admin, bucket, keys.trail2, trail2);
    await putObject(admin, bucket, keys.digest, gz(digestText), {
      metadata: { signature: 'a1b2c3d4e5f6', 'signature-algorithm': 'SHA256withRSA' },
    });
    await putObject(admin, bucket, keys.backfill, gz(backfillText), {
      metadata: { signature: '0f0e0d0c', 'signature-algorithm': 'SHA256withRSA' },
    });
    await putObject(admin, bucket, keys.githubLog, await fixture('formats/github/streaming.json.log.gz'));
    await putObject(admin, bucket, keys.githubJson, gz(ndjson(githubJsonl)));
    await putObject(admin, bucket, keys.generic, await fixture('formats/generic/records.ndjson'));
    const store = await newCase({ tenantId: CASE_TENANT, multiTenant: true });
    const source = await s3Source(store, { bucket });
    const progress: JobProgress[] = [];

    const summary = await sync(store, source, { onProgress: (p) => progress.push(p) });

    expect(summary).toEqual({
      listed: 7,
      imported: 7,
      skipped: 0,
      changed: [],
      added: 3 + 7 + 7 + 2 + 8,
      duplicates: 1,
      rejected: 0,
      digests: 2,
      warnings: [],
    });
    const s3 = (key: string) => `s3://${bucket}/${key}`;
    expect(await rowsOf(store, s3(keys.trail1))).toEqual(
      await expected('realshape/cloudtrail/test-console-login-json.json.gz'),
    );
    expect(await rowsOf(store, s3(keys.trail2))).toEqual(await expected('formats/cloudtrail/records.json.gz'));
    expect(await rowsOf(store, s3(keys.githubLog))).toEqual(await expected('formats/github/streaming.json.log.gz'));
    expect(await rowsOf(store, s3(keys.githubJson))).toEqual(
      await expected('realshape/github/test-api-request-events.json'),
    );
    expect(await rowsOf(store, s3(keys.generic))).toEqual(await expected('formats/generic/records.ndjson'));

    // Digests: not events, not rejects; verbatim content and the signature that exists only in S3 metadata.
    expect(await listRejects(store)).toEqual([]);
    const digests = await queryRows(
      store.connection,
      `SELECT object_key, content, signature, signature_algorithm FROM digests ORDER BY object_key`,
    );
    expect(digests).toEqual([
      {
        object_key: s3(keys.digest),
        content: digestText,
        signature: 'a1b2c3d4e5f6',
        signature_algorithm: 'SHA256withRSA',
      },
      {
        object_key: s3(keys.backfill),
        content: backfillText,
        signature: '0f0e0d0c',
        signature_algorithm: 'SHA256withRSA',
      },
    ]);
    const ledger = await queryRows(
      store.connection,
      `SELECT object_key, job, source_id, format, etag, size, added, object_metadata::VARCHAR AS metadata,
         strftime(last_modified, '%Y-%m-%dT%H:%M:%SZ') AS last_modified, sha256_received, sha256_content
       FROM ingest_ledger ORDER BY seq`,
    );
    expect(ledger.map((r) => r['object_key'])).toEqual(Object.values(keys).sort().map(s3));
    for (const row of ledger) {
      expect(row).toMatchObject({
        job: 'sync',
        source_id: source.id,
        etag: expect.stringMatching(/^[0-9a-f]{32}$/),
        last_modified: expect.stringMatching(/^20\d\d-/),
      });
    }
    const digestRow = ledger.find((r) => r['object_key'] === s3(keys.digest));
    expect(digestRow).toMatchObject({
      format: null,
      added: '0',
      sha256_content: sha256(digestText),
      size: String(gz(digestText).length),
    });
    expect(JSON.parse(String(digestRow?.['metadata']))).toEqual({
      'x-amz-meta-signature': 'a1b2c3d4e5f6',
      'x-amz-meta-signature-algorithm': 'SHA256withRSA',
    });
    expect(ledger.find((r) => r['object_key'] === s3(keys.generic))?.['metadata']).toBeNull();

    // Progress: listing, then downloading/importing up to every object; a journal entry with the counts.
    expect(progress[0]?.phase).toBe('listing');
    expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(['listing', 'downloading', 'importing', 'done']));
    expect(progress.at(-1)).toMatchObject({ phase: 'done', done: 7, total: 7, events: 27, etaSeconds: 0 });
    const [journal] = await queryRows(
      store.connection,
      `SELECT detail::VARCHAR AS detail FROM journal WHERE action = 'sync'`,
    );
    expect(JSON.parse(String(journal?.['detail']))).toEqual({
      sourceId: source.id,
      bucket,
      prefix: '',
      listed: 7,
      imported: 7,
      skipped: 0,
      changed: 0,
      added: 27,
      duplicates: 1,
      rejected: 0,
      digests: 2,
    });
    expect(String(journal?.['detail'])).not.toContain(KEY_REF);
    expect((await getSource(store, source.id)).checkpoint).toMatchObject({ lastKey: keys.generic });
  });

  it('lists only under the prefix', async () => {
    const bucket = await newBucket();
    await putObject(admin, bucket, 'tenant-a/1.ndjson', ndjson([genericRecord(1)]));
    await putObject(admin, bucket, 'tenant-b/1.ndjson', ndjson([genericRecord(2)]));
    const store = await newCase({ tenantId: 'acme' });

    const summary = await sync(store, await s3Source(store, { bucket, prefix: 'tenant-a/' }));

    expect(summary).toMatchObject({ listed: 1, imported: 1, added: 1 });
  });

  it('lands a digest file imported from disk as a digest too, without a signature', async () => {
    const dir = await tempDir();
    const text = JSON.stringify({
      awsAccountId: account,
      digestStartTime: '2014-07-16T15:00:00Z',
      digestEndTime: '2014-07-16T16:00:00Z',
      logFiles: [],
    });
    await writeFile(join(dir, 'digest.json.gz'), gz(text));
    const store = await newCase({ tenantId: account });

    expect(await importFiles(store, [dir])).toMatchObject({ files: 1, added: 0, rejected: 0 });

    expect(await queryRows(store.connection, 'SELECT content, signature, signature_algorithm FROM digests')).toEqual([
      { content: text, signature: null, signature_algorithm: null },
    ]);
  });
});

describe('incremental sync', () => {
  it('pages past 1000 keys, and a second sync adds nothing and downloads nothing', async () => {
    const bucket = await newBucket();
    const objects = Array.from({ length: 1100 }, (_, i) => ({
      key: `d/${String(i).padStart(5, '0')}.ndjson`,
      body: ndjson([genericRecord(i)]),
    }));
    await putObjects(admin, bucket, objects);
    const store = await newCase({ tenantId: 'acme' });
    const source = await s3Source(store, { bucket, concurrency: 16 });

    expect(await sync(store, source)).toMatchObject({
      listed: 1100,
      imported: 1100,
      skipped: 0,
      added: 1100,
      duplicates: 0,
    });
    expect(listingsOf(bucket)).toBe(2);
    expect(getsOf(bucket).sort()).toEqual(objects.map((o) => o.key));

    const requestsBefore = peer.requests.length;
    expect(await sync(store, source)).toMatchObject({
      listed: 1100,
      imported: 0,
      skipped: 1100,
      added: 0,
      changed: [],
    });
    expect(peer.requests.length - requestsBefore).toBe(2);
    expect(listingsOf(bucket)).toBe(4);
    expect(getsOf(bucket)).toHaveLength(1100);
    expect(await counts(store)).toEqual({ events: 1100, ledger: 1100, rejects: 0 });
  }, 120_000);

  it('imports exactly the objects added between two syncs, in key order', async () => {
    const bucket = await newBucket();
    await putObject(admin, bucket, 'logs/b.ndjson', ndjson([genericRecord(1), genericRecord(2)]));
    await putObject(admin, bucket, 'logs/d.ndjson', ndjson([genericRecord(3)]));
    const store = await newCase({ tenantId: 'acme' });
    const source = await s3Source(store, { bucket });
    await sync(store, source);
    // c repeats record 3 with another action: d was imported first, so d's copy stays.
    await putObject(admin, bucket, 'logs/a.ndjson', ndjson([genericRecord(4)]));
    await putObject(
      admin,
      bucket,
      'logs/c.ndjson',
      ndjson([genericRecord(3, { action: 'later.copy' }), genericRecord(5)]),
    );
    const gotBefore = getsOf(bucket).length;

    const summary = await sync(store, source);

    expect(summary).toMatchObject({ listed: 4, imported: 2, skipped: 2, added: 2, duplicates: 1, changed: [] });
    expect(getsOf(bucket).slice(gotBefore).sort()).toEqual(['logs/a.ndjson', 'logs/c.ndjson']);
    const events = await eventsInImportOrder(store);
    expect(events.map((e) => [e.uid, e.source_ref])).toEqual([
      ['evt_000001', `s3://${bucket}/logs/b.ndjson:1`],
      ['evt_000002', `s3://${bucket}/logs/b.ndjson:2`],
      ['evt_000003', `s3://${bucket}/logs/d.ndjson:1`],
      ['evt_000004', `s3://${bucket}/logs/a.ndjson:1`],
      ['evt_000005', `s3://${bucket}/logs/c.ndjson:2`],
    ]);
    expect(events.find((e) => e.uid === 'evt_000003')?.action).not.toBe('later.copy');
  });

  it('reports an object re-uploaded with new content once, as a reject, and never merges its records', async () => {
    const bucket = await newBucket();
    const key = 'logs/2025/01/01/part-0.ndjson.gz';
    await putObject(admin, bucket, key, gz(ndjson([genericRecord(1), genericRecord(2)])));
    const store = await newCase({ tenantId: 'acme' });
    const source = await s3Source(store, { bucket });
    await sync(store, source);
    const [before] = await queryRows(store.connection, `SELECT etag FROM ingest_ledger`);
    const rewritten = gz(ndjson([genericRecord(1, { action: 'tampered.action' }), genericRecord(2), genericRecord(3)]));
    await putObject(admin, bucket, key, rewritten);

    const summary = await sync(store, source);

    const oldEtag = String(before?.['etag']);
    const newEtag = createHash('md5').update(rewritten).digest('hex');
    expect(summary).toMatchObject({
      listed: 1,
      imported: 0,
      added: 0,
      rejected: 1,
      changed: [{ key, importedEtag: oldEtag, etag: newEtag }],
    });
    const rejects = await listRejects(store);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ object_key: `s3://${bucket}/${key}`, line: null, source_id: source.id });
    expect(rejects[0]?.reason).toBe(
      `object changed since it was imported (ETag "${oldEtag}" → "${newEtag}"); its records were not merged`,
    );
    const events = await eventsInImportOrder(store);
    expect(events.map((e) => [e.uid, e.action])).toEqual([
      ['evt_000001', 'document.accessed'],
      ['evt_000002', 'user.signed_in'],
    ]);
    const ledger = await queryRows(
      store.connection,
      `SELECT etag, format, added, sha256_received FROM ingest_ledger ORDER BY seq`,
    );
    expect(ledger[1]).toEqual({ etag: newEtag, format: null, added: '0', sha256_received: sha256(rewritten) });

    expect(await sync(store, source)).toMatchObject({ skipped: 1, changed: [], rejected: 0 });
    expect(await counts(store)).toEqual({ events: 2, ledger: 2, rejects: 1 });
  });

  it('keeps the good records of a partly bad object and rejects the bad line by key and line', async () => {
    const bucket = await newBucket();
    const key = 'logs/mixed.ndjson.gz';
    const text = `${JSON.stringify(genericRecord(1))}\n{"id": "evt_broken", "action": \n${JSON.stringify(genericRecord(2))}\n`;
    await putObject(admin, bucket, key, gz(text));
    const store = await newCase({ tenantId: 'acme' });

    const summary = await sync(store, await s3Source(store, { bucket }));

    expect(summary).toMatchObject({ imported: 1, added: 2, rejected: 1 });
    expect((await eventsInImportOrder(store)).map((e) => e.uid)).toEqual(['evt_000001', 'evt_000002']);
    const rejects = await listRejects(store);
    expect(rejects).toEqual([
      expect.objectContaining({
        object_key: `s3://${bucket}/${key}`,
        line: 2,
        reason: expect.stringContaining('not valid JSON'),
      }),
    ]);
  });
});

describe('object sizes (issue 14)', () => {
  it('rejects by key an object that sends more than its listing said, cut off; the objects around it land', async () => {
    const bucket = await newBucket();
    await putObject(admin, bucket, 'a.ndjson', ndjson([genericRecord(1)]));
    await putObject(admin, bucket, 'b.ndjson', ndjson([genericRecord(2)]));
    await putObject(admin, bucket, 'c.ndjson', ndjson([genericRecord(3)]));
    const listedB = ndjson([genericRecord(2)]).length;
    peer.paddedGets.set(`${bucket}/b.ndjson`, 8 * 1024 * 1024);
    const store = await newCase({ tenantId: 'acme' });
    const source = await s3Source(store, { bucket });
    try {
      const summary = await sync(store, source);

      expect(summary).toMatchObject({ listed: 3, added: 2, rejected: 1 });
      expect((await eventsInImportOrder(store)).map((e) => e.uid)).toEqual(['evt_000001', 'evt_000003']);
      expect(await listRejects(store)).toEqual([
        expect.objectContaining({
          object_key: `s3://${bucket}/b.ndjson`,
          reason: `object sent more than the ${listedB} bytes its listing gave (the read stopped past ${listedB + 64 * 1024}); it was not imported`,
        }),
      ]);
      // On record: the next run does not download it again.
      const gets = () => peer.requests.filter((r) => r.method === 'GET' && r.path.startsWith(`/${bucket}/b.ndjson`));
      expect(gets()).toHaveLength(1);
      expect(await sync(store, source)).toMatchObject({ skipped: 3, added: 0 });
      expect(gets()).toHaveLength(1);
    } finally {
      peer.paddedGets.clear();
    }
  });

  it('rejects by key, without downloading it, an object listed over the size limit; the others land', async () => {
    const bucket = await newBucket();
    await putObject(admin, bucket, 'big.ndjson', ndjson(Array.from({ length: 50 }, (_, i) => genericRecord(i + 1))));
    await putObject(admin, bucket, 'small.ndjson', ndjson([genericRecord(100)]));
    const store = await newCase({ tenantId: 'acme' });

    const summary = await sync(store, await s3Source(store, { bucket }), {
      limits: { ...DEFAULT_LIMITS, maxUncompressedBytes: 1024 },
    });

    expect(summary).toMatchObject({ added: 1, rejected: 1 });
    expect(await listRejects(store)).toEqual([
      expect.objectContaining({
        object_key: `s3://${bucket}/big.ndjson`,
        reason: expect.stringMatching(/over the 1024-byte limit; it was not downloaded$/),
      }),
    ]);
    expect(peer.requests.some((r) => r.method === 'GET' && r.path.startsWith(`/${bucket}/big.ndjson`))).toBe(false);
  });

  it('rejects a record nested deeper than 128 levels by key and line; the rest of the object lands', async () => {
    const bucket = await newBucket();
    const deep = `{"id":"evt_deep","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    await putObject(admin, bucket, 'd.ndjson.gz', gz(`${JSON.stringify(genericRecord(1))}\n${deep}\n`));
    const store = await newCase({ tenantId: 'acme' });

    expect(await sync(store, await s3Source(store, { bucket }))).toMatchObject({ added: 1, rejected: 1 });
    expect(await listRejects(store)).toEqual([
      expect.objectContaining({
        object_key: `s3://${bucket}/d.ndjson.gz`,
        line: 2,
        reason: 'record is nested more than 128 levels deep (the limit)',
      }),
    ]);
  });
});

describe('date-partitioned listing', () => {
  const account = '111122223333';
  const logKey = (region: string, day: string, n: number) =>
    `AWSLogs/${account}/CloudTrail/${region}/${day}/${account}_CloudTrail_${region}_${day.replaceAll('/', '')}T0000Z_${String(n).padStart(16, '0')}.json.gz`;
  const body = (n: number) =>
    gz(
      JSON.stringify({
        Records: [
          {
            eventVersion: '1.08',
            eventSource: 's3.amazonaws.com',
            eventName: 'GetObject',
            eventID: `ev-${n}`,
            eventTime: '2025-10-01T00:00:00Z',
            recipientAccountId: account,
            userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${account}:user/u${n}` },
          },
        ],
      }),
    );
  const days = Array.from({ length: 30 }, (_, i) => `2025/09/${String(i + 1).padStart(2, '0')}`);

  it('re-lists only the lookback window of each known folder, yet finds late, new-day and new-region deliveries', async () => {
    const bucket = await newBucket();
    let n = 0;
    await putObjects(
      admin,
      bucket,
      days.flatMap((day) =>
        ['us-east-1', 'eu-west-1'].map((region) => ({ key: logKey(region, day, n), body: body(n++) })),
      ),
    );
    const store = await newCase({ tenantId: account });
    const source = await s3Source(store, { bucket, prefix: 'AWSLogs/', lookbackDays: 3 });
    expect(await sync(store, source)).toMatchObject({ listed: 60, imported: 60, added: 60 });
    const checkpoint = (await getSource(store, source.id)).checkpoint as { partitions: Record<string, string> };
    expect(checkpoint.partitions).toEqual({
      [`AWSLogs/${account}/CloudTrail/eu-west-1/`]: '2025/09/30',
      [`AWSLogs/${account}/CloudTrail/us-east-1/`]: '2025/09/30',
    });

    const late = { key: logKey('us-east-1', '2025/09/28', 900), body: body(900) };
    const newDay = { key: logKey('eu-west-1', '2025/10/01', 901), body: body(901) };
    const newRegion = { key: logKey('ap-south-1', '2025/08/01', 902), body: body(902) };
    const tooLate = { key: logKey('us-east-1', '2025/09/10', 903), body: body(903) };
    await putObjects(admin, bucket, [late, newDay, newRegion, tooLate]);

    const second = await sync(store, source);
    // Lookback 3 days before 2025/09/30 per known region (09/27 on: 4 days x 1 object + the new ones), the new region whole.
    expect(second).toMatchObject({ imported: 3, added: 3, listed: 4 + 1 + 4 + 1 + 1 });
    const uids = (
      await queryRows(
        store.connection,
        `SELECT uid FROM events WHERE uid IN ('ev-900', 'ev-901', 'ev-902', 'ev-903') ORDER BY uid`,
      )
    ).map((r) => r['uid']);
    expect(uids).toEqual(['ev-900', 'ev-901', 'ev-902']);

    // A delivery later than the lookback is found by a full listing.
    expect(await sync(store, source, { fullListing: true })).toMatchObject({ listed: 64, imported: 1, added: 1 });
    expect((await counts(store)).events).toBe(64);
  }, 120_000);

  it('a run killed before its end keeps the previous listing state, so nothing listed is skipped next time', async () => {
    const bucket = await newBucket();
    await putObjects(
      admin,
      bucket,
      days.map((day, i) => ({ key: logKey('us-east-1', day, i), body: body(i) })),
    );
    const store = await newCase({ tenantId: account });
    const source = await s3Source(store, { bucket, lookbackDays: 1 });
    const controller = new AbortController();
    let committed = 0;
    await sync(store, source, {
      signal: controller.signal,
      batchBytes: 1,
      onProgress: (p) => {
        if (p.phase === 'downloading' && p.events > committed && ++committed >= 5) controller.abort();
      },
    }).catch((e: unknown) => {
      if (!isAppError(e, 'CANCELLED')) throw e;
    });
    const partial = (await getSource(store, source.id)).checkpoint as { partitions?: Record<string, string> } | null;
    expect(partial?.partitions).toBeUndefined();
    expect((await counts(store)).events).toBeLessThan(30);

    await sync(store, source);
    expect((await counts(store)).events).toBe(30);
  }, 120_000);
});

describe('failures', () => {
  it('names the missing bucket and the endpoint', async () => {
    const store = await newCase({ tenantId: 'acme' });
    const source = await s3Source(store, { bucket: 'no-such-bucket' });

    const error = await sync(store, source).catch((e: unknown) => e);

    expect(isAppError(error, 'REMOTE')).toBe(true);
    expect((error as Error).message).toBe(`There is no bucket "no-such-bucket" at ${peer.endpoint} (NoSuchBucket).`);
  });

  it('says which secret is missing', async () => {
    const store = await newCase({ tenantId: 'acme' });
    const source = await s3Source(store, { bucket: 'any', secretAccessKeyRef: 'TRAILSCOPE_TEST_UNSET_SECRET' });

    const error = await sync(store, source).catch((e: unknown) => e);

    expect(isAppError(error, 'SECRET_MISSING')).toBe(true);
    expect((error as Error).message).toContain('environment variable TRAILSCOPE_TEST_UNSET_SECRET');
  });

  it('reports a refused key as AUTH, naming the bucket and where the key came from, never the secret', async () => {
    const bucket = await newBucket();
    const store = await newCase({ tenantId: 'acme' });
    const source = await s3Source(store, { bucket });
    const wrong = new EnvSecretStore({ [KEY_REF]: 'AKIAWRONGKEY', [SECRET_REF]: 'wrong-secret-value-1234' });

    const error = await syncS3(store, source, { secrets: wrong }).catch((e: unknown) => e);

    expect(isAppError(error, 'AUTH')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain(`bucket "${bucket}"`);
    expect(message).toContain('InvalidAccessKeyId');
    expect(message).toContain(`environment variable ${KEY_REF} and environment variable ${SECRET_REF}`);
    expect(message).not.toContain('wrong-secret-value-1234');
  });

  it('reports an unreachable endpoint as REMOTE after the retries, naming it', async () => {
    const store = await newCase({ tenantId: 'acme' });
    const source = await s3Source(store, { bucket: 'any', endpoint: 'http://127.0.0.1:9' });

    const error = await sync(store, source).catch((e: unknown) => e);

    expect(isAppError(error, 'REMOTE')).toBe(true);
    expect((error as Error).message).toMatch(
      /^Could not reach S3 at http:\/\/127\.0\.0\.1:9 while listing prefix "" in bucket "any" \(4 attempts\): .*ECONNREFUSED/,
    );
  });
});

describe('spool', () => {
  it('reads NDJSON objects from a private spool folder that is gone once the sync ends, completed or cancelled', async () => {
    const bucket = await newBucket();
    await putObjects(
      admin,
      bucket,
      Array.from({ length: 6 }, (_, o) => ({
        key: `logs/${o}.ndjson.gz`,
        body: gz(ndjson(Array.from({ length: 50 }, (_, i) => genericRecord(o * 50 + i)))),
      })),
    );
    const store = await newCase({ tenantId: 'acme' });
    const source = await s3Source(store, { bucket });
    const tmp = await tempDir();
    const savedTmp = process.env['TMPDIR'];
    process.env['TMPDIR'] = tmp;
    try {
      const seen: { mode: number; files: string[] }[] = [];
      const summary = await sync(store, source, {
        batchBytes: 1,
        onProgress: async (p) => {
          if (p.phase !== 'importing' || seen.length > 0) return;
          const [spool] = await readdir(tmp);
          const path = join(tmp, spool ?? '');
          seen.push({ mode: (await stat(path)).mode & 0o777, files: await readdir(path) });
        },
      });
      expect(summary).toMatchObject({ imported: 6, added: 300, rejected: 0 });
      expect(seen[0]?.mode).toBe(0o700);
      expect(seen[0]?.files.length).toBeGreaterThan(0);
      expect(await readdir(tmp)).toEqual([]);

      const other = await s3Source(store, { bucket, prefix: 'logs/' });
      const controller = new AbortController();
      const error = await sync(store, other, {
        signal: controller.signal,
        batchBytes: 1,
        onProgress: (p) => p.phase === 'importing' && controller.abort(),
      }).catch((e: unknown) => e);
      expect(isAppError(error, 'CANCELLED')).toBe(true);
      expect(await readdir(tmp)).toEqual([]);
    } finally {
      if (savedTmp === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = savedTmp;
    }
  });
  it('spools the records of CloudTrail documents to private files that go once their batch is committed', async () => {
    const account = '111122223333';
    const bucket = await newBucket();
    const record = (n: number) => cloudtrailRecord(n, account);
    const documents = Array.from({ length: 4 }, (_, o) =>
      JSON.stringify({ Records: Array.from({ length: 30 }, (_, i) => record(o * 30 + i)) }, null, 1),
    );
    await putObjects(
      admin,
      bucket,
      documents.map((text, o) => ({
        key: `AWSLogs/${account}/CloudTrail/us-east-1/2025/01/01/${o}.json.gz`,
        body: gz(text),
      })),
    );
    const store = await newCase({ tenantId: account });
    const source = await s3Source(store, { bucket });
    const tmp = await tempDir();
    const savedTmp = process.env['TMPDIR'];
    process.env['TMPDIR'] = tmp;
    try {
      const seen: { name: string; mode: number }[][] = [];
      const summary = await sync(store, source, {
        batchBytes: 1,
        onProgress: async (p) => {
          if (p.phase !== 'importing') return;
          const [spool] = await readdir(tmp);
          if (!spool) return;
          const folder = join(tmp, spool);
          const names = await readdir(folder).catch(() => []);
          seen.push(
            await Promise.all(
              names.map(async (name) => ({
                name,
                mode: ((await stat(join(folder, name)).catch(() => null))?.mode ?? 0) & 0o777,
              })),
            ),
          );
        },
      });

      expect(summary).toMatchObject({ imported: 4, added: 120, rejected: 0 });
      const files = seen.flat();
      expect(files.length).toBeGreaterThan(0);
      // The records only (the downloaded document is not kept), readable by this user alone.
      expect(files.every((f) => f.name.endsWith('.records') && f.mode === 0o600)).toBe(true);
      // One batch per object: a batch's files are gone before the next is stored.
      expect(Math.max(...seen.map((s) => s.length))).toBe(1);
      expect(await readdir(tmp)).toEqual([]);
      // Each event keeps its record's own text, the document's indentation and line breaks included.
      const [first] = await queryRows(
        store.connection,
        `SELECT raw::VARCHAR AS raw FROM events WHERE uid = 'evt-00031'`,
      );
      expect(first?.['raw']).toBe(JSON.stringify(record(31), null, 1).replaceAll('\n', '\n  '));
    } finally {
      if (savedTmp === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = savedTmp;
    }
  });
});

describe('cancel', () => {
  it('stops between batches, keeps whole batches only, and a re-run completes the exact event set', async () => {
    const bucket = await newBucket();
    // 30 objects of 40 records; each object repeats 5 records of the one before it.
    const objects = Array.from({ length: 30 }, (_, o) => ({
      key: `logs/${String(o).padStart(3, '0')}.ndjson.gz`,
      body: gz(ndjson(Array.from({ length: 40 }, (_, i) => genericRecord(o * 35 + i)))),
    }));
    await putObjects(admin, bucket, objects);
    const store = await newCase({ tenantId: 'acme' });
    const source = await s3Source(store, { bucket });
    const controller = new AbortController();

    const error = await sync(store, source, {
      signal: controller.signal,
      batchBytes: 1,
      onProgress: (p) => {
        if (p.phase === 'importing' && p.done >= 10) controller.abort();
      },
    }).catch((e: unknown) => e);

    expect(isAppError(error, 'CANCELLED')).toBe(true);
    const partial = await queryRows(
      store.connection,
      `SELECT l.object_key, l.added, (SELECT count(*) FROM events e WHERE e.ingest_seq = l.seq) AS rows FROM ingest_ledger l ORDER BY seq`,
    );
    expect(partial.length).toBeGreaterThanOrEqual(9);
    expect(partial.length).toBeLessThan(30);
    expect(partial.map((r) => r['object_key'])).toEqual(
      objects.slice(0, partial.length).map((o) => `s3://${bucket}/${o.key}`),
    );
    for (const row of partial) expect(row['rows']).toBe(row['added']);

    const rest = await sync(store, source);

    expect(rest).toMatchObject({ imported: 30 - partial.length, skipped: partial.length });
    const uids = await queryRows(store.connection, `SELECT uid FROM events ORDER BY uid`);
    const expectedUids = [
      ...new Set(Array.from({ length: 30 * 35 + 5 }, (_, n) => `evt_${String(n).padStart(6, '0')}`)),
    ];
    expect(uids.map((r) => r['uid'])).toEqual(expectedUids);
    expect(await counts(store)).toEqual({ events: expectedUids.length, ledger: 30, rejects: 0 });
  });
});
