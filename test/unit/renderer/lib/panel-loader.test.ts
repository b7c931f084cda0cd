// The panels' calls (panel-loader.ts): a call superseded by the panel's next one, or withdrawn with every panel's
// call when a query for another scope starts, never delivers its answer; a withdrawal is not shown as an error; the
// panels' round moves on once that query has settled, so they ask again.
import { describe, expect, it, vi } from 'vitest';
import { BridgeError } from '../../../../src/renderer/src/lib/bridge-error';
import {
  createPanelLoader,
  panelsSettled,
  usePanelRound,
  withdrawPanelCalls,
} from '../../../../src/renderer/src/lib/panel-loader';

/** A call whose answer the test gives; it rejects as withdrawn (as the bridge's call does) once its signal aborts. */
function pendingCall<T>() {
  let answer!: (value: T) => void;
  let signal!: AbortSignal;
  const ask = (s: AbortSignal) =>
    new Promise<T>((resolve, reject) => {
      signal = s;
      answer = resolve;
      s.addEventListener('abort', () => reject(new BridgeError('CANCELLED', 'withdrawn')));
    });
  return { ask, answer: (value: T) => answer(value), signal: () => signal };
}

const noPaint = () => Promise.resolve();
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('createPanelLoader', () => {
  it('drops the answer of a call superseded by the panel’s next one, and delivers the newer one', async () => {
    // Arrange
    const loader = createPanelLoader(noPaint);
    const value = vi.fn();
    const error = vi.fn();
    const older = pendingCall<string>();
    const newer = pendingCall<string>();
    // Act
    const first = loader.load(older.ask, () => true, { value, error });
    await settled();
    const second = loader.load(newer.ask, () => true, { value, error });
    await settled();
    older.answer('old bars');
    newer.answer('new bars');
    await Promise.all([first, second]);
    // Assert
    expect(older.signal().aborted).toBe(true);
    expect(value.mock.calls).toEqual([['new bars']]);
    expect(error).not.toHaveBeenCalled();
  });

  it('drops an answer that is no longer current even when its call was not withdrawn', async () => {
    const loader = createPanelLoader(noPaint);
    const value = vi.fn();
    let current = true;
    const call = pendingCall<number>();
    const loading = loader.load(call.ask, () => current, { value, error: vi.fn() });
    await settled();
    current = false;
    call.answer(42);
    await loading;
    expect(value).not.toHaveBeenCalled();
  });

  it('withdraws every panel’s call when a query for another scope starts, without an error, and starts a new round once it settles', async () => {
    // Arrange
    const histogram = createPanelLoader(noPaint);
    const facets = createPanelLoader(noPaint);
    const value = vi.fn();
    const error = vi.fn();
    const bars = pendingCall<string>();
    const counts = pendingCall<string>();
    const loads = [
      histogram.load(bars.ask, () => true, { value, error }),
      facets.load(counts.ask, () => true, { value, error }),
    ];
    await settled();
    const round = usePanelRound.getState().round;
    // Act
    withdrawPanelCalls();
    await Promise.all(loads);
    const roundWhileRunning = usePanelRound.getState().round;
    panelsSettled();
    // Assert
    expect([bars.signal().aborted, counts.signal().aborted]).toEqual([true, true]);
    expect(value).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    expect(roundWhileRunning).toBe(round);
    expect(usePanelRound.getState().round).toBe(round + 1);
  });

  it('starts no new round for a query that withdrew nothing (the same scope in another order)', () => {
    const round = usePanelRound.getState().round;
    panelsSettled();
    expect(usePanelRound.getState().round).toBe(round);
  });

  it('reports a failed call in words', async () => {
    const loader = createPanelLoader(noPaint);
    const error = vi.fn();
    await loader.load(
      () => Promise.reject(new BridgeError('IO', 'The case could not be read')),
      () => true,
      { value: vi.fn(), error },
    );
    expect(error).toHaveBeenCalledWith('The case could not be read');
  });
});
