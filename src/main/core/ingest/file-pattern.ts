// How a file path must be given to DuckDB's readers (read_csv, read_json) so that they read exactly that file. They
// take every path as a glob pattern: `logs[1].ndjson` reads `logs1.ndjson`, `a*.ndjson` any `a….ndjson`. A leaf
// module: the sources ask whether DuckDB can be handed a path, the store hands it over. Imports nothing.

const GLOB_CHAR = /[*?[]/;

/**
 * The pattern that matches only `path`: each glob character (`*`, `?`, `[`) in a bracket class of its own (braces and
 * a lone `]` are literal). null when there is none: on POSIX, DuckDB's glob reads a backslash as a separator, so a
 * name holding a backslash cannot be matched once the path holds a glob character; such a file is spooled instead.
 * Checked on DuckDB 1.5 by test/integration/hostile-input.test.ts. A path with glob characters makes DuckDB list
 * its folder to match it: a cost for such names only.
 */
export function literalFilePattern(path: string, platform: NodeJS.Platform = process.platform): string | null {
  if (!GLOB_CHAR.test(path)) return path;
  if (platform !== 'win32' && path.includes('\\')) return null;
  return path.replace(/[*?[]/g, (char) => `[${char}]`);
}
