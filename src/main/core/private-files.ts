// Owner-only files for the whole process. DuckDB creates a case's write-ahead log (`<case>.wal`, freshly imported
// events until the next checkpoint) and its spill files from its own threads, at moments Trailscope does not see, with
// the process's umask: so each entry point (cli/main.ts, engine-host.ts, index.ts) calls this once, first. Plain Node.

/** The mode bits no file or folder this process creates grants: group and others get nothing (SECURITY.md). */
export const PRIVATE_UMASK = 0o077;

/**
 * Makes every file and folder this process creates from now on owner-only (a file 0600, a folder 0700), keeping any
 * stricter bits the user's umask already had. No effect on Windows, whose files follow their folder's ACL.
 */
export function keepNewFilesPrivate(): void {
  const previous = process.umask(PRIVATE_UMASK);
  userUmask ??= previous;
  process.umask(previous | PRIVATE_UMASK);
}

/** The umask the process started with, before keepNewFilesPrivate. */
let userUmask: number | undefined;

/**
 * Runs `start` (something that spawns a program synchronously, such as child_process.spawn) under the user's own
 * umask, so a program we start for the user — a browser opened by xdg-open — does not make its own files, its
 * downloads, owner-only for the rest of its life.
 */
export function withUserUmask<T>(start: () => T): T {
  if (userUmask === undefined) return start();
  const ours = process.umask(userUmask);
  try {
    return start();
  } finally {
    process.umask(ours);
  }
}
