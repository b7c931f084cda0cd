// Exposes one object, window.trailscope, to the sandboxed renderer: the shared Transport (src/shared/transport.ts),
// which it `satisfies`. `call` for the contract's channels (checked and validated in the main process, see
// shell/ipc-router.ts), `withdraw` for a call whose answer is no longer wanted (the renderer numbers its calls),
// `onJob` for pushed job events, `choosePaths` for the app's own open dialog, `chooseOutput` for its save dialog (the
// path an export may write) and `revealPath` to show that file in its folder, `onCommand` for the menu's commands to
// the page, and `pathForFile` for drag-and-drop (a dropped File's path on disk, which the
// renderer then passes to `jobs.import`: main imports only paths granted by its dialogs or reported here, and
// getPathForFile gives '' for a File the page made). The IPC event is never handed to the renderer (it includes the
// sender).
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { PushEvents } from '@shared/contract';
import {
  IPC_CALL,
  IPC_CHOOSE_OUTPUT,
  IPC_CHOOSE_PATHS,
  IPC_COMMAND,
  IPC_GRANT_PATH,
  IPC_PUSH,
  IPC_REVEAL,
  IPC_WITHDRAW,
} from '@shared/ipc-channels';
import type { AppCommand, Transport } from '@shared/transport';

const transport = {
  transport: 'electron',
  // The main process answers every call with a Result; it is the side that validates the request.
  call: (channel, request, callId) => ipcRenderer.invoke(IPC_CALL, channel, request, callId),
  withdraw: (callId) => ipcRenderer.send(IPC_WITHDRAW, callId),
  onJob: (listener) => {
    const forward = (_event: IpcRendererEvent, job: PushEvents['job']) => listener(job);
    ipcRenderer.on(IPC_PUSH, forward);
    return () => ipcRenderer.off(IPC_PUSH, forward);
  },
  pathForFile: (file) => {
    const path = webUtils.getPathForFile(file);
    // Sent before the renderer's jobs.import on the same IPC pipe, so main has granted it by the time that arrives.
    if (path !== '') ipcRenderer.send(IPC_GRANT_PATH, path);
    return path;
  },
  choosePaths: (kind) => ipcRenderer.invoke(IPC_CHOOSE_PATHS, kind) as Promise<string[]>,
  chooseOutput: (kind, name) => ipcRenderer.invoke(IPC_CHOOSE_OUTPUT, kind, name) as Promise<string | null>,
  revealPath: (path) => void ipcRenderer.invoke(IPC_REVEAL, path),
  onCommand: (listener) => {
    const forward = (_event: IpcRendererEvent, command: AppCommand) => listener(command);
    ipcRenderer.on(IPC_COMMAND, forward);
    return () => ipcRenderer.off(IPC_COMMAND, forward);
  },
} satisfies Transport;

contextBridge.exposeInMainWorld('trailscope', transport);
