// Files the web bridge of `trailscope serve` keeps for a browser, which has neither a save dialog nor a path to give:
// downloads — a writing job (jobs.export, jobs.report, jobs.package) asked for with `download: <name>` instead of
// `out` is given a file of the bridge's own private folder (0700, made on first use, removed with the bridge), never
// a path the page names; its completed event then carries the name and the URL that serves the file, once — and
// uploads — a file's bytes POSTed to /api/upload (a package to verify), named in `packages.verify` by the id they got,
// used once. server.ts checks the token on both routes as on any other. Plain Node, no HTTP here.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WRITING_JOBS } from '@shared/domain/exports';
import type { JobEvent } from '@shared/domain/jobs';

export const DOWNLOAD_ROUTE = '/api/download/';
export const UPLOAD_ROUTE = '/api/upload';
/** Uploads kept at once (each is used by one call); past this, the oldest is dropped. */
const MAX_UPLOADS = 4;
/** Files waiting to be fetched; past this, the oldest is dropped (a page that never fetches cannot fill the disk). */
const MAX_WAITING = 20;
const MAX_NAME_CHARS = 120;

export interface Download {
  id: string;
  /** On the server, in the private folder. */
  path: string;
  /** What the browser saves it as (safeFileName). */
  name: string;
}

/**
 * A file name a browser may save under: the last segment of what the page sent, without control or bidi characters
 * nor those Windows forbids, at most 120 characters; `fallback` when nothing is left.
 */
export function safeFileName(name: string, fallback = 'trailscope-export'): string {
  const last = name.split(/[\\/]/).at(-1) ?? '';
  const cleaned = last
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"*:<>?|]/g, '')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, MAX_NAME_CHARS)
    .trim();
  return cleaned === '' ? fallback : cleaned;
}

/** The Content-Disposition of a download: an ASCII name for old clients and the exact one (RFC 6266, RFC 5987). */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A call rewritten to use a file of the private folder: a download its job will write, or an upload it reads. */
export type Prepared = { request: Record<string, unknown> } & (
  { download: Download; upload?: undefined } | { upload: string; download?: undefined }
);

export class BridgeFiles {
  private folder: Promise<string> | null = null;
  /** By id, oldest first. */
  private readonly waiting = new Map<string, Download>();
  /** Uploaded files by id, oldest first. */
  private readonly uploads = new Map<string, string>();

  private async newFile(): Promise<{ id: string; path: string }> {
    const folder = await (this.folder ??= mkdtemp(join(tmpdir(), 'trailscope-serve-files-')));
    const id = randomBytes(16).toString('hex');
    return { id, path: join(folder, id) };
  }

  /**
   * A call rewritten to use the private folder, or null for any other (passed on as it is: the schema refuses
   * `download` beside `out` or `force`, and `upload` beside `path`). A writing job asking for a download writes a new
   * file there (nothing to replace: no `force`); packages.verify naming an upload reads that upload (an unknown id
   * is passed on as it is, for the engine to refuse).
   */
  async prepare(channel: string, payload: unknown): Promise<Prepared | null> {
    if (!isRecord(payload)) return null;
    if (channel === 'packages.verify') {
      const { upload, ...rest } = payload;
      const path = typeof upload === 'string' ? this.uploads.get(upload) : undefined;
      if (path === undefined || rest['path'] !== undefined) return null;
      return { request: { ...rest, path }, upload: upload as string };
    }
    if (!WRITING_JOBS.has(channel)) return null;
    const { download: name, ...rest } = payload;
    if (typeof name !== 'string' || rest['out'] !== undefined || rest['force'] !== undefined) return null;
    const { id, path } = await this.newFile();
    const download = { id, path, name: safeFileName(name) };
    return { request: { ...rest, out: download.path }, download };
  }

  /** After the call: a download whose job started waits to be fetched; an upload, used once, is removed. */
  async settle(prepared: Prepared, started: boolean): Promise<void> {
    if (prepared.download && started) this.started(prepared.download);
    if (prepared.upload !== undefined) await this.removeUpload(prepared.upload);
  }

  /**
   * Keeps the bytes of `body` as a new upload, at most `maxBytes` of them; resolves with its id, or null when the
   * body was larger (nothing is kept).
   */
  async upload(body: Readable, maxBytes: number): Promise<string | null> {
    const { id, path } = await this.newFile();
    let bytes = 0;
    const capped = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(bytes > maxBytes ? new Error('too large') : null, chunk);
      },
    });
    try {
      await pipeline(body, capped, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await rm(path, { force: true });
      if (bytes > maxBytes) return null;
      throw error;
    }
    this.uploads.set(id, path);
    if (this.uploads.size > MAX_UPLOADS) {
      const [oldest] = this.uploads.keys();
      if (oldest !== undefined) await this.removeUpload(oldest);
    }
    return id;
  }

  private async removeUpload(id: string): Promise<void> {
    const path = this.uploads.get(id);
    this.uploads.delete(id);
    if (path !== undefined) await rm(path, { force: true });
  }

  /** The job started: its file is waiting to be fetched once it completes. */
  started(download: Download): void {
    this.waiting.set(download.id, download);
    if (this.waiting.size > MAX_WAITING) {
      const [oldest] = this.waiting.values();
      if (oldest) void this.remove(oldest);
    }
  }

  /** A job event as the browser gets it: the completion of a download names the file and where to fetch it. */
  present(event: JobEvent): JobEvent {
    if (event.type !== 'completed' || typeof event.summary['path'] !== 'string') return event;
    const path = event.summary['path'];
    const download = [...this.waiting.values()].find((d) => d.path === path);
    if (!download) return event;
    return { ...event, summary: { ...event.summary, path: download.name, download: DOWNLOAD_ROUTE + download.id } };
  }

  /** The download a URL's id names, or null (unknown, malformed, or already fetched). */
  find(id: string): Download | null {
    return /^[0-9a-f]{32}$/.test(id) ? (this.waiting.get(id) ?? null) : null;
  }

  /** Forgets a download and removes its file (sent, dropped or abandoned). */
  async remove(download: Download): Promise<void> {
    this.waiting.delete(download.id);
    await rm(download.path, { force: true });
  }

  /** Removes the private folder with whatever is left in it. */
  async close(): Promise<void> {
    this.waiting.clear();
    this.uploads.clear();
    const folder = await this.folder?.catch(() => null);
    if (folder) await rm(folder, { recursive: true, force: true });
  }
}
