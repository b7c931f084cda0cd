// The engine process's side without a process: an answer the port cannot carry (structured clone refuses it, or
// JSON IPC meets a cycle or nesting deeper than its stack) goes back as an INTERNAL error Result, so the main
// process's call settles instead of waiting forever.
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serveEngine, type HostPort } from '../../../../../src/main/core/engine-process/host';
import type { FromHost, ToHost } from '../../../../../src/main/core/engine-process/messages';
import { CaseStore } from '../../../../../src/main/core/store/case-store';
import { tempDir } from '../../../../helpers/temp';

/** A port whose first `result` cannot be carried, the way postMessage throws a DataCloneError. */
class RefusingPort implements HostPort {
  readonly posted: FromHost[] = [];
  private listener: ((message: ToHost) => void) | undefined;
  private refused = false;
  post(message: FromHost): void {
    if (message.type === 'result' && !this.refused) {
      this.refused = true;
      throw new Error('An object could not be cloned.');
    }
    this.posted.push(message);
  }
  onMessage(listener: (message: ToHost) => void): void {
    this.listener = listener;
  }
  send(message: ToHost): void {
    this.listener?.(message);
  }
}

const ports: RefusingPort[] = [];
afterEach(async () => {
  for (const port of ports.splice(0)) {
    port.send({ type: 'close' });
    await vi.waitFor(() => expect(port.posted.some((m) => m.type === 'closed')).toBe(true));
  }
});

describe('serveEngine', () => {
  it('answers a call whose answer cannot be posted with an INTERNAL Result naming the channel', async () => {
    const casePath = join(await tempDir(), 'case.duckdb');
    (await CaseStore.create(casePath, { tenantId: 'ws_acme' })).close();
    const port = new RefusingPort();
    ports.push(port);
    serveEngine(port, () => undefined);
    port.send({ type: 'open', casePath, secretStorage: 'environment', describeTemplate: '' });
    // Opening a case takes over a second on a busy machine (DuckDB's open and the case's shape check).
    await vi.waitFor(() => expect(port.posted.some((m) => m.type === 'ready')).toBe(true), { timeout: 15_000 });

    port.send({ type: 'call', id: 1, channel: 'events.count', payload: { query: '', timeZone: 'UTC' } });
    const answer = await vi.waitFor(() => {
      const result = port.posted.find((m) => m.type === 'result' && m.id === 1);
      if (!result) throw new Error('no answer yet');
      return result;
    });
    expect(answer).toEqual({
      type: 'result',
      id: 1,
      result: {
        ok: false,
        error: {
          code: 'INTERNAL',
          message: 'The answer to events.count could not be sent (An object could not be cloned.).',
        },
      },
    });
    // The next answer goes through as usual.
    port.send({ type: 'call', id: 2, channel: 'events.count', payload: { query: '', timeZone: 'UTC' } });
    await vi.waitFor(() =>
      expect(port.posted.find((m) => m.type === 'result' && m.id === 2)).toEqual({
        type: 'result',
        id: 2,
        result: { ok: true, value: { count: 0 } },
      }),
    );
  });
});
