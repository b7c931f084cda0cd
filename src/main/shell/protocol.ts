// Serves the built renderer on app://trailscope instead of file:// (SECURITY.md): a real origin for CSP 'self',
// no access to the rest of the disk through relative URLs, and the CSP sent as a header. What to answer is decided
// by answerAppRequest (app-protocol.ts, on the static server the web bridge uses too); this file only talks to electron.
import { protocol } from 'electron';
import { answerAppRequest, APP_SCHEME } from './app-protocol';

/** Must run before app 'ready': a standard, secure scheme (own origin, secure context) with fetch; no CSP bypass. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** After 'ready': answers app:// requests from `rendererDir` (out/renderer, inside the asar when packaged). */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => answerAppRequest(rendererDir, request));
}
