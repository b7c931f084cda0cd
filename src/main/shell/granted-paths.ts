// The paths the desktop renderer may import: those the user chose in the app's open dialogs and those of files
// dropped on its window (the preload reports a real dropped File's path; a File the page made has none). The IPC
// router refuses `jobs.import` for any other string, so a compromised page cannot read files of its choosing.
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
    return paths.find((path) => !isAbsolute(path) || !this.paths.has(resolve(path))) ?? null;
  }
}
