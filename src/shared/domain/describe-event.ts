// One line of plain English per event ("maria.garcia@acme.io disabled MFA"): the generic catalogue of DEMO.md /
// GENERIC_CATALOGUE, then "actor did action on target". The app's table and drawer and the demo's answer key
// (INCIDENT.md) all word events with this one function. Text only: callers render it as text, never as HTML.
import type { NormalizedEvent } from './audit-event';

/** The fields a description reads. */
export type DescribedEvent = Pick<
  NormalizedEvent,
  | 'action'
  | 'outcome'
  | 'actor_id'
  | 'actor_name'
  | 'actor_email'
  | 'target_id'
  | 'target_name'
  | 'metadata'
  | 'changes'
>;

export interface DescribeOptions {
  /** How the actor is named; the app shows the email first, the demo's answer key the person's name. */
  actor?: (event: DescribedEvent) => string;
}

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(text).join(', ');
  return '';
}

const grouped = new Intl.NumberFormat('en-US');
const count = (value: unknown) => (typeof value === 'number' ? grouped.format(value) : 'some');

function summarize(side: Json | undefined): string {
  return side
    ? Object.entries(side)
        .map(([k, v]) => `${k} ${text(v)}`)
        .join(', ')
    : '';
}

/** Who did it, as the table's Actor column shows it. */
export function actorLabel(event: DescribedEvent): string {
  return event.actor_email ?? event.actor_name ?? event.actor_id ?? 'Someone';
}

export function targetLabel(event: DescribedEvent): string {
  return event.target_name ?? event.target_id ?? '';
}

const METHOD: Record<string, string> = { sso: 'SSO', password: 'a password', api_key: 'an API key' };

export function describeEvent(event: DescribedEvent, options: DescribeOptions = {}): string {
  const who = (options.actor ?? actorLabel)(event);
  const what = targetLabel(event);
  const meta = asObject(event.metadata) ?? {};
  const changes = asObject(event.changes);
  const before = asObject(changes?.['before']);
  const after = asObject(changes?.['after']);
  const self = event.actor_id !== null && event.actor_id === event.target_id;
  const failed = event.outcome === 'failure' ? ' (failed)' : '';
  switch (event.action) {
    case 'user.signed_in': {
      const method = text(meta['method']);
      return `${who} signed in${method ? ` with ${METHOD[method] ?? method}` : ''}${failed}`;
    }
    case 'user.signed_out':
      return `${who} signed out`;
    case 'user.login_failed': {
      const reason = text(meta['reason']).replace(/_/g, ' ');
      return `Failed sign-in as ${event.actor_email ?? who}${reason ? ` (${reason})` : ''}`;
    }
    case 'user.password_reset':
      return self ? `${who} reset their password` : `${who} reset the password of ${what}`;
    case 'user.mfa_enabled':
      return self ? `${who} enabled MFA` : `${who} enabled MFA for ${what}`;
    case 'user.mfa_disabled':
      return self ? `${who} disabled MFA` : `${who} disabled MFA for ${what}`;
    case 'session.revoked':
      return `${who} revoked the sessions of ${what}`;
    case 'account.locked':
      return `${who} locked the account of ${what}`;
    case 'user.invited': {
      const role = text(meta['role']);
      return `${who} invited ${text(meta['email']) || what}${role ? ` as ${role}` : ''}`;
    }
    case 'user.removed':
      return `${who} removed ${what}`;
    case 'user.role_changed':
      return `${who} changed ${what} from ${text(before?.['role']) || '?'} to ${text(after?.['role']) || '?'}`;
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
      return after ? `${who} edited "${what}" (${summarize(after)})` : `${who} edited "${what}"`;
    case 'document.deleted':
      return `${who} deleted "${what}"`;
    case 'export.created':
      return `${who} exported ${count(meta['records'])} ${what ? `${what.toLowerCase().replace(/s$/, '')} ` : ''}records${failed}`;
    case 'data.bulk_deleted':
      return `${who} bulk-deleted ${count(meta['records'])} records from ${what}`;
    case 'workspace.settings_changed':
    case 'sso.config_updated':
    case 'domain.verification_changed':
    case 'billing.plan_changed':
    case 'ip_allowlist.changed':
      return before || after
        ? `${who} changed ${what}: ${summarize(before)} → ${summarize(after)}`
        : `${who} changed ${what}`;
    case 'webhook.destination_changed':
      return `${who} pointed the webhook "${what}" at ${text(after?.['url']) || 'a new URL'}`;
    case 'audit_log.streaming_changed':
      return after?.['enabled'] === false
        ? `${who} disabled audit-log streaming${meta['destination'] ? ` to ${text(meta['destination'])}` : ''}`
        : `${who} changed audit-log streaming: ${summarize(before)} → ${summarize(after)}`;
    case 'security.suspicious_activity': {
      const rule = text(meta['rule']).replace(/_/g, ' ');
      return `Alert for ${what || who}${rule ? `: ${rule}` : ''}`;
    }
  }
  return what ? `${who} did ${event.action} on ${what}${failed}` : `${who} did ${event.action}${failed}`;
}
