// The event catalogue's descriptions (DEMO.md's examples), over every action the demo makes.
import { describe, expect, it } from 'vitest';
import { DEMO_ACTIONS, describeDemoEvent } from '../../../../../src/main/core/demo/catalogue';
import { generateDemoEvents } from '../../../../../src/main/core/demo/generate';
import type { DemoRecord } from '../../../../../src/main/core/demo/records';

const ana = { id: 'usr_ana', type: 'user' as const, name: 'Ana Ruiz', email: 'ana.ruiz@acme.io' };
const sarah = { id: 'usr_sarah', type: 'user' as const, name: 'Sarah Chen', email: 'sarah.chen@acme.io' };

function record(partial: Partial<DemoRecord>): DemoRecord {
  return {
    id: 'evt_x',
    occurred_at: '2025-09-01T10:00:00.000Z',
    tenant_id: 'demo',
    action: 'user.signed_in',
    actor: ana,
    target: { type: 'user', id: ana.id, name: ana.name },
    ip_address: null,
    user_agent: null,
    outcome: 'success',
    ...partial,
  };
}

describe('describeDemoEvent', () => {
  it('reads like DEMO.md', () => {
    expect(describeDemoEvent(record({ metadata: { method: 'sso' } }))).toBe('Ana Ruiz signed in with SSO');
    expect(
      describeDemoEvent(
        record({
          action: 'user.invited',
          actor: sarah,
          target: { type: 'user', id: 'u', name: 'alex@acme.io' },
          metadata: { email: 'alex@acme.io', role: 'Member' },
        }),
      ),
    ).toBe('Sarah Chen invited alex@acme.io as Member');
    expect(
      describeDemoEvent(
        record({
          action: 'user.role_changed',
          actor: sarah,
          target: { type: 'user', id: 'u', name: 'Alex Roman' },
          changes: { before: { role: 'Member' }, after: { role: 'Admin' } },
        }),
      ),
    ).toBe('Sarah Chen changed Alex Roman from Member to Admin');
    expect(
      describeDemoEvent(
        record({
          action: 'export.created',
          target: { type: 'dataset', id: 'ds', name: 'Customers' },
          metadata: { records: 1250 },
        }),
      ),
    ).toBe('Ana Ruiz exported 1,250 customer records');
  });

  it('covers exactly the actions the demo makes', () => {
    const made = new Set<string>();
    for (const r of generateDemoEvents({ events: 20_000, seed: 5 })) {
      made.add(r.action);
      expect(describeDemoEvent(r)).not.toContain('undefined');
    }
    expect([...made].sort()).toEqual(Object.keys(DEMO_ACTIONS).sort());
  });
});
