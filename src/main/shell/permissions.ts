// What the desktop app's session answers Chromium's permission questions: no to every request (camera, notifications,
// clipboard…), every check, and every device (USB, HID, serial). The renderer uses none of them; a copy button that
// calls navigator.clipboard would need 'clipboard-sanitized-write' allowed here for the app's own origin.
// No electron import (security.ts installs these), so they are unit-tested in plain Node.

export function denyPermissionRequest(
  _contents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

export function denyPermissionCheck(): boolean {
  return false;
}

export function denyDevicePermission(): boolean {
  return false;
}
