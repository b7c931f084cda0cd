// The peer's HTTP server (node:http, 127.0.0.1 only): matches a route, counts data requests for the fault plan,
// checks the token, runs the route and sends its reply — or the fault's version of it — and logs every request.
// The token is compared, never logged: the log keeps the Authorization scheme only.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan } from './faults';
import { errorReply, jsonReply, type Reply } from './reply';
import { isBadRequest, ROUTES, STORE_SPECS, type Route } from './routes';
import { RecordStore } from './store';
import {
  PEER_PRESETS,
  type AuditApiPeer,
  type Fault,
  type PeerOptions,
  type PeerPreset,
  type PeerRequest,
} from './types';

const MAX_BODY = 1024 * 1024;

export async function startAuditApiPeer(options: PeerOptions): Promise<AuditApiPeer> {
  if (!options.token) throw new Error('the audit-API peer needs a token');
  const stores = Object.fromEntries(PEER_PRESETS.map((p) => [p, new RecordStore(p, STORE_SPECS[p])])) as Record<
    PeerPreset,
    RecordStore
  >;
  for (const preset of PEER_PRESETS) {
    const records = options.records[preset];
    if (records) stores[preset].add(records);
  }
  const faults = new FaultPlan(options.faults ?? []);
  const requests: PeerRequest[] = [];
  /** Per preset, the last page sent: what a `repeat` fault sends again. */
  const lastPages = new Map<PeerPreset, Reply>();
  const timers = new Set<NodeJS.Timeout>();
  let base = '';

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  function serve(route: Route, req: IncomingMessage, url: URL, params: string[], body: string): Reply {
    if (!authorized(req.headers.authorization, route.schemes, options.token))
      return errorReply(route.preset, 401, 'unauthorized');
    try {
      const reply = route.handle({ url, base, params, body, store: stores[route.preset] });
      if (reply.status === 200) lastPages.set(route.preset, reply);
      return reply;
    } catch (error) {
      if (isBadRequest(error)) return errorReply(route.preset, 400, 'bad-request', error.message);
      console.error('audit-API peer: route failed', error);
      return errorReply(route.preset, 500, 'server');
    }
  }

  function faulted(fault: Fault, route: Route, serveNormally: () => Reply): Reply {
    const seconds = fault.retryAfterSeconds ?? 1;
    switch (fault.kind) {
      case '429': {
        const reply = errorReply(route.preset, 429, 'rate-limited');
        reply.headers['retry-after'] = String(seconds);
        return reply;
      }
      case '403-rate-limit': {
        const reply = errorReply(route.preset, 403, 'rate-limited');
        Object.assign(reply.headers, {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + seconds),
          'x-ratelimit-resource': 'core',
        });
        return reply;
      }
      case '500':
      case '502':
      case '503':
        return errorReply(route.preset, Number(fault.kind), 'server');
      case 'expired-token':
        return errorReply(route.preset, 401, 'unauthorized');
      case 'repeat':
        return lastPages.get(route.preset) ?? serveNormally();
      default:
        return serveNormally();
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const entry = { method, url: target, authScheme: schemeOf(req.headers.authorization) };
    const log = (status: number | 'reset') => requests.push({ ...entry, status });
    const url = target.startsWith('/') ? parseUrl(base + target) : null;
    const found = url ? match(url.pathname) : null;
    if (!url || !found || found.route.method !== method) {
      const status = found ? 405 : 404;
      log(status);
      send(res, jsonReply(status, { error: status === 405 ? 'method_not_allowed' : 'not_found' }));
      return;
    }
    const { route, params } = found;
    const fault = faults.next();
    const body = method === 'POST' ? await readBody(req) : '';
    if (body === null) {
      log(400);
      send(res, errorReply(route.preset, 400, 'bad-request', 'the body is too large or was cut off'));
      return;
    }
    if (fault?.kind === 'reset') {
      log('reset');
      req.socket.resetAndDestroy();
      return;
    }
    if (fault?.kind === 'slow') await delay(fault.delayMs ?? 1000);
    const normally = () => serve(route, req, url, params, body);
    const reply = fault ? faulted(fault, route, normally) : normally();
    log(reply.status);
    if (fault?.kind === 'truncated') sendTruncated(res, reply);
    else if (fault?.kind === 'oversized') sendOversized(res, reply, fault.sizeBytes ?? 65 * 1024 * 1024);
    else send(res, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('audit-API peer: request failed', error);
      res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    setFaults: (next) => faults.replace(next),
    addRecords: (preset, records) => stores[preset].add(records),
  };
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function match(pathname: string): { route: Route; params: string[] } | null {
  for (const route of ROUTES) {
    const m = route.pattern.exec(pathname);
    if (m) return { route, params: m.slice(1) };
  }
  return null;
}

/** The scheme word only; a header without a space is all credential, so nothing of it is kept. */
function schemeOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const space = header.indexOf(' ');
  return space > 0 ? header.slice(0, space) : '';
}

function authorized(header: string | undefined, schemes: string[], token: string): boolean {
  const m = header ? /^(\S+) +(\S+)\s*$/.exec(header) : null;
  return !!m && schemes.includes((m[1] ?? '').toLowerCase()) && m[2] === token;
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) return null;
      chunks.push(chunk);
    }
  } catch {
    return null;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function headersOf(reply: Reply): Record<string, string | string[] | number> {
  return { ...reply.headers, 'content-type': 'application/json; charset=utf-8', 'content-length': reply.body.length };
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, headersOf(reply));
  res.end(reply.body);
}

/** Full Content-Length, half the body, then the connection drops: the client must notice the short read. */
function sendTruncated(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, headersOf(reply));
  res.write(reply.body.subarray(0, Math.floor(reply.body.length / 2)), () => res.socket?.destroy());
}

/**
 * The reply padded with trailing whitespace (still valid JSON) to `size` bytes, chunked with no Content-Length:
 * the client must count what it reads. It may hang up midway; that is what it should do.
 */
function sendOversized(res: ServerResponse, reply: Reply, size: number): void {
  res.on('error', () => undefined);
  res.writeHead(reply.status, { ...reply.headers, 'content-type': 'application/json; charset=utf-8' });
  res.write(reply.body);
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  let left = size - reply.body.length;
  const more = (): void => {
    while (left > 0 && !res.destroyed) {
      const piece = chunk.subarray(0, Math.min(left, chunk.length));
      left -= piece.length;
      if (!res.write(piece)) {
        res.once('drain', more);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  more();
}
