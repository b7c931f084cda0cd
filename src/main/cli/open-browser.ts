// Opens the web bridge's URL in the system browser where there is one (`trailscope serve --open`, which `npm start`
// uses where Electron cannot run). The URL carries the access token, so it never goes on a command line that other
// users of the machine can read (ps): the browser gets an owner-only local page that forwards to it.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withUserUmask } from '../core/private-files';

export interface OpenCommand {
  command: string;
  args: string[];
}

/**
 * How this platform opens a file in the default browser: `open` on macOS, `start` on Windows, xdg-open on a Linux
 * desktop (a DISPLAY or WAYLAND_DISPLAY). Null where there is no browser to open (a server, an ssh session), or
 * when TRAILSCOPE_NO_BROWSER=1 (tests).
 */
export function openCommand(file: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): OpenCommand | null {
  if (env['TRAILSCOPE_NO_BROWSER'] === '1') return null;
  if (platform === 'darwin') return { command: 'open', args: [file] };
  if (platform === 'win32') return { command: 'cmd', args: ['/d', '/c', 'start', '""', `"${file}"`] };
  if (env['DISPLAY'] || env['WAYLAND_DISPLAY']) return { command: 'xdg-open', args: [file] };
  return null;
}

/** A page that sends the browser on to `url` at once. */
export function forwardingPage(url: string): string {
  const href = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html>\n<meta charset="utf-8">\n<meta http-equiv="refresh" content="0;url=${href}">\n<title>Trailscope</title>\n<a href="${href}">Open Trailscope</a>\n`;
}

export interface OpenedBrowser {
  /** False where no browser could be started; the user opens the printed URL. Never an error. */
  opened: boolean;
  /** The forwarding page handed to the browser, while it exists. */
  page: string | null;
  /** Removes the forwarding page (it holds the token): call when the server stops. */
  dispose(): Promise<void>;
}

export async function openInBrowser(
  url: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): Promise<OpenedBrowser> {
  // mkdtemp makes the folder owner-only (0700); the page is too.
  const dir = await mkdtemp(join(tmpdir(), 'trailscope-open-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const page = join(dir, 'open.html');
  await writeFile(page, forwardingPage(url), { mode: 0o600 });
  const command = openCommand(page, platform, env);
  if (!command) {
    await dispose();
    return { opened: false, page: null, dispose: () => Promise.resolve() };
  }
  const child = withUserUmask(() =>
    spawn(command.command, command.args, {
      env,
      stdio: 'ignore',
      detached: true,
      windowsVerbatimArguments: platform === 'win32',
    }),
  );
  // An opener that is not installed (no xdg-utils) fails here, as 'error', never as a crash.
  const opened = await new Promise<boolean>((resolve) => {
    child.once('spawn', () => resolve(true));
    child.once('error', () => resolve(false));
  });
  child.unref();
  if (!opened) await dispose();
  return opened ? { opened, page, dispose } : { opened, page: null, dispose: () => Promise.resolve() };
}
