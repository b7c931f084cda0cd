// A keychain for tests: the SecretStore interface with set/delete (as the desktop's safeStorage store has), kept in
// a Map, so tests can see what is stored under which reference.
import type { SecretStore } from '../../src/main/core/secrets';

export class MemoryKeychain implements SecretStore {
  readonly vault = new Map<string, string>();
  get(ref: string) {
    return Promise.resolve(this.vault.get(ref));
  }
  set(ref: string, value: string) {
    this.vault.set(ref, value);
    return Promise.resolve();
  }
  delete(ref: string) {
    this.vault.delete(ref);
    return Promise.resolve();
  }
  describe(ref: string) {
    return `the keychain entry ${ref}`;
  }
}
