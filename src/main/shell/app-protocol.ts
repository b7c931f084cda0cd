// The renderer's origin in the desktop app, app://trailscope, and the answer to an app:// request: only that origin
// reaches the renderer's static server (core/renderer-files.ts, shared with the web bridge, decides the file and the
// headers). No electron import (protocol.ts does the registering), so the handler is unit-tested in plain Node.
import { readRendererFile, RENDERER_HEADERS } from '../core/renderer-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'trailscope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * The still %-encoded path of `requestUrl` (for readRendererFile), or null when the request is not for
 * app://trailscope: another scheme, another host, credentials, not a URL.
 */
export function appPathnameOf(requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) return null;
  return url.pathname;
}

/**
 * Whether a frame's URL is the renderer's own page: app://trailscope, or electron-vite's dev server (`devServer`,
 * only when not packaged). The IPC router answers nothing else, whatever window it is in.
 */
export function isRendererUrl(url: string, devServer?: string): boolean {
  if (appPathnameOf(url) !== null) return true;
  if (!devServer) return false;
  try {
    return new URL(url).origin === new URL(devServer).origin;
  } catch {
    return false;
  }
}

/** What protocol.handle answers for `request`: a fetch Response built from the static server's answer. */
export async function answerAppRequest(rendererDir: string, request: Request): Promise<Response> {
  const pathname = appPathnameOf(request.url);
  if (pathname === null) return new Response('Not found.', { status: 404, headers: RENDERER_HEADERS });
  const answer = await readRendererFile(rendererDir, pathname, request.method);
  return new Response(request.method === 'HEAD' ? null : answer.body, {
    status: answer.status,
    headers: answer.headers,
  });
}
