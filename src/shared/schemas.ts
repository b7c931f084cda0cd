// A runtime schema for every request of the contract, checked once, at the router, before a handler runs: the
// renderer is untrusted. `satisfies` keeps this exhaustive over the contract's channels and true to its types.
import { z } from 'zod';
import type { Channel, Contract } from './contract';

const query = z.string().max(10_000);
const timeZone = z.string().min(1).max(64).regex(/^[A-Za-z0-9_+\-/]+$/);
const cursor = z.string().max(1_000);
const scope = { query, timeZone };
const isoTime = z.string().max(64);
const empty = z.object({}).strict();

export const REQUEST_SCHEMAS = {
  'case.info': empty,
  'events.page': z
    .object({ ...scope, order: z.enum(['asc', 'desc']), limit: z.number().int().min(1).max(10_000), after: cursor.optional(), before: cursor.optional() })
    .strict(),
  'events.count': z.object(scope).strict(),
  'events.facets': z.object({ ...scope, top: z.number().int().min(1).max(1_000) }).strict(),
  'events.histogram': z.object({ ...scope, by: z.enum(['outcome', 'category']).optional() }).strict(),
  'rejects.list': z.object({ limit: z.number().int().min(1).max(100_000) }).strict(),
  'sources.list': empty,
  'jobs.import': z.object({ paths: z.array(z.string().min(1).max(4_096)).min(1).max(10_000) }).strict(),
  'jobs.sync': z
    .object({ sourceId: z.string().min(1).max(200), since: isoTime.optional(), until: isoTime.optional(), follow: z.boolean().optional() })
    .strict(),
  'jobs.cancel': z.object({ jobId: z.string().uuid() }).strict(),
} satisfies { [C in Channel]: z.ZodType<Contract[C]['req']> };

export const CHANNELS = Object.keys(REQUEST_SCHEMAS) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(REQUEST_SCHEMAS, name);
}
