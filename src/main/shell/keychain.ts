// Whether Electron's safeStorage really protects secrets on this machine. On Linux without a keyring (no
// gnome-keyring or kwallet running) it still "encrypts", with a hard-coded key: that is not protection. No electron
// import here, so the rule is tested in plain Node.

/** The two safeStorage calls the rule reads (getSelectedStorageBackend exists on Linux only). */
export interface SafeStorageState {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend?: () => string;
}

export function keychainProtects(storage: SafeStorageState): boolean {
  return storage.isEncryptionAvailable() && storage.getSelectedStorageBackend?.() !== 'basic_text';
}
