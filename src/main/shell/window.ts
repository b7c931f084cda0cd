// The main window: isolated, sandboxed renderer with no Node access, loaded from app://trailscope (the dev server
// under `electron-vite dev`), with the app icon (Linux and Windows show it; macOS takes the bundle's).
import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';
import { appIconPath } from './app-icon';
import { APP_ENTRY } from './app-protocol';

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    show: false,
    icon: appIconPath({ packaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() }),
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devRendererUrl() ?? APP_ENTRY);
  return win;
}

/** electron-vite's dev server, only when the app is not packaged (a packaged app never loads a URL from the env). */
export function devRendererUrl(): string | undefined {
  const url = process.env['ELECTRON_RENDERER_URL'];
  return url && !app.isPackaged ? url : undefined;
}
