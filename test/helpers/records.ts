// Small records for tests: generic format (FORMATS.md "Generic") and CloudTrail.
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

/** A CloudTrail record of `account`, n seconds into 2025, its eventID `evt-` + n in five digits. */
export function cloudtrailRecord(
  n: number,
  account: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    eventID: `evt-${String(n).padStart(5, '0')}`,
    eventTime: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString().replace('.000', ''),
    eventSource: 'iam.amazonaws.com',
    eventName: n % 3 === 0 ? 'ConsoleLogin' : 'GetUser',
    awsRegion: 'us-east-1',
    sourceIPAddress: `198.51.100.${n % 250}`,
    userAgent: 'aws-cli/2.15.0',
    recipientAccountId: account,
    userIdentity: {
      type: 'IAMUser',
      arn: `arn:aws:iam::${account}:user/u${n % 5}`,
      accountId: account,
      userName: `u${n % 5}`,
    },
    resources: [{ type: 'AWS::IAM::User', ARN: `arn:aws:iam::${account}:user/t${n}` }],
    ...overrides,
  };
}

export function ndjson(records: unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

export function gz(text: string | Buffer): Buffer {
  return gzipSync(text);
}
