// The demo's record shape — the generic format of FORMATS.md — and its hash chain. Owns nothing else: who does
// what lives in background.ts and incident.ts. No DuckDB, no electron.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../formats/record-hash';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface DemoActor {
  id: string;
  type: 'user' | 'service' | 'api_key' | 'system';
  name: string;
  email?: string;
}

export interface DemoTarget {
  type: string;
  id: string;
  name: string;
}

export interface DemoRecord {
  id: string;
  occurred_at: string;
  tenant_id: string;
  action: string;
  actor: DemoActor;
  target: DemoTarget;
  ip_address: string | null;
  user_agent: string | null;
  outcome: 'success' | 'failure';
  changes?: { before: JsonObject; after: JsonObject };
  metadata?: JsonObject;
}

export interface ChainLink {
  seq: number;
  prev: string;
  hash: string;
}

export type ChainedDemoRecord = DemoRecord & { chain: ChainLink };

export const CHAIN_GENESIS = '0'.repeat(64);

/** The chain of FORMATS.md: hash = sha256(prev ‖ canonical JSON of the record without `chain`). */
export class ChainBuilder {
  private seq = 0;
  private prev = CHAIN_GENESIS;

  get head(): string {
    return this.prev;
  }

  get length(): number {
    return this.seq;
  }

  link(record: DemoRecord): ChainLink {
    const hash = createHash('sha256').update(this.prev, 'utf8').update(canonicalJson(record), 'utf8').digest('hex');
    const link = { seq: ++this.seq, prev: this.prev, hash };
    this.prev = hash;
    return link;
  }
}

/** ISO-8601 UTC with milliseconds, the way the demo writes every time. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
