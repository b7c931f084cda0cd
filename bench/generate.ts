// Deterministic synthetic audit-log datasets for the import benchmark: N events spread over F gzip files, either in
// the generic shape (NDJSON) or as CloudTrail deliveries ({"Records":[…]}). Same parameters → same bytes: a seeded
// PRNG drives every choice (no Math.random, no clock). A dataset is reused when its manifest matches.
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzip } from 'node:zlib';
import { Rng as DemoRng } from '../src/main/core/demo/rng';

export type DatasetKind = 'generic' | 'cloudtrail';

export interface DatasetFile {
  name: string;
  events: number;
  bytes: number;
  uncompressedBytes: number;
}

export interface Manifest {
  generatorVersion: number;
  kind: DatasetKind;
  events: number;
  files: number;
  seed: number;
  /** The tenant every event belongs to (generic `tenant_id`, CloudTrail `recipientAccountId`). */
  tenantId: string;
  totalBytes: number;
  uncompressedBytes: number;
  entries: DatasetFile[];
}

export interface Dataset {
  dir: string;
  manifest: Manifest;
  /** Absolute paths of the data files, in lexicographic (import) order. */
  paths: string[];
  /** True when the files were written by this call, false when an existing dataset was reused. */
  generated: boolean;
  generateSeconds: number;
}

/** Bump when the generated content changes, so stale datasets are rewritten. */
const GENERATOR_VERSION = 1;
const DEFAULT_SEED = 0x5eed_2026;
const GZIP_LEVEL = 6;
/** Files being compressed (on libuv's thread pool) while the next one is generated. */
const MAX_PENDING_GZIP = 2;

export const DATA_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '.data');
export const GENERIC_TENANT = 'acme';
export const CLOUDTRAIL_ACCOUNT = '123456789012';

const SPAN_START_MS = Date.UTC(2026, 9, 1);
const SPAN_MS = 30 * 24 * 3600 * 1000;

// ---------------------------------------------------------------------------------------------------------------
// The demo generator's PRNG (sfc32 through splitmix32), with the few draws only benchmark data needs.
export class Rng extends DemoRng {
  alnum(chars: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'): string {
    let out = '';
    for (let i = 0; i < chars; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  uuid(): string {
    const h = this.hex(32);
    const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  publicIp(): string {
    // Documentation ranges and a few realistic-looking public blocks; never private, always valid IPv4.
    const prefix = this.pick([
      '203.0.113',
      '198.51.100',
      '192.0.2',
      '81.2.69',
      '34.201.17',
      '52.94.133',
      '185.199.108',
    ]);
    return `${prefix}.${1 + this.int(254)}`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Shared vocabulary.

const FIRST_NAMES = [
  'Alice',
  'Bob',
  'Carmen',
  'Deepak',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Liam',
  'Mei',
  'Nadia',
  'Omar',
  'Priya',
  'Quentin',
  'Rosa',
  'Sven',
  'Tomás',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
] as const;
const LAST_NAMES = [
  'Martin',
  'Nguyen',
  'Okafor',
  'Schmidt',
  'Kowalski',
  'Rossi',
  'Tanaka',
  'Haddad',
  'Silva',
  'Johansson',
  'Patel',
  'García',
  'Dubois',
  'Novak',
  'Murphy',
  'Kim',
  'Andersen',
  'Costa',
  'Ivanova',
  'Mensah',
] as const;
const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'acme-cli/2.14.0 (darwin; arm64) node/20.18.1',
  'python-requests/2.32.3',
  'Go-http-client/2.0',
  'terraform-provider-acme/1.9.2',
] as const;
const COUNTRIES = ['US', 'DE', 'GB', 'FR', 'IN', 'JP', 'BR', 'NL', 'SE', 'CA'] as const;

function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function slotStartMs(index: number, total: number): number {
  return SPAN_START_MS + (index * SPAN_MS) / total;
}

/** Event i's timestamp: evenly spread over the span with jitter inside its own slot, so it never goes backwards. */
function eventTimeMs(index: number, total: number, rng: Rng): number {
  return Math.floor(slotStartMs(index, total) + rng.float() * (SPAN_MS / total) * 0.9);
}

// ---------------------------------------------------------------------------------------------------------------
// Generic shape (FORMATS.md "Generic").

interface GenericActor {
  id: string;
  type: 'user' | 'api_key' | 'service' | 'system';
  name: string;
  email: string | null;
  ip: string;
  userAgent: string;
}

interface GenericAction {
  action: string;
  targetType: string;
  failureRate: number;
}

/** Picked with pickSkewed: the first entries (logins, reads) are the most common, as in real audit logs. */
const GENERIC_ACTIONS: readonly GenericAction[] = [
  { action: 'user.login', targetType: 'session', failureRate: 0.08 },
  { action: 'user.logout', targetType: 'session', failureRate: 0 },
  { action: 'user.mfa.challenge', targetType: 'session', failureRate: 0.05 },
  { action: 'user.password.change', targetType: 'user', failureRate: 0.02 },
  { action: 'document.view', targetType: 'document', failureRate: 0.01 },
  { action: 'document.download', targetType: 'document', failureRate: 0.01 },
  { action: 'document.update', targetType: 'document', failureRate: 0.01 },
  { action: 'document.share', targetType: 'document', failureRate: 0.02 },
  { action: 'repo.clone', targetType: 'repository', failureRate: 0.01 },
  { action: 'repo.push', targetType: 'repository', failureRate: 0.03 },
  { action: 'member.invite', targetType: 'user', failureRate: 0.02 },
  { action: 'member.role.update', targetType: 'user', failureRate: 0.02 },
  { action: 'group.member.add', targetType: 'group', failureRate: 0.01 },
  { action: 'api_key.create', targetType: 'api_key', failureRate: 0.01 },
  { action: 'api_key.revoke', targetType: 'api_key', failureRate: 0 },
  { action: 'settings.update', targetType: 'workspace', failureRate: 0.01 },
  { action: 'integration.create', targetType: 'integration', failureRate: 0.02 },
  { action: 'webhook.delete', targetType: 'webhook', failureRate: 0 },
  { action: 'export.create', targetType: 'export', failureRate: 0.03 },
  { action: 'alert.triggered', targetType: 'alert', failureRate: 0 },
];

const TARGET_NAMES: Record<string, readonly string[]> = {
  session: ['web session', 'cli session', 'mobile session'],
  document: ['Q3 board deck.pptx', 'payroll-2026-10.xlsx', 'incident-runbook.md', 'customer-list.csv', 'roadmap.pdf'],
  repository: ['acme/payments-api', 'acme/web', 'acme/infra', 'acme/mobile', 'acme/data-pipeline'],
  user: ['alice.martin', 'bob.nguyen', 'carmen.okafor', 'deepak.schmidt'],
  group: ['engineering', 'finance', 'admins', 'contractors'],
  api_key: ['ci-deploy', 'backup-job', 'reporting'],
  workspace: ['acme'],
  integration: ['slack', 'jira', 'pagerduty', 'github'],
  webhook: ['https://hooks.acme.example/audit', 'https://ci.acme.example/notify'],
  export: ['full-audit-export', 'member-list-export'],
  alert: ['impossible travel', 'mass download', 'new country sign-in'],
};

function genericActors(rng: Rng): GenericActor[] {
  const actors: GenericActor[] = [];
  for (let i = 0; i < 400; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const login = `${first}.${last}`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z.]/g, '');
    actors.push({
      id: `usr_${rng.hex(12)}`,
      type: 'user',
      name: `${first} ${last}`,
      email: `${login}${i}@acme.example`,
      ip: rng.publicIp(),
      userAgent: rng.pick(USER_AGENTS.slice(0, 5)),
    });
  }
  for (const name of ['ci-deploy', 'backup-job', 'reporting', 'terraform']) {
    actors.push({
      id: `key_${rng.hex(16)}`,
      type: 'api_key',
      name,
      email: null,
      ip: rng.publicIp(),
      userAgent: rng.pick(USER_AGENTS.slice(5)),
    });
  }
  actors.push({
    id: 'svc_scim',
    type: 'service',
    name: 'SCIM provisioning',
    email: null,
    ip: rng.publicIp(),
    userAgent: 'Okta SCIM Client 1.0.0',
  });
  actors.push({
    id: 'system',
    type: 'system',
    name: 'Acme system',
    email: null,
    ip: '192.0.2.1',
    userAgent: 'acme-internal/1.0',
  });
  return actors;
}

function genericRecord(
  rng: Rng,
  actors: readonly GenericActor[],
  index: number,
  total: number,
  tenant: string,
): string {
  const actor = rng.pickSkewed(actors);
  const spec = rng.pickSkewed(GENERIC_ACTIONS);
  const targetName = rng.pick(TARGET_NAMES[spec.targetType] ?? ['unknown']);
  const failed = rng.chance(spec.failureRate);
  const record = {
    id: `evt_${rng.hex(24)}`,
    occurred_at: isoMillis(eventTimeMs(index, total, rng)),
    tenant_id: tenant,
    action: spec.action,
    actor: { id: actor.id, type: actor.type, name: actor.name, email: actor.email },
    target: { type: spec.targetType, id: `${spec.targetType.slice(0, 3)}_${rng.hex(10)}`, name: targetName },
    ip_address: rng.chance(0.9) ? actor.ip : rng.publicIp(),
    user_agent: actor.userAgent,
    outcome: failed ? 'failure' : 'success',
    metadata: {
      request_id: `req_${rng.hex(20)}`,
      session_id: actor.type === 'user' ? `ses_${rng.hex(16)}` : null,
      country: rng.pickSkewed(COUNTRIES),
      mfa: actor.type === 'user' ? rng.chance(0.85) : false,
      ...(failed ? { reason: rng.pick(['invalid_credentials', 'permission_denied', 'rate_limited']) } : {}),
    },
  };
  return JSON.stringify(record);
}

// ---------------------------------------------------------------------------------------------------------------
// CloudTrail (FORMATS.md "AWS CloudTrail"): realistic records as delivered to S3.

interface CloudTrailIdentity {
  userIdentity: Record<string, unknown>;
  ip: string;
  userAgent: string;
}

interface CloudTrailCall {
  source: string;
  name: string;
  readOnly: boolean;
  category: 'Management' | 'Data';
  resource?: (rng: Rng, region: string) => { type: string; ARN: string };
  request?: (rng: Rng) => Record<string, unknown> | null;
  errors?: readonly string[];
}

const REGIONS = ['us-east-1', 'us-east-1', 'us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2'] as const;
const BUCKETS = ['acme-prod-data', 'acme-logs', 'acme-backups', 'acme-web-assets'] as const;
const ROLES = [
  'OrganizationAccountAccessRole',
  'DeployRole',
  'ReadOnlyAuditor',
  'AWSReservedSSO_AdministratorAccess_8f1c2d3e4b5a6978',
] as const;
const AWS_USER_AGENTS = [
  'aws-cli/2.22.1 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#s3.ls',
  'Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#5.10.227-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.10 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.54',
  'aws-sdk-js/3.687.0 ua/2.1 os/linux#6.1.112 lang/js md/nodejs#20.18.0 api/s3#3.687.0 m/E',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.74.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.2 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/iam#1.37.3',
] as const;

/** Picked with pickSkewed, like GENERIC_ACTIONS. */
const CLOUDTRAIL_CALLS: readonly CloudTrailCall[] = [
  {
    source: 's3.amazonaws.com',
    name: 'GetObject',
    readOnly: true,
    category: 'Data',
    resource: (rng) => ({
      type: 'AWS::S3::Object',
      ARN: `arn:aws:s3:::${rng.pick(BUCKETS)}/reports/2026/${rng.hex(8)}.parquet`,
    }),
    request: (rng) => ({
      bucketName: rng.pick(BUCKETS),
      Host: 's3.amazonaws.com',
      key: `reports/2026/${rng.hex(8)}.parquet`,
    }),
    errors: ['AccessDenied', 'NoSuchKey'],
  },
  {
    source: 's3.amazonaws.com',
    name: 'PutObject',
    readOnly: false,
    category: 'Data',
    resource: (rng) => ({ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${rng.pick(BUCKETS)}/uploads/${rng.hex(12)}` }),
    request: (rng) => ({ bucketName: rng.pick(BUCKETS), Host: 's3.amazonaws.com', key: `uploads/${rng.hex(12)}` }),
    errors: ['AccessDenied'],
  },
  {
    source: 'sts.amazonaws.com',
    name: 'AssumeRole',
    readOnly: true,
    category: 'Management',
    resource: (rng) => ({ type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${CLOUDTRAIL_ACCOUNT}:role/${rng.pick(ROLES)}` }),
    request: (rng) => ({
      roleArn: `arn:aws:iam::${CLOUDTRAIL_ACCOUNT}:role/${rng.pick(ROLES)}`,
      roleSessionName: `session-${rng.hex(8)}`,
      durationSeconds: 3600,
    }),
    errors: ['AccessDenied'],
  },
  {
    source: 'ec2.amazonaws.com',
    name: 'DescribeInstances',
    readOnly: true,
    category: 'Management',
    request: () => ({ filterSet: {}, instancesSet: {} }),
  },
  {
    source: 'ec2.amazonaws.com',
    name: 'DescribeSecurityGroups',
    readOnly: true,
    category: 'Management',
    request: () => ({ securityGroupSet: {}, filterSet: {} }),
  },
  {
    source: 'kms.amazonaws.com',
    name: 'Decrypt',
    readOnly: true,
    category: 'Management',
    resource: (rng, region) => ({
      type: 'AWS::KMS::Key',
      ARN: `arn:aws:kms:${region}:${CLOUDTRAIL_ACCOUNT}:key/${rng.uuid()}`,
    }),
    request: () => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }),
    errors: ['AccessDenied'],
  },
  { source: 'iam.amazonaws.com', name: 'ListRoles', readOnly: true, category: 'Management', request: () => null },
  {
    source: 'signin.amazonaws.com',
    name: 'ConsoleLogin',
    readOnly: false,
    category: 'Management',
    request: () => null,
  },
  {
    source: 'lambda.amazonaws.com',
    name: 'Invoke',
    readOnly: false,
    category: 'Data',
    resource: (rng, region) => ({
      type: 'AWS::Lambda::Function',
      ARN: `arn:aws:lambda:${region}:${CLOUDTRAIL_ACCOUNT}:function:${rng.pick(['thumbnailer', 'billing-sync', 'audit-forwarder'])}`,
    }),
    request: (rng) => ({
      functionName: rng.pick(['thumbnailer', 'billing-sync', 'audit-forwarder']),
      invocationType: 'RequestResponse',
    }),
  },
  {
    source: 'iam.amazonaws.com',
    name: 'CreateAccessKey',
    readOnly: false,
    category: 'Management',
    request: (rng) => ({ userName: `svc-${rng.hex(4)}` }),
    errors: ['AccessDenied', 'LimitExceededException'],
  },
  {
    source: 'iam.amazonaws.com',
    name: 'AttachRolePolicy',
    readOnly: false,
    category: 'Management',
    resource: (rng) => ({ type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${CLOUDTRAIL_ACCOUNT}:role/${rng.pick(ROLES)}` }),
    request: (rng) => ({ roleName: rng.pick(ROLES), policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
    errors: ['AccessDenied'],
  },
  {
    source: 'ec2.amazonaws.com',
    name: 'AuthorizeSecurityGroupIngress',
    readOnly: false,
    category: 'Management',
    request: (rng) => ({
      groupId: `sg-${rng.hex(17)}`,
      ipPermissions: {
        items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }],
      },
    }),
    errors: ['UnauthorizedOperation'],
  },
  {
    source: 'guardduty.amazonaws.com',
    name: 'GetFindings',
    readOnly: true,
    category: 'Management',
    request: (rng) => ({ detectorId: rng.hex(32), findingIds: [rng.hex(32)] }),
  },
];

function cloudTrailIdentities(rng: Rng): CloudTrailIdentity[] {
  const identities: CloudTrailIdentity[] = [];
  for (let i = 0; i < 120; i++) {
    const userName = `${rng.pick(FIRST_NAMES)}.${rng.pick(LAST_NAMES)}`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z.]/g, '');
    identities.push({
      userIdentity: {
        type: 'IAMUser',
        principalId: `AIDA${rng.alnum(17)}`,
        arn: `arn:aws:iam::${CLOUDTRAIL_ACCOUNT}:user/${userName}`,
        accountId: CLOUDTRAIL_ACCOUNT,
        accessKeyId: `AKIA${rng.alnum(16)}`,
        userName,
      },
      ip: rng.publicIp(),
      userAgent: rng.pick(AWS_USER_AGENTS),
    });
  }
  for (let i = 0; i < 40; i++) {
    const role = rng.pick(ROLES);
    const roleId = `AROA${rng.alnum(17)}`;
    const session = `${rng.pick(FIRST_NAMES).toLowerCase()}@acme.example`;
    identities.push({
      userIdentity: {
        type: 'AssumedRole',
        principalId: `${roleId}:${session}`,
        arn: `arn:aws:sts::${CLOUDTRAIL_ACCOUNT}:assumed-role/${role}/${session}`,
        accountId: CLOUDTRAIL_ACCOUNT,
        accessKeyId: `ASIA${rng.alnum(16)}`,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: roleId,
            arn: `arn:aws:iam::${CLOUDTRAIL_ACCOUNT}:role/${role}`,
            accountId: CLOUDTRAIL_ACCOUNT,
            userName: role,
          },
          attributes: { creationDate: '2026-10-01T08:00:00Z', mfaAuthenticated: rng.chance(0.5) ? 'true' : 'false' },
        },
      },
      ip: rng.publicIp(),
      userAgent: rng.pick(AWS_USER_AGENTS),
    });
  }
  for (const service of ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'cloudformation.amazonaws.com']) {
    identities.push({ userIdentity: { type: 'AWSService', invokedBy: service }, ip: service, userAgent: service });
  }
  identities.push({
    userIdentity: {
      type: 'Root',
      principalId: CLOUDTRAIL_ACCOUNT,
      arn: `arn:aws:iam::${CLOUDTRAIL_ACCOUNT}:root`,
      accountId: CLOUDTRAIL_ACCOUNT,
    },
    ip: rng.publicIp(),
    userAgent: AWS_USER_AGENTS[3],
  });
  return identities;
}

function cloudTrailRecord(
  rng: Rng,
  identities: readonly CloudTrailIdentity[],
  index: number,
  total: number,
): Record<string, unknown> {
  const who = rng.pickSkewed(identities);
  const call = rng.pickSkewed(CLOUDTRAIL_CALLS);
  const region =
    call.source === 'iam.amazonaws.com' || call.source === 'signin.amazonaws.com' ? 'us-east-1' : rng.pick(REGIONS);
  const errorCode = call.errors && rng.chance(0.04) ? rng.pick(call.errors) : undefined;
  const record: Record<string, unknown> = {
    eventVersion: '1.10',
    userIdentity: who.userIdentity,
    eventTime: isoSeconds(eventTimeMs(index, total, rng)),
    eventSource: call.source,
    eventName: call.name,
    awsRegion: region,
    sourceIPAddress: rng.chance(0.95) ? who.ip : rng.publicIp(),
    userAgent: who.userAgent,
  };
  if (errorCode) {
    record['errorCode'] = errorCode;
    record['errorMessage'] =
      `User: ${String(who.userIdentity['arn'] ?? 'unknown')} is not authorized to perform: ${call.source.split('.')[0]}:${call.name}`;
  }
  if (call.name === 'ConsoleLogin') {
    const failed = rng.chance(0.06);
    record['requestParameters'] = null;
    record['responseElements'] = { ConsoleLogin: failed ? 'Failure' : 'Success' };
    record['additionalEventData'] = {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: rng.chance(0.8) ? 'Yes' : 'No',
    };
  } else {
    record['requestParameters'] = call.request ? call.request(rng) : null;
    record['responseElements'] = null;
  }
  record['requestID'] = rng.alnum(16, '0123456789ABCDEF');
  record['eventID'] = rng.uuid();
  record['readOnly'] = call.readOnly;
  if (call.resource && rng.chance(0.9)) {
    record['resources'] = [{ accountId: CLOUDTRAIL_ACCOUNT, ...call.resource(rng, region) }];
  }
  record['eventType'] = call.name === 'ConsoleLogin' ? 'AwsConsoleSignIn' : 'AwsApiCall';
  record['managementEvent'] = call.category === 'Management';
  record['recipientAccountId'] = CLOUDTRAIL_ACCOUNT;
  record['eventCategory'] = call.category;
  if (who.userIdentity['type'] !== 'AWSService') {
    record['tlsDetails'] = {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `${call.source.split('.')[0]}.${region}.amazonaws.com`,
    };
  }
  return record;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing datasets.

/** Events per file: N split as evenly as possible, the remainder going to the first files. */
function splitEvents(events: number, files: number): number[] {
  const base = Math.floor(events / files);
  const extra = events % files;
  return Array.from({ length: files }, (_, i) => base + (i < extra ? 1 : 0));
}

function gzipAsync(data: Buffer): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    gzip(data, { level: GZIP_LEVEL }, (error, result) => (error ? reject(error) : resolvePromise(result)));
  });
}

function fileName(kind: DatasetKind, index: number, firstEventMs: number, rng: Rng): string {
  if (kind === 'generic') return `part-${String(index).padStart(5, '0')}.ndjson.gz`;
  // CloudTrail's own delivery name; the timestamp keeps lexicographic order = time order.
  const stamp = isoSeconds(firstEventMs).replace(/[-:]/g, '').slice(0, 13) + 'Z';
  return `${CLOUDTRAIL_ACCOUNT}_CloudTrail_us-east-1_${stamp}_${String(index).padStart(5, '0')}${rng.alnum(11)}.json.gz`;
}

function datasetDir(kind: DatasetKind, events: number, tenant?: string): string {
  return join(DATA_ROOT, `${kind}-${events}${tenant ? `-${tenant}` : ''}`);
}

/** Beside the data folder, not in it: the benchmark imports the whole folder. */
function manifestPath(dir: string): string {
  return `${dir}.manifest.json`;
}

async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(manifestPath(dir), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

async function isIntact(dir: string, manifest: Manifest): Promise<boolean> {
  for (const entry of manifest.entries) {
    try {
      if ((await stat(join(dir, entry.name))).size !== entry.bytes) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function toDataset(dir: string, manifest: Manifest, generated: boolean, generateSeconds: number): Dataset {
  const paths = manifest.entries.map((e) => join(dir, e.name)).sort();
  return { dir, manifest, paths, generated, generateSeconds };
}

/** Loads an existing dataset by its directory (used by the benchmark's child processes). */
export async function loadDataset(dir: string): Promise<Dataset> {
  const manifest = await readManifest(dir);
  if (!manifest || !(await isIntact(dir, manifest)))
    throw new Error(`No intact dataset in ${dir}; run the benchmark to generate it.`);
  return toDataset(dir, manifest, false, 0);
}

/**
 * The dataset for (kind, events, files, seed): reused when bench/.data/<kind>-<events>/ holds one with the same
 * parameters (per <kind>-<events>.manifest.json beside it), otherwise (re)written there. The manifest is written
 * last, so an interrupted generation is redone.
 */
export async function ensureDataset(
  kind: DatasetKind,
  events: number,
  files: number,
  seed = DEFAULT_SEED,
  /** The generic records' tenant, when not GENERIC_TENANT (to import them into a case of another tenant). */
  tenant?: string,
): Promise<Dataset> {
  if (!Number.isInteger(events) || events < 1) throw new Error(`events must be a positive integer (got ${events})`);
  if (!Number.isInteger(files) || files < 1 || files > events)
    throw new Error(`files must be an integer in 1..events (got ${files})`);
  if (tenant !== undefined && kind !== 'generic') throw new Error('Only generic records take another tenant.');
  const tenantId = tenant ?? (kind === 'generic' ? GENERIC_TENANT : CLOUDTRAIL_ACCOUNT);
  const dir = datasetDir(kind, events, tenant);
  const existing = await readManifest(dir);
  if (
    existing &&
    existing.generatorVersion === GENERATOR_VERSION &&
    existing.kind === kind &&
    existing.events === events &&
    existing.files === files &&
    existing.seed === seed &&
    existing.tenantId === tenantId &&
    (await isIntact(dir, existing))
  ) {
    return toDataset(dir, existing, false, 0);
  }

  const started = performance.now();
  await rm(manifestPath(dir), { force: true });
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const rng = new Rng(seed ^ (kind === 'generic' ? 0x1111 : 0x2222));
  const genericPool = kind === 'generic' ? genericActors(rng) : [];
  const cloudTrailPool = kind === 'cloudtrail' ? cloudTrailIdentities(rng) : [];
  const entries: DatasetFile[] = [];
  const pending: Promise<void>[] = [];
  let index = 0;

  for (const [fileIndex, count] of splitEvents(events, files).entries()) {
    const name = fileName(kind, fileIndex, slotStartMs(index, events), rng);
    let text: string;
    if (kind === 'generic') {
      const lines: string[] = new Array<string>(count);
      for (let i = 0; i < count; i++) lines[i] = genericRecord(rng, genericPool, index + i, events, tenantId);
      text = `${lines.join('\n')}\n`;
    } else {
      const records: Record<string, unknown>[] = new Array<Record<string, unknown>>(count);
      for (let i = 0; i < count; i++) records[i] = cloudTrailRecord(rng, cloudTrailPool, index + i, events);
      text = JSON.stringify({ Records: records });
    }
    index += count;
    const raw = Buffer.from(text, 'utf8');
    const entry: DatasetFile = { name, events: count, bytes: 0, uncompressedBytes: raw.length };
    entries.push(entry);
    pending.push(
      gzipAsync(raw).then(async (compressed) => {
        entry.bytes = compressed.length;
        await writeFile(join(dir, name), compressed);
      }),
    );
    if (pending.length >= MAX_PENDING_GZIP) await pending.shift();
  }
  await Promise.all(pending);

  const manifest: Manifest = {
    generatorVersion: GENERATOR_VERSION,
    kind,
    events,
    files,
    seed,
    tenantId,
    totalBytes: entries.reduce((n, e) => n + e.bytes, 0),
    uncompressedBytes: entries.reduce((n, e) => n + e.uncompressedBytes, 0),
    entries,
  };
  await writeFile(manifestPath(dir), `${JSON.stringify(manifest, null, 2)}\n`);
  return toDataset(dir, manifest, true, (performance.now() - started) / 1000);
}
