// Runs the real `trailscope` binary (bin/trailscope.js, which runs the built out/main/cli.js; vitest's globalSetup
// test/helpers/fresh-build.ts rebuilds it when src/ is newer) in a child process, the way a user's shell would, and
// collects what it printed. Also the readers for the CLI's output conventions (--json: one line, the last one).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(REPO_ROOT, 'bin', 'trailscope.js');
const TIMEOUT_MS = 60_000;

/**
 * The user's config folder of every run in this test file ($XDG_CONFIG_HOME), so the CLI keeps its trust in sources
 * there rather than in the real home; one user per file, as one person at one shell. A run may pass its own.
 */
export const CONFIG_HOME = mkdtempSync(join(tmpdir(), 'trailscope-config-'));
const removeConfigHome = () => rmSync(CONFIG_HOME, { recursive: true, force: true });
// The benchmarks run the binary too, outside vitest, where there is no afterAll: the folder goes at exit there.
if (process.env['VITEST']) afterAll(removeConfigHome);
else process.once('exit', removeConfigHome);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, XDG_CONFIG_HOME: CONFIG_HOME, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`trailscope ${args.join(' ')} did not finish within ${TIMEOUT_MS / 1000} s.\nstderr: ${stderr}`),
      );
    }, TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === null) reject(new Error(`trailscope ${args.join(' ')} was killed by ${signal}.\nstderr: ${stderr}`));
      else resolve({ code, stdout, stderr });
    });
  });
}

/** stdout split into lines, without the empty string after the final newline. */
export function stdoutLines(result: CliResult): string[] {
  const lines = result.stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The JSON a `--json` run printed as its last stdout line. */
export function lastJson(result: CliResult): unknown {
  const last = stdoutLines(result).at(-1);
  if (last === undefined) throw new Error(`no JSON on stdout; stderr: ${result.stderr}`);
  return JSON.parse(last);
}

/** A short description of a run, for assertion messages. */
export function describeRun(result: CliResult): string {
  return `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

export interface CaseHolder {
  pid: number;
  /** Ends the holding process and resolves once it has exited (its lock is gone then). */
  release(): Promise<void>;
}

/**
 * Opens `path` for writing (or `read`ing, as `trailscope query` does) in another process
 * (test/helpers/hold-case-open.ts) and resolves once it printed `ready`, i.e. once it holds DuckDB's file lock. A
 * lock held by the test's own process would not conflict.
 */
export function holdCaseOpen(path: string, access: 'read' | 'write' = 'write'): Promise<CaseHolder> {
  const script = join(REPO_ROOT, 'test', 'helpers', 'hold-case-open.ts');
  const args = access === 'read' ? [script, path, '--read-only'] : [script, path];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const release = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      void release();
      reject(new Error(`hold-case-open ${why}.\nstderr: ${stderr}`));
    };
    const timer = setTimeout(() => fail(`was not ready within ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      if (stdout.split('\n').includes('ready')) {
        clearTimeout(timer);
        resolve({ pid: child.pid ?? -1, release });
      }
    });
    child.once('error', (error) => fail(`could not start: ${error.message}`));
    child.once('close', (code) => fail(`exited with ${code} before it was ready`));
  });
}
