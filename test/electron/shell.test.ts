// The Electron shell, launched for real with Playwright's _electron on the built app (out/main/index.js) over a
// small demo case: the window's security settings read in the main process, window.trailscope holding only the
// contract's API, the renderer served from app:// (and nothing outside the build), navigation, new windows and
// permissions denied, and IPC answering only the contract. Runs where an Electron binary is installed; elsewhere
// the suite reports itself as "skipped: no Electron binary".
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoCase } from '../../src/main/core/demo/create-demo-case';
import { REPO_ROOT } from '../helpers/cli';
import { tempDir } from '../helpers/temp';
import { electronBinary, SKIPPED_NO_ELECTRON } from './electron-binary';

// Browser globals used inside page.evaluate callbacks, which run in the page (this tsconfig has no DOM lib, and
// adding it would hide DOM use in the main process's code).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const Notification: any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const BINARY = electronBinary();
const MAIN = join(REPO_ROOT, 'out', 'main', 'index.js');
if (!BINARY)
  console.log(
    `test/electron/shell.test.ts: ${SKIPPED_NO_ELECTRON} (node_modules/electron/path.txt or its dist/ binary is missing; set ELECTRON_BINARY_PATH to use another)`,
  );

describe.skipIf(!BINARY)(
  BINARY ? 'electron: the desktop shell is locked down' : `electron shell (${SKIPPED_NO_ELECTRON})`,
  () => {
    let app: ElectronApplication;
    let page: Page;
    let casePath: string;

    beforeAll(async () => {
      if (!existsSync(MAIN)) throw new Error(`Build the app first (npm run build): ${MAIN} is missing.`);
      const home = await tempDir();
      casePath = join(home, 'shell.duckdb');
      await createDemoCase(casePath, { events: 2_000 });
      app = await _electron.launch({
        executablePath: BINARY,
        args: [MAIN, `--user-data-dir=${join(home, 'user-data')}`, casePath],
        env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), ELECTRON_RENDERER_URL: '' },
      });
      page = await app.firstWindow();
      await page.waitForSelector('[data-app-state="loaded"]', { timeout: 30_000 });
    });

    afterAll(async () => {
      await app?.close();
    });

    it('runs the renderer isolated, sandboxed, without Node, from app://trailscope', async () => {
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const [win] = BrowserWindow.getAllWindows();
        // Undocumented but long-standing: the preferences the renderer actually runs with.
        const p = (
          win!.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }
        ).getLastWebPreferences();
        return {
          contextIsolation: p.contextIsolation,
          sandbox: p.sandbox,
          nodeIntegration: p.nodeIntegration,
          webviewTag: p.webviewTag,
          url: win!.webContents.getURL(),
        };
      });
      expect(prefs).toEqual({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webviewTag: false,
        url: 'app://trailscope/index.html',
      });
      expect(
        await page.evaluate(() => [
          typeof (globalThis as { require?: unknown }).require,
          typeof (globalThis as { process?: unknown }).process,
        ]),
      ).toEqual(['undefined', 'undefined']);
    });

    it('exposes only the contract API on window.trailscope, frozen by the context bridge', async () => {
      const shape = await page.evaluate(() => {
        const api = (window as unknown as { trailscope: Record<string, unknown> }).trailscope;
        return {
          keys: Object.keys(api).sort(),
          types: Object.values(api).map((v) => typeof v),
          others: Object.keys(window).filter((k) => /ipc|electron/i.test(k)),
        };
      });
      expect(shape.keys).toEqual([
        'call',
        'chooseOutput',
        'choosePaths',
        'onCommand',
        'onJob',
        'pathForFile',
        'revealPath',
        'transport',
        'withdraw',
      ]);
      expect(shape.others).toEqual([]);
      const info = await page.evaluate(() =>
        (window as unknown as { trailscope: { call(c: string, p: unknown): Promise<unknown> } }).trailscope.call(
          'case.info',
          {},
        ),
      );
      expect(info).toMatchObject({ ok: true, value: { path: casePath, stats: { events: 2_000 } } });
      const refused = await page.evaluate(() =>
        (window as unknown as { trailscope: { call(c: string, p: unknown): Promise<unknown> } }).trailscope.call(
          'shell.exec',
          { cmd: 'id' },
        ),
      );
      expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    });

    it('imports no path the user did not choose or drop: a typed one, or one of a File the page made', async () => {
      const refused = await page.evaluate(() => {
        const api = (
          window as unknown as {
            trailscope: { call(c: string, p: unknown): Promise<unknown>; pathForFile(f: File): string };
          }
        ).trailscope;
        const made = api.pathForFile(new File(['{}'], 'passwd'));
        return Promise.all([made, api.call('jobs.import', { paths: ['/etc/passwd'] })]);
      });
      expect(refused).toEqual([
        '',
        { ok: false, error: { code: 'USAGE', message: expect.stringContaining('Not importing /etc/passwd:') } },
      ]);
    });

    it('sends the CSP on app:// and serves nothing outside the renderer build', async () => {
      const result = await page.evaluate(async () => {
        const index = await fetch('app://trailscope/index.html');
        const outside = await fetch('app://trailscope/..%2f..%2fpackage.json');
        return { csp: index.headers.get('content-security-policy'), outside: outside.status };
      });
      expect(result.csp).toContain("frame-ancestors 'none'");
      expect(result.csp).toContain("form-action 'none'");
      expect(result.outside).toBe(404);
    });

    it('does not navigate away, open windows, or grant permissions; only allow-listed links reach the browser', async () => {
      // Capture shell.openExternal instead of opening a browser on the test machine.
      await app.evaluate(({ shell }) => {
        const opened: string[] = [];
        (globalThis as { __opened?: string[] }).__opened = opened;
        shell.openExternal = (url: string) => {
          opened.push(url);
          return Promise.resolve();
        };
      });
      await page.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      await page.evaluate(() => window.open('https://docs.github.com/en', '_blank'));
      await page.evaluate(() => window.open('http://docs.github.com/en', '_blank'));
      await page.evaluate(() => window.open('https://docs.github.com@evil.example/', '_blank'));
      const notification = await page.evaluate(() => Notification.requestPermission());
      // A round trip after the attempts: the page is still ours and still alone.
      expect(await page.evaluate(() => window.location.href)).toBe('app://trailscope/index.html');
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
      expect(notification).toBe('denied');
      expect(await app.evaluate(() => (globalThis as { __opened?: string[] }).__opened)).toEqual([
        'https://docs.github.com/en',
      ]);
    });
  },
);
