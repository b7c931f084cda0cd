// Attaching and detaching a folder of Hive-partitioned Parquet (attached-view.ts reads it): recorded in the case's
// attachments table and journalled. Nothing in the folder is written.
import { resolve } from 'node:path';
import { AppError } from '../errors';
import type { AttachmentInfo } from '@shared/domain/attachments';
import { checkFolder } from './attached-view';
import { osUser, type CaseStore } from './case-store';
import { inTransaction, queryRows } from './sql';

/** Attaches a folder (made absolute): checked, recorded and journalled. The store must be writable. */
export async function attachFolder(store: CaseStore, folder: string): Promise<AttachmentInfo> {
  store.assertWritable();
  const path = absolute(folder);
  const [already] = await queryRows(store.connection, 'SELECT 1 FROM attachments WHERE path = $1', [path]);
  if (already) throw new AppError('USAGE', `${path} is already attached to this case.`);
  const checked = await checkFolder(store.connection, path, store.meta);
  const attachedBy = osUser();
  const attachedAt = new Date().toISOString();
  await inTransaction(store.connection, async () => {
    await store.connection.run('INSERT INTO attachments VALUES ($1, $2::TIMESTAMPTZ, $3)', [
      path,
      attachedAt,
      attachedBy,
    ]);
    await store.journal('case.attach', { path, files: checked.files.length, events: checked.events });
  });
  return {
    path,
    attachedAt,
    attachedBy,
    status: 'ok',
    problem: null,
    files: checked.files.length,
    events: checked.events,
  };
}

/** Detaches a folder: its row goes, the journal says so. Nothing in the folder is touched. */
export async function detachFolder(store: CaseStore, folder: string): Promise<void> {
  store.assertWritable();
  const path = absolute(folder);
  await inTransaction(store.connection, async () => {
    const [removed] = await queryRows(store.connection, 'DELETE FROM attachments WHERE path = $1 RETURNING path', [
      path,
    ]);
    if (!removed) throw new AppError('USAGE', `${path} is not attached to this case.`);
    await store.journal('case.detach', { path });
  });
}

function absolute(folder: string): string {
  if (folder.trim() === '') throw new AppError('USAGE', 'Name the folder to attach.');
  return resolve(folder);
}
