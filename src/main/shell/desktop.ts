// The desktop app's state: the one open case (its engine), the windows this app created, the IPC router bound to
// that engine, and what the menu does — new / open / recent cases with native dialogs, import files or a folder,
// export (the page's Export dialog). The save dialog that grants a job's output path and "reveal in folder" live here.
// Each case's engine runs in its own utility process (engine-process.ts). Switching cases opens the new engine first (a case that fails to open leaves the current one untouched), then
// rebinds IPC and pushes, closes the old engine and reloads the windows so the renderer starts fresh.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, shell, type WebContents } from 'electron';
import { OUTPUT_FILES, type OutputKind } from '@shared/domain/exports';
import { IPC_COMMAND, IPC_PUSH } from '@shared/ipc-channels';
import type { AppCommand } from '@shared/transport';
import type { Engine } from '../core/engine';
import { isAppError } from '../core/errors';
import type { SecretStore } from '../core/secrets';
import { CaseStore } from '../core/store/case-store';
import { tenantFromCasePath, withCaseExtension } from './case-files';
import { allowedExternalUrl } from './external-url';
import { GrantedOutputs, GrantedPaths } from './granted-paths';
import { registerIpcRouter, trustedSender } from './ipc-router';
import { buildMenuTemplate } from './menu';
import type { RecentCases } from './recent-cases';
import { openEngineProcess } from './engine-process';
import { createMainWindow, devRendererUrl } from './window';

const IMPORT_FILTERS = [
  { name: 'Audit logs', extensions: ['json', 'jsonl', 'ndjson', 'log', 'gz'] },
  { name: 'All files', extensions: ['*'] },
];
const CASE_FILTERS = [{ name: 'Trailscope case', extensions: ['duckdb'] }];
const PACKAGE_FILTERS = [
  { name: 'Evidence package', extensions: ['zip'] },
  { name: 'All files', extensions: ['*'] },
];

export interface DesktopOptions {
  secrets: SecretStore;
  recent: RecentCases;
  /**
   * The app's user-data folder: this user's trust in the sources of cases (core/sources/trust.ts) and the package
   * signing key (core/reports/signing-key.ts).
   */
  configDir: string;
}

export class Desktop {
  private engine: Engine | undefined;
  private casePath: string | undefined;
  private unbind: (() => void) | undefined;
  private switching = false;
  private readonly ours = new Set<WebContents>();
  /** Paths chosen in the import dialogs or dropped on a window: the only ones the renderer may import. */
  private readonly imports = new GrantedPaths();
  /** Paths chosen in the save dialog: the only ones an export, report or package may write (each once). */
  private readonly outputs = new GrantedOutputs();

  constructor(private readonly options: DesktopOptions) {}

  /** Opens the first case and the first window; throws when the case cannot be opened. */
  async start(casePath: string): Promise<void> {
    this.bind(await openEngineProcess(casePath, this.options.secrets, this.options.configDir), casePath);
    await this.remember(casePath);
    this.openWindow();
  }

  openWindow(): BrowserWindow {
    const win = createMainWindow();
    const contents = win.webContents;
    this.ours.add(contents);
    win.on('closed', () => this.ours.delete(contents));
    // The window says which case it shows; the page's own <title> is the same for every case.
    win.on('page-title-updated', (event) => event.preventDefault());
    win.setTitle(this.title());
    return win;
  }

  /** A second launch (or a file manager) asked for the app, maybe with a case to open. */
  async focus(casePath?: string): Promise<void> {
    const [existing] = BrowserWindow.getAllWindows();
    if (existing) {
      if (existing.isMinimized()) existing.restore();
      existing.focus();
    } else this.openWindow();
    if (casePath) await this.useCase(casePath);
  }

  async close(): Promise<void> {
    this.unbind?.();
    this.unbind = undefined;
    await this.engine?.close();
    this.engine = undefined;
  }

  /** Switches the app to the case at `path` (no-op when it is the open one). */
  async useCase(path: string): Promise<boolean> {
    if (this.switching || path === this.casePath) return false;
    this.switching = true;
    try {
      let next: Engine;
      try {
        next = await openEngineProcess(path, this.options.secrets, this.options.configDir);
      } catch (error) {
        await this.showError(`Could not open ${basename(path)}`, error);
        if (!existsSync(path)) await this.options.recent.remove(path).then(() => this.refreshMenu());
        return false;
      }
      const previous = this.engine;
      this.bind(next, path);
      // Running jobs of the previous case are cancelled by close() (each ends with its terminal event).
      await previous?.close();
      await this.remember(path);
      for (const contents of this.ours) {
        if (contents.isDestroyed()) continue;
        BrowserWindow.fromWebContents(contents)?.setTitle(this.title());
        contents.reload();
      }
      return true;
    } finally {
      this.switching = false;
    }
  }

  async refreshMenu(): Promise<void> {
    const recent = await this.options.recent.list();
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({
          platform: process.platform,
          isDev: !app.isPackaged,
          recent,
          actions: {
            newCase: () => void this.newCase(),
            openCase: () => void this.openCase(),
            openRecent: (path) => void this.useCase(path),
            clearRecent: () =>
              void this.options.recent.clear().then(() => {
                app.clearRecentDocuments();
                return this.refreshMenu();
              }),
            importFiles: () => void this.importFrom(['openFile', 'multiSelections']),
            importFolder: () => void this.importFrom(['openDirectory', 'multiSelections']),
            exportEvents: () => this.command('export'),
            verifyPackage: () => this.command('verify-package'),
            openExternal: (url) => {
              const allowed = allowedExternalUrl(url);
              if (allowed) void shell.openExternal(allowed);
            },
          },
        }),
      ),
    );
  }

  private bind(engine: Engine, casePath: string): void {
    this.unbind?.();
    const unregister = registerIpcRouter(ipcMain, engine.handlers, {
      isTrustedSender: trustedSender((sender) => this.ours.has(sender as WebContents), devRendererUrl()),
      imports: this.imports,
      choosePaths: (kind) =>
        kind === 'package'
          ? this.choosePackage()
          : this.chooseImportPaths(kind === 'folder' ? ['openDirectory'] : ['openFile', 'multiSelections']),
      outputs: this.outputs,
      chooseOutput: (kind, name) => this.chooseOutput(kind, name),
      reveal: (path) => shell.showItemInFolder(path),
    });
    const unsubscribe = engine.onPush((job) => {
      for (const contents of this.ours) if (!contents.isDestroyed()) contents.send(IPC_PUSH, job);
    });
    this.unbind = () => {
      unregister();
      unsubscribe();
    };
    this.engine = engine;
    this.casePath = casePath;
  }

  private async remember(path: string): Promise<void> {
    await this.options.recent.add(path);
    app.addRecentDocument(path);
    await this.refreshMenu();
  }

  private title(): string {
    return this.casePath ? `${basename(this.casePath)} — Trailscope` : 'Trailscope';
  }

  private focused(): BrowserWindow | undefined {
    return BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  }

  private async openCase(): Promise<void> {
    const win = this.focused();
    const options = { title: 'Open Case', properties: ['openFile' as const], filters: CASE_FILTERS };
    const answer = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    const [path] = answer.filePaths;
    if (!answer.canceled && path) await this.useCase(path);
  }

  /**
   * New case: a save dialog for the file, whose name is the tenant id (a native dialog cannot ask for text), then
   * a confirmation that says so and offers a multi-tenant case instead.
   */
  private async newCase(): Promise<void> {
    const win = this.focused();
    const saveOptions = {
      title: 'New Case',
      buttonLabel: 'Create',
      message: 'Name the case after its tenant: acme.duckdb holds the events of tenant “acme”.',
      defaultPath: 'tenant.duckdb',
      filters: CASE_FILTERS,
      properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
    };
    const answer = win ? await dialog.showSaveDialog(win, saveOptions) : await dialog.showSaveDialog(saveOptions);
    if (answer.canceled || !answer.filePath) return;
    const path = withCaseExtension(answer.filePath);
    const tenantId = tenantFromCasePath(path);
    if (tenantId === null)
      return this.showError(
        'Could not create the case',
        new Error('The file name must give the tenant id (e.g. acme.duckdb).'),
      );
    const confirmOptions = {
      type: 'question' as const,
      message: `Create a case for tenant “${tenantId}”?`,
      detail:
        `The tenant id is taken from the file name. Records of any other tenant will be rejected ("tenant mismatch") ` +
        'unless the case accepts every tenant. For another tenant id, choose another file name or run ' +
        '`trailscope case create <file> --tenant <id>`.',
      buttons: [`Tenant “${tenantId}” only`, 'Any tenant (multi-tenant)', 'Cancel'],
      defaultId: 0,
      cancelId: 2,
    };
    const choice = win ? await dialog.showMessageBox(win, confirmOptions) : await dialog.showMessageBox(confirmOptions);
    if (choice.response === 2) return;
    try {
      (await CaseStore.create(path, { tenantId, multiTenant: choice.response === 1 })).close();
    } catch (error) {
      return this.showError('Could not create the case', error);
    }
    await this.useCase(path);
  }

  /** The native open dialog for an import; what the user chooses may be imported by the renderer too (granted). */
  private async chooseImportPaths(properties: ('openFile' | 'openDirectory' | 'multiSelections')[]): Promise<string[]> {
    const win = this.focused();
    const options = {
      title: properties.includes('openDirectory') ? 'Import Folder' : 'Import Files',
      buttonLabel: 'Import',
      properties,
      filters: IMPORT_FILTERS,
    };
    const answer = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    if (answer.canceled) return [];
    for (const path of answer.filePaths) this.imports.grant(path);
    return answer.filePaths;
  }

  /** Asks the focused window's page to carry out a menu command (it opens its Export dialog). */
  private command(command: AppCommand): void {
    const contents = this.focused()?.webContents;
    if (contents && this.ours.has(contents) && !contents.isDestroyed()) contents.send(IPC_COMMAND, command);
  }

  /**
   * The native save dialog for a job's file, filtered to its kind and suggesting `name` in the Documents folder. It
   * asks before replacing a file; the router then grants the path chosen, for one job.
   */
  private async chooseOutput(kind: OutputKind, name: string): Promise<string | null> {
    const win = this.focused();
    const { extension, label } = OUTPUT_FILES[kind];
    // Only a file name is suggested: what the page sends never chooses the folder.
    const suggested = basename(name.replaceAll('\\', '/')) || `trailscope.${extension}`;
    const options = {
      title: `Save ${label}`,
      buttonLabel: 'Save',
      defaultPath: join(app.getPath('documents'), suggested),
      filters: [
        { name: label, extensions: [extension] },
        { name: 'All files', extensions: ['*'] },
      ],
      properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
    };
    const answer = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return answer.canceled || !answer.filePath ? null : answer.filePath;
  }

  /** The native open dialog for an evidence package to verify; the router then lets packages.verify read it. */
  private async choosePackage(): Promise<string[]> {
    const win = this.focused();
    const options = {
      title: 'Verify Package',
      buttonLabel: 'Verify',
      properties: ['openFile' as const],
      filters: PACKAGE_FILTERS,
    };
    const answer = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    if (answer.canceled) return [];
    for (const path of answer.filePaths) this.imports.grant(path);
    return answer.filePaths;
  }

  /** Native open dialog, then the contract's import job; its progress reaches the renderer on the push channel. */
  private async importFrom(properties: ('openFile' | 'openDirectory' | 'multiSelections')[]): Promise<void> {
    if (!this.engine) return;
    const paths = await this.chooseImportPaths(properties);
    const engine = this.engine;
    if (paths.length === 0 || !engine) return;
    try {
      await engine.handlers['jobs.import']({ paths });
    } catch (error) {
      await this.showError('Could not start the import', error);
    }
  }

  private async showError(message: string, error: unknown): Promise<void> {
    // Only { code, message } of an AppError is meant for people; anything else is shown by its message alone.
    const detail = isAppError(error) ? error.message : error instanceof Error ? error.message : String(error);
    const win = this.focused();
    const options = { type: 'error' as const, message, detail };
    if (win) await dialog.showMessageBox(win, options);
    else await dialog.showMessageBox(options);
  }
}
