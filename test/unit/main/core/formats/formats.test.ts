import { describe, expect, it } from 'vitest';
import { categoryOf } from '../../../../../src/main/core/formats/category';
import { detectFormat, resolveFormat } from '../../../../../src/main/core/formats/formats';

describe('detectFormat (first record decides, in FORMATS.md order)', () => {
  it.each([
    ['cloudtrail', { eventVersion: '1.08', eventSource: 'iam.amazonaws.com', eventName: 'X' }],
    ['cloudtrail', { Records: [] }],
    ['okta', { uuid: 'u', eventType: 'user.session.start', published: '2025-01-01T00:00:00Z' }],
    ['slack', { id: '1', date_create: 1, action: 'user_login', entity: {} }],
    ['onepassword-signin', { uuid: 'u', category: 'success', target_user: {} }],
    ['onepassword-audit', { uuid: 'u', action: 'grant', actor_uuid: 'a' }],
    ['google-workspace', { id: { applicationName: 'login' }, events: [] }],
    ['github', { action: 'repo.create', actor: 'octo', '@timestamp': 1 }],
    ['github', { action: 'repo.create', actor: 'octo', _document_id: 'd' }],
    ['github', { action: 'repo.create', actor: 'octo', created_at: 1700000000000 }],
    ['generic', { action: 'a', occurred_at: '2025-01-01', actor: { id: 'x' } }],
    ['generic', { event_type: 'a', timestamp: 1 }],
  ] as const)('%s: %j', (format, record) => {
    expect(detectFormat(record)).toBe(format);
  });

  it('applies the documented order when a record matches several rules', () => {
    expect(detectFormat({ eventVersion: '1', eventSource: 's', uuid: 'u', eventType: 't', published: 'p' })).toBe(
      'cloudtrail',
    );
    expect(detectFormat({ uuid: 'u', eventType: 't', published: 'p', action: 'a', actor_uuid: 'x' })).toBe('okta');
    expect(detectFormat({ uuid: 'u', category: 'success', target_user: {}, action: 'a', actor_uuid: 'x' })).toBe(
      'onepassword-signin',
    );
  });

  it.each([
    [{ foo: 1 }],
    [{ action: 'a' }],
    [{ action: 'a', occurred_at: 'x', actor: 'a string' }],
    [{ action: 'repo.create', actor: 'octo', created_at: '2025-01-01' }],
    [[1, 2]],
    ['text'],
    [null],
  ])('knows no format for %j', (record) => {
    expect(detectFormat(record)).toBeNull();
  });

  it('tells 1Password sign-ins from audit events when --format onepassword is given', () => {
    expect(resolveFormat('onepassword', { uuid: 'u', category: 'success', target_user: {} })).toBe(
      'onepassword-signin',
    );
    expect(resolveFormat('onepassword', { uuid: 'u', action: 'a' })).toBe('onepassword-audit');
    expect(resolveFormat('okta', { anything: true })).toBe('okta');
  });
});

describe('categoryOf (keyword catalogue, first category with a match wins)', () => {
  it.each([
    ['user.session.start', 'auth'],
    ['ConsoleLogin', 'auth'],
    ['user.mfa_disabled', 'auth'],
    ['2sv_enroll', 'auth'],
    ['user.role_changed', 'access'],
    ['api_key.created', 'access'],
    ['GetRole', 'access'],
    ['export.created', 'data'],
    ['document.accessed', 'data'],
    ['repo.create', 'data'],
    ['workspace.settings_changed', 'config'],
    ['webhook.destination_changed', 'config'],
    ['security.suspicious_activity', 'security'],
    ['user.signed_in', 'other'],
    ['billing.plan_changed', 'other'],
  ] as const)('%s → %s', (action, category) => {
    expect(categoryOf(action)).toBe(category);
  });

  it('takes the generic catalogue first for generic records, and only for them', () => {
    expect(categoryOf('user.signed_in', 'generic')).toBe('auth');
    expect(categoryOf('billing.plan_changed', 'generic')).toBe('config');
    expect(categoryOf('ip_allowlist.changed', 'generic')).toBe('config');
    expect(categoryOf('data.bulk_deleted', 'generic')).toBe('data');
    expect(categoryOf('user.signed_in', 'okta')).toBe('other');
    expect(categoryOf('something.new', 'generic')).toBe('other');
    expect(categoryOf('report.exported', 'generic')).toBe('data');
  });
});
