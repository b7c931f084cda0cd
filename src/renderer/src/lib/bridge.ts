// The renderer's only door to the core: picks the transport (Electron's window.trailscope when the preload put it
// there, else the web bridge of `trailscope serve`: POST /api/call/<channel> and server-sent events on /api/events)
// and turns every Result into a value or a thrown BridgeError. No other renderer file touches either transport.
import type { Channel, PushEvents, Request, Response } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { errorMessage } from './error-message';

type JobListener = (event: PushEvents['job']) => void;

/** What src/preload/index.ts exposes; the payloads are the contract's, checked in the main process. */
interface ElectronTransport {
  transport: 'electron';
  call(channel: string, payload: unknown): Promise<unknown>;
  onJob(listener: (event: unknown) => void): () => void;
  /** The dropped file's path on this machine (Electron's webUtils.getPathForFile); absent in older preloads. */
  pathForFile?(file: File): string;
}

declare global {
  interface Window {
    trailscope?: ElectronTransport;
  }
}

/** A failed call: the core's error code (USAGE for a query the parser refused) and its message, in words. */
export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export function isBridgeError(error: unknown): error is BridgeError {
  return error instanceof BridgeError;
}

/** Words for any thrown value, for panels that show an error. */
export { errorMessage };

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value && typeof value.ok === 'boolean';
}

async function callWeb(channel: Channel, request: unknown): Promise<unknown> {
  let response: globalThis.Response;
  try {
    response = await fetch(`/api/call/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      credentials: 'same-origin',
    });
  } catch (error) {
    throw new BridgeError('NETWORK', `Trailscope's server did not answer (${errorMessage(error)}). Is \`trailscope serve\` still running?`);
  }
  // Errors come back as a Result too, with a 4xx/5xx status; anything else is a proxy or a dead server.
  try {
    return (await response.json()) as unknown;
  } catch {
    throw new BridgeError('NETWORK', `Trailscope's server answered HTTP ${response.status} without a result.`);
  }
}

/** Calls one channel of the contract; resolves with its value or throws a BridgeError with the core's code. */
export async function call<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> {
  const electron = window.trailscope;
  const result = electron ? await electron.call(channel, request) : await callWeb(channel, request);
  if (!isResult(result)) throw new BridgeError('INTERNAL', `The answer to ${channel} was not a result.`);
  if (!result.ok) throw new BridgeError(result.error.code, result.error.message);
  // The core answers with the contract's shape; the main process is the side that validates.
  return result.value as Response<C>;
}

const webListeners = new Set<JobListener>();
let eventSource: EventSource | null = null;

function webOnJob(listener: JobListener): () => void {
  webListeners.add(listener);
  // One stream per page, opened on the first subscriber; EventSource reconnects by itself after a drop.
  if (!eventSource) {
    eventSource = new EventSource('/api/events');
    eventSource.addEventListener('job', (message) => {
      let job: PushEvents['job'];
      try {
        job = JSON.parse((message as MessageEvent<string>).data) as PushEvents['job'];
      } catch {
        return; // a torn message; the next progress event carries the state again
      }
      for (const l of webListeners) l(job);
    });
  }
  return () => {
    webListeners.delete(listener);
    if (webListeners.size === 0 && eventSource) {
      eventSource.close();
      eventSource = null;
    }
  };
}

/** Subscribes to the core's job events (import, sync progress and their end); returns the unsubscribe. */
export function onJob(listener: JobListener): () => void {
  const electron = window.trailscope;
  if (electron) return electron.onJob((event) => listener(event as PushEvents['job']));
  return webOnJob(listener);
}

/** 'electron' in the desktop app, 'web' in a browser on `trailscope serve`: where paths typed by the user are read. */
export function transportKind(): 'electron' | 'web' {
  return window.trailscope ? 'electron' : 'web';
}

/**
 * The paths of dropped files on the machine running the core, or null where a drop carries no path (a browser:
 * only the desktop app can tell where a dropped file lives). Files without a path (dragged from a web page) are left out.
 */
export function pathsForDroppedFiles(files: readonly File[]): string[] | null {
  const pathForFile = window.trailscope?.pathForFile;
  if (!pathForFile) return null;
  return files.map((file) => pathForFile(file)).filter((path) => path !== '');
}
