// `trailscope serve [<case>] [--port N]`: the app's UI and contract for a browser, over the loopback web bridge.
// Without a case it opens the demo case (made on first use), like the desktop app. The URL to open is printed
// on stdout, on a line of its own; everything else goes to stderr. Runs until Ctrl-C.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { EnvSecretStore } from '../core/secrets';
import { userConfigDir } from './engine-session';
import { openInBrowser } from './open-browser';
import { createProgressLine, formatCount, say } from './output';

/**
 * The built UI, out/renderer of the checkout this code runs from: the nearest folder up with a package.json is its
 * root, whether this runs built (out/main, out/main/chunks) or from source (src/main/cli). Null when not built.
 */
function builtRendererDir(): string | null {
  for (let dir = import.meta.dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    if (!existsSync(join(dir, 'package.json'))) continue;
    const renderer = join(dir, 'out', 'renderer');
    return existsSync(join(renderer, 'index.html')) ? renderer : null;
  }
  return null;
}

/** Where the demo case lives when no case is given: TRAILSCOPE_HOME, else the XDG data folder. */
export function defaultDemoCasePath(env: NodeJS.ProcessEnv = process.env): string {
  const home = env['TRAILSCOPE_HOME'] ?? join(env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'trailscope');
  return join(home, 'demo.duckdb');
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new InvalidArgumentError('must be a port number (0 picks a free one)');
  return n;
}

export function registerServeCommand(program: Command): Command {
  return program
    .command('serve')
    .description('serve the Trailscope UI for a browser on 127.0.0.1 (prints the URL to open, with its access token)')
    .argument('[case]', 'case file (default: the demo case, made on first use)')
    .option('--port <n>', 'port on 127.0.0.1; 0 picks a free one', port, 0)
    .option('--open', 'open the UI in the system browser, where there is one')
    .action(async (given: string | undefined, opts: { port: number; open?: boolean }) => {
      const casePath = given ?? (await openDemoCase());
      const { createEngine } = await import('../core/engine');
      // The signing key is the CLI's: a package made in the browser verifies with the same key as `trailscope package`'s.
      const engine = await createEngine({
        casePath,
        secrets: new EnvSecretStore(),
        trustDir: userConfigDir(),
        keyDir: userConfigDir(),
      });
      const rendererDir = builtRendererDir();
      // `npm ci` builds it (the prepare script); only a checkout run from source without a build gets here.
      if (!rendererDir) say('The UI is not built (run `npm run build`); serving the API only.');
      // Loaded here, not at the top: every other command would pay for the HTTP server and the request schemas.
      const { startWebBridge } = await import('../web/server');
      const bridge = await startWebBridge({ engine, port: opts.port, rendererDir });
      // Listening before the URL is out: whoever reads it may stop us at once, and must get a clean stop.
      const stopped = new Promise<void>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      say(`Serving ${casePath}. Open this URL (it carries the access token; keep it private). Ctrl-C stops.`);
      process.stdout.write(`${bridge.url}\n`);
      const browser = opts.open ? await openInBrowser(bridge.url) : null;
      if (browser)
        say(browser.opened ? 'Opened it in your browser.' : 'No browser to open here: open the URL above in one.');
      await stopped;
      await browser?.dispose();
      await bridge.close();
      await engine.close();
    });
}

async function openDemoCase(): Promise<string> {
  const path = defaultDemoCasePath();
  if (!existsSync(path)) say(`No case given: making the demo case at ${path} (once).`);
  const progress = createProgressLine();
  const { ensureDemoCase } = await import('../core/demo/create-demo-case');
  try {
    return await ensureDemoCase(path, {
      onProgress: (p) => progress.update(`demo: ${p.phase} ${formatCount(p.done)} of ${formatCount(p.total)} events`),
    });
  } finally {
    progress.done();
  }
}
