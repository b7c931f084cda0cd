// A file written for a user: its folder must exist, the path must not be a folder, an existing file is replaced only
// with `force`; the content goes to `<out>.partial` first and is renamed into place when complete, so a cancelled or
// failed job leaves no half file. New files are owner-only (the process umask, core/private-files.ts).
import { rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AppError } from '../errors';

export interface OutputFile {
  path: string;
  partial: string;
}

export async function prepareOutput(out: string, force: boolean): Promise<OutputFile> {
  const path = resolve(out);
  const folder = await stat(dirname(path)).catch(() => null);
  if (!folder?.isDirectory()) throw new AppError('USAGE', `Cannot write ${out}: its folder does not exist.`);
  const existing = await stat(path).catch(() => null);
  if (existing?.isDirectory()) throw new AppError('USAGE', `Cannot write ${out}: it is a folder; name a file.`);
  if (existing && !force) throw new AppError('USAGE', `${out} already exists; give --force to overwrite it.`);
  return { path, partial: `${path}.partial` };
}

export async function commitOutput(file: OutputFile): Promise<void> {
  await rename(file.partial, file.path);
}

export async function discardOutput(file: OutputFile): Promise<void> {
  await rm(file.partial, { force: true });
}
