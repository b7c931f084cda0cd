// The paths the desktop renderer may import: those the user chose in the app's open dialogs and those of files
// dropped on its window (the preload reports a real dropped File's path; a File the page made has none). The IPC
// router refuses `jobs.import` for any other string, so a compromised page cannot read files of its choosing.
// And the paths it may write: each one the user chose in the app's save dialog, once (GrantedOutputs).
// No electron import: unit-tested in plain Node. (`trailscope serve` is different: there the user types paths.)
import { isAbsolute, resolve } from 'node:path';

const MAX_PATH_CHARS = 4_096;

export class GrantedPaths {
  private readonly paths = new Set<string>();

  /** Grants an absolute path; anything else (relative, empty, NUL, absurdly long) is ignored. Returns whether granted. */
  grant(path: string): boolean {
    if (path.length === 0 || path.length > MAX_PATH_CHARS || path.includes('\0') || !isAbsolute(path)) return false;
    this.paths.add(resolve(path));
    return true;
  }

  /** The first of `paths` that was not granted, or null when all were. */
  firstRefused(paths: readonly string[]): string | null {
    return paths.find((path) => !this.has(path)) ?? null;
  }

  has(path: string): boolean {
    return isAbsolute(path) && this.paths.has(resolve(path));
  }

  /** Withdraws a grant; returns whether there was one. */
  revoke(path: string): boolean {
    return isAbsolute(path) && this.paths.delete(resolve(path));
  }
}

/**
 * Output paths chosen in the save dialog (which already asked before replacing a file). Each may be written by one
 * job: `take` uses the grant up, so a page cannot write the same file again and again. A path chosen once may be
 * shown in its folder for the rest of the session.
 */
export class GrantedOutputs {
  private readonly writable = new GrantedPaths();
  private readonly chosen = new GrantedPaths();

  grant(path: string): boolean {
    return this.writable.grant(path) && this.chosen.grant(path);
  }

  /** Uses up the grant to write `path`; false when there was none. */
  take(path: string): boolean {
    return this.writable.revoke(path);
  }

  /** Gives a grant taken by a job that did not start back. */
  giveBack(path: string): void {
    if (this.chosen.has(path)) this.writable.grant(path);
  }

  /** Whether the user ever chose `path` in the save dialog (so it may be revealed in its folder). */
  mayReveal(path: string): boolean {
    return this.chosen.has(path);
  }
}
