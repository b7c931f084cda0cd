// The Electron transport of the contract: one invoke channel for calls, one send channel to withdraw a call whose
// answer is no longer wanted, and one send channel for pushed job events.
// Takes an IpcMain-like object and a sender check instead of importing electron, so it is unit-tested in plain
// Node. A message from a sender the app did not create is ignored; every payload is validated by dispatch().
import { IPC_CALL, IPC_WITHDRAW } from '@shared/ipc-channels';
import type { Result } from '@shared/result';
import { dispatch } from '../core/bridge/dispatch';
import type { Handlers } from '../core/engine';

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

/** Registers the call and withdraw channels; returns what unregisters them. */
export function registerIpcRouter(
  ipc: IpcMainLike,
  handlers: Handlers,
  isTrustedSender: (event: IpcEventLike) => boolean,
): () => void {
  // Per window, the calls it may still withdraw (a superseded panel query), by the window's own numbers.
  const withdrawable = new WeakMap<object, Map<number, AbortController>>();
  ipc.handle(IPC_CALL, async (event, channel, payload, id): Promise<Result<unknown>> => {
    if (!isTrustedSender(event)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'This window is not one Trailscope opened.' } };
    }
    if (typeof channel !== 'string')
      return { ok: false, error: { code: 'INVALID_REQUEST', message: 'A call names its channel.' } };
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
  return () => {
    ipc.removeHandler(IPC_CALL);
    ipc.removeListener(IPC_WITHDRAW, withdraw);
  };
}
