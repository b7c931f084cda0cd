// Delivering a package to an auditor's bucket on a real S3 peer (s3rver): with a presigned PUT URL and with a POST
// policy (url + fields), each made by the AWS SDK's own presigners as an auditor would; the object read back is the
// package byte for byte. A refused upload names the destination without the URL's signature.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverPackage, parsePostPolicy } from '../../src/main/core/reports/deliver';
import { createBucket, peerClient, startS3rver, type S3rverPeer } from '../peers/s3rver';
import { tempDir } from '../helpers/temp';

let peer: S3rverPeer;
const BUCKET = 'auditor';

beforeAll(async () => {
  peer = await startS3rver();
  await createBucket(peerClient(peer.endpoint), BUCKET);
}, 60_000);
afterAll(async () => peer?.close());

async function aPackage(): Promise<{ path: string; bytes: Buffer }> {
  const path = join(await tempDir(), 'evidence.zip');
  const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
  await writeFile(path, bytes);
  return { path, bytes };
}

async function stored(key: string): Promise<Buffer> {
  const object = await peerClient(peer.endpoint).send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
}

describe('deliverPackage', () => {
  it('uploads with a presigned PUT URL', async () => {
    const { path, bytes } = await aPackage();
    const url = await getSignedUrl(
      peerClient(peer.endpoint),
      new PutObjectCommand({ Bucket: BUCKET, Key: 'cases/put.zip' }),
      { expiresIn: 600 },
    );
    const result = await deliverPackage(path, { presignedUrl: url });
    expect(result).toMatchObject({ method: 'PUT', status: 200, bytes: bytes.length });
    expect(result.destination).toBe(`${peer.endpoint}/${BUCKET}/cases/put.zip`);
    expect(await stored('cases/put.zip')).toEqual(bytes);
  });

  it('uploads with a POST policy file', async () => {
    const { path, bytes } = await aPackage();
    const { url, fields } = await createPresignedPost(peerClient(peer.endpoint), {
      Bucket: BUCKET,
      Key: 'cases/post.zip',
      Expires: 600,
    });
    const policy = parsePostPolicy(JSON.stringify({ url, fields }), 'policy.json');
    const result = await deliverPackage(path, { postPolicy: policy });
    expect(result.method).toBe('POST');
    expect(result.status).toBeGreaterThanOrEqual(200);
    expect(result.status).toBeLessThan(300);
    expect(await stored('cases/post.zip')).toEqual(bytes);
  });

  it('reports a refused upload by its destination, never the signature in the URL', async () => {
    const { path } = await aPackage();
    const url = `${peer.endpoint}/no-such-bucket/x.zip?X-Amz-Signature=secretsecret`;
    const error = await deliverPackage(path, { presignedUrl: url }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(`${peer.endpoint}/no-such-bucket/x.zip refused the package: HTTP 404`);
    expect((error as Error).message).not.toContain('secretsecret');
  });

  it('refuses a policy file that is not {url, fields}', () => {
    expect(() => parsePostPolicy('{"url": 1}', 'p.json')).toThrow(/must be \{"url"/);
    expect(() => parsePostPolicy('nope', 'p.json')).toThrow(/is not JSON/);
  });
});
