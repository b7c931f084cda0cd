// Requests of an S3 source are SigV4-signed with the credentials its settings choose (explicit keys, a named
// profile, the default chain), and the secret key never travels. s3rver never checks signatures, so a local HTTP
// server captures what goes on the wire and the test recomputes the signature itself.
import { createHash, createHmac } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { S3SourceSettings } from '@shared/domain/sources';
import { EnvSecretStore } from '../../../../../../src/main/core/secrets';
import { createS3Client } from '../../../../../../src/main/core/sources/s3/s3-client';
import { tempDir } from '../../../../../helpers/temp';

interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

const EMPTY_LISTING = `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>audit-logs</Name><Prefix>cloudtrail/</Prefix>
<KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>`;

let server: Server;
let endpoint: string;
const captured: Captured[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    captured.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/xml' }).end(EMPTY_LISTING));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterEach(() => {
  captured.length = 0;
  vi.unstubAllEnvs();
});

function settings(overrides: Partial<S3SourceSettings> = {}): S3SourceSettings {
  return {
    bucket: 'audit-logs',
    prefix: 'cloudtrail/',
    region: 'eu-central-1',
    endpoint,
    pathStyle: true,
    format: 'auto',
    profile: null,
    accessKeyIdRef: null,
    secretAccessKeyRef: null,
    concurrency: 4,
    ...overrides,
  };
}

/** Lists once with a client made from these settings and returns the request that reached the server. */
async function listOnce(s3: S3SourceSettings, secrets = new EnvSecretStore({})): Promise<Captured> {
  const client = await createS3Client(s3, secrets);
  try {
    await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: s3.prefix }));
  } finally {
    client.destroy();
  }
  const [request] = captured;
  if (!request || captured.length !== 1) throw new Error(`expected one request, got ${captured.length}`);
  return request;
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const rfc3986 = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The SigV4 signature of a received request, computed from scratch (AWS "Signature Version 4 signing process"). */
function expectedSignature(request: Captured, secretAccessKey: string, region: string): string {
  const authorization = String(request.headers['authorization']);
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1] ?? '';
  const [path = '', query = ''] = request.url.split('?');
  const canonicalQuery = query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [key = '', value = ''] = pair.split('=');
      return [rfc3986(decodeURIComponent(key)), rfc3986(decodeURIComponent(value))];
    })
    .sort(([a = ''], [b = '']) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const canonicalHeaders = signedHeaders
    .split(';')
    .map((name) => `${name}:${String(request.headers[name]).trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const payloadHash = String(request.headers['x-amz-content-sha256']);
  const canonicalRequest = [request.method, path, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join(
    '\n',
  );
  const amzDate = String(request.headers['x-amz-date']);
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), 's3'), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

function expectSignedBy(request: Captured, accessKeyId: string, secretAccessKey: string, region: string): void {
  const authorization = String(request.headers['authorization']);
  const day = String(request.headers['x-amz-date']).slice(0, 8);
  expect(authorization).toMatch(
    new RegExp(
      `^AWS4-HMAC-SHA256 Credential=${accessKeyId}/${day}/${region}/s3/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$`,
    ),
  );
  expect(/Signature=([0-9a-f]{64})/.exec(authorization)?.[1]).toBe(expectedSignature(request, secretAccessKey, region));
  expect(JSON.stringify(request.headers)).not.toContain(secretAccessKey);
}

it('signs with the explicit keys the secret store holds', async () => {
  const secrets = new EnvSecretStore({
    AUDIT_KEY_ID: 'AKIAEXPLICITKEY00001',
    AUDIT_SECRET: 'explicit/Secret+Key0000000000000000000001',
  });

  const request = await listOnce(
    settings({ accessKeyIdRef: 'AUDIT_KEY_ID', secretAccessKeyRef: 'AUDIT_SECRET' }),
    secrets,
  );

  expect(request.method).toBe('GET');
  expect(request.url).toMatch(/^\/audit-logs\/?\?/);
  expectSignedBy(request, 'AKIAEXPLICITKEY00001', 'explicit/Secret+Key0000000000000000000001', 'eu-central-1');
});

it('signs with the default chain: environment variables', async () => {
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAFROMENVIRONMENT1');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'environmentSecretKey000000000000000000001');

  const request = await listOnce(settings({ region: 'us-west-2' }));

  expectSignedBy(request, 'AKIAFROMENVIRONMENT1', 'environmentSecretKey000000000000000000001', 'us-west-2');
});

it('signs with a named profile from the shared credentials file, ahead of environment keys', async () => {
  const dir = await tempDir();
  await writeFile(
    join(dir, 'credentials'),
    '[default]\naws_access_key_id = AKIADEFAULTPROFILE01\naws_secret_access_key = defaultSecret\n\n[auditor]\naws_access_key_id = AKIAAUDITORPROFILE01\naws_secret_access_key = auditorProfileSecret00000000000000000001\n',
  );
  await writeFile(join(dir, 'config'), '');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'credentials'));
  vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'config'));
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAFROMENVIRONMENT1');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'environmentSecretKey000000000000000000001');

  const request = await listOnce(settings({ profile: 'auditor' }));

  expectSignedBy(request, 'AKIAAUDITORPROFILE01', 'auditorProfileSecret00000000000000000001', 'eu-central-1');
});
