// The application menu as data: File (new / open / recent cases, import files or a folder, export, verify a
// package, close), Edit, View (reload and devtools only in development), Window on macOS, Help (the providers'
// audit-log docs). Only a type import from electron, so the template is unit-tested in plain Node; index.ts builds it
// with Menu.buildFromTemplate.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  newCase(): void;
  openCase(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  importFiles(): void;
  importFolder(): void;
  /** Opens the page's Export dialog (the current query as CSV, NDJSON, Parquet, a PDF report or a package). */
  exportEvents(): void;
  /** Opens the page's Verify Package dialog. */
  verifyPackage(): void;
  openExternal(url: string): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Not packaged: reload and devtools are offered. */
  isDev: boolean;
  recent: readonly string[];
  actions: MenuActions;
}

/** Every link the Help menu opens; each must pass isAllowedExternalUrl (test/unit/main/menu.test.ts). */
export const HELP_LINKS: readonly { label: string; url: string }[] = [
  {
    label: 'GitHub audit log',
    url: 'https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-security-settings-for-your-organization/reviewing-the-audit-log-for-your-organization',
  },
  { label: 'Okta System Log API', url: 'https://developer.okta.com/docs/reference/api/system-log/' },
  { label: 'Slack Audit Logs API', url: 'https://api.slack.com/admins/audit-logs' },
  { label: '1Password Events API', url: 'https://developer.1password.com/docs/events-api/' },
  {
    label: 'Google Workspace Reports API',
    url: 'https://developers.google.com/admin-sdk/reports/v1/get-start/getting-started',
  },
  {
    label: 'CloudTrail log file integrity',
    url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html',
  },
];

/** Menu labels treat `&` as a mnemonic marker on Windows and Linux; a path shows as typed. */
function literal(label: string): string {
  return label.replaceAll('&', '&&');
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { actions, isDev } = options;
  const mac = options.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] = options.recent.length
    ? [
        ...options.recent.map((path): MenuItemConstructorOptions => ({
          label: literal(path),
          click: () => actions.openRecent(path),
        })),
        { type: 'separator' },
        { id: 'clear-recent', label: 'Clear Menu', click: () => actions.clearRecent() },
      ]
    : [{ id: 'no-recent', label: 'No Recent Cases', enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { id: 'new-case', label: 'New Case…', accelerator: 'CmdOrCtrl+N', click: () => actions.newCase() },
      { id: 'open-case', label: 'Open Case…', accelerator: 'CmdOrCtrl+O', click: () => actions.openCase() },
      { id: 'open-recent', label: 'Open Recent', submenu: recent },
      { type: 'separator' },
      { id: 'import-files', label: 'Import Files…', accelerator: 'CmdOrCtrl+I', click: () => actions.importFiles() },
      {
        id: 'import-folder',
        label: 'Import Folder…',
        accelerator: 'CmdOrCtrl+Alt+I',
        click: () => actions.importFolder(),
      },
      { type: 'separator' },
      { id: 'export', label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportEvents() },
      { id: 'verify-package', label: 'Verify Package…', click: () => actions.verifyPackage() },
      { type: 'separator' },
      { id: 'close', role: 'close' },
      ...(mac ? [] : [{ id: 'quit', role: 'quit' } as MenuItemConstructorOptions]),
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(isDev
        ? ([
            { id: 'reload', role: 'reload' },
            { id: 'force-reload', role: 'forceReload' },
            { id: 'toggle-devtools', role: 'toggleDevTools' },
            { type: 'separator' },
          ] as MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Audit-log documentation', enabled: false },
      ...HELP_LINKS.map(({ label, url }): MenuItemConstructorOptions => ({
        label,
        click: () => actions.openExternal(url),
      })),
      ...(mac
        ? []
        : [{ type: 'separator' } as MenuItemConstructorOptions, { role: 'about' } as MenuItemConstructorOptions]),
    ],
  };

  return [
    ...(mac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    view,
    ...(mac ? [{ role: 'windowMenu' } as MenuItemConstructorOptions] : []),
    help,
  ];
}
