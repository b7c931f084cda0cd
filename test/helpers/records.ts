// Small generic-format records for tests (FORMATS.md "Generic").
import { gzipSync } from 'node:zlib';

export interface GenericOverrides {
  [key: string]: unknown;
}

export function genericRecord(n: number, overrides: GenericOverrides = {}): Record<string, unknown> {
  return {
    id: `evt_${String(n).padStart(6, '0')}`,
    occurred_at: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
    tenant_id: 'acme',
    action: n % 2 === 0 ? 'user.signed_in' : 'document.accessed',
    actor: { id: `usr_${n % 7}`, type: 'user', name: `User ${n % 7}`, email: `user${n % 7}@acme.io` },
    target: { type: 'document', id: `doc_${n}`, name: `Plan ${n}` },
    ip_address: `203.0.113.${n % 250}`,
    user_agent: 'Mozilla/5.0',
    outcome: 'success',
    ...overrides,
  };
}

export function ndjson(records: unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

export function gz(text: string | Buffer): Buffer {
  return gzipSync(text);
}
