// Naming rules for case files chosen in the desktop app's dialogs. Plain Node, no electron import (unit-tested).
import { basename } from 'node:path';

export const CASE_EXTENSION = '.duckdb';

/** The save dialog's answer with the case extension added when the user left it off. */
export function withCaseExtension(path: string): string {
  return hasCaseExtension(path) ? path : `${path}${CASE_EXTENSION}`;
}

/**
 * The tenant id a new case made from the app is bound to: its file name without the extension ("acme.duckdb" →
 * "acme"). A native dialog cannot ask for text, so the file name carries it, and the confirmation says so.
 * Null when nothing usable is left.
 */
export function tenantFromCasePath(path: string): string | null {
  const name = basename(path);
  const stem = (hasCaseExtension(name) ? name.slice(0, -CASE_EXTENSION.length) : name).trim();
  return stem.length > 0 && stem.length <= 200 ? stem : null;
}

/** A `.duckdb` path among command-line arguments (a case opened from a file manager or a shell). */
export function caseFromArgv(argv: readonly string[]): string | undefined {
  return argv.find((arg) => !arg.startsWith('-') && hasCaseExtension(arg));
}

/** By name, not extname(): extname('.duckdb') is '' (a dot-file), and that is still a case name with no stem. */
function hasCaseExtension(path: string): boolean {
  return path.toLowerCase().endsWith(CASE_EXTENSION);
}
