// Folders of Hive-partitioned Parquet (a partitioned export, `tenant_id=…/date=…/*.parquet`) attached to a case
// (`trailscope case attach`): read beside the case's own events, never written. Types only, shared by the core, the
// CLI and the renderer.

/**
 * ok: read with the case's events; missing: the folder (or every file in it) was gone when the case was opened or
 * the attachment last refreshed; invalid: its files no longer have the columns an attach checked (see `problem`).
 */
export type AttachmentStatus = 'ok' | 'missing' | 'invalid';

export interface AttachmentInfo {
  /** The folder, absolute, as attached. */
  path: string;
  attachedAt: string;
  attachedBy: string;
  status: AttachmentStatus;
  /** Why it is not read (status missing or invalid); null when ok. */
  problem: string | null;
  /** Parquet files found in it (0 when missing). */
  files: number;
  /** Rows in its files (an event also in the case, or in another attachment, is read once); 0 when not read. */
  events: number;
}

/** The `source_id` an attached event carries in every view (its `source_ref` names the Parquet file it came from). */
export const ATTACHED_SOURCE_ID = 'attached';

/**
 * Channels only the CLI may call: attaching makes the core read a folder the request names, so neither the desktop
 * window nor a browser page of `trailscope serve` may ask for it (the app lists attachments read-only).
 */
export const CLI_ONLY_CHANNELS: ReadonlySet<string> = new Set(['case.attach', 'case.detach']);
