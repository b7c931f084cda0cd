// `npm start` where Electron cannot run (scripts/start.js): it serves the app's UI through the web bridge on the
// demo case, prints the URL, and stops on SIGTERM. Electron's own ELECTRON_OVERRIDE_DIST_PATH points at an empty
// folder, so this path is taken on every machine, with an Electron binary or without.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'undici';
import { expect, it } from 'vitest';
import { INCIDENT_EVENT_COUNT } from '../../src/main/core/demo/incident';
import { tokenCookieName } from '../../src/main/web/server';
import { describeRun, REPO_ROOT, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

const URL_LINE = /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/;

it('serves the UI on the demo case to a browser when there is no Electron binary', async () => {
  const home = await tempDir();
  const noElectron = await tempDir();
  // A small demo case where `serve` looks for it (TRAILSCOPE_HOME), so the test does not build the 100,000-event one.
  const demo = await runCli(['demo', join(home, 'demo.duckdb'), '--events', String(INCIDENT_EVENT_COUNT)]);
  expect(demo.code, describeRun(demo)).toBe(0);

  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'start.js')], {
    cwd: REPO_ROOT,
    env: { ...process.env, TRAILSCOPE_HOME: home, ELECTRON_OVERRIDE_DIST_PATH: noElectron, TRAILSCOPE_NO_BROWSER: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        out += s;
        const line = out.split('\n').find((l) => URL_LINE.test(l));
        if (line) resolve(line);
      });
      void exited.then((code) =>
        reject(new Error(`npm start exited with ${code} before printing a URL.\nstderr: ${stderr}`)),
      );
    });

    const first = await request(url);
    const cookie = `${tokenCookieName(Number(new URL(url).port))}=${new URL(url).searchParams.get('token')}`;
    await first.body.dump();
    const page = await request(`${new URL(url).origin}/`, { headers: { cookie } });

    expect(first.statusCode).toBe(303);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(await page.body.text()).toContain('<div id="root">');
    expect(stderr).toContain('No Electron binary is installed here');
    expect(stderr).toContain(`Serving ${join(home, 'demo.duckdb')}`);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});
