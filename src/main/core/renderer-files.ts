// The one static server for the built renderer, behind both faces: the app's app:// protocol handler
// (shell/protocol.ts) and the web bridge (web/server.ts) each turn its answer into their own response type. It owns
// the content types, the CSP and the security headers, and which file a URL path may name. Plain Node: no electron.
import { promises as fs } from 'node:fs';
import { resolve, sep } from 'node:path';

/**
 * The one CSP, sent as a header by both faces (unlike index.html's meta tag, a header also carries frame-ancestors).
 * No inline or foreign script, no plugins, no <base>, no form posts, no frames. connect-src 'self' is what the web
 * bridge's fetch and event stream need; the app talks over IPC and makes no request of its own.
 */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; frame-ancestors 'none'";

/** Sent on every response of either face, files and refusals alike. */
export const RENDERER_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': RENDERER_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  json: 'application/json',
};

export function contentTypeOf(path: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

/**
 * The absolute path under `rendererDir` that a URL path names (still %-encoded, as `URL.pathname` gives it), or null
 * when it would leave the folder: `..` (plain or encoded), backslashes, NUL, a malformed escape. `/` names index.html;
 * nothing else falls back to it. Lexical only: `readRendererFile` also refuses a symlink that leads outside.
 */
export function rendererPathOf(rendererDir: string, urlPathname: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(urlPathname);
  } catch {
    return null; // malformed %-escape
  }
  // A backslash is a separator on Windows and NUL truncates paths in some APIs: neither belongs in a renderer asset.
  if (pathname.includes('\\') || pathname.includes('\0')) return null;
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  if (relative.split('/').includes('..')) return null;
  const root = resolve(rendererDir);
  const file = resolve(root, relative);
  return file.startsWith(root + sep) ? file : null;
}

export type RendererResponse =
  | { status: 200; headers: Record<string, string>; body: Buffer }
  | { status: 404 | 405; headers: Record<string, string>; body: string };

/**
 * The answer to `method urlPathname` from the build in `rendererDir`: the file with its content type, or a refusal.
 * A symlink inside the build is followed only while its target stays inside the build (realpath of both): one that
 * points outside is refused as not found, one that points to another file of the build is served.
 */
export async function readRendererFile(
  rendererDir: string,
  urlPathname: string,
  method: string,
): Promise<RendererResponse> {
  if (method !== 'GET' && method !== 'HEAD') return refusal(405, 'Method not allowed.');
  const file = rendererPathOf(rendererDir, urlPathname);
  if (file === null) return refusal(404, 'Not found.');
  try {
    // fs.promises is read at call time, so inside a packaged app these are Electron's asar-aware versions.
    const [realRoot, realFile] = await Promise.all([fs.realpath(resolve(rendererDir)), fs.realpath(file)]);
    if (!realFile.startsWith(realRoot + sep)) return refusal(404, 'Not found.');
    const body = await fs.readFile(realFile);
    return { status: 200, headers: { ...RENDERER_HEADERS, 'content-type': contentTypeOf(file) }, body };
  } catch {
    return refusal(404, 'Not found.'); // missing, a folder, unreadable
  }
}

function refusal(status: 404 | 405, message: string): RendererResponse {
  return { status, headers: { ...RENDERER_HEADERS, 'content-type': 'text/plain; charset=utf-8' }, body: message };
}
