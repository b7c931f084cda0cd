// A real S3-speaking peer for tests and benches: s3rver in its own child process on 127.0.0.1, a temp data dir,
// a free port, ready when it says it listens. Plus the few client calls tests need (buckets, uploads of Buffers
// with user metadata). s3rver accepts only the access key id S3RVER and never checks SigV4 signatures. Optionally
// a counting proxy in front records every request (method + path) a client made, e.g. to prove nothing was fetched.
import { spawn } from 'node:child_process';
import { createServer, request as httpRequest, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

export interface S3rverPeer {
  endpoint: string;
  dir: string;
  /** Requests seen so far, with `recordRequests`; empty otherwise. */
  requests: PeerRequest[];
  /**
   * With `recordRequests`: objects (`bucket/key`) whose GET the proxy answers with this many bytes more than the
   * object holds (spaces after it, chunked, no Content-Length) — an object larger than its listing said.
   */
  paddedGets: Map<string, number>;
  close(): Promise<void>;
}

export interface PeerRequest {
  method: string;
  /** Path and query, decoded. */
  path: string;
}

export interface S3rverOptions {
  /** Put a counting proxy in front of the server (endpoint = the proxy). */
  recordRequests?: boolean;
}

/** The only key pair s3rver knows. */
export const S3RVER_KEY = 'S3RVER';
export const S3RVER_REGION = 'us-east-1';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const S3RVER_BIN = join(REPO_ROOT, 'node_modules', 's3rver', 'bin', 's3rver.js');
const READY = /S3rver listening on [^:]+:(\d+)/;
const START_TIMEOUT_MS = 30_000;

export async function startS3rver(options: S3rverOptions = {}): Promise<S3rverPeer> {
  const dir = await mkdtemp(join(tmpdir(), 'trailscope-s3rver-'));
  // Without the legacy provider, ListObjectsV2 continuation tokens (DES) fail on Node 20's OpenSSL 3: HTTP 500.
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', S3RVER_BIN, '--directory', dir, '--address', '127.0.0.1', '--port', '0', '--silent'],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  // A test process that dies on an uncaught error must not leave the server running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const close = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(
        () => reject(new Error(`s3rver did not start within ${START_TIMEOUT_MS / 1000} s.\n${stderr}`)),
        START_TIMEOUT_MS,
      );
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        stdout += s;
        const match = READY.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        reject(new Error(`s3rver exited with ${code} before it was ready.\n${stderr}`));
      });
    });
    const paddedGets = new Map<string, number>();
    if (!options.recordRequests) return { endpoint: `http://127.0.0.1:${port}`, dir, requests: [], paddedGets, close };
    const proxy = await startRecordingProxy(port, paddedGets);
    return {
      endpoint: proxy.endpoint,
      dir,
      requests: proxy.requests,
      paddedGets,
      close: async () => {
        await proxy.close();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A client for arranging test data (not the one under test). */
export function peerClient(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: S3RVER_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
    // s3rver would store the SDK's aws-chunked checksum stream verbatim instead of the bytes.
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}

export async function createBucket(client: S3Client, bucket: string): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
}

export interface PutOptions {
  /** User metadata, without the `x-amz-meta-` prefix. */
  metadata?: Record<string, string>;
}

export async function putObject(
  client: S3Client,
  bucket: string,
  key: string,
  body: Buffer | string,
  options: PutOptions = {},
): Promise<void> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: bytes,
      ContentLength: bytes.length,
      Metadata: options.metadata,
    }),
  );
}

/** Uploads many objects, a few at a time. */
export async function putObjects(
  client: S3Client,
  bucket: string,
  objects: { key: string; body: Buffer | string }[],
  parallel = 16,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < objects.length) {
      const object = objects[next++];
      if (object) await putObject(client, bucket, object.key, object.body);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

async function startRecordingProxy(
  port: number,
  paddedGets: Map<string, number>,
): Promise<{ endpoint: string; requests: PeerRequest[]; close(): Promise<void> }> {
  const requests: PeerRequest[] = [];
  const agent = new Agent({ keepAlive: true });
  const server = createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? '');
    requests.push({ method: req.method ?? '', path });
    const padding = req.method === 'GET' ? paddedGets.get(path.split('?')[0]?.slice(1) ?? '') : undefined;
    const upstream = httpRequest(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        if (padding === undefined || answer.statusCode !== 200) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const { 'content-length': _length, ...headers } = answer.headers;
        res.on('error', () => undefined);
        res.writeHead(200, headers);
        answer.pipe(res, { end: false });
        answer.on('end', () => res.end(Buffer.alloc(padding, 0x20)));
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: proxyPort } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${proxyPort}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
