// The renderer's only door to the core: picks the transport (Electron's window.trailscope when the preload put it
// there, else the web bridge of `trailscope serve`: POST /api/call/<channel> and server-sent events on /api/events)
// and turns every Result into a value or a thrown BridgeError. A call can be withdrawn (its signal aborted) when its
// answer is no longer wanted: the core drops or interrupts it. No other renderer file touches either transport.
import type { Channel, PushEvents, Request, Response } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { errorMessage } from './error-message';

type JobListener = (event: PushEvents['job']) => void;

/** What src/preload/index.ts exposes; the payloads are the contract's, checked in the main process. */
interface ElectronTransport {
  transport: 'electron';
  /** `callId` numbers a call that may be withdrawn later. */
  call(channel: string, payload: unknown, callId?: number): Promise<unknown>;
  /** Withdraws a numbered call; absent in older preloads. */
  withdraw?(callId: number): void;
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

export interface CallOptions {
  /** Aborting it withdraws the call; the call then rejects with a BridgeError whose code is CANCELLED. */
  signal?: AbortSignal;
}

const withdrawnError = (channel: string) => new BridgeError('CANCELLED', `The ${channel} call was withdrawn: its answer is no longer wanted.`);

/** A call rejected because it was withdrawn (not a failure to show: whoever withdrew it wanted no answer). */
export function isWithdrawn(error: unknown): boolean {
  return isBridgeError(error) && error.code === 'CANCELLED';
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value && typeof value.ok === 'boolean';
}

// Withdrawing a web call closes its request, which the bridge takes as the withdrawal. That also gives its
// connection back: a browser keeps six per server, and superseded panel calls left running used to hold enough of
// them that a new query's count and page waited seconds for one (bench/ui.bench.ts, filter steps).
async function callWeb(channel: Channel, request: unknown, signal: AbortSignal | undefined): Promise<unknown> {
  let response: globalThis.Response;
  try {
    response = await fetch(`/api/call/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      credentials: 'same-origin',
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw withdrawnError(channel);
    throw new BridgeError('NETWORK', `Trailscope's server did not answer (${errorMessage(error)}). Is \`trailscope serve\` still running?`);
  }
  // Errors come back as a Result too, with a 4xx/5xx status; anything else is a proxy or a dead server.
  try {
    return (await response.json()) as unknown;
  } catch {
    if (signal?.aborted) throw withdrawnError(channel);
    throw new BridgeError('NETWORK', `Trailscope's server answered HTTP ${response.status} without a result.`);
  }
}

let lastCallId = 0;

/** Over IPC a call that may be withdrawn carries a number, which the withdrawal names. */
async function callElectron(electron: ElectronTransport, channel: Channel, request: unknown, signal: AbortSignal | undefined): Promise<unknown> {
  const withdraw = electron.withdraw;
  if (!signal || !withdraw) return electron.call(channel, request);
  const callId = ++lastCallId;
  const onAbort = () => withdraw(callId);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await electron.call(channel, request, callId);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Calls one channel of the contract; resolves with its value or throws a BridgeError with the core's code. */
export async function call<C extends Channel>(channel: C, request: Request<C>, options: CallOptions = {}): Promise<Response<C>> {
  const { signal } = options;
  if (signal?.aborted) throw withdrawnError(channel);
  const electron = window.trailscope;
  const result = electron ? await callElectron(electron, channel, request, signal) : await callWeb(channel, request, signal);
  if (signal?.aborted) throw withdrawnError(channel);
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
