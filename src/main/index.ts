// Electron app lifecycle only. Everything the app does lives in src/main/core (plain Node): the engine over the
// open case; the window, its security settings, the IPC router and the keychain live in src/main/shell.
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, type WebContents } from 'electron';
import { IPC_PUSH } from '../shared/ipc-channels';
import { ensureDemoCase } from './core/demo/create-demo-case';
import { createEngine, type Engine } from './core/engine';
import { registerIpcRouter } from './shell/ipc-router';
import { SafeStorageSecretStore } from './shell/safe-storage-secrets';
import { hardenSessions } from './shell/security';
import { createMainWindow } from './shell/window';

/** The case given on the command line (`trailscope-app <case.duckdb>`), else the demo case in the user-data folder. */
function caseToOpen(): Promise<string> {
  const given = process.argv.slice(app.isPackaged ? 1 : 2).find((arg) => arg.endsWith('.duckdb'));
  return given ? Promise.resolve(given) : ensureDemoCase(join(app.getPath('userData'), 'demo.duckdb'));
}

async function start(): Promise<Engine> {
  hardenSessions();
  const engine = await createEngine({ casePath: await caseToOpen(), secrets: new SafeStorageSecretStore() });
  const ours = new Set<WebContents>();
  // Only windows this app created may call the core (Electron Fiddle's rule).
  registerIpcRouter(ipcMain, engine.handlers, (event) => ours.has(event.sender as WebContents));
  engine.onPush((job) => {
    for (const contents of ours) if (!contents.isDestroyed()) contents.send(IPC_PUSH, job);
  });
  const open = () => {
    const win = createMainWindow();
    const contents = win.webContents;
    ours.add(contents);
    win.on('closed', () => ours.delete(contents));
  };
  open();
  app.on('second-instance', () => {
    const [existing] = BrowserWindow.getAllWindows();
    if (existing) existing.focus();
    else open();
  });
  return engine;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let engine: Engine | undefined;
  app.whenReady().then(async () => {
    engine = await start();
  });
  app.on('window-all-closed', () => {
    void (engine?.close() ?? Promise.resolve()).finally(() => app.quit());
  });
}
