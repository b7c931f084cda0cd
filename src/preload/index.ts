// Exposes one object, window.trailscope, to the sandboxed renderer: `call` for the contract's channels (checked
// and validated in the main process, see shell/ipc-router.ts) and `withdraw` for a call whose answer is no longer
// wanted (the renderer numbers its calls), `onJob` for pushed job events, and `pathForFile`
// for drag-and-drop (a dropped File's path on disk, which the renderer then passes to `jobs.import`). The IPC
// event is never handed to the renderer (it includes the sender).
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_CALL, IPC_PUSH, IPC_WITHDRAW } from '../shared/ipc-channels';

contextBridge.exposeInMainWorld('trailscope', {
  transport: 'electron',
  call: (channel: string, payload: unknown, callId?: number): Promise<unknown> => ipcRenderer.invoke(IPC_CALL, channel, payload, callId),
  withdraw: (callId: number): void => ipcRenderer.send(IPC_WITHDRAW, callId),
  onJob: (listener: (event: unknown) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, job: unknown) => listener(job);
    ipcRenderer.on(IPC_PUSH, forward);
    return () => ipcRenderer.off(IPC_PUSH, forward);
  },
  /** '' for a File that is not on disk (made by script, or dropped from another app's memory). */
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
});
