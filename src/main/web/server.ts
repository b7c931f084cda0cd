// `trailscope serve`: the contract over loopback HTTP for a browser (a remote VM through an SSH tunnel, and the
// end-to-end tests). Binds 127.0.0.1 only; a random 256-bit token, compared in constant time, is required on every
// request — the printed URL carries it once, then it lives in an HttpOnly SameSite=Strict cookie named after the
// port and the address bar is cleaned by a redirect. Host and Origin are checked (DNS rebinding, cross-site); no CORS
// headers at all. Every answer is a Result encoded before its headers are written, so a failure is still a clean 500.
// A job asked for as a download writes into the bridge's private folder and is fetched once from /api/download/<id>;
// a package to verify is uploaded to /api/upload first; both behind the same token (bridge-files.ts).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dispatch } from '../core/bridge/dispatch';
import type { Engine } from '../core/engine';
import { readRendererFile, RENDERER_HEADERS } from '../core/renderer-files';
import { MAX_PACKAGE_BYTES } from '../core/reports/verify-package';
import { attachmentHeader, BridgeFiles, DOWNLOAD_ROUTE, UPLOAD_ROUTE } from './bridge-files';

export interface WebBridgeOptions {
  engine: Engine;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (out/renderer); null serves the API only. */
  rendererDir: string | null;
}

export interface WebBridge {
  /** `http://127.0.0.1:<port>/?token=<token>`: the one URL that lets a browser in. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The token cookie's name. A browser sends 127.0.0.1's cookies to every port on it: one name per port keeps two
 * `serve`s from replacing each other's cookie (and no bridge ever reads another's).
 */
export function tokenCookieName(port: number): string {
  return `trailscope_${port}`;
}
const MAX_BODY_BYTES = 1024 * 1024;
/** An oversized body is read and dropped up to this much, so the client gets its 413; beyond it, the socket is cut. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

export async function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const token = randomBytes(32).toString('hex');
  const tokenBytes = Buffer.from(token);
  const streams = new Set<ServerResponse>();
  const files = new BridgeFiles();
  let port = 0;

  const validToken = (candidate: string | undefined): boolean => {
    if (candidate === undefined) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const server = createServer((req, res) => {
    // The renderer's headers (CSP, nosniff, no-referrer, no framing) on every answer, API and refusals included.
    for (const [name, value] of Object.entries(RENDERER_HEADERS)) res.setHeader(name, value);
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, internal(error));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends its own Host.
    if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 421, error('FORBIDDEN', 'Wrong Host header.'));
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin))
      return send(res, 403, error('FORBIDDEN', 'Requests from another origin are refused.'));
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    // The printed URL: trade the token in the query for a cookie, and send the browser to a URL without it.
    const queryToken = url.searchParams.get('token') ?? undefined;
    if (req.method === 'GET' && url.pathname === '/' && validToken(queryToken)) {
      res.setHeader('set-cookie', `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      res.writeHead(303, { location: '/' });
      res.end();
      return;
    }
    if (!validToken(bearer(req) ?? cookie(req, tokenCookieName(port)))) {
      return send(
        res,
        401,
        error('UNAUTHORIZED', 'Open the URL `trailscope serve` printed (it carries the access token).'),
      );
    }

    if (url.pathname === '/api/health' && req.method === 'GET')
      return send(res, 200, { ok: true, value: { status: 'ok' } });
    if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(res);
    if (url.pathname.startsWith(DOWNLOAD_ROUTE)) {
      if (req.method !== 'GET') return send(res, 405, error('INVALID_REQUEST', 'Downloads are GET requests.'));
      return serveDownload(url.pathname.slice(DOWNLOAD_ROUTE.length), res);
    }
    if (url.pathname === UPLOAD_ROUTE) {
      if (req.method !== 'POST') return send(res, 405, error('INVALID_REQUEST', 'Uploads are POST requests.'));
      return receiveUpload(req, res);
    }
    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') return send(res, 405, error('INVALID_REQUEST', 'Calls are POST requests.'));
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return send(res, 415, error('INVALID_REQUEST', 'Calls carry application/json.'));
      }
      const body = await readBody(req);
      if (body === null)
        return send(res, 413, error('INVALID_REQUEST', `A call body may hold at most ${MAX_BODY_BYTES} bytes.`));
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8') || '{}');
      } catch {
        return send(res, 400, error('INVALID_REQUEST', 'The call body is not JSON.'));
      }
      // A client that closes the request before the answer (the renderer aborts a superseded panel query) withdraws it.
      const withdrawn = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) withdrawn.abort();
      });
      const channel = decodedOrNull(url.pathname.slice('/api/call/'.length));
      if (channel === null)
        return send(res, 400, error('INVALID_REQUEST', 'The channel in the URL is not valid %-encoding.'));
      // A writing job asked for as a download, or a package to verify that was uploaded: the bridge names the file
      // (the page never names a path for either).
      const prepared = await files.prepare(channel, payload);
      const result = await dispatch(
        options.engine.handlers,
        channel,
        prepared ? prepared.request : payload,
        withdrawn.signal,
      );
      if (prepared) await files.settle(prepared, result.ok);
      if (withdrawn.signal.aborted) return;
      return send(res, result.ok ? 200 : statusOf(result.error.code), result);
    }
    if (url.pathname.startsWith('/api/')) return send(res, 404, error('INVALID_REQUEST', 'No such API route.'));
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, error('INVALID_REQUEST', 'Only GET and HEAD here.'));
    return serveStatic(url.pathname, req.method, res);
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = options.engine.onPush((event) => {
      // A job event is plain data; one that cannot be encoded is dropped rather than cutting the stream.
      const json = encoded(files.present(event));
      if ('text' in json) res.write(`event: job\ndata: ${json.text}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  }

  /** Sends a finished download once, as an attachment, then removes it; 404 for one unknown, gone or unfinished. */
  async function serveDownload(id: string, res: ServerResponse): Promise<void> {
    const download = files.find(id);
    const file = download ? await stat(download.path).catch(() => null) : null;
    if (!download || !file?.isFile())
      return send(res, 404, error('INVALID_REQUEST', 'No such download: it was fetched already, or is not finished.'));
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': file.size,
      'content-disposition': attachmentHeader(download.name),
      'cache-control': 'no-store',
    });
    const stream = createReadStream(download.path);
    stream.on('error', () => res.destroy());
    // Sent whole: gone from the server. Cut off: kept, so the browser can try again.
    res.on('finish', () => void files.remove(download));
    stream.pipe(res);
  }

  /** Keeps a file's bytes (a package to verify) for one packages.verify call; answers with its id. */
  async function receiveUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const tooLarge = () =>
      send(res, 413, error('INVALID_REQUEST', `An upload may hold at most ${MAX_PACKAGE_BYTES} bytes.`));
    if (Number(req.headers['content-length'] ?? 0) > MAX_PACKAGE_BYTES) {
      res.setHeader('connection', 'close');
      return tooLarge();
    }
    const id = await files.upload(req, MAX_PACKAGE_BYTES);
    if (id === null) return tooLarge();
    return send(res, 200, { ok: true, value: { upload: id } });
  }

  async function serveStatic(pathname: string, method: string, res: ServerResponse): Promise<void> {
    if (!options.rendererDir)
      return send(res, 404, error('INVALID_REQUEST', 'This bridge serves the API only (no renderer build).'));
    const answer = await readRendererFile(options.rendererDir, pathname, method);
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body); // node sends no body for HEAD
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    close: async () => {
      await new Promise<void>((resolveClose) => {
        for (const stream of streams) stream.end();
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
      await files.close();
    },
  };
}

function error(code: string, message: string) {
  return { ok: false, error: { code, message } };
}

function internal(cause: unknown) {
  return error('INTERNAL', cause instanceof Error ? cause.message : String(cause));
}

/** JSON text of `value`, or the reason it has none (a cycle, a BigInt, nesting deeper than the stack). */
function encoded(value: unknown): { text: string } | { failure: string } {
  try {
    return { text: JSON.stringify(value) };
  } catch (cause) {
    return { failure: cause instanceof Error ? cause.message : String(cause) };
  }
}

/** Encodes first, then writes the headers: a body that cannot be encoded becomes a 500 with a Result, not a cut reply. */
function send(res: ServerResponse, status: number, body: unknown): void {
  const json = encoded(body);
  const [code, text] =
    'text' in json
      ? [status, json.text]
      : [500, JSON.stringify(error('INTERNAL', `The answer could not be encoded as JSON (${json.failure}).`))];
  res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(text);
}

function decodedOrNull(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function statusOf(code: string): number {
  if (code === 'INVALID_REQUEST' || code === 'USAGE') return 400;
  if (code === 'INTERNAL') return 500;
  return 422;
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/**
 * The body, or null when it is over the cap. The rest of an oversized body is read and dropped, so that the client,
 * still sending, gets the 413 rather than a reset; a body past MAX_DRAIN_BYTES is cut off.
 */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN_BYTES) req.destroy();
      else if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => resolveBody(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
