// The desktop app keeps secrets itself only where safeStorage is backed by a real keychain.
import { describe, expect, it } from 'vitest';
import { keychainProtects } from '../../../../src/main/shell/keychain';

describe('keychainProtects', () => {
  it('trusts an available keychain (macOS and Windows report no backend; Linux names its keyring)', () => {
    expect(keychainProtects({ isEncryptionAvailable: () => true })).toBe(true);
    expect(
      keychainProtects({ isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'gnome_libsecret' }),
    ).toBe(true);
    expect(keychainProtects({ isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'kwallet5' })).toBe(
      true,
    );
  });

  it('refuses when encryption is unavailable or Linux fell back to its hard-coded key', () => {
    expect(keychainProtects({ isEncryptionAvailable: () => false })).toBe(false);
    expect(keychainProtects({ isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'basic_text' })).toBe(
      false,
    );
  });
});
