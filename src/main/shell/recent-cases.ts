// The recent-cases list of the desktop app: at most 10 case paths, newest first, in a small JSON file in the
// user-data folder (mode 0600: the paths name a company's incident). Plain Node, no electron import: menu.ts shows
// the list and index.ts also hands each opened case to app.addRecentDocument.
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

export const MAX_RECENT_CASES = 10;

export class RecentCases {
  constructor(private readonly file: string) {}

  /** The saved paths, newest first; a missing or damaged file is an empty list (it is only a convenience). */
  async list(): Promise<string[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      if (!Array.isArray(parsed)) return [];
      return parsed.filter((p): p is string => typeof p === 'string' && p.length > 0).slice(0, MAX_RECENT_CASES);
    } catch {
      return [];
    }
  }

  /** Moves `path` to the top (absolute; no duplicates) and keeps the newest MAX_RECENT_CASES. */
  async add(path: string): Promise<string[]> {
    const absolute = resolve(path);
    const next = [absolute, ...(await this.list()).filter((p) => p !== absolute)].slice(0, MAX_RECENT_CASES);
    await this.write(next);
    return next;
  }

  async remove(path: string): Promise<string[]> {
    const absolute = resolve(path);
    const next = (await this.list()).filter((p) => p !== absolute);
    await this.write(next);
    return next;
  }

  async clear(): Promise<void> {
    await this.write([]);
  }

  /** Temp file + rename: a crash never leaves half a list. */
  private async write(paths: string[]): Promise<void> {
    const temp = `${this.file}.tmp`;
    await writeFile(temp, JSON.stringify(paths, null, 2), { mode: 0o600 });
    await chmod(temp, 0o600);
    await rename(temp, this.file);
  }
}
