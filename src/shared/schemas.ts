// A runtime schema for every request of the contract, checked once, at the router, before a handler runs: the
// renderer is untrusted. `satisfies` keeps this exhaustive over the contract's channels and true to its types.
import { z } from 'zod';
import type { Channel, Contract } from './contract';
import { FACET_NAMES, LANE_RANKS } from './domain/audit-event';
import { EXPORT_FORMATS, REDACTIONS } from './domain/exports';
import { CHAIN_ALGORITHMS, INTEGRITY_CHECKS } from './domain/integrity';
import { VALUE_FIELDS } from './domain/query-ast';
import { API_PRESETS } from './domain/sources';
import { COLUMN_IDS } from './domain/columns';
import { ANNOTATIONS_LIST_MAX, COMMENT_MAX, TAGS_PER_EVENT_MAX, TRAIL_KINDS, TRAIL_MAX } from './domain/evidence';

const query = z.string().max(10_000);
const timeZone = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_+\-/]+$/);
const cursor = z.string().max(1_000);
const scope = { query, timeZone };
const isoTime = z.string().max(64);
/** The instants a chart's buckets must reach (the core refuses ones that are not instants, by name). */
const chartSpan = z.object({ from: isoTime, to: isoTime }).strict();
const empty = z.object({}).strict();
/** JobOutput: a path (`out`, maybe `force`) or a download's file name, exactly one of them. */
const output = {
  out: z.string().min(1).max(4_096).optional(),
  force: z.boolean().optional(),
  download: z.string().min(1).max(200).optional(),
};
const oneOutput = <T extends { out?: string; force?: boolean; download?: string }>(schema: z.ZodType<T>) =>
  schema
    .refine((req) => (req.out === undefined) !== (req.download === undefined), {
      message: 'give either out (a file) or download (a name), not both',
    })
    .refine((req) => !(req.download !== undefined && req.force !== undefined), {
      message: 'force goes with out: a download never replaces a file',
    });
const sourceId = z.string().min(1).max(200);
const text = (max: number) => z.string().max(max);
const optionalText = (max: number) => text(max).nullable().optional();
/** A chain field's place in a record: member names joined by dots (a chain scheme). */
const chainPath = z.string().regex(/^[A-Za-z0-9_$@-]{1,100}(\.[A-Za-z0-9_$@-]{1,100}){0,9}$/);
const secretValue = z.string().min(1).max(64_000);
const sourceSecrets = z
  .object({
    token: secretValue.optional(),
    serviceAccountKey: secretValue.optional(),
    accessKeyId: secretValue.optional(),
    secretAccessKey: secretValue.optional(),
  })
  .strict()
  .optional();
const s3Draft = z
  .object({
    bucket: text(255),
    prefix: text(1_024).optional(),
    region: text(64).optional(),
    endpoint: optionalText(2_048),
    pathStyle: z.boolean().optional(),
    format: text(40).optional(),
    profile: optionalText(200),
    accessKeyIdRef: optionalText(200),
    secretAccessKeyRef: optionalText(200),
    concurrency: z.number().int().min(1).max(64).optional(),
    lookbackDays: z.number().int().min(0).max(3_650).optional(),
  })
  .strict();
const apiDraft = z
  .object({
    preset: z.enum(API_PRESETS),
    baseUrl: optionalText(2_048),
    region: optionalText(64),
    tokenRef: optionalText(200),
    org: optionalText(200),
    enterprise: optionalText(200),
    streams: z.array(text(100)).max(50).optional(),
    tenant: optionalText(200),
    serviceAccountKeyRef: optionalText(200),
    subject: optionalText(320),
    pageSize: z.number().int().min(1).max(10_000).optional(),
    pollSeconds: z.number().int().min(1).max(86_400).optional(),
    overlapSeconds: z.number().int().min(0).max(86_400).optional(),
  })
  .strict();
const sourceName = text(200).optional();
// Names are checked in full by the core (domain/saved-queries.ts: characters, length in code points); this bounds them.
const savedName = z.string().min(1).max(1_000);
// Tags and comments are checked in full by the core (domain/evidence.ts: characters, length in code points); these
// bound them (a code point is at most 2 UTF-16 units).
const tagList = z.array(z.string().max(200)).max(TAGS_PER_EVENT_MAX * 2);

export const REQUEST_SCHEMAS = {
  'case.info': empty,
  'case.attach': z.object({ path: z.string().min(1).max(4096) }).strict(),
  'case.detach': z.object({ path: z.string().min(1).max(4096) }).strict(),
  'events.page': z
    .object({
      ...scope,
      order: z.enum(['asc', 'desc']),
      limit: z.number().int().min(1).max(10_000),
      after: cursor.optional(),
      before: cursor.optional(),
    })
    .strict(),
  'events.count': z.object(scope).strict(),
  'events.context': z.object({ tenantId: z.string().min(1).max(10_000), uid: z.string().min(1).max(10_000) }).strict(),
  'events.facets': z.object({ ...scope, top: z.number().int().min(1).max(1_000) }).strict(),
  'events.histogram': z
    .object({
      ...scope,
      by: z.enum(['outcome', 'category']).optional(),
      for: z.literal('table').optional(),
      span: chartSpan.optional(),
    })
    .strict(),
  'events.lanes': z
    .object({
      ...scope,
      top: z.number().int().min(1).max(50),
      span: chartSpan.optional(),
      rank: z.enum(LANE_RANKS).optional(),
    })
    .strict(),
  'events.facetValues': z
    .object({
      ...scope,
      field: z.enum(FACET_NAMES),
      search: z.string().max(1_000),
      order: z.enum(['top', 'rare']),
      offset: z.number().int().min(0).max(100_000_000),
      limit: z.number().int().min(1).max(1_000),
    })
    .strict(),
  'events.notable': z.object({ ...scope, failuresBefore: z.number().int().min(1).max(10_000).optional() }).strict(),
  'events.values': z
    .object({
      ...scope,
      field: z.enum(VALUE_FIELDS),
      prefix: z.string().max(1_000),
      limit: z.number().int().min(1).max(1_000),
    })
    .strict(),
  'case.stats': z.object({ top: z.number().int().min(1).max(1_000).optional() }).strict(),
  'rejects.list': z.object({ limit: z.number().int().min(1).max(100_000).optional() }).strict(),
  'sources.list': empty,
  'sources.lanes': z
    .object({
      starts: z.array(z.string().datetime({ offset: true })).max(2_000),
      end: z.string().datetime({ offset: true }),
    })
    .strict(),
  'sources.add': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('s3'), name: sourceName, settings: s3Draft, secrets: sourceSecrets }).strict(),
    z.object({ kind: z.literal('api'), name: sourceName, settings: apiDraft, secrets: sourceSecrets }).strict(),
  ]),
  'sources.remove': z.object({ sourceId }).strict(),
  'jobs.import': z
    .object({ paths: z.array(z.string().min(1).max(4_096)).min(1).max(10_000), format: text(40).optional() })
    .strict(),
  'jobs.sync': z
    .object({
      sourceId,
      since: isoTime.optional(),
      until: isoTime.optional(),
      follow: z.boolean().optional(),
      fullListing: z.boolean().optional(),
      trust: z.boolean().optional(),
    })
    .strict(),
  'jobs.verify': z
    .object({
      checks: z.array(z.enum(INTEGRITY_CHECKS)).min(1).max(INTEGRITY_CHECKS.length).optional(),
      // list-public-keys output for one region holds a handful of keys; 4 MiB is far beyond any real one.
      publicKeys: z
        .string()
        .max(4 * 1024 * 1024)
        .optional(),
      expectHeads: z
        .array(
          z
            .object({
              tenantId: text(200),
              count: z.number().int().min(0),
              hash: z.string().regex(/^[0-9a-f]{64}$/),
            })
            .strict(),
        )
        .max(10_000)
        .optional(),
      chainSchemes: z
        .array(
          z
            .object({
              sourceId,
              seq: chainPath,
              hash: chainPath,
              prev: chainPath,
              omit: z.array(z.string().min(1).max(200)).max(100).optional(),
              algorithm: z.enum(CHAIN_ALGORITHMS).optional(),
              genesis: z.string().max(200).optional(),
            })
            .strict(),
        )
        .max(100)
        .optional(),
    })
    .strict(),
  'verifications.list': z.object({ limit: z.number().int().min(1).max(1_000).optional() }).strict(),
  'jobs.cancel': z.object({ jobId: z.string().uuid() }).strict(),
  'jobs.report': oneOutput(
    z
      .object({
        ...scope,
        ...output,
        exportedFiles: z
          .array(
            z
              .object({
                name: text(1_000),
                sha256: z.string().regex(/^[0-9a-f]{64}$/),
                bytes: z.number().int().min(0),
              })
              .strict(),
          )
          .max(1_000)
          .optional(),
      })
      .strict(),
  ),
  'jobs.package': oneOutput(z.object({ query, timeZone: timeZone.optional(), ...output }).strict()),
  'jobs.export': oneOutput(
    z
      .object({
        ...scope,
        ...output,
        format: z.enum(EXPORT_FORMATS),
        columns: z.array(z.string().min(1).max(64)).min(1).max(100).optional(),
        redact: z.array(z.enum(REDACTIONS)).max(REDACTIONS.length).optional(),
        bom: z.boolean().optional(),
        partitioned: z.boolean().optional(),
      })
      .strict(),
  ),
  'packages.verify': z
    .object({
      path: z.string().min(1).max(4_096).optional(),
      upload: z
        .string()
        .regex(/^[0-9a-f]{32}$/)
        .optional(),
      publicKey: z.string().min(1).max(64_000).optional(),
    })
    .strict()
    .refine((req) => (req.path === undefined) !== (req.upload === undefined), {
      message: 'give either path (a file) or upload (an uploaded file), not both',
    }),
  // A Sigma rule is a few kilobytes and SigmaHQ holds about 3 000: room for all of them, not for an unbounded upload.
  'jobs.detect': z
    .object({
      ruleFiles: z
        .array(z.object({ file: z.string().min(1).max(4_096), text: z.string().max(256 * 1024) }).strict())
        .max(5_000)
        .optional(),
    })
    .strict(),
  'findings.list': z.object({ uidLimit: z.number().int().min(0).max(100_000_000).optional() }).strict(),
  'journal.list': z.object({ limit: z.number().int().min(1).max(1_000_000).optional() }).strict(),
  'saved.list': empty,
  'saved.save': z
    .object({
      name: savedName,
      query,
      columns: z.array(z.enum(COLUMN_IDS)).min(1).max(COLUMN_IDS.length).nullable(),
      from: isoTime.nullable(),
      to: isoTime.nullable(),
      zone: timeZone.nullable(),
      previousName: savedName.optional(),
    })
    .strict(),
  'saved.remove': z.object({ name: savedName }).strict(),
  'annotations.set': z
    .object({
      tenantId: z.string().min(1).max(10_000).optional(),
      uid: z.string().min(1).max(10_000),
      starred: z.boolean().optional(),
      tags: tagList.optional(),
      addTags: tagList.optional(),
      removeTags: tagList.optional(),
      comment: z
        .string()
        .max(COMMENT_MAX * 2)
        .nullable()
        .optional(),
    })
    .strict(),
  'annotations.list': z
    .object({
      starredOnly: z.boolean().optional(),
      limit: z.number().int().min(1).max(ANNOTATIONS_LIST_MAX).optional(),
    })
    .strict(),
  'trail.add': z
    .object({
      kind: z.enum(TRAIL_KINDS),
      query,
      timeZone,
      count: z.number().int().min(0).nullable(),
    })
    .strict(),
  'trail.list': z.object({ limit: z.number().int().min(1).max(TRAIL_MAX).optional() }).strict(),
} satisfies { [C in Channel]: z.ZodType<Contract[C]['req']> };

export const CHANNELS = Object.keys(REQUEST_SCHEMAS) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(REQUEST_SCHEMAS, name);
}
