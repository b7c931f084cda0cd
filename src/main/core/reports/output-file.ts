// A file written for a user: its folder must exist, the path must not be a folder, an existing file is replaced only
// with `force`; the content goes to `<out>.partial` first and is renamed into place when complete, so a cancelled or
// failed job leaves no half file. New files are owner-only (the process umask, core/private-files.ts).
import { lstat, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
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

/** A folder written for a user (a partitioned export): made beside it under a name of its own, then moved in place. */
export interface OutputFolder {
  path: string;
  /** The private folder the content is written to first (mkdtemp beside `path`, so the final move is a rename). */
  partial: string;
}

/** What a previous partitioned export holds: `tenant_id=…/date=…/*.parquet`, nothing else. */
async function isPartitionedExport(path: string): Promise<boolean> {
  for (const tenant of await readdir(path, { withFileTypes: true })) {
    if (!tenant.isDirectory() || !tenant.name.startsWith('tenant_id=')) return false;
    for (const day of await readdir(join(path, tenant.name), { withFileTypes: true })) {
      if (!day.isDirectory() || !day.name.startsWith('date=')) return false;
      for (const file of await readdir(join(path, tenant.name, day.name), { withFileTypes: true }))
        if (!file.isFile() || !file.name.endsWith('.parquet')) return false;
    }
  }
  return true;
}

/**
 * A folder to write: its parent must exist; it may be missing or empty; a folder with content is replaced only with
 * `force`, and only when it holds a previous partitioned export and nothing else: --force never deletes a folder of
 * other files someone pointed --out at by mistake.
 */
export async function prepareOutputFolder(out: string, force: boolean): Promise<OutputFolder> {
  const path = resolve(out);
  const parent = await stat(dirname(path)).catch(() => null);
  if (!parent?.isDirectory()) throw new AppError('USAGE', `Cannot write ${out}: its parent folder does not exist.`);
  const existing = await lstat(path).catch(() => null);
  if (existing && !existing.isDirectory()) throw new AppError('USAGE', `Cannot write ${out}: it is not a folder.`);
  if (existing && (await readdir(path)).length > 0) {
    if (!force) throw new AppError('USAGE', `${out} is not empty; give --force to replace the export in it.`);
    if (!(await isPartitionedExport(path)))
      throw new AppError(
        'USAGE',
        `${out} holds files that are not a partitioned export (tenant_id=…/date=…/*.parquet): choose an empty or new folder.`,
      );
  }
  const partial = await mkdtemp(join(dirname(path), `.${basename(path)}.partial-`));
  return { path, partial };
}

/** Moves the written folder in place of `path` (and of what was there). */
export async function commitOutputFolder(folder: OutputFolder): Promise<void> {
  const existing = await lstat(folder.path).catch(() => null);
  if (!existing) return rename(folder.partial, folder.path);
  const old = `${folder.partial}.old`;
  await rename(folder.path, old);
  await rename(folder.partial, folder.path);
  await rm(old, { recursive: true, force: true });
}

export async function discardOutputFolder(folder: OutputFolder): Promise<void> {
  await rm(folder.partial, { recursive: true, force: true });
}
