// The demo's event catalogue (DEMO.md): every action the generator emits, its category, and its description
// ("Ana Ruiz signed in with SSO"), through the app's own describer. Pure data and string formatting; no I/O.
import { describeEvent, type DescribedEvent } from '@shared/domain/describe-event';
import { GENERIC_CATALOGUE } from '../formats/category';
import type { DemoRecord } from './records';

/** Every action the demo emits, with its category: the generic format's catalogue, the one the importer uses. */
export const DEMO_ACTIONS = GENERIC_CATALOGUE;

export type DemoAction = keyof typeof DEMO_ACTIONS;

/** One line of plain English for a demo record, worded as the app words it, naming people as DEMO.md does. */
export function describeDemoEvent(record: DemoRecord): string {
  const event: DescribedEvent = {
    action: record.action,
    outcome: record.outcome,
    actor_id: record.actor.id,
    actor_name: record.actor.name,
    actor_email: record.actor.email ?? null,
    target_id: record.target.id,
    target_name: record.target.name,
    metadata: record.metadata ?? null,
    changes: record.changes ?? null,
  };
  return describeEvent(event, { actor: (e) => e.actor_name ?? e.actor_id ?? 'Someone' });
}
