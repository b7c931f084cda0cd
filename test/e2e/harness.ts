// End-to-end harness: a demo case, `trailscope serve` on it (the real CLI, in its own process), and Chromium driven
// by playwright-core. The browser is PLAYWRIGHT_CHROMIUM_PATH, else Debian's /usr/lib/chromium/chromium (what
// .ci/run installs), else Playwright's own if one is installed. Screenshots go to test-results/e2e (look at them).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Channel, Request, Response } from '@shared/contract';
import type { Result } from '@shared/result';
import { createDemoCase } from '../../src/main/core/demo/create-demo-case';
import { BIN, CONFIG_HOME, REPO_ROOT } from '../helpers/cli';

export const ARTIFACTS = join(REPO_ROOT, 'test-results', 'e2e');
const DEBIAN_CHROMIUM = '/usr/lib/chromium/chromium';

export function chromiumPath(): string | undefined {
  const fromEnv = process.env['PLAYWRIGHT_CHROMIUM_PATH'];
  if (fromEnv) return fromEnv;
  return existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh demo case (the tenant of DEMO.md, incident included) of `events` events in a temp folder. */
export async function demoCase(events = 5_000): Promise<string> {
  // Imported here, not at the top: temp.ts registers vitest hooks, and benchmarks use the rest of this file outside vitest.
  const { tempDir } = await import('../helpers/temp');
  const path = join(await tempDir(), 'demo.duckdb');
  await createDemoCase(path, { events });
  return path;
}

export interface Served {
  /** The printed URL, token included. */
  url: string;
  origin: string;
  close(): Promise<void>;
}

/** Runs `trailscope serve <case> --port 0` and resolves with the URL it printed. */
export function serve(casePath: string, env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', casePath, '--port', '0'], {
    cwd: REPO_ROOT,
    env: { ...process.env, XDG_CONFIG_HOME: CONFIG_HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`trailscope serve printed no URL within 60 s.\nstderr: ${err}`));
    }, 60_000);
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.stdout?.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const url = out.split('\n').find((line) => /^http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(line));
      if (url) {
        clearTimeout(timer);
        resolve({ url, origin: new URL(url).origin, close });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`trailscope serve exited with ${code}.\nstderr: ${err}`));
    });
  });
}

export interface OpenOptions {
  /** The browser's own zone (what the app calls Local); Chromium's default otherwise. */
  timezoneId?: string;
  /** Lets a test add its own inline script (axe-core): the app's CSP refuses inline scripts otherwise. */
  bypassCSP?: boolean;
}

/** Opens the served app and waits for its readiness marker. */
export async function openApp(browser: Browser, served: Served, options: OpenOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...options });
  const page = await context.newPage();
  await page.goto(served.url);
  await page.waitForSelector('[data-app-state="loaded"]', { timeout: 30_000 });
  return page;
}

/**
 * Calls the served contract directly (the token as a bearer), for the answers a test checks the UI against.
 * Throws with the core's code and message when the result is not ok.
 */
export async function callApi<C extends Channel>(
  served: Served,
  channel: C,
  request: Request<C>,
): Promise<Response<C>> {
  const token = new URL(served.url).searchParams.get('token') ?? '';
  const response = await fetch(`${served.origin}/api/call/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(request),
  });
  const result = (await response.json()) as Result<Response<C>>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}
