// The IPC router without Electron: the sender check (a window the app made, showing app://trailscope), schema
// rejection, the Result envelope (a handler's AppError becomes { code, message }; an unexpected error never carries a
// stack), jobs.import refused for any path the user did not choose in a dialog or drop on the window, and exports,
// reports and packages refused for any path the save dialog did not grant (each grant good for one job), and
// "reveal in folder" only for such a path.
import { describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../../../src/main/core/engine';
import { AppError } from '../../../../src/main/core/errors';
import {
  IPC_CALL,
  IPC_CHOOSE_OUTPUT,
  IPC_CHOOSE_PATHS,
  IPC_GRANT_PATH,
  IPC_REVEAL,
  IPC_WITHDRAW,
} from '@shared/ipc-channels';
import { GrantedOutputs, GrantedPaths } from '../../../../src/main/shell/granted-paths';
import {
  registerIpcRouter,
  trustedSender,
  type IpcEventLike,
  type IpcMainLike,
} from '../../../../src/main/shell/ipc-router';

/** Records the handler the router registers, the way ipcMain would hold it. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  readonly listeners = new Map<string, (event: IpcEventLike, ...args: unknown[]) => void>();
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): void {
    this.listeners.set(channel, listener);
  }
  removeListener(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): void {
    if (this.listeners.get(channel) === listener) this.listeners.delete(channel);
  }
  invoke(event: IpcEventLike, ...args: unknown[]): Promise<unknown> {
    return this.invokeOn(IPC_CALL, event, ...args);
  }
  invokeOn(channel: string, event: IpcEventLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error('no handler');
    return handler(event, ...args);
  }
  send(event: IpcEventLike, channel: string, ...args: unknown[]): void {
    this.listeners.get(channel)?.(event, ...args);
  }
}

const ourWindow = { id: 'ours' };
/** A message from our window's renderer page, as Electron's event carries it. */
const ours: IpcEventLike = { sender: ourWindow, senderFrame: { url: 'app://trailscope/index.html' } };
const calls: unknown[] = [];
/** The signal the last events.facets call was given, once its handler runs. */
let facetsSignal: AbortSignal | undefined;
const handlers = {
  'events.count': (req: unknown) => {
    calls.push(req);
    return Promise.resolve({ count: 42 });
  },
  'case.info': () => Promise.reject(new AppError('CASE_LOCKED', 'Case x is open in another Trailscope process.')),
  'sources.list': () => Promise.reject(new TypeError('boom')),
  'jobs.import': (req: { paths: string[] }) => {
    calls.push(req);
    return Promise.resolve({ jobId: 'job-1' });
  },
  'jobs.export': (req: unknown) => {
    calls.push(req);
    return Promise.resolve({ jobId: 'job-export' });
  },
  'jobs.report': (req: unknown) => {
    calls.push(req);
    return Promise.resolve({ jobId: 'job-report' });
  },
  'packages.verify': (req: unknown) => {
    calls.push(req);
    return Promise.resolve({ intact: true });
  },
  // A query the core refuses before a job starts.
  'jobs.package': (req: { query: string }) => {
    calls.push(req);
    return req.query === 'actor:'
      ? Promise.reject(new AppError('USAGE', 'Expected a value after "actor:" at column 7.'))
      : Promise.resolve({ jobId: 'job-package' });
  },
  // Answers only when withdrawn, as a panel query the engine drops.
  'events.facets': (_req: unknown, signal?: AbortSignal) => {
    facetsSignal = signal;
    return new Promise((_resolve, reject) =>
      signal?.addEventListener('abort', () => reject(new AppError('CANCELLED', 'The request was withdrawn.'))),
    );
  },
} as unknown as Handlers;

function router() {
  const ipc = new FakeIpcMain();
  const imports = new GrantedPaths();
  /** The dialogs opened, by kind; the user picks one file or one folder. */
  const dialogs: string[] = [];
  const outputs = new GrantedOutputs();
  /** The save dialogs opened (kind and suggested name); the user saves as /exports/<name>, or cancels `cancel.csv`. */
  const saveDialogs: string[] = [];
  const revealed: string[] = [];
  const unregister = registerIpcRouter(ipc, handlers, {
    isTrustedSender: trustedSender((sender) => sender === ourWindow),
    imports,
    choosePaths: (kind) => {
      dialogs.push(kind);
      return Promise.resolve(
        kind === 'files'
          ? ['/data/picked.ndjson']
          : kind === 'package'
            ? ['/inbox/evidence.zip']
            : ['/data/picked-folder'],
      );
    },
    outputs,
    chooseOutput: (kind, name) => {
      saveDialogs.push(`${kind} ${name}`);
      return Promise.resolve(name === 'cancel.csv' ? null : `/exports/${name}`);
    },
    reveal: (path) => revealed.push(path),
  });
  return { ipc, unregister, imports, dialogs, outputs, saveDialogs, revealed };
}

describe('registerIpcRouter', () => {
  it('answers a valid call from our window with { ok: true, value }', async () => {
    const { ipc } = router();
    expect(await ipc.invoke(ours, 'events.count', { query: 'actor:ana', timeZone: 'UTC' })).toEqual({
      ok: true,
      value: { count: 42 },
    });
    expect(calls.at(-1)).toEqual({ query: 'actor:ana', timeZone: 'UTC' });
  });

  it('ignores a sender the app did not create, without running the handler', async () => {
    const { ipc } = router();
    const before = calls.length;
    expect(
      await ipc.invoke({ sender: { id: 'stranger' } }, 'events.count', { query: '', timeZone: 'UTC' }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls.length).toBe(before);
  });

  it('rejects a payload that fails its schema, an unknown channel and a non-string channel', async () => {
    const { ipc } = router();
    const before = calls.length;
    expect(await ipc.invoke(ours, 'events.count', { query: 42, timeZone: 'UTC' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('query') },
    });
    expect(await ipc.invoke(ours, 'events.count', { query: '', timeZone: "UTC'; --" })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(await ipc.invoke(ours, 'shell.exec', {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(await ipc.invoke(ours, { channel: 'x' }, {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(calls.length).toBe(before);
  });

  it('turns an AppError into its code and message, and anything else into INTERNAL without a stack', async () => {
    const { ipc } = router();
    expect(await ipc.invoke(ours, 'case.info', {})).toEqual({
      ok: false,
      error: { code: 'CASE_LOCKED', message: 'Case x is open in another Trailscope process.' },
    });
    const internal = (await ipc.invoke(ours, 'sources.list', {})) as {
      ok: false;
      error: { code: string; message: string };
    };
    expect(internal.error.code).toBe('INTERNAL');
    expect(internal.error.message).not.toMatch(/\n\s+at /);
  });

  it('withdraws a numbered call when the window that made it asks, and only then', async () => {
    const { ipc } = router();
    facetsSignal = undefined;
    const answer = ipc.invoke(ours, 'events.facets', { query: '', timeZone: 'UTC', top: 5 }, 7);
    const signal = await vi.waitFor(() => {
      if (!facetsSignal) throw new Error('the handler has not run yet');
      return facetsSignal;
    });
    // A withdrawal aborts the call's signal synchronously, inside send: if one of these had reached it, it would show.
    ipc.send({ sender: { id: 'stranger' } }, IPC_WITHDRAW, 7);
    ipc.send(ours, IPC_WITHDRAW, 8);
    ipc.send(ours, IPC_WITHDRAW, '7');
    expect(signal.aborted).toBe(false);
    ipc.send(ours, IPC_WITHDRAW, 7);
    expect(signal.aborted).toBe(true);
    expect(await answer).toEqual({ ok: false, error: { code: 'CANCELLED', message: 'The request was withdrawn.' } });
  });

  it('ignores our window when the sending frame is not the renderer page (another URL, no frame)', async () => {
    const { ipc } = router();
    const before = calls.length;
    for (const senderFrame of [
      { url: 'https://evil.example/' },
      { url: 'app://evil/index.html' },
      { url: 'file:///tmp/page.html' },
      { url: 'http://localhost:5173/' },
      null,
      undefined,
    ]) {
      expect(
        await ipc.invoke({ sender: ourWindow, senderFrame }, 'events.count', { query: '', timeZone: 'UTC' }),
        String(senderFrame?.url),
      ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(calls.length).toBe(before);
  });

  it('takes electron-vite’s dev server as the renderer page only when it is the one in use', () => {
    const isOurs = (sender: unknown) => sender === ourWindow;
    const dev = { sender: ourWindow, senderFrame: { url: 'http://localhost:5173/#/events' } };
    expect(trustedSender(isOurs, 'http://localhost:5173')(dev)).toBe(true);
    expect(trustedSender(isOurs)(dev)).toBe(false);
    expect(trustedSender(isOurs, 'http://localhost:5174')(dev)).toBe(false);
    expect(trustedSender(isOurs, 'http://localhost:5173')({ ...dev, sender: { id: 'stranger' } })).toBe(false);
  });

  it('refuses jobs.import of a path not chosen in a dialog nor dropped, naming it, without running the handler', async () => {
    const { ipc } = router();
    const before = calls.length;
    expect(await ipc.invoke(ours, 'jobs.import', { paths: ['/home/ana/.ssh/id_ed25519'] })).toEqual({
      ok: false,
      error: { code: 'USAGE', message: expect.stringContaining('Not importing /home/ana/.ssh/id_ed25519:') },
    });
    expect(calls.length).toBe(before);
  });

  it('refuses jobs.export, jobs.report and jobs.package to a path the save dialog did not grant, or a download', async () => {
    const { ipc, outputs } = router();
    outputs.grant('/exports/granted.csv');
    const before = calls.length;
    const scope = { query: '', timeZone: 'UTC' };
    for (const [channel, request] of [
      ['jobs.export', { ...scope, format: 'csv', out: '/home/ana/.bashrc', force: true }],
      ['jobs.report', { ...scope, out: '/home/ana/.bashrc' }],
      ['jobs.package', { ...scope, out: 'relative.zip' }],
      ['jobs.export', { ...scope, format: 'csv', out: '/exports/granted.csv/../../home/ana/.bashrc' }],
      ['jobs.export', { ...scope, format: 'csv', download: 'events.csv' }],
      ['jobs.report', { ...scope, out: 42 }],
    ] as const)
      expect(await ipc.invoke(ours, channel, request), JSON.stringify(request)).toMatchObject({
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message: expect.stringMatching(
            /writes exports, reports and packages only to a file chosen in its save dialog/,
          ),
        },
      });
    expect(await ipc.invoke(ours, 'jobs.report', { ...scope, out: '/home/ana/.bashrc' })).toMatchObject({
      error: { message: expect.stringMatching(/^Not writing \/home\/ana\/\.bashrc: the desktop app/) },
    });
    expect(calls.length).toBe(before);
  });

  it('writes where the save dialog granted, force included, once; a stranger gets no dialog', async () => {
    const { ipc, saveDialogs } = router();
    expect(await ipc.invokeOn(IPC_CHOOSE_OUTPUT, { sender: { id: 'stranger' } }, 'csv', 'events.csv')).toBeNull();
    expect(await ipc.invokeOn(IPC_CHOOSE_OUTPUT, ours, 'exe', 'events.csv')).toBeNull();
    expect(saveDialogs).toEqual([]);
    expect(await ipc.invokeOn(IPC_CHOOSE_OUTPUT, ours, 'csv', 'cancel.csv')).toBeNull();
    expect(await ipc.invokeOn(IPC_CHOOSE_OUTPUT, ours, 'csv', 'events.csv')).toBe('/exports/events.csv');
    expect(saveDialogs).toEqual(['csv cancel.csv', 'csv events.csv']);

    const request = { query: 'actor:ana', timeZone: 'UTC', format: 'csv', out: '/exports/events.csv', force: true };
    expect(await ipc.invoke(ours, 'jobs.export', request)).toEqual({ ok: true, value: { jobId: 'job-export' } });
    expect(calls.at(-1)).toEqual(request);
    // The grant was for one job: the page cannot write the same file again without the dialog.
    expect(await ipc.invoke(ours, 'jobs.export', request)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    expect(await ipc.invokeOn(IPC_CHOOSE_OUTPUT, ours, 'report', 'report.pdf')).toBe('/exports/report.pdf');
    expect(await ipc.invoke(ours, 'jobs.report', { query: '', timeZone: 'UTC', out: '/exports/./report.pdf' })).toEqual(
      { ok: true, value: { jobId: 'job-report' } },
    );
  });

  it('gives the grant back when the job does not start (a query the core refuses, a request the schema refuses)', async () => {
    const { ipc } = router();
    expect(await ipc.invokeOn(IPC_CHOOSE_OUTPUT, ours, 'package', 'evidence.zip')).toBe('/exports/evidence.zip');
    const out = '/exports/evidence.zip';
    expect(await ipc.invoke(ours, 'jobs.package', { query: 'actor:', out })).toMatchObject({
      ok: false,
      error: { code: 'USAGE' },
    });
    expect(await ipc.invoke(ours, 'jobs.package', { query: '', out, download: 'evidence.zip' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(await ipc.invoke(ours, 'jobs.package', { query: 'actor:ana', out })).toEqual({
      ok: true,
      value: { jobId: 'job-package' },
    });
  });

  it('reveals in its folder only a file the save dialog granted, and only for our page', async () => {
    const { ipc, revealed, imports } = router();
    imports.grant('/data/imported.ndjson');
    expect(await ipc.invokeOn(IPC_REVEAL, ours, '/exports/events.csv')).toBe(false);
    expect(await ipc.invokeOn(IPC_REVEAL, ours, '/data/imported.ndjson')).toBe(false);
    expect(await ipc.invokeOn(IPC_CHOOSE_OUTPUT, ours, 'csv', 'events.csv')).toBe('/exports/events.csv');
    expect(await ipc.invokeOn(IPC_REVEAL, { sender: { id: 'stranger' } }, '/exports/events.csv')).toBe(false);
    expect(await ipc.invokeOn(IPC_REVEAL, ours, 42)).toBe(false);
    expect(revealed).toEqual([]);
    // Also after the job has used the grant to write: revealing is what comes after.
    await ipc.invoke(ours, 'jobs.export', { query: '', timeZone: 'UTC', format: 'csv', out: '/exports/events.csv' });
    expect(await ipc.invokeOn(IPC_REVEAL, ours, '/exports/events.csv')).toBe(true);
    expect(revealed).toEqual(['/exports/events.csv']);
  });

  it('imports what a dialog granted and what our page reported dropped; ignores a stranger’s or a relative grant', async () => {
    const { ipc, imports } = router();
    imports.grant('/data/chosen.ndjson');
    ipc.send(ours, IPC_GRANT_PATH, '/data/dropped.ndjson');
    ipc.send({ sender: { id: 'stranger' }, senderFrame: ours.senderFrame }, IPC_GRANT_PATH, '/etc/shadow');
    ipc.send({ sender: ourWindow, senderFrame: { url: 'https://evil.example/' } }, IPC_GRANT_PATH, '/etc/passwd');
    ipc.send(ours, IPC_GRANT_PATH, 'relative.ndjson');
    ipc.send(ours, IPC_GRANT_PATH, 42);
    expect(await ipc.invoke(ours, 'jobs.import', { paths: ['/data/chosen.ndjson', '/data/dropped.ndjson'] })).toEqual({
      ok: true,
      value: { jobId: 'job-1' },
    });
    expect(calls.at(-1)).toEqual({ paths: ['/data/chosen.ndjson', '/data/dropped.ndjson'] });
    for (const path of ['/etc/shadow', '/etc/passwd', 'relative.ndjson']) {
      expect(await ipc.invoke(ours, 'jobs.import', { paths: ['/data/chosen.ndjson', path] }), path).toMatchObject({
        ok: false,
        error: { code: 'USAGE', message: expect.stringContaining(`Not importing ${path}:`) },
      });
    }
    // A payload that is not a list of paths is the schema's to refuse.
    expect(await ipc.invoke(ours, 'jobs.import', { paths: [42] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
  });

  it('imports what the user chose in the dialog the page asked for; a stranger gets no dialog', async () => {
    const { ipc, dialogs } = router();
    expect(await ipc.invokeOn(IPC_CHOOSE_PATHS, { sender: { id: 'stranger' } }, 'files')).toEqual([]);
    expect(await ipc.invokeOn(IPC_CHOOSE_PATHS, ours, 'everything')).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(await ipc.invoke(ours, 'jobs.import', { paths: ['/data/picked.ndjson'] })).toMatchObject({ ok: false });
    expect(await ipc.invokeOn(IPC_CHOOSE_PATHS, ours, 'files')).toEqual(['/data/picked.ndjson']);
    expect(await ipc.invokeOn(IPC_CHOOSE_PATHS, ours, 'folder')).toEqual(['/data/picked-folder']);
    expect(dialogs).toEqual(['files', 'folder']);
    expect(await ipc.invoke(ours, 'jobs.import', { paths: ['/data/picked.ndjson', '/data/picked-folder'] })).toEqual({
      ok: true,
      value: { jobId: 'job-1' },
    });
  });

  it('verifies only a package chosen in the open dialog (or another granted read), never a path the page names', async () => {
    const { ipc, dialogs } = router();
    const before = calls.length;
    for (const request of [{ path: '/home/ana/.ssh/id_ed25519' }, { upload: 'a'.repeat(32) }, { path: 42 }, {}])
      expect(await ipc.invoke(ours, 'packages.verify', request), JSON.stringify(request)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', message: expect.stringContaining('Verify Package dialog') },
      });
    expect(calls.length).toBe(before);
    expect(await ipc.invokeOn(IPC_CHOOSE_PATHS, ours, 'package')).toEqual(['/inbox/evidence.zip']);
    expect(dialogs).toEqual(['package']);
    expect(await ipc.invoke(ours, 'packages.verify', { path: '/inbox/evidence.zip' })).toEqual({
      ok: true,
      value: { intact: true },
    });
    expect(calls.at(-1)).toEqual({ path: '/inbox/evidence.zip' });
  });

  it('unregisters', () => {
    const { ipc, unregister } = router();
    unregister();
    expect(ipc.handlers.size).toBe(0);
    expect(ipc.listeners.size).toBe(0);
  });
});
