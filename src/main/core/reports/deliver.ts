// Delivers a package to an auditor's bucket with what they handed over: an S3 presigned PUT URL, or an S3 POST policy
// (`{url, fields}`: a browser-style form upload, the file last). One request, no retry, no redirect followed. The
// URL's query (its signature) and the policy's fields are credentials: no message repeats them.
import { createReadStream, openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { FormData, request } from 'undici';
import { AppError } from '../errors';

export type DeliveryTarget = { presignedUrl: string } | { postPolicy: PostPolicy };

export interface PostPolicy {
  url: string;
  fields: Record<string, string>;
}

export interface DeliveryResult {
  method: 'PUT' | 'POST';
  /** Where it went, without the query: scheme, host and path. */
  destination: string;
  status: number;
  etag: string | null;
  bytes: number;
}

const TIMEOUT_MS = 5 * 60_000;
const MAX_ERROR_BODY = 4096;

/** A POST policy file's JSON, checked: `{ "url": "https://…", "fields": { "key": "…", … } }`. */
export function parsePostPolicy(text: string, file: string): PostPolicy {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError('USAGE', `--post-policy ${file} is not JSON: ${(error as Error).message}`);
  }
  const v = value as { url?: unknown; fields?: unknown } | null;
  const fields = v?.fields;
  if (
    typeof v?.url !== 'string' ||
    typeof fields !== 'object' ||
    fields === null ||
    Array.isArray(fields) ||
    !Object.values(fields).every((f) => typeof f === 'string')
  )
    throw new AppError('USAGE', `--post-policy ${file} must be {"url": "...", "fields": {"name": "value", ...}}.`);
  return { url: v.url, fields: fields as Record<string, string> };
}

export async function deliverPackage(
  path: string,
  target: DeliveryTarget,
  options: { signal?: AbortSignal } = {},
): Promise<DeliveryResult> {
  const info = await stat(path).catch((error: Error) => {
    throw new AppError('USAGE', `Cannot read ${path}: ${error.message}`);
  });
  if (!info.isFile()) throw new AppError('USAGE', `${path} is not a file.`);
  const post = 'postPolicy' in target;
  const url = urlOf(post ? target.postPolicy.url : target.presignedUrl);
  const destination = `${url.protocol}//${url.host}${url.pathname}`;
  let form: FormData | null = null;
  if (post) {
    form = new FormData();
    for (const [name, value] of Object.entries(target.postPolicy.fields)) form.append(name, value);
    // S3 takes every field before the file and ignores any after it.
    form.append('file', await openAsBlob(path), basename(path));
  }
  let response;
  try {
    response = await request(url, {
      method: post ? 'POST' : 'PUT',
      body: form ?? createReadStream(path),
      headers: post ? {} : { 'content-length': String(info.size) },
      signal: options.signal,
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
  } catch (error) {
    if (options.signal?.aborted) throw new AppError('CANCELLED', 'The delivery was cancelled.');
    throw new AppError('IO', `Cannot deliver to ${destination}: ${(error as Error).message}`);
  }
  if (response.statusCode < 200 || response.statusCode > 299) {
    const text = await readSome(response.body);
    const code = /<Code>([^<]{0,100})<\/Code>/.exec(text)?.[1];
    const message = /<Message>([^<]{0,300})<\/Message>/.exec(text)?.[1];
    throw new AppError(
      response.statusCode === 403 ? 'AUTH' : 'IO',
      `${destination} refused the package: HTTP ${response.statusCode}` +
        (code ? ` ${code}` : '') +
        (message ? `: ${message}` : '') +
        (response.statusCode === 403 ? ' (an expired or wrong URL or policy?)' : ''),
    );
  }
  await response.body.dump();
  const etag = response.headers['etag'];
  return {
    method: post ? 'POST' : 'PUT',
    destination,
    status: response.statusCode,
    etag: typeof etag === 'string' ? etag : null,
    bytes: info.size,
  };
}

function urlOf(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('USAGE', 'The delivery URL is not a URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('USAGE', `The delivery URL must be https:// (or http://), not ${url.protocol}.`);
  return url;
}

async function readSome(body: AsyncIterable<Buffer | Uint8Array> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(Buffer.from(chunk));
    size += chunk.length;
    if (size >= MAX_ERROR_BODY) break;
  }
  body.destroy();
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY);
}
