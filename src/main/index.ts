// Electron app lifecycle only. Everything the app does lives in src/main/core (plain Node): the engine over the
// open case; the windows, their security settings, the app:// protocol, menus, dialogs and the IPC router live in
// src/main/shell (desktop.ts holds the open case and what the menu does).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, dialog, safeStorage } from 'electron';
import { ensureDemoCase } from './core/demo/create-demo-case';
import { keepNewFilesPrivate } from './core/private-files';
import { EnvSecretStore } from './core/secrets';
import { caseFromArgv } from './shell/case-files';
import { Desktop } from './shell/desktop';
import { registerAppScheme, serveRenderer } from './shell/protocol';
import { keychainProtects } from './shell/keychain';
import { RecentCases } from './shell/recent-cases';
import { SafeStorageSecretStore } from './shell/safe-storage-secrets';
import { hardenSessions } from './shell/security';

/** The case given on the command line, else the most recent one that still exists, else the demo case. */
async function caseToOpen(recent: RecentCases): Promise<string> {
  const given = caseFromArgv(process.argv.slice(app.isPackaged ? 1 : 2));
  if (given) return given;
  const last = (await recent.list()).find((path) => existsSync(path));
  return last ?? ensureDemoCase(join(app.getPath('userData'), 'demo.duckdb'));
}

// The main process makes cases too (the demo, File > New): their WAL and spill files are owner-only, as the case is.
keepNewFilesPrivate();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Before 'ready': app:// must be a standard, secure scheme for the renderer to get an origin of its own.
  registerAppScheme();
  let desktop: Desktop | undefined;
  /** macOS hands files opened from the Finder to 'open-file', possibly before the app is ready. */
  let pendingOpen: string | undefined;

  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (desktop) void desktop.focus(path);
    else pendingOpen = path;
  });
  app.on('second-instance', (_event, argv) => void desktop?.focus(caseFromArgv(argv.slice(1))));

  app
    .whenReady()
    .then(async () => {
      hardenSessions();
      serveRenderer(join(import.meta.dirname, '../renderer'));
      const recent = new RecentCases(join(app.getPath('userData'), 'recent-cases.json'));
      // Without a keychain that protects them (checked once ready), the app keeps no secrets and the add-source form
      // asks for environment variable names instead, as under `trailscope serve`.
      const secrets = keychainProtects(safeStorage) ? new SafeStorageSecretStore() : new EnvSecretStore();
      const started = new Desktop({ secrets, recent, configDir: app.getPath('userData') });
      await started.start(pendingOpen ?? (await caseToOpen(recent)));
      desktop = started;
    })
    .catch((error: unknown) => {
      dialog.showErrorBox('Trailscope could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    void (desktop?.close() ?? Promise.resolve()).finally(() => app.quit());
  });
}
