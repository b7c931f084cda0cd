// The Electron transport of the contract: one invoke channel for calls, one send channel to withdraw a call whose
// answer is no longer wanted, one send channel for pushed job events, the two by which paths become importable (an
// invoke channel that opens the app's open dialog, a send channel on which the preload grants a dropped file), an
// invoke channel that opens the save dialog for a job's file and one that reveals such a file in its folder. Takes an
// IpcMain-like object and a sender check instead of importing electron, so it is unit-tested in plain Node. A message
// from a sender the app did not create, or from a page that is not the renderer's, is ignored; every payload is
// validated by dispatch(); `jobs.import` and `packages.verify` read only granted paths, and exports, reports and
// packages write only a path the save dialog granted, once (granted-paths.ts).
// Answers come from the engine process, so they have crossed structured clone once already and cross it again here.
import { OUTPUT_KINDS, WRITING_JOBS, type OutputKind } from '@shared/domain/exports';
import {
  IPC_CALL,
  IPC_CHOOSE_OUTPUT,
  IPC_CHOOSE_PATHS,
  IPC_GRANT_PATH,
  IPC_REVEAL,
  IPC_WITHDRAW,
} from '@shared/ipc-channels';
import type { Result } from '@shared/result';
import type { PathKind } from '@shared/transport';
import { dispatch } from '../core/bridge/dispatch';
import type { Handlers } from '../core/engine';
import { isRendererUrl } from './app-protocol';
import type { GrantedOutputs, GrantedPaths } from './granted-paths';

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
  /** The paths `jobs.import` and `packages.verify` may read: chosen in a dialog or dropped on the window. */
  imports: GrantedPaths;
  /** Opens the app's open dialog for an import or a package; resolves with the chosen paths ([] when cancelled). */
  choosePaths: (kind: PathKind) => Promise<string[]>;
  /** The paths exports, reports and packages may write: each chosen in the save dialog, written once. */
  outputs: GrantedOutputs;
  /** Opens the save dialog for a job's file; resolves with the chosen path, or null when cancelled. */
  chooseOutput: (kind: OutputKind, name: string) => Promise<string | null>;
  /** Shows a file in the system's file manager (shell.showItemInFolder). */
  reveal: (path: string) => void;
}

const MAX_SUGGESTED_NAME = 200;

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

/**
 * A writing job's output: the path the save dialog granted (its grant taken, to give back if the job does not
 * start), or the refusal. The page cannot name a path of its own, nor ask for a download (`trailscope serve` only).
 */
function claimOutput(payload: unknown, outputs: GrantedOutputs): { out: string } | { refused: Result<never> } {
  const out = typeof payload === 'object' && payload !== null ? (payload as { out?: unknown }).out : undefined;
  if (typeof out === 'string' && outputs.take(out)) return { out };
  const what = typeof out === 'string' ? `Not writing ${out.slice(0, 500)}: the` : 'The';
  return {
    refused: {
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message:
          `${what} desktop app writes exports, reports and packages only to a file chosen in its save dialog ` +
          '(the Export dialog’s Save as…), once each.',
      },
    },
  };
}

/** Registers the call, withdraw, grant, save-dialog and reveal channels; returns what unregisters them. */
export function registerIpcRouter(ipc: IpcMainLike, handlers: Handlers, options: IpcRouterOptions): () => void {
  const { isTrustedSender, imports, choosePaths, outputs, chooseOutput, reveal } = options;
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
    // Verifying a package reads the file: one the user chose, as for an import; uploads are the web bridge's.
    if (channel === 'packages.verify') {
      const path = typeof payload === 'object' && payload !== null ? (payload as { path?: unknown }).path : undefined;
      if (typeof path !== 'string' || !imports.has(path))
        return {
          ok: false,
          error: {
            code: 'FORBIDDEN',
            message: 'The desktop app verifies only a package chosen in its Verify Package dialog.',
          },
        };
    }
    // Exports, reports and packages write a file where the request says, replacing one there with `force`: only where
    // the user chose in the save dialog (which asked before replacing), and once. A call that does not start its job
    // gives the grant back.
    if (WRITING_JOBS.has(channel)) {
      const claim = claimOutput(payload, outputs);
      if ('refused' in claim) return claim.refused;
      const result = await dispatch(handlers, channel, payload);
      if (!result.ok) outputs.giveBack(claim.out);
      return result;
    }
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
    if (!isTrustedSender(event) || (kind !== 'files' && kind !== 'folder' && kind !== 'package')) return [];
    const paths = await choosePaths(kind);
    for (const path of paths) imports.grant(path);
    return paths;
  });
  ipc.handle(IPC_CHOOSE_OUTPUT, async (event, kind, name): Promise<string | null> => {
    if (!isTrustedSender(event) || !(OUTPUT_KINDS as readonly unknown[]).includes(kind)) return null;
    const suggested = typeof name === 'string' ? name.slice(0, MAX_SUGGESTED_NAME) : '';
    const path = await chooseOutput(kind as OutputKind, suggested);
    return path !== null && outputs.grant(path) ? path : null;
  });
  ipc.handle(IPC_REVEAL, (event, path): Promise<boolean> => {
    // Only a file the user chose in the save dialog: the page cannot probe or show anything else.
    if (!isTrustedSender(event) || typeof path !== 'string' || !outputs.mayReveal(path)) return Promise.resolve(false);
    reveal(path);
    return Promise.resolve(true);
  });
  return () => {
    ipc.removeHandler(IPC_CALL);
    ipc.removeHandler(IPC_CHOOSE_PATHS);
    ipc.removeHandler(IPC_CHOOSE_OUTPUT);
    ipc.removeHandler(IPC_REVEAL);
    ipc.removeListener(IPC_WITHDRAW, withdraw);
    ipc.removeListener(IPC_GRANT_PATH, grant);
  };
}
