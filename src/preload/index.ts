// Exposes one object, window.trailscope, to the sandboxed renderer: `call` for the contract's channels (checked
// and validated in the main process, see shell/ipc-router.ts) and `onJob` for pushed job events. The IPC event is
// never handed to the renderer (it includes the sender).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL, IPC_PUSH } from '../shared/ipc-channels';

contextBridge.exposeInMainWorld('trailscope', {
  transport: 'electron',
  call: (channel: string, payload: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_CALL, channel, payload),
  onJob: (listener: (event: unknown) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, job: unknown) => listener(job);
    ipcRenderer.on(IPC_PUSH, forward);
    return () => ipcRenderer.off(IPC_PUSH, forward);
  },
});
