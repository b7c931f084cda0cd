// One mapping per format, from FORMATS.md's tables, as SQL over one parsed record. The same definition serves
// every way records arrive — NDJSON files read by DuckDB, documents and API pages staged from JS — so a record
// normalizes identically whichever path brought it. Each mapping reads `j` (the record parsed by from_json with
// `structure`), `jraw` (the record's JSON text, NULL unless it is a valid object) and, for formats that explode a
// record into several events, `e` (the element) and `sub` (its index).
import type { FormatId } from '../formats/formats';

export interface FormatMapping {
  /** from_json structure: only the fields the mapping reads. VARCHAR leaves give numbers as their JSON text. */
  structure: Record<string, unknown>;
  /** For formats where one record holds several events (Google Workspace): the list field to unnest. */
  explode?: string;
  /** Names of the source fields, for reject reasons. */
  timestampField: string;
  actionField: string;
  columns: {
    uid: string;
    tenant_id: string;
    ts_text: string;
    occurred_at: string;
    action: string;
    outcome: string;
    actor_id: string;
    actor_type: string;
    actor_name: string;
    actor_email: string;
    target_type: string;
    target_id: string;
    target_name: string;
    targets: string;
    ip: string;
    user_agent: string;
    changes: string;
    metadata: string;
    chain_seq: string;
    chain_hash: string;
    chain_prev: string;
  };
}

const V = 'VARCHAR';
const NONE = 'NULL';
const NO_TARGETS = `'[]'::JSON`;

const cloudtrailArn = 'nz(j.userIdentity.arn)';
const cloudtrail: FormatMapping = {
  structure: {
    eventID: V,
    eventTime: V,
    eventName: V,
    eventSource: V,
    awsRegion: V,
    eventType: V,
    requestID: V,
    errorCode: V,
    errorMessage: V,
    sourceIPAddress: V,
    userAgent: V,
    recipientAccountId: V,
    resources: 'JSON',
    responseElements: { ConsoleLogin: V },
    userIdentity: {
      type: V,
      arn: V,
      principalId: V,
      userName: V,
      invokedBy: V,
      accountId: V,
      onBehalfOf: { userId: V },
      sessionContext: { sessionIssuer: { userName: V } },
    },
  },
  timestampField: 'eventTime',
  actionField: 'eventName',
  columns: {
    uid: 'nz(j.eventID)',
    tenant_id: 'coalesce(nz(j.recipientAccountId), nz(j.userIdentity.accountId))',
    ts_text: 'nz(j.eventTime)',
    occurred_at: 'ts_iso(j.eventTime)',
    action: 'nz(j.eventName)',
    // Any errorCode value counts, even "" (a VARCHAR leaf is non-NULL for it); a JSON null is absent, as everywhere.
    outcome: `CASE WHEN j.errorCode IS NOT NULL
      OR (j.eventName = 'ConsoleLogin' AND j.responseElements.ConsoleLogin = 'Failure') THEN 'failure' ELSE 'success' END`,
    actor_type: `CASE WHEN j.userIdentity.type IN ('AWSService', 'AWSAccount') THEN 'service' ELSE 'user' END`,
    actor_id: `coalesce(${cloudtrailArn}, nz(j.userIdentity.principalId), nz(j.userIdentity.onBehalfOf.userId),
      nz(j.userIdentity.userName), nz(j.userIdentity.invokedBy))`,
    actor_name: `coalesce(nz(j.userIdentity.userName), nz(j.userIdentity.sessionContext.sessionIssuer.userName),
      nz(regexp_extract(${cloudtrailArn}, '[^/]*$')), nz(j.userIdentity.invokedBy))`,
    actor_email: NONE,
    target_type: `nz(json_extract_string(j.resources, '$[0].type'))`,
    target_id: `nz(json_extract_string(j.resources, '$[0].ARN'))`,
    target_name: NONE,
    targets: `CASE WHEN json_type(j.resources) = 'ARRAY' THEN j.resources ELSE ${NO_TARGETS} END`,
    ip: 'j.sourceIPAddress',
    user_agent: 'nz(j.userAgent)',
    changes: NONE,
    metadata: `json_object('eventSource', j.eventSource, 'awsRegion', j.awsRegion, 'eventType', j.eventType,
      'requestID', j.requestID, 'errorCode', j.errorCode, 'errorMessage', j.errorMessage)`,
    chain_seq: NONE,
    chain_hash: NONE,
    chain_prev: NONE,
  },
};

// GitHub's target is the first present of repo, user, team, org (FORMATS.md).
const githubTarget = `CASE WHEN nz(j.repo) IS NOT NULL THEN 'repository' WHEN nz(j."user") IS NOT NULL THEN 'user'
  WHEN nz(j.team) IS NOT NULL THEN 'team' WHEN nz(j.org) IS NOT NULL THEN 'organization' END`;
const githubTargetValue = 'coalesce(nz(j.repo), nz(j."user"), nz(j.team), nz(j.org))';
const github: FormatMapping = {
  structure: {
    _document_id: V,
    '@timestamp': V,
    created_at: V,
    action: V,
    actor: V,
    actor_id: V,
    actor_is_bot: V,
    actor_ip: V,
    user_agent: V,
    status_code: V,
    repo: V,
    user: V,
    team: V,
    org: V,
    business: V,
  },
  timestampField: '@timestamp',
  actionField: 'action',
  columns: {
    uid: 'nz(j._document_id)',
    tenant_id: 'coalesce(nz(j.business), nz(j.org))',
    ts_text: 'coalesce(nz(j."@timestamp"), nz(j.created_at))',
    occurred_at:
      'CASE WHEN nz(j."@timestamp") IS NOT NULL THEN ts_from_ms(j."@timestamp") ELSE ts_ms_or_iso(j.created_at) END',
    action: 'nz(j.action)',
    outcome: `CASE WHEN j.action = 'api.request' THEN
      CASE WHEN try_cast(j.status_code AS DOUBLE) >= 400 THEN 'failure' ELSE 'success' END ELSE 'unknown' END`,
    actor_type: `CASE WHEN j.actor_is_bot = 'true' THEN 'service' ELSE 'user' END`,
    actor_id: 'coalesce(nz(j.actor_id), nz(j.actor))',
    actor_name: 'nz(j.actor)',
    actor_email: NONE,
    target_type: githubTarget,
    target_id: githubTargetValue,
    target_name: githubTargetValue,
    targets: `CASE WHEN ${githubTargetValue} IS NOT NULL
      THEN json_array(json_object('type', ${githubTarget}, 'id', ${githubTargetValue})) ELSE ${NO_TARGETS} END`,
    ip: 'j.actor_ip',
    user_agent: 'nz(j.user_agent)',
    changes: NONE,
    metadata: NONE,
    chain_seq: NONE,
    chain_hash: NONE,
    chain_prev: NONE,
  },
};

const okta: FormatMapping = {
  structure: {
    uuid: V,
    published: V,
    eventType: V,
    outcome: { result: V },
    actor: { id: V, type: V, displayName: V, alternateId: V },
    client: { ipAddress: V, userAgent: { rawUserAgent: V } },
    target: 'JSON',
  },
  timestampField: 'published',
  actionField: 'eventType',
  columns: {
    uid: 'nz(j.uuid)',
    tenant_id: NONE,
    ts_text: 'nz(j.published)',
    occurred_at: 'ts_iso(j.published)',
    action: 'nz(j.eventType)',
    outcome: `CASE WHEN j.outcome.result IN ('SUCCESS', 'ALLOW') THEN 'success'
      WHEN j.outcome.result IN ('FAILURE', 'DENY') THEN 'failure' ELSE 'unknown' END`,
    actor_type: `CASE WHEN j.actor.type = 'User' THEN 'user' WHEN j.actor.type = 'SystemPrincipal' THEN 'system'
      WHEN j.actor.type IS NULL THEN NULL ELSE 'service' END`,
    actor_id: 'nz(j.actor.id)',
    actor_name: 'nz(j.actor.displayName)',
    actor_email: `CASE WHEN contains(j.actor.alternateId, '@') THEN j.actor.alternateId END`,
    target_type: `nz(json_extract_string(j.target, '$[0].type'))`,
    target_id: `nz(json_extract_string(j.target, '$[0].id'))`,
    target_name: `nz(json_extract_string(j.target, '$[0].displayName'))`,
    targets: `CASE WHEN json_type(j.target) = 'ARRAY' THEN j.target ELSE ${NO_TARGETS} END`,
    ip: 'j.client.ipAddress',
    user_agent: 'nz(j.client.userAgent.rawUserAgent)',
    changes: NONE,
    metadata: NONE,
    chain_seq: NONE,
    chain_hash: NONE,
    chain_prev: NONE,
  },
};

// Slack's entity is keyed by its own type: {"type":"user","user":{"id":…,"name":…}}.
const slackEntityType = `json_extract_string(j.entity, '$.type')`;
const slackEntityField = (field: string) =>
  `nz(json_extract_string(j.entity, '$."' || replace(${slackEntityType}, '"', '') || '".${field}'))`;
const slack: FormatMapping = {
  structure: {
    id: V,
    date_create: V,
    action: V,
    entity: 'JSON',
    actor: { user: { id: V, name: V, email: V } },
    context: { ip_address: V, ua: V, location: { id: V } },
  },
  timestampField: 'date_create',
  actionField: 'action',
  columns: {
    uid: 'nz(j.id)',
    tenant_id: 'nz(j.context.location.id)',
    ts_text: 'nz(j.date_create)',
    occurred_at: 'ts_from_s(j.date_create)',
    action: 'nz(j.action)',
    outcome: `'unknown'`,
    actor_type: `'user'`,
    actor_id: 'nz(j.actor.user.id)',
    actor_name: 'nz(j.actor.user.name)',
    actor_email: 'nz(j.actor.user.email)',
    target_type: `nz(${slackEntityType})`,
    target_id: slackEntityField('id'),
    target_name: slackEntityField('name'),
    targets: `CASE WHEN ${slackEntityType} IS NOT NULL THEN json_array(j.entity) ELSE ${NO_TARGETS} END`,
    ip: 'j.context.ip_address',
    user_agent: 'nz(j.context.ua)',
    changes: NONE,
    metadata: NONE,
    chain_seq: NONE,
    chain_hash: NONE,
    chain_prev: NONE,
  },
};

const onepasswordAudit: FormatMapping = {
  structure: {
    uuid: V,
    timestamp: V,
    action: V,
    actor_uuid: V,
    actor_details: { name: V, email: V },
    session: { ip: V },
    object_type: V,
    object_uuid: V,
    account_uuid: V,
  },
  timestampField: 'timestamp',
  actionField: 'action',
  columns: {
    uid: 'nz(j.uuid)',
    tenant_id: 'nz(j.account_uuid)',
    ts_text: 'nz(j.timestamp)',
    occurred_at: 'ts_iso(j.timestamp)',
    action: 'nz(j.action)',
    outcome: `'unknown'`,
    actor_type: `'user'`,
    actor_id: 'nz(j.actor_uuid)',
    actor_name: 'nz(j.actor_details.name)',
    actor_email: 'nz(j.actor_details.email)',
    target_type: 'nz(j.object_type)',
    target_id: 'nz(j.object_uuid)',
    target_name: NONE,
    targets: `CASE WHEN nz(j.object_uuid) IS NOT NULL
      THEN json_array(json_object('type', j.object_type, 'id', j.object_uuid)) ELSE ${NO_TARGETS} END`,
    ip: 'j.session.ip',
    user_agent: NONE,
    changes: NONE,
    metadata: NONE,
    chain_seq: NONE,
    chain_hash: NONE,
    chain_prev: NONE,
  },
};

const onepasswordSignin: FormatMapping = {
  structure: {
    uuid: V,
    timestamp: V,
    category: V,
    target_user: { uuid: V, name: V, email: V },
    client: { ip_address: V },
  },
  timestampField: 'timestamp',
  actionField: 'category',
  columns: {
    uid: 'nz(j.uuid)',
    tenant_id: NONE,
    ts_text: 'nz(j.timestamp)',
    occurred_at: 'ts_iso(j.timestamp)',
    action: `'signin.' || nz(j.category)`,
    outcome: `CASE WHEN j.category = 'success' THEN 'success' ELSE 'failure' END`,
    actor_type: `'user'`,
    actor_id: 'nz(j.target_user.uuid)',
    actor_name: 'nz(j.target_user.name)',
    actor_email: 'nz(j.target_user.email)',
    target_type: NONE,
    target_id: NONE,
    target_name: NONE,
    targets: NO_TARGETS,
    ip: 'j.client.ip_address',
    user_agent: NONE,
    changes: NONE,
    metadata: NONE,
    chain_seq: NONE,
    chain_hash: NONE,
    chain_prev: NONE,
  },
};

// Google: one activity holds events[]; each element is one normalized event, its index part of the uid.
const googleName = `json_extract_string(e, '$.name')`;
const google: FormatMapping = {
  structure: {
    id: { time: V, uniqueQualifier: V, applicationName: V, customerId: V },
    actor: { callerType: V, email: V, profileId: V },
    ipAddress: V,
    events: ['JSON'],
  },
  explode: 'events',
  timestampField: 'id.time',
  actionField: 'events[].name',
  columns: {
    uid: `j.id.applicationName || ':' || j.id.customerId || ':' || j.id.time || ':' || j.id.uniqueQualifier || ':' || sub`,
    tenant_id: 'nz(j.id.customerId)',
    ts_text: 'nz(j.id.time)',
    occurred_at: 'ts_iso(j.id.time)',
    action: `nz(${googleName})`,
    outcome: `CASE WHEN contains(lower(${googleName}), 'failure') THEN 'failure'
      WHEN contains(lower(${googleName}), 'success') THEN 'success' ELSE 'unknown' END`,
    actor_type: `CASE WHEN j.actor.callerType = 'KEY' THEN 'api_key' ELSE 'user' END`,
    actor_id: 'nz(j.actor.profileId)',
    actor_name: 'nz(j.actor.email)',
    actor_email: 'nz(j.actor.email)',
    target_type: NONE,
    target_id: NONE,
    target_name: NONE,
    targets: NO_TARGETS,
    ip: 'j.ipAddress',
    user_agent: NONE,
    changes: NONE,
    metadata: 'e',
    chain_seq: NONE,
    chain_hash: NONE,
    chain_prev: NONE,
  },
};

const genericTime = 'coalesce(nz(j.occurred_at), nz(j.created_at), nz(j."timestamp"))';
const generic: FormatMapping = {
  structure: {
    id: V,
    occurred_at: V,
    created_at: V,
    timestamp: V,
    tenant_id: V,
    workspace_id: V,
    action: V,
    event_type: V,
    actor: { id: V, type: V, name: V, email: V },
    target: { type: V, id: V, name: V },
    targets: 'JSON',
    ip_address: V,
    user_agent: V,
    outcome: V,
    changes: 'JSON',
    metadata: 'JSON',
    chain: { seq: V, prev: V, hash: V },
  },
  timestampField: 'occurred_at',
  actionField: 'action',
  columns: {
    uid: 'nz(j.id)',
    tenant_id: 'coalesce(nz(j.tenant_id), nz(j.workspace_id))',
    ts_text: genericTime,
    occurred_at: `ts_auto(${genericTime})`,
    action: 'coalesce(nz(j.action), nz(j.event_type))',
    outcome: `CASE WHEN lower(j.outcome) IN ('success', 'failure') THEN lower(j.outcome) ELSE 'unknown' END`,
    actor_type: 'nz(j.actor.type)',
    actor_id: 'nz(j.actor.id)',
    actor_name: 'nz(j.actor.name)',
    actor_email: 'nz(j.actor.email)',
    target_type: 'nz(j.target.type)',
    target_id: 'nz(j.target.id)',
    target_name: 'nz(j.target.name)',
    targets: `CASE WHEN json_type(j.targets) = 'ARRAY' THEN j.targets
      WHEN coalesce(j.target.type, j.target.id, j.target.name) IS NOT NULL
      THEN json_array(to_json(j.target)) ELSE ${NO_TARGETS} END`,
    ip: 'j.ip_address',
    user_agent: 'nz(j.user_agent)',
    // from_json gives a JSON null as SQL NULL.
    changes: 'j.changes',
    metadata: 'j.metadata',
    chain_seq: 'try_cast(j.chain.seq AS BIGINT)',
    chain_hash: 'nz(j.chain.hash)',
    chain_prev: 'nz(j.chain.prev)',
  },
};

export const MAPPINGS: Record<FormatId, FormatMapping> = {
  cloudtrail,
  github,
  okta,
  slack,
  'onepassword-audit': onepasswordAudit,
  'onepassword-signin': onepasswordSignin,
  'google-workspace': google,
  generic,
};
