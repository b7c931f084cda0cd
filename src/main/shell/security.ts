// Electron's security checklist, applied to every web contents the app creates: every permission request, permission
// check and device permission denied (permissions.ts), no navigation or redirect away from the app, no <webview>, no
// new windows. A link to an allow-listed https page (external-url.ts) opens in the user's browser instead. Imports
// electron: only src/main/shell may.
import { app, session, shell, type WebContents } from 'electron';
import { allowedExternalUrl } from './external-url';
import { denyDevicePermission, denyPermissionCheck, denyPermissionRequest } from './permissions';

/** Hands an allow-listed link to the OS browser; anything else is dropped. Returns whether it was opened. */
function openOutside(url: string): boolean {
  const allowed = allowedExternalUrl(url);
  if (allowed === null) return false;
  void shell.openExternal(allowed);
  return true;
}

export function hardenContents(contents: WebContents): void {
  // The renderer never navigates itself (main loads it with loadURL, which does not fire these): a dropped file,
  // a link or a script changing location is stopped here.
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openOutside(event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
}

export function hardenSessions(): void {
  const defaults = session.defaultSession;
  defaults.setPermissionRequestHandler(denyPermissionRequest);
  // Most web APIs check before they ask; the check handler answers those, the device handler USB/HID/serial.
  defaults.setPermissionCheckHandler(denyPermissionCheck);
  defaults.setDevicePermissionHandler(denyDevicePermission);
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
}
