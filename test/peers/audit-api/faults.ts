// Fault injection: which fault, if any, hits the n-th data request, and the `kind@at[xTimes][:value]` text form
// that run-peer.ts takes on its command line. What each fault does to a response lives in server.ts.
import { FAULT_KINDS, type Fault } from './types';

export class FaultPlan {
  private faults: readonly Fault[] = [];
  private count = 0;

  constructor(faults: Fault[]) {
    this.replace(faults);
  }

  /** New faults, counted from the next data request as number 1. */
  replace(faults: Fault[]): void {
    faults.forEach(checkFault);
    this.faults = faults.map((fault) => ({ ...fault }));
    this.count = 0;
  }

  /** Counts one data request; the first listed fault covering it, if any. */
  next(): Fault | undefined {
    const n = ++this.count;
    return this.faults.find((f) => n >= f.at && (f.kind === 'expired-token' || n < f.at + (f.times ?? 1)));
  }
}

function checkFault(fault: Fault): void {
  const wrong = (what: string) => new RangeError(`fault ${JSON.stringify(fault)}: ${what}`);
  if (!FAULT_KINDS.includes(fault.kind)) throw wrong(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  if (!Number.isSafeInteger(fault.at) || fault.at < 1) throw wrong('at must be a whole number ≥ 1');
  if (fault.times !== undefined && (!Number.isSafeInteger(fault.times) || fault.times < 1))
    throw wrong('times must be a whole number ≥ 1');
  if (fault.retryAfterSeconds !== undefined && !(fault.retryAfterSeconds >= 0))
    throw wrong('retryAfterSeconds must be ≥ 0');
  if (fault.delayMs !== undefined && !(fault.delayMs >= 0)) throw wrong('delayMs must be ≥ 0');
  if (fault.sizeBytes !== undefined && !(fault.sizeBytes >= 0)) throw wrong('sizeBytes must be ≥ 0');
}

/**
 * `429@3`, `503@5x2`, `slow@1x3:2500` (value = delayMs), `429@2:30` (value = retryAfterSeconds),
 * `expired-token@10`, `oversized@2:70000000` (value = sizeBytes).
 */
export function parseFault(text: string): Fault {
  const m = /^([a-z0-9-]+)@(\d+)(?:x(\d+))?(?::(\d+))?$/.exec(text.trim());
  if (!m) throw new RangeError(`fault "${text}" is not kind@at[xTimes][:value]`);
  const [, kind, at, times, value] = m;
  const fault: Fault = { kind: kind as Fault['kind'], at: Number(at) };
  if (times !== undefined) fault.times = Number(times);
  if (value !== undefined) {
    if (kind === 'slow') fault.delayMs = Number(value);
    else if (kind === 'oversized') fault.sizeBytes = Number(value);
    else if (kind === '429' || kind === '403-rate-limit') fault.retryAfterSeconds = Number(value);
    else throw new RangeError(`fault "${text}": only slow, oversized, 429 and 403-rate-limit take a :value`);
  }
  checkFault(fault);
  return fault;
}
