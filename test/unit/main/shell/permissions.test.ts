// The desktop session's answers to Chromium's permission questions (security.ts installs them): a request, a check
// and a device permission are all refused, whatever is asked.
import { describe, expect, it } from 'vitest';
import {
  denyDevicePermission,
  denyPermissionCheck,
  denyPermissionRequest,
} from '../../../../src/main/shell/permissions';

describe('permission handlers', () => {
  it('refuse every permission request', () => {
    for (const permission of ['media', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'fileSystem']) {
      const answers: boolean[] = [];
      denyPermissionRequest({}, permission, (granted) => answers.push(granted));
      expect(answers, permission).toEqual([false]);
    }
  });

  it('refuse every permission check and every device (USB, HID, serial)', () => {
    expect(denyPermissionCheck()).toBe(false);
    expect(denyDevicePermission()).toBe(false);
  });
});
