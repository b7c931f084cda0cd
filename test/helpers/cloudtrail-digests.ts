// Synthetic CloudTrail deliveries with correctly signed digest chains, for the digest check's tests and bench: log
// files, hourly digests (members in the order of a real digest: see the generator test in
// test/integration/cloudtrail-check.test.ts),
// each signed SHA256withRSA over validate-logs' string to sign with an RSA key made here, and the public keys as
// `aws cloudtrail list-public-keys` prints them. Tests tamper with the returned objects before importing them.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cloudtrailRecord, gz } from './records';

export interface SigningKey {
  privateKey: KeyObject;
  /** Base64 DER PKCS#1 RSAPublicKey, as list-public-keys gives `Value`. */
  value: string;
  /** Hex MD5 of the DER key: the shape of a real fingerprint (32 hex); CloudTrail does not document how it makes it. */
  fingerprint: string;
}

export function newSigningKey(bits = 2048): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const der = publicKey.export({ type: 'pkcs1', format: 'der' });
  return {
    privateKey,
    value: der.toString('base64'),
    fingerprint: createHash('md5').update(der).digest('hex'),
  };
}

/** The JSON `aws cloudtrail list-public-keys` prints; `as` gives a key under another key's fingerprint. */
export function publicKeysJson(keys: { key: SigningKey; as?: string }[]): string {
  return JSON.stringify(
    {
      PublicKeyList: keys.map(({ key, as }) => ({
        Value: key.value,
        ValidityStartTime: '2024-12-01T00:00:00+00:00',
        ValidityEndTime: '2025-12-01T00:00:00+00:00',
        Fingerprint: as ?? key.fingerprint,
      })),
    },
    null,
    4,
  );
}

export interface TrailObject {
  key: string;
  /** Uncompressed content. */
  text: string;
}

export interface DigestObject extends TrailObject {
  /** Hex, as in `x-amz-meta-signature`. */
  signature: string;
  document: Record<string, unknown>;
}

export interface TrailFixture {
  bucket: string;
  logs: TrailObject[];
  digests: DigestObject[];
}

export interface TrailOptions {
  signer: SigningKey;
  bucket?: string;
  /** An S3 key prefix before `AWSLogs/` (with its trailing slash). */
  prefix?: string;
  account?: string;
  region?: string;
  trail?: string;
  /** Log files per hourly digest; 0 makes an empty digest. */
  logsPerDigest: number[];
  /** Digests (by index) that start a new chain (null previousDigest*), as after logging was off. */
  chainStarts?: number[];
  /** Hours skipped before each chain start (nothing delivered). */
  gapHours?: number;
  /** Records per log file. */
  recordsPerLog?: number;
  start?: Date;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const ymd = (d: Date) => `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
const stamp = (d: Date) =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** validate-logs' string to sign, signed SHA256withRSA (PKCS#1 v1.5); hex. */
export function signDigest(text: string, document: Record<string, unknown>, key: SigningKey): string {
  const toSign = [
    document['digestEndTime'],
    `${String(document['digestS3Bucket'])}/${String(document['digestS3Object'])}`,
    sha256(text),
    document['previousDigestSignature'] ?? 'null',
  ].join('\n');
  return sign('sha256', Buffer.from(toSign, 'utf8'), key.privateKey).toString('hex');
}

let recordNumber = 0;

export function makeTrail(options: TrailOptions): TrailFixture {
  const bucket = options.bucket ?? 'trail-bucket';
  const prefix = options.prefix ?? '';
  const account = options.account ?? '111122223333';
  const region = options.region ?? 'us-east-2';
  const trail = options.trail ?? 'main_trail';
  const chainStarts = new Set(options.chainStarts ?? []);
  const logs: TrailObject[] = [];
  const digests: DigestObject[] = [];
  let windowStart = options.start ?? new Date(Date.UTC(2025, 0, 6, 13, 36, 49));
  let previous: DigestObject | null = null;
  for (const [index, count] of options.logsPerDigest.entries()) {
    if (index > 0 && chainStarts.has(index)) {
      previous = null;
      windowStart = new Date(windowStart.getTime() + (options.gapHours ?? 3) * 3_600_000);
    }
    const windowEnd = new Date(windowStart.getTime() + 3_600_000);
    const listed: Record<string, unknown>[] = [];
    for (let j = 0; j < count; j++) {
      const named = new Date(Math.floor(windowStart.getTime() / 300_000) * 300_000 + (j % 11) * 300_000);
      const random = randomBytes(12).toString('base64url').slice(0, 16);
      const key = `${prefix}AWSLogs/${account}/CloudTrail/${region}/${ymd(named)}/${account}_CloudTrail_${region}_${stamp(named)}Z_${random}.json.gz`;
      const records = Array.from({ length: options.recordsPerLog ?? 2 }, () =>
        cloudtrailRecord(++recordNumber, account, {
          awsRegion: region,
          eventTime: iso(new Date(named.getTime() - 60_000)),
        }),
      );
      const text = JSON.stringify({ Records: records });
      logs.push({ key, text });
      listed.push({
        s3Bucket: bucket,
        s3Object: key,
        hashValue: sha256(text),
        hashAlgorithm: 'SHA-256',
        newestEventTime: iso(new Date(named.getTime() - 60_000)),
        oldestEventTime: iso(new Date(named.getTime() - 60_000)),
      });
    }
    const key = `${prefix}AWSLogs/${account}/CloudTrail-Digest/${region}/${ymd(windowEnd)}/${account}_CloudTrail-Digest_${region}_${trail}_${region}_${stamp(windowEnd)}${pad(windowEnd.getUTCSeconds())}Z.json.gz`;
    const document: Record<string, unknown> = {
      awsAccountId: account,
      digestStartTime: iso(windowStart),
      digestEndTime: iso(windowEnd),
      digestS3Bucket: bucket,
      digestS3Object: key,
      digestPublicKeyFingerprint: options.signer.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: listed.length ? listed.at(-1)?.['newestEventTime'] : null,
      oldestEventTime: listed.length ? listed[0]?.['oldestEventTime'] : null,
      previousDigestS3Bucket: previous ? bucket : null,
      previousDigestS3Object: previous ? previous.key : null,
      previousDigestHashValue: previous ? sha256(previous.text) : null,
      previousDigestHashAlgorithm: previous ? 'SHA-256' : null,
      previousDigestSignature: previous ? previous.signature : null,
      logFiles: listed,
    };
    const text = JSON.stringify(document);
    const digest = { key, text, document, signature: signDigest(text, document, options.signer) };
    digests.push(digest);
    previous = digest;
    windowStart = windowEnd;
  }
  return { bucket, logs, digests };
}

/** A local copy as `aws s3 sync s3://bucket/ dir` makes it: the same key layout, gzipped, no metadata. */
export async function writeLocalCopy(dir: string, fixture: TrailFixture): Promise<void> {
  for (const object of [...fixture.logs, ...fixture.digests]) {
    const path = join(dir, ...object.key.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, gz(object.text));
  }
}

/** The S3 objects CloudTrail would have delivered: digests carry their signature in user metadata. */
export function s3Objects(fixture: TrailFixture): { key: string; body: Buffer; metadata?: Record<string, string> }[] {
  return [
    ...fixture.logs.map((log) => ({ key: log.key, body: gz(log.text) })),
    ...fixture.digests.map((digest) => ({
      key: digest.key,
      body: gz(digest.text),
      metadata: { signature: digest.signature, 'signature-algorithm': 'SHA256withRSA' },
    })),
  ];
}
