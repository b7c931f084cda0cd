// Which events a Sigma rule's `logsource` selects (the `format` column), and the provider's own key names for each
// format, so that a rule's `eventtype` finds Okta's `eventType` as Sigma backends do for these JSON logs.
// Pure data; no I/O, no DuckDB.
import type { FormatId } from '../../formats/formats';
import { SigmaUnsupported } from './ast';

export interface LogSource {
  product?: string | undefined;
  service?: string | undefined;
  category?: string | undefined;
}

interface SourceMapping {
  formats: FormatId[];
  /** Services this product may name (absent service always accepted); null: any service. */
  services: string[] | null;
}

// Product names as SigmaHQ spells them, and our aliases. m365, azure, gcp (audit) and others have no format here.
const PRODUCTS: Record<string, SourceMapping> = {
  okta: { formats: ['okta'], services: ['okta'] },
  github: { formats: ['github'], services: ['audit'] },
  aws: { formats: ['cloudtrail'], services: ['cloudtrail'] },
  google_workspace: { formats: ['google-workspace'], services: null },
  slack: { formats: ['slack'], services: ['audit', 'audit_logs'] },
  '1password': { formats: ['onepassword-signin', 'onepassword-audit'], services: null },
  onepassword: { formats: ['onepassword-signin', 'onepassword-audit'], services: null },
  // Trailscope's own generic format (FORMATS.md "Generic"), the demo's.
  generic: { formats: ['generic'], services: null },
};

/** Formats the logsource selects, or SigmaUnsupported with the reason. */
export function formatsFor(logsource: LogSource | undefined): FormatId[] {
  if (logsource === undefined) throw new SigmaUnsupported('the rule has no `logsource`');
  const product = logsource.product?.toLowerCase();
  const service = logsource.service?.toLowerCase();
  if (logsource.category !== undefined) {
    throw new SigmaUnsupported(`logsource category \`${logsource.category}\` has no audit-log format in Trailscope`);
  }
  if (product === undefined) throw new SigmaUnsupported('the logsource names no product');
  // SigmaHQ files Google Workspace under product gcp, service google_workspace.<app>.
  if (product === 'gcp' && service?.startsWith('google_workspace')) return ['google-workspace'];
  const mapping = PRODUCTS[product];
  if (mapping === undefined) {
    throw new SigmaUnsupported(
      `logsource product \`${logsource.product}\` has no format in Trailscope (known: ${Object.keys(PRODUCTS).join(', ')}, gcp with service google_workspace.*)`,
    );
  }
  if (service !== undefined && mapping.services !== null && !mapping.services.includes(service)) {
    throw new SigmaUnsupported(
      `logsource service \`${logsource.service}\` of product \`${product}\` has no format in Trailscope (known: ${mapping.services.join(', ')})`,
    );
  }
  return mapping.formats;
}

// The providers' documented record keys (FORMATS.md, the providers' references and the realshape samples), `[]`
// marking a list whose elements a path looks into. A rule's field resolves case-insensitively against these; a
// field not listed here is looked up exactly as the rule writes it.
const KEYS: Record<FormatId, string> = {
  cloudtrail: `eventVersion eventID eventTime eventName eventSource eventType eventCategory awsRegion sourceIPAddress
    userAgent errorCode errorMessage requestID requestParameters responseElements additionalEventData
    recipientAccountId sharedEventID apiVersion readOnly managementEvent vpcEndpointId serviceEventDetails
    resources[] resources[].ARN resources[].accountId resources[].type tlsDetails tlsDetails.tlsVersion
    tlsDetails.cipherSuite tlsDetails.clientProvidedHostHeader sessionCredentialFromConsole
    responseElements.ConsoleLogin additionalEventData.MFAUsed additionalEventData.LoginTo
    additionalEventData.MobileVersion userIdentity userIdentity.type userIdentity.arn userIdentity.principalId
    userIdentity.accountId userIdentity.accessKeyId userIdentity.userName userIdentity.invokedBy
    userIdentity.identityProvider userIdentity.onBehalfOf userIdentity.onBehalfOf.userId
    userIdentity.sessionContext userIdentity.sessionContext.attributes
    userIdentity.sessionContext.attributes.creationDate userIdentity.sessionContext.attributes.mfaAuthenticated
    userIdentity.sessionContext.sessionIssuer userIdentity.sessionContext.sessionIssuer.type
    userIdentity.sessionContext.sessionIssuer.arn userIdentity.sessionContext.sessionIssuer.principalId
    userIdentity.sessionContext.sessionIssuer.accountId userIdentity.sessionContext.sessionIssuer.userName`,
  okta: `uuid published eventType version severity legacyEventType displayMessage actor actor.id actor.type
    actor.alternateId actor.displayName actor.detailEntry client client.id client.zone client.ipAddress client.device
    client.userAgent client.userAgent.rawUserAgent client.userAgent.os client.userAgent.browser
    client.geographicalContext client.geographicalContext.city client.geographicalContext.state
    client.geographicalContext.country client.geographicalContext.postalCode client.geographicalContext.geolocation
    client.geographicalContext.geolocation.lat client.geographicalContext.geolocation.lon device outcome
    outcome.result outcome.reason target[] target[].id target[].type target[].alternateId target[].displayName
    target[].detailEntry transaction transaction.id transaction.type transaction.detail debugContext
    debugContext.debugData debugContext.debugData.requestId debugContext.debugData.requestUri
    debugContext.debugData.url debugContext.debugData.behaviors debugContext.debugData.risk
    debugContext.debugData.threatSuspected debugContext.debugData.deviceFingerprint debugContext.debugData.factor
    debugContext.debugData.dtHash debugContext.debugData.logOnlySecurityData
    debugContext.debugData.promptingPolicyTypes debugContext.debugData.authnRequestId
    debugContext.debugData.privilegeGranted authenticationContext authenticationContext.authenticationProvider
    authenticationContext.credentialProvider authenticationContext.credentialType authenticationContext.issuer
    authenticationContext.interface authenticationContext.authenticationStep
    authenticationContext.externalSessionId securityContext securityContext.asNumber securityContext.asOrg
    securityContext.isp securityContext.domain securityContext.isProxy request request.ipChain[]
    request.ipChain[].ip request.ipChain[].version request.ipChain[].source`,
  github: `@timestamp _document_id action actor actor_id actor_ip actor_is_bot actor_location
    actor_location.country_code business business_id created_at operation_type org org_id repo repo_id
    public_repo visibility user user_id team user_agent request_id request_method route status_code
    token_id token_scopes hashed_token programmatic_access_type transport_protocol_name permission
    data`,
  slack: `id date_create action actor actor.type actor.user actor.user.id actor.user.name actor.user.email
    actor.user.team entity entity.type context context.ip_address context.ua context.session_id context.location
    context.location.id context.location.type context.location.name context.location.domain details`,
  'onepassword-signin': `uuid session_uuid timestamp category type country target_user target_user.uuid
    target_user.name target_user.email client client.app_name client.app_version client.platform_name
    client.platform_version client.os_name client.os_version client.ip_address location location.country
    location.region location.city details`,
  'onepassword-audit': `uuid timestamp actor_uuid actor_details actor_details.uuid actor_details.name
    actor_details.email action object_type object_uuid aux_id aux_uuid aux_details aux_info session session.uuid
    session.login_time session.device_uuid session.ip location location.country location.region location.city`,
  'google-workspace': `kind etag ipAddress ownerDomain id id.time id.uniqueQualifier id.applicationName
    id.customerId actor actor.callerType actor.email actor.profileId actor.key events[] events[].type
    events[].name events[].parameters[] events[].parameters[].name events[].parameters[].value
    events[].parameters[].intValue events[].parameters[].boolValue events[].parameters[].multiValue`,
  generic: `id occurred_at created_at timestamp tenant_id workspace_id action event_type actor actor.id actor.type
    actor.name actor.email target target.type target.id target.name targets[] targets[].type targets[].id
    targets[].name ip_address user_agent outcome changes changes.before changes.after metadata chain chain.seq
    chain.prev chain.hash`,
};

// Formats whose records have a fixed set of top-level keys (GitHub's vary by action; generic records are ours).
const FIXED_KEYS = new Set<FormatId>([
  'cloudtrail',
  'okta',
  'slack',
  'onepassword-signin',
  'onepassword-audit',
  'google-workspace',
]);

/** A field path, each segment with its `[]` marker when the provider's value there is a list. */
export interface ResolvedPath {
  segments: { key: string; list: boolean }[];
}

const catalogue = new Map<FormatId, Map<string, string>>();
function keysOf(format: FormatId): Map<string, string> {
  let map = catalogue.get(format);
  if (map === undefined) {
    map = new Map();
    for (const path of KEYS[format].split(/\s+/).filter(Boolean))
      map.set(path.replaceAll('[]', '').toLowerCase(), path);
    catalogue.set(format, map);
  }
  return map;
}

/**
 * Resolve a rule's dotted field name for the formats a rule reads: the longest known prefix takes the provider's own
 * spelling (case-insensitively), the rest stays as written.
 */
export function resolveField(field: string, formats: FormatId[]): ResolvedPath {
  const parts = field.split('.');
  if (parts.some((p) => p === '')) throw new SigmaUnsupported(`field \`${field}\`: an empty path segment`);
  // Where a provider's top-level keys are fixed, a field outside them would never match: refuse it rather than
  // run a rule that cannot fire (SigmaHQ's Google Workspace rules name Cloud Logging's eventService/eventName).
  const top = (parts[0] as string).toLowerCase();
  if (formats.every((f) => FIXED_KEYS.has(f) && ![...keysOf(f).keys()].some((k) => k.split('.')[0] === top))) {
    const known = [
      ...new Set(formats.flatMap((f) => [...keysOf(f).values()].map((k) => (k.split('.')[0] ?? k).replace('[]', '')))),
    ];
    throw new SigmaUnsupported(`field \`${field}\` is not a key of ${formats.join('/')} records (${known.join(', ')})`);
  }
  // 1Password's two kinds share their common keys' spelling: the first format that knows a prefix decides.
  for (const format of formats) {
    const keys = keysOf(format);
    for (let n = parts.length; n > 0; n--) {
      const known = keys.get(parts.slice(0, n).join('.').toLowerCase());
      if (known === undefined) continue;
      const segments = known.split('.').map((s) => ({ key: s.replace(/\[\]$/, ''), list: s.endsWith('[]') }));
      return { segments: [...segments, ...parts.slice(n).map((key) => ({ key, list: false }))] };
    }
  }
  return { segments: parts.map((key) => ({ key, list: false })) };
}

// Provider fields the importer copies verbatim into a column (store/mappings.ts: `nz(field)`), so a rule reads the
// column instead of parsing `raw`, which is most of a rule's cost (the raw text is read and decompressed whole).
// The one difference, documented: an empty string in such a field reads as absent (FORMATS.md's own rule). `ip`
// holds a field only when it is a valid address, so it serves `cidr` tests alone. The generic format's `action`
// is its action or, where absent, its `event_type` (FORMATS.md accepts either).
const META = (key: string) => `json_extract_string(metadata, '$.${key}')`;
const COLUMNS: Record<FormatId, Record<string, string>> = {
  cloudtrail: {
    eventName: 'action',
    userAgent: 'user_agent',
    eventSource: META('eventSource'),
    awsRegion: META('awsRegion'),
    eventType: META('eventType'),
    requestID: META('requestID'),
    errorCode: META('errorCode'),
    errorMessage: META('errorMessage'),
  },
  okta: {
    eventType: 'action',
    'actor.id': 'actor_id',
    'actor.displayName': 'actor_name',
    'client.userAgent.rawUserAgent': 'user_agent',
  },
  github: { action: 'action', actor: 'actor_name', user_agent: 'user_agent' },
  slack: {
    action: 'action',
    'actor.user.id': 'actor_id',
    'actor.user.name': 'actor_name',
    'actor.user.email': 'actor_email',
    'context.ua': 'user_agent',
  },
  'onepassword-audit': {
    action: 'action',
    actor_uuid: 'actor_id',
    'actor_details.name': 'actor_name',
    'actor_details.email': 'actor_email',
    object_type: 'target_type',
    object_uuid: 'target_id',
  },
  'onepassword-signin': {
    'target_user.uuid': 'actor_id',
    'target_user.name': 'actor_name',
    'target_user.email': 'actor_email',
  },
  'google-workspace': { 'actor.profileId': 'actor_id', 'actor.email': 'actor_email' },
  generic: {
    action: 'action',
    'actor.id': 'actor_id',
    'actor.name': 'actor_name',
    'actor.email': 'actor_email',
    'target.type': 'target_type',
    'target.id': 'target_id',
    'target.name': 'target_name',
    user_agent: 'user_agent',
  },
};
const IP_FIELDS: Record<FormatId, string[]> = {
  cloudtrail: ['sourceIPAddress'],
  okta: ['client.ipAddress'],
  github: ['actor_ip'],
  slack: ['context.ip_address'],
  'onepassword-audit': ['session.ip'],
  'onepassword-signin': ['client.ip_address'],
  'google-workspace': ['ipAddress'],
  generic: ['ip_address'],
};

/** The column (SQL over `events`) that holds this field verbatim in every one of the formats, else null. */
export function columnFor(path: ResolvedPath, formats: FormatId[], cidr: boolean): string | null {
  if (path.segments.some((s) => s.list)) return null;
  const key = path.segments.map((s) => s.key).join('.');
  const columns = formats.map((f) => COLUMNS[f][key] ?? (cidr && IP_FIELDS[f].includes(key) ? 'ip' : undefined));
  const first = columns[0];
  return first !== undefined && columns.every((c) => c === first) ? first : null;
}
