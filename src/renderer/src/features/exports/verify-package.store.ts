// The Verify Package dialog's state: a received evidence package checked offline by the core (packages.verify, as
// `trailscope verify-package`): on the desktop the file is chosen in the app's open dialog (which lets the core read
// it); in a browser its bytes are uploaded to the bridge first. Optionally with the sender's public key (its text).
import { create } from 'zustand';
import type { PackageCheck } from '@shared/domain/exports';
import { call, errorMessage, fileUploader, importPathChooser } from '../../lib/bridge';

/** A public key file is a few hundred bytes; the core takes up to this (schemas.ts). */
export const MAX_PUBLIC_KEY_CHARS = 64_000;

interface VerifyPackageState {
  open: boolean;
  /** The package checked, or being checked: its file name. */
  name: string | null;
  checking: boolean;
  check: PackageCheck | null;
  error: string | null;
  publicKey: { name: string; text: string } | null;
  openDialog(): void;
  close(): void;
  setPublicKey(key: { name: string; text: string } | null): void;
  /** Desktop: the open dialog, then the check. */
  chooseAndVerify(): Promise<void>;
  /** Browser: the file's bytes to the bridge, then the check. */
  verifyFile(file: File): Promise<void>;
}

export const useVerifyPackage = create<VerifyPackageState>((set, get) => {
  const verify = async (name: string, target: { path: string } | { upload: string } | (() => Promise<string>)) => {
    set({ name, checking: true, check: null, error: null });
    try {
      const where = typeof target === 'function' ? { upload: await target() } : target;
      const key = get().publicKey;
      const check = await call('packages.verify', { ...where, ...(key ? { publicKey: key.text } : {}) });
      set({ check, checking: false });
    } catch (error) {
      set({ error: errorMessage(error), checking: false });
    }
  };
  return {
    open: false,
    name: null,
    checking: false,
    check: null,
    error: null,
    publicKey: null,
    openDialog: () => set({ open: true }),
    close: () => set({ open: false }),
    setPublicKey: (publicKey) => set({ publicKey }),
    async chooseAndVerify() {
      const choose = importPathChooser();
      if (!choose) return;
      let path: string | undefined;
      try {
        [path] = await choose('package');
      } catch (error) {
        set({ error: errorMessage(error) });
        return;
      }
      if (path) await verify(path.split(/[\\/]/).at(-1) ?? path, { path });
    },
    async verifyFile(file) {
      const upload = fileUploader();
      if (upload) await verify(file.name, () => upload(file));
    },
  };
});
