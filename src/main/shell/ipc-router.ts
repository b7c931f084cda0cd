// The Electron transport of the contract: one invoke channel for calls, one send channel to withdraw a call whose
// answer is no longer wanted, one send channel for pushed job events, and the two by which paths become importable:
// an invoke channel that opens the app's open dialog, and a send channel on which the preload grants a dropped file. Takes an IpcMain-like object and a sender check instead of importing electron, so it is unit-tested in
// plain Node. A message from a sender the app did not create, or from a page that is not the renderer's, is ignored;
// every payload is validated by dispatch(); `jobs.import` takes only granted paths (granted-paths.ts).
// Answers come from the engine process, so they have crossed structured clone once already and cross it again here.
import { IPC_CALL, IPC_CHOOSE_PATHS, IPC_GRANT_PATH, IPC_WITHDRAW } from '@shared/ipc-channels';
import type { Result } from '@shared/result';
import { dispatch } from '../core/bridge/dispatch';
import type { Handlers } from '../core/engine';
import { isRendererUrl } from './app-protocol';
import type { GrantedPaths } from './granted-paths';

export interface IpcEventLike {
  sender: unknown;
  senderFrame?: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): void;
  removeListener(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): void;
}

/** A call's optional third argument: the renderer's number for it, which a later withdrawal names. */
function callIdOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

export interface IpcRouterOptions {
  /** Whether a message comes from a window this app created and from the renderer's page (see trustedSender). */
  isTrustedSender: (event: IpcEventLike) => boolean;
  /** The paths `jobs.import` may read: chosen in a dialog or dropped on the window. */
  imports: GrantedPaths;
  /** Opens the app's open dialog for an import; resolves with the chosen paths ([] when cancelled). */
  choosePaths: (kind: 'files' | 'folder') => Promise<string[]>;
}

/**
 * The sender check: a window the app created (`isOurs`), showing the renderer's own page — the sending frame's URL is
 * app://trailscope (or the dev server's, `devServer`), not a page a window was somehow navigated to.
 */
export function trustedSender(
  isOurs: (sender: unknown) => boolean,
  devServer?: string,
): (event: IpcEventLike) => boolean {
  return (event) => {
    const url = event.senderFrame?.url;
    return isOurs(event.sender) && typeof url === 'string' && isRendererUrl(url, devServer);
  };
}

/** The refusal of a `jobs.import` naming a path the user did not choose or drop, or null to let it through. */
function refusedImport(payload: unknown, imports: GrantedPaths): Result<never> | null {
  const paths = typeof payload === 'object' && payload !== null ? (payload as { paths?: unknown }).paths : undefined;
  // Anything but a list of strings is refused by the schema, in dispatch().
  if (!Array.isArray(paths) || !paths.every((path): path is string => typeof path === 'string')) return null;
  const refused = imports.firstRefused(paths);
  if (refused === null) return null;
  return {
    ok: false,
    error: {
      code: 'USAGE',
      message:
        `Not importing ${refused.slice(0, 500)}: the desktop app imports only files chosen in its Import dialog ` +
        '(File › Import Files… or Import Folder…) or dropped on its window.',
    },
  };
}

/** Registers the call, withdraw and grant channels; returns what unregisters them. */
export function registerIpcRouter(ipc: IpcMainLike, handlers: Handlers, options: IpcRouterOptions): () => void {
  const { isTrustedSender, imports, choosePaths } = options;
  // Per window, the calls it may still withdraw (a superseded panel query), by the window's own numbers.
  const withdrawable = new WeakMap<object, Map<number, AbortController>>();
  ipc.handle(IPC_CALL, async (event, channel, payload, id): Promise<Result<unknown>> => {
    if (!isTrustedSender(event)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'This window is not one Trailscope opened.' } };
    }
    if (typeof channel !== 'string')
      return { ok: false, error: { code: 'INVALID_REQUEST', message: 'A call names its channel.' } };
    if (channel === 'jobs.import') {
      const refused = refusedImport(payload, imports);
      if (refused) return refused;
    }
    // Exports, reports and packages write a file where the request says (and may replace it): until the app asks for
    // that path in a save dialog, the page (which may be compromised) cannot name one. The CLI and `serve` can.
    if (channel === 'jobs.export' || channel === 'jobs.report' || channel === 'jobs.package')
      return {
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message:
            'The desktop app cannot write exports, reports or packages yet: use `trailscope export`, `report` or `package`.',
        },
      };
    const callId = callIdOf(id);
    const sender = event.sender as object;
    if (callId === null) return dispatch(handlers, channel, payload);
    const calls = withdrawable.get(sender) ?? new Map<number, AbortController>();
    withdrawable.set(sender, calls);
    const controller = new AbortController();
    calls.set(callId, controller);
    try {
      return await dispatch(handlers, channel, payload, controller.signal);
    } finally {
      calls.delete(callId);
    }
  });
  const withdraw = (event: IpcEventLike, id: unknown) => {
    const callId = callIdOf(id);
    if (!isTrustedSender(event) || callId === null) return;
    withdrawable
      .get(event.sender as object)
      ?.get(callId)
      ?.abort();
  };
  ipc.on(IPC_WITHDRAW, withdraw);
  const grant = (event: IpcEventLike, path: unknown) => {
    if (isTrustedSender(event) && typeof path === 'string') imports.grant(path);
  };
  ipc.on(IPC_GRANT_PATH, grant);
  ipc.handle(IPC_CHOOSE_PATHS, async (event, kind): Promise<string[]> => {
    if (!isTrustedSender(event) || (kind !== 'files' && kind !== 'folder')) return [];
    const paths = await choosePaths(kind);
    for (const path of paths) imports.grant(path);
    return paths;
  });
  return () => {
    ipc.removeHandler(IPC_CALL);
    ipc.removeHandler(IPC_CHOOSE_PATHS);
    ipc.removeListener(IPC_WITHDRAW, withdraw);
    ipc.removeListener(IPC_GRANT_PATH, grant);
  };
}
