// The application menu as data: the File items issue 5 asks for, each wired to its action; reload and devtools
// only in development; the recent list; every Help link allowed by the openExternal allow-list.
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, HELP_LINKS, type MenuActions } from '../../../../src/main/shell/menu';
import { isAllowedExternalUrl } from '../../../../src/main/shell/external-url';

function actions(log: string[]): MenuActions {
  return {
    newCase: () => log.push('newCase'),
    openCase: () => log.push('openCase'),
    openRecent: (path) => log.push(`openRecent ${path}`),
    clearRecent: () => log.push('clearRecent'),
    importFiles: () => log.push('importFiles'),
    importFolder: () => log.push('importFolder'),
    exportEvents: () => log.push('exportEvents'),
    verifyPackage: () => log.push('verifyPackage'),
    openExternal: (url) => log.push(`openExternal ${url}`),
  };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function click(item: MenuItemConstructorOptions | undefined): void {
  (item?.click as (() => void) | undefined)?.();
}

describe('buildMenuTemplate', () => {
  it('has File › New, Open, Open Recent, Import Files, Import Folder, Export, Verify Package, Close, each calling its action', () => {
    const log: string[] = [];
    const template = buildMenuTemplate({
      platform: 'linux',
      isDev: false,
      recent: ['/c/a&b.duckdb'],
      actions: actions(log),
    });
    const file = template.find((m) => m.label === 'File');
    const items = flatten(template);
    const byId = (id: string) => items.find((i) => i.id === id);
    expect(
      (file?.submenu as MenuItemConstructorOptions[]).filter((i) => i.type !== 'separator').map((i) => i.id),
    ).toEqual([
      'new-case',
      'open-case',
      'open-recent',
      'import-files',
      'import-folder',
      'export',
      'verify-package',
      'close',
      'quit',
    ]);
    for (const id of [
      'new-case',
      'open-case',
      'import-files',
      'import-folder',
      'export',
      'verify-package',
      'clear-recent',
    ])
      click(byId(id));
    expect(byId('export')?.accelerator).toBe('CmdOrCtrl+E');
    const recentItem = (byId('open-recent')?.submenu as MenuItemConstructorOptions[])[0];
    expect(recentItem?.label).toBe('/c/a&&b.duckdb');
    click(recentItem);
    expect(log).toEqual([
      'newCase',
      'openCase',
      'importFiles',
      'importFolder',
      'exportEvents',
      'verifyPackage',
      'clearRecent',
      'openRecent /c/a&b.duckdb',
    ]);
    expect(template.map((m) => m.label ?? m.role)).toEqual(['File', 'editMenu', 'View', 'help']);
  });

  it('offers reload and devtools in development only', () => {
    const roles = (isDev: boolean) =>
      flatten(buildMenuTemplate({ platform: 'linux', isDev, recent: [], actions: actions([]) })).map((i) => i.role);
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('forceReload');
    expect(roles(false)).not.toContain('toggleDevTools');
  });

  it('shows a disabled placeholder when there are no recent cases, and the macOS app and window menus', () => {
    const template = buildMenuTemplate({ platform: 'darwin', isDev: false, recent: [], actions: actions([]) });
    const items = flatten(template);
    expect(items.find((i) => i.id === 'no-recent')?.enabled).toBe(false);
    expect(template[0]?.role).toBe('appMenu');
    expect(template.some((m) => m.role === 'windowMenu')).toBe(true);
    expect(items.some((i) => i.role === 'quit')).toBe(false);
  });

  it('links Help only to pages the openExternal allow-list allows', () => {
    const log: string[] = [];
    const help = buildMenuTemplate({ platform: 'linux', isDev: false, recent: [], actions: actions(log) }).find(
      (m) => m.role === 'help',
    );
    for (const item of help?.submenu as MenuItemConstructorOptions[]) click(item);
    expect(log).toEqual(HELP_LINKS.map((l) => `openExternal ${l.url}`));
    for (const { url } of HELP_LINKS) expect(isAllowedExternalUrl(url), url).toBe(true);
  });
});
