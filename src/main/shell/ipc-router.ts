// The Electron transport of the contract: one invoke channel for calls and one send channel for pushed job events.
// Takes an IpcMain-like object and a sender check instead of importing electron, so it is unit-tested in plain
// Node. A message from a sender the app did not create is ignored; every payload is validated by dispatch().
import { IPC_CALL } from '../../shared/ipc-channels';
import type { Result } from '../../shared/result';
import { dispatch } from '../core/bridge/dispatch';
import type { Handlers } from '../core/engine';

export interface IpcEventLike {
  sender: unknown;
  senderFrame?: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Registers the call channel; returns what unregisters it. */
export function registerIpcRouter(ipc: IpcMainLike, handlers: Handlers, isTrustedSender: (event: IpcEventLike) => boolean): () => void {
  ipc.handle(IPC_CALL, async (event, channel, payload): Promise<Result<unknown>> => {
    if (!isTrustedSender(event)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'This window is not one Trailscope opened.' } };
    }
    if (typeof channel !== 'string') return { ok: false, error: { code: 'INVALID_REQUEST', message: 'A call names its channel.' } };
    return dispatch(handlers, channel, payload);
  });
  return () => ipc.removeHandler(IPC_CALL);
}
