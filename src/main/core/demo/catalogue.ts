// The demo's event catalogue (DEMO.md): every action the generator emits, its category, and a human description
// template ("Ana Ruiz signed in with SSO"). Pure data and string formatting; no I/O.
import { GENERIC_CATALOGUE } from '../sources/formats/category';
import type { DemoRecord } from './records';

/** Every action the demo emits, with its category: the generic format's catalogue, the one the importer uses. */
export const DEMO_ACTIONS = GENERIC_CATALOGUE;

export type DemoAction = keyof typeof DEMO_ACTIONS;

const METHOD_LABEL: Record<string, string> = { sso: 'SSO', password: 'a password', api_key: 'an API key' };

function str(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** Thousands grouped with a thin space, as in DEMO.md ("1 250 customer records"). */
function count(value: unknown): string {
  return typeof value === 'number' ? String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ' ') : '?';
}

function summarize(side: Record<string, unknown> | undefined): string {
  if (!side) return '';
  return Object.entries(side)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : str(v)}`)
    .join(', ');
}

/** One line of plain English for a demo record. */
export function describeDemoEvent(record: DemoRecord): string {
  const who = record.actor.name;
  const what = record.target.name;
  const m = record.metadata ?? {};
  const before = record.changes?.before;
  const after = record.changes?.after;
  const failed = record.outcome === 'failure' ? ' (failed)' : '';
  switch (record.action as DemoAction) {
    case 'user.signed_in':
      return `${who} signed in with ${METHOD_LABEL[str(m['method'])] ?? str(m['method'])}${failed}`;
    case 'user.signed_out':
      return `${who} signed out`;
    case 'user.login_failed':
      return `Failed sign-in as ${record.actor.email ?? who} (${str(m['reason']).replace(/_/g, ' ')})`;
    case 'user.password_reset':
      return record.actor.id === record.target.id ? `${who} reset their password` : `${who} reset the password of ${what}`;
    case 'user.mfa_enabled':
      return record.actor.id === record.target.id ? `${who} enabled MFA` : `${who} enabled MFA for ${what}`;
    case 'user.mfa_disabled':
      return record.actor.id === record.target.id ? `${who} disabled MFA` : `${who} disabled MFA for ${what}`;
    case 'session.revoked':
      return `${who} revoked the sessions of ${what}`;
    case 'account.locked':
      return `${who} locked the account of ${what}`;
    case 'user.invited':
      return `${who} invited ${str(m['email']) || what} as ${str(m['role'])}`;
    case 'user.removed':
      return `${who} removed ${what}`;
    case 'user.role_changed':
      return `${who} changed ${what} from ${str(before?.['role'])} to ${str(after?.['role'])}`;
    case 'api_key.created':
      return `${who} created the API key "${what}"`;
    case 'api_key.revoked':
      return `${who} revoked the API key "${what}"`;
    case 'integration.installed':
      return `${who} installed the ${what} integration`;
    case 'integration.removed':
      return `${who} removed the ${what} integration`;
    case 'document.accessed':
      return `${who} opened "${what}"${failed}`;
    case 'document.updated':
      return `${who} edited "${what}" (${summarize(after)})`;
    case 'document.deleted':
      return `${who} deleted "${what}"`;
    case 'export.created':
      return `${who} exported ${count(m['records'])} ${what.toLowerCase().replace(/s$/, '')} records${failed}`;
    case 'data.bulk_deleted':
      return `${who} bulk-deleted ${count(m['records'])} records from ${what}`;
    case 'workspace.settings_changed':
    case 'sso.config_updated':
    case 'domain.verification_changed':
    case 'billing.plan_changed':
    case 'ip_allowlist.changed':
      return `${who} changed ${what}: ${summarize(before)} → ${summarize(after)}`;
    case 'webhook.destination_changed':
      return `${who} pointed the webhook "${what}" at ${str(after?.['url'])}`;
    case 'audit_log.streaming_changed':
      return after?.['enabled'] === false
        ? `${who} disabled audit-log streaming to ${str(m['destination'])}`
        : `${who} changed audit-log streaming: ${summarize(before)} → ${summarize(after)}`;
    case 'security.suspicious_activity':
      return `Alert for ${what}: ${str(m['rule']).replace(/_/g, ' ')}`;
  }
  return `${who} ${record.action} ${what}`;
}
