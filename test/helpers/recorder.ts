// A listener on 127.0.0.1 that records every request it gets, headers and all, and answers each the same way (a
// 401, or a redirect): where a test must show that a secret was NOT sent somewhere, this is the somewhere.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface Recorder {
  /** http://127.0.0.1:<port> */
  url: string;
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}

/** `redirectTo`: answer every request with a 302 there instead of a 401. */
export async function startRecorder(options: { redirectTo?: string } = {}): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    if (options.redirectTo) res.writeHead(302, { location: `${options.redirectTo}${req.url ?? '/'}` }).end();
    else res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"recorded"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
