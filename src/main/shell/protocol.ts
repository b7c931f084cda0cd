// Serves the built renderer on app://trailscope instead of file:// (SECURITY.md): a real origin for CSP 'self',
// no access to the rest of the disk through relative URLs, and the CSP sent as a header. Which file a URL names is
// decided by resolveAppPath (app-protocol.ts, unit-tested); this file only talks to electron.
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_CSP, APP_SCHEME, contentTypeOf, resolveAppPath } from './app-protocol';

/** Must run before app 'ready': a standard, secure scheme (own origin, secure context) with fetch; no CSP bypass. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

const HEADERS = {
  'content-security-policy': APP_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** After 'ready': answers app:// requests from `rendererDir` (out/renderer, inside the asar when packaged). */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers: HEADERS });
    const file = resolveAppPath(rendererDir, request.url);
    if (file === null) return new Response('Not found', { status: 404, headers: HEADERS });
    try {
      // Electron's fs reads inside the asar archive too.
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: { ...HEADERS, 'content-type': contentTypeOf(file) } });
    } catch {
      return new Response('Not found', { status: 404, headers: HEADERS });
    }
  });
}
