// The renderer's only door to the core: picks the transport (Electron's window.trailscope when the preload put it
// there, else the web transport of `trailscope serve`: POST /api/call/<channel> and server-sent events on
// /api/events; both are the shared Transport) and turns every Result into a value or a thrown BridgeError. A call can
// be withdrawn (its signal aborted) when its answer is no longer wanted: the core drops or interrupts it. No other
// renderer file touches window.trailscope or fetch.
import type { Channel, PushEvents, Request, Response } from '@shared/contract';
import type { Result } from '@shared/result';
import type { OutputKind } from '@shared/domain/exports';
import type { AppCommand, PathKind, Transport } from '@shared/transport';
import { BridgeError, withdrawnError } from './bridge-error';
import { errorMessage } from './error-message';

declare global {
  interface Window {
    /** The Electron preload's transport (src/preload/index.ts); absent in a browser. */
    trailscope?: Transport;
  }
}

/** Words for any thrown value, for panels that show an error. */
export { errorMessage };

export interface CallOptions {
  /** Aborting it withdraws the call; the call then rejects with a BridgeError whose code is CANCELLED. */
  signal?: AbortSignal;
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value && typeof value.ok === 'boolean';
}

const failure = (code: 'CANCELLED' | 'NETWORK', message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

/** The web bridge's calls in flight that may be withdrawn, by number. */
const webCalls = new Map<number, AbortController>();
const webListeners = new Set<(event: PushEvents['job']) => void>();
let eventSource: EventSource | null = null;

// Withdrawing a web call closes its request, which the bridge takes as the withdrawal. That also gives its
// connection back: a browser keeps six per server, and superseded panel calls left running used to hold enough of
// them that a new query's count and page waited seconds for one (bench/ui.bench.ts, filter steps).
const webTransport: Transport = {
  transport: 'web',
  async call<C extends Channel>(channel: C, request: Request<C>, callId?: number): Promise<Result<Response<C>>> {
    const withdraw = callId === undefined ? null : new AbortController();
    if (withdraw && callId !== undefined) webCalls.set(callId, withdraw);
    const withdrawn = () => failure('CANCELLED', withdrawnError(channel).message);
    try {
      let response: globalThis.Response;
      try {
        response = await fetch(`/api/call/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(request),
          credentials: 'same-origin',
          ...(withdraw ? { signal: withdraw.signal } : {}),
        });
      } catch (error) {
        if (withdraw?.signal.aborted) return withdrawn();
        return failure(
          'NETWORK',
          `Trailscope's server did not answer (${errorMessage(error)}). Is \`trailscope serve\` still running?`,
        );
      }
      // Errors come back as a Result too, with a 4xx/5xx status; anything else is a proxy or a dead server.
      try {
        return (await response.json()) as Result<Response<C>>;
      } catch {
        if (withdraw?.signal.aborted) return withdrawn();
        return failure('NETWORK', `Trailscope's server answered HTTP ${response.status} without a result.`);
      }
    } finally {
      if (callId !== undefined) webCalls.delete(callId);
    }
  },
  withdraw(callId) {
    webCalls.get(callId)?.abort();
  },
  onJob(listener) {
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
  },
};

const activeTransport = (): Transport => window.trailscope ?? webTransport;

let lastCallId = 0;

/** A call that may be withdrawn carries a number, which the withdrawal names. */
async function callOn<C extends Channel>(
  transport: Transport,
  channel: C,
  request: Request<C>,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  if (!signal) return transport.call(channel, request);
  const callId = ++lastCallId;
  const onAbort = () => transport.withdraw(callId);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await transport.call(channel, request, callId);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Calls one channel of the contract; resolves with its value or throws a BridgeError with the core's code. */
export async function call<C extends Channel>(
  channel: C,
  request: Request<C>,
  options: CallOptions = {},
): Promise<Response<C>> {
  const { signal } = options;
  if (signal?.aborted) throw withdrawnError(channel);
  const result = await callOn(activeTransport(), channel, request, signal);
  if (signal?.aborted) throw withdrawnError(channel);
  // The answer crossed a process or a network: checked for the envelope before it is trusted as one.
  if (!isResult(result)) throw new BridgeError('INTERNAL', `The answer to ${channel} was not a result.`);
  if (!result.ok) throw new BridgeError(result.error.code, result.error.message);
  // The core answers with the contract's shape; the main process is the side that validates.
  return result.value as Response<C>;
}

/**
 * Asks the core to stop a job. Resolves with why the request failed, in words, or null: the job's own end event
 * (cancelled, or completed if it finished first) then says how it ended.
 */
export async function cancelJob(jobId: string): Promise<string | null> {
  try {
    await call('jobs.cancel', { jobId });
    return null;
  } catch (error) {
    return errorMessage(error);
  }
}

/** Subscribes to the core's job events (import, sync progress and their end); returns the unsubscribe. */
export function onJob(listener: (event: PushEvents['job']) => void): () => void {
  return activeTransport().onJob(listener);
}

/** 'electron' in the desktop app, 'web' in a browser on `trailscope serve`: where paths typed by the user are read. */
export function transportKind(): 'electron' | 'web' {
  return activeTransport().transport;
}

/**
 * The desktop app's open dialog for an import (files, or one folder), or null in a browser, where the user types
 * paths on the machine running `trailscope serve`. Resolves with the chosen paths, [] when cancelled.
 */
export function importPathChooser(): ((kind: PathKind) => Promise<string[]>) | null {
  const choosePaths = activeTransport().choosePaths;
  return choosePaths ? (kind) => choosePaths(kind) : null;
}

/**
 * The paths of dropped files on the machine running the core, or null where a drop carries no path (a browser:
 * only the desktop app can tell where a dropped file lives). Files without a path (dragged from a web page) are left out.
 */
export function pathsForDroppedFiles(files: readonly File[]): string[] | null {
  const pathForFile = activeTransport().pathForFile;
  if (!pathForFile) return null;
  return files.map((file) => pathForFile(file)).filter((path) => path !== '');
}

/**
 * The desktop app's save dialog for a job's file, or null in a browser (which downloads instead). Resolves with the
 * path chosen, which one job may then write, or null when cancelled.
 */
export function outputChooser(): ((kind: OutputKind, name: string) => Promise<string | null>) | null {
  const chooseOutput = activeTransport().chooseOutput;
  return chooseOutput ? (kind, name) => chooseOutput(kind, name) : null;
}

/** Shows a file the save dialog chose in the system's file manager; null where there is none (a browser). */
export function pathRevealer(): ((path: string) => void) | null {
  const revealPath = activeTransport().revealPath;
  return revealPath ? (path) => revealPath(path) : null;
}

/** Subscribes to the desktop menu's commands for the page (none in a browser); returns the unsubscribe. */
export function onAppCommand(listener: (command: AppCommand) => void): () => void {
  return activeTransport().onCommand?.(listener) ?? (() => undefined);
}

/**
 * In a browser on `trailscope serve`: sends a file's bytes to the bridge (POST /api/upload), which keeps them for one
 * call naming the id it answers (packages.verify's `upload`). Null in the desktop app, which reads files itself.
 */
export function fileUploader(): ((file: File) => Promise<string>) | null {
  if (activeTransport().transport !== 'web') return null;
  return async (file) => {
    let response: globalThis.Response;
    try {
      response = await fetch('/api/upload', {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: file,
        credentials: 'same-origin',
      });
    } catch (error) {
      throw new BridgeError('NETWORK', `The upload of ${file.name} failed (${errorMessage(error)}).`);
    }
    let result: unknown;
    try {
      result = await response.json();
    } catch {
      throw new BridgeError('NETWORK', `Trailscope's server answered HTTP ${response.status} without a result.`);
    }
    if (!isResult(result)) throw new BridgeError('INTERNAL', 'The answer to the upload was not a result.');
    if (!result.ok) throw new BridgeError(result.error.code, result.error.message);
    const upload = (result.value as { upload?: unknown }).upload;
    if (typeof upload !== 'string') throw new BridgeError('INTERNAL', 'The upload was answered without its id.');
    return upload;
  };
}
