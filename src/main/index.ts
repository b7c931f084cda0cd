// Electron app lifecycle only. Everything the app does lives in src/main/core (plain Node);
// the window and its security settings live in src/main/shell.
import { app } from 'electron';
import { createMainWindow } from './shell/window';
import { hardenSessions } from './shell/security';

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => createMainWindow());
  app.whenReady().then(() => {
    hardenSessions();
    createMainWindow();
  });
  app.on('window-all-closed', () => app.quit());
}
