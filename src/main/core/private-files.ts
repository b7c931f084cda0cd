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
  process.umask(process.umask(PRIVATE_UMASK) | PRIVATE_UMASK);
}
