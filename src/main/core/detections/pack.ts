// The built-in detection pack: rules over the normalized columns in the format of store/pack-sql.ts, each with a
// per-provider action catalogue (action names as the importer stores them: FORMATS.md; `generic` is our own shape,
// the demo's). Data only. The demo incident (demo/INCIDENT.md) is what the pack must find, and the background's
// look-alikes (nightly backup, key rotation, automation, admin work in working hours, IT turning MFA off on a ticket,
// one or two failed sign-ins) what it must leave alone: test/integration/detect-demo.test.ts holds it to both.
import type { PackRule, Selector } from '../store/pack-sql';

const failure = [{ field: 'outcome', in: ['failure'] }] as const satisfies Selector['where'];

/** Sign-ins, successful or not, per provider. */
const SIGN_INS: Selector[] = [
  { format: 'generic', actions: ['user.signed_in', 'user.login_failed', 'user.login'] },
  { format: 'okta', actions: ['user.session.start', 'user.authentication.sso', 'user.authentication.verify'] },
  { format: 'cloudtrail', actions: ['ConsoleLogin'] },
  { format: 'google-workspace', actions: ['login_success', 'login_failure', 'login_challenge'] },
  { format: 'slack', actions: ['user_login', 'user_login_failed'] },
  { format: 'onepassword-signin', actions: ['signin.*'] },
];

/** Failed sign-ins: the sign-ins above that failed. */
const FAILED_SIGN_INS: Selector[] = SIGN_INS.map((s) => ({ ...s, where: [...(s.where ?? []), ...failure] }));

/** Administrative actions: who may do what, keys, integrations, settings, security and audit configuration. */
const ADMIN_ACTIONS: Selector[] = [
  {
    format: 'generic',
    actions: [
      'user.invited',
      'user.removed',
      'user.role_changed',
      'user.mfa_disabled',
      'api_key.created',
      'api_key.revoked',
      'integration.installed',
      'integration.removed',
      'workspace.settings_changed',
      'sso.config_updated',
      'domain.verification_changed',
      'billing.plan_changed',
      'webhook.destination_changed',
      'audit_log.streaming_changed',
      'audit_log.retention_changed',
      'ip_allowlist.changed',
      'data.bulk_deleted',
    ],
  },
  {
    format: 'okta',
    actions: [
      'user.account.privilege.grant',
      'user.mfa.factor.deactivate',
      'user.mfa.factor.reset_all',
      'group.user_membership.add',
      'policy.lifecycle.*',
      'policy.rule.*',
      'application.lifecycle.*',
      'system.api_token.*',
      'system.log_stream.*',
      'user.lifecycle.*',
    ],
  },
  { format: 'github', actions: ['org.*', 'business.*', 'audit_log_streaming.*', 'oauth_application.*', 'hook.*'] },
  {
    format: 'cloudtrail',
    where: [
      { field: 'raw.readOnly', in: [false] },
      {
        field: 'raw.eventSource',
        in: ['iam.amazonaws.com', 'sso.amazonaws.com', 'organizations.amazonaws.com', 'cloudtrail.amazonaws.com'],
      },
    ],
  },
  { format: 'google-workspace', where: [{ field: 'raw.id.applicationName', in: ['admin'] }] },
  { format: 'slack', actions: ['role_change_*', 'pref.*', 'user_created', 'user_deactivated'] },
];

export const BUILTIN_PACK: PackRule[] = [
  {
    id: 'builtin.failed-login-burst-actor',
    kind: 'threshold',
    title: 'Burst of failed sign-ins for one account',
    level: 'high',
    description:
      'At least 8 failed sign-ins for one account within 10 minutes: password guessing or spraying aimed at it. ' +
      'A person who forgot their password fails once or twice.',
    tags: ['attack.credential-access', 'attack.t1110'],
    events: FAILED_SIGN_INS,
    by: 'actor',
    windowSeconds: 600,
    min: 8,
  },
  {
    id: 'builtin.failed-login-burst-ip',
    kind: 'threshold',
    title: 'Burst of failed sign-ins from one address',
    level: 'high',
    description:
      'At least 10 failed sign-ins from one IP address within 10 minutes, whatever the accounts: password spraying ' +
      'or credential stuffing from that address.',
    tags: ['attack.credential-access', 'attack.t1110.003'],
    events: FAILED_SIGN_INS,
    by: 'ip',
    windowSeconds: 600,
    min: 10,
  },
  {
    id: 'builtin.new-network-sign-in',
    kind: 'first-seen',
    title: 'Sign-in from a network never seen for the account',
    level: 'medium',
    description:
      'A sign-in (or attempt) from an IP network (IPv4 /24, IPv6 /32) the account had never used, after at least ' +
      '7 days of history, that fewer than 3 other accounts of the tenant had used before (not an office or VPN); ' +
      'the finding holds what the account did from that network in the next 24 hours.',
    tags: ['attack.initial-access', 'attack.t1078'],
    events: SIGN_INS,
    value: 'ip-network',
    baselineDays: 7,
    commonAt: 3,
    followSeconds: 86_400,
  },
  {
    id: 'builtin.new-user-agent-sign-in',
    kind: 'first-seen',
    title: 'Sign-in with a user agent never seen for the account',
    level: 'low',
    description:
      'A sign-in (or attempt) with a browser or client the account had never used, after at least 7 days of ' +
      'history, that fewer than 3 other accounts had used before: a rare new device, or somebody else. The ' +
      'finding holds the account’s events with it in the next hour.',
    tags: ['attack.initial-access', 'attack.t1078'],
    events: SIGN_INS,
    value: 'user_agent',
    baselineDays: 7,
    commonAt: 3,
    followSeconds: 3_600,
  },
  {
    id: 'builtin.new-country-sign-in',
    kind: 'first-seen',
    title: 'Sign-in from a country never seen for the account',
    level: 'medium',
    description:
      'A sign-in (or attempt) from a country the account had never signed in from, after at least 7 days of ' +
      'history, that fewer than 3 other accounts had signed in from before (needs the offline IP-to-country ' +
      'column).',
    tags: ['attack.initial-access', 'attack.t1078'],
    events: SIGN_INS,
    value: 'country',
    baselineDays: 7,
    commonAt: 3,
    followSeconds: 86_400,
  },
  {
    id: 'builtin.mfa-disabled',
    kind: 'match',
    title: 'MFA removed from an account by the account itself',
    level: 'high',
    description:
      'An account turned off its own multi-factor authentication or removed its factors: what an intruder in a ' +
      'stolen session does first. The help desk turning MFA off for somebody else (a lost phone, on a ticket) is ' +
      'routine and not flagged here (off-hours or a new network still are).',
    tags: ['attack.persistence', 'attack.defense-evasion', 'attack.t1556.006'],
    events: [
      { format: 'generic', actions: ['user.mfa_disabled'], where: [{ self: true }] },
      { format: 'okta', actions: ['user.mfa.factor.deactivate', 'user.mfa.factor.reset_all'], where: [{ self: true }] },
      { format: 'github', actions: ['org.disable_two_factor_requirement', 'business.disable_two_factor_requirement'] },
      { format: 'cloudtrail', actions: ['DeactivateMFADevice', 'DeleteVirtualMFADevice'] },
      { format: 'google-workspace', actions: ['2sv_disable'] },
    ],
    groupSeconds: 3_600,
  },
  {
    id: 'builtin.privilege-escalation',
    kind: 'match',
    title: 'Administrator rights granted',
    level: 'high',
    description:
      'A role raised to administrator or owner, somebody invited or added as an administrator, or a policy ' +
      'attached to an identity.',
    tags: ['attack.privilege-escalation', 'attack.persistence', 'attack.t1098'],
    events: [
      {
        format: 'generic',
        actions: ['user.role_changed'],
        where: [{ field: 'changes.after.role', in: ['admin', 'owner', 'super admin'] }],
      },
      {
        format: 'generic',
        actions: ['user.invited', 'user.created'],
        where: [{ field: 'metadata.role', in: ['admin', 'owner', 'super admin'] }],
      },
      { format: 'okta', actions: ['user.account.privilege.grant'] },
      { format: 'okta', actions: ['group.user_membership.add'], where: [{ field: 'target_name', contains: 'admin' }] },
      { format: 'github', actions: ['business.add_admin', 'org.add_owner'] },
      { format: 'github', actions: ['org.update_member'], where: [{ field: 'raw.permission', in: ['admin'] }] },
      {
        format: 'cloudtrail',
        actions: [
          'AttachUserPolicy',
          'AttachRolePolicy',
          'AttachGroupPolicy',
          'PutUserPolicy',
          'PutRolePolicy',
          'PutGroupPolicy',
          'AddUserToGroup',
        ],
      },
      { format: 'google-workspace', actions: ['ASSIGN_ROLE', 'GRANT_ADMIN_PRIVILEGE'] },
      { format: 'slack', actions: ['role_change_to_admin', 'role_change_to_owner'] },
    ],
    groupSeconds: 3_600,
  },
  {
    id: 'builtin.api-key-new-ip',
    kind: 'sequence',
    title: 'New API key used from a new address',
    level: 'high',
    description:
      'An API key or access key created, then used within 7 days from an IP address the tenant had not seen until ' +
      'a day before the key was made: a key minted for somebody outside. A rotated key used by the same ' +
      'automation from its usual address is not flagged.',
    tags: ['attack.persistence', 'attack.t1098.001'],
    events: [
      { format: 'generic', actions: ['api_key.created'], key: 'target_id' },
      { format: 'okta', actions: ['system.api_token.create'], key: 'target_id' },
      { format: 'cloudtrail', actions: ['CreateAccessKey'], key: 'raw.responseElements.accessKey.accessKeyId' },
    ],
    then: [
      { format: 'generic', key: 'actor_id' },
      { format: 'okta', key: 'actor_id' },
      { format: 'cloudtrail', key: 'raw.userIdentity.accessKeyId' },
    ],
    withinSeconds: 7 * 86_400,
    newIpSeconds: 86_400,
  },
  {
    id: 'builtin.bulk-export',
    kind: 'threshold',
    title: 'Bulk export of records',
    level: 'high',
    description:
      'Exports by one actor adding up to at least 100 000 records within an hour (a nightly backup of 55 000 ' +
      'once a day stays below).',
    tags: ['attack.exfiltration', 'attack.collection', 'attack.t1530'],
    events: [{ format: 'generic', actions: ['export.created'], where: [{ field: 'outcome', in: ['success'] }] }],
    by: 'actor',
    windowSeconds: 3_600,
    min: 100_000,
    sum: 'metadata.records',
  },
  {
    id: 'builtin.mass-download',
    kind: 'threshold',
    title: 'Mass download or export',
    level: 'medium',
    description: 'At least 200 downloads, exports or document reads by one actor within 30 minutes.',
    tags: ['attack.collection', 'attack.t1213'],
    events: [
      { format: 'generic', actions: ['document.accessed', 'document.downloaded', 'export.created'] },
      { format: 'github', actions: ['repo.download_zip', 'git.clone'] },
      { format: 'slack', actions: ['file_downloaded', 'file_downloaded_blocked'] },
      { format: 'google-workspace', actions: ['download'] },
      { format: 'cloudtrail', actions: ['GetObject'] },
    ],
    by: 'actor',
    windowSeconds: 1_800,
    min: 200,
  },
  {
    id: 'builtin.off-hours-admin',
    kind: 'off-hours',
    title: 'Administrative action outside working hours',
    level: 'medium',
    description:
      "An administrative action by a person outside the case's working hours (in the case's time zone), at an " +
      'hour of the day at which they were active on fewer than two other days: an admin in another office working ' +
      'their own day is not flagged.',
    tags: ['attack.persistence', 'attack.t1078'],
    events: ADMIN_ACTIONS.map((s) => ({ ...s, where: [...(s.where ?? []), { field: 'actor_type', in: ['user'] }] })),
    usualDays: 2,
  },
  {
    id: 'builtin.audit-log-tampering',
    kind: 'match',
    title: 'Audit logging turned off or redirected',
    level: 'critical',
    description:
      'Audit-log streaming or retention disabled, a trail stopped or deleted, or the audit destination moved to ' +
      'another host: covering tracks. A change that keeps the stream on and the same host is not flagged.',
    tags: ['attack.defense-evasion', 'attack.t1562.008'],
    events: [
      {
        format: 'generic',
        actions: ['audit_log.streaming_changed', 'audit_log.retention_changed'],
        where: [{ field: 'changes.after.enabled', in: [false] }],
      },
      {
        format: 'generic',
        actions: ['webhook.destination_changed', 'audit_log.streaming_changed'],
        where: [{ hostChanged: ['changes.before.url', 'changes.after.url'] }],
      },
      { format: 'generic', actions: ['audit_log.streaming_deleted', 'audit_log.retention_disabled'] },
      { format: 'github', actions: ['audit_log_streaming.destroy'] },
      {
        format: 'github',
        actions: ['audit_log_streaming.update'],
        where: [{ field: 'raw.audit_log_stream_enabled', in: [false] }],
      },
      { format: 'okta', actions: ['system.log_stream.lifecycle.deactivate', 'system.log_stream.lifecycle.delete'] },
      { format: 'cloudtrail', actions: ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'] },
    ],
    groupSeconds: 3_600,
  },
];
