// Where each format keeps the id of the API request an event came from (FORMATS.md): CloudTrail's requestID, Okta's
// debugContext.debugData.requestId, GitHub's request_id, the generic shape's metadata.request_id. The drawer's
// "Same request" runs it as a dotted field of the query language. Pure; no node:*, no DuckDB.
import type { NormalizedEvent } from './audit-event';
import type { JsonColumn } from './query-ast';

export interface RequestId {
  column: JsonColumn;
  keys: string[];
  value: string;
}

const REQUEST_ID_PATHS: Record<string, { column: JsonColumn; keys: string[] }> = {
  cloudtrail: { column: 'raw', keys: ['requestID'] },
  okta: { column: 'raw', keys: ['debugContext', 'debugData', 'requestId'] },
  github: { column: 'raw', keys: ['request_id'] },
  generic: { column: 'metadata', keys: ['request_id'] },
};

/** The event's request id where its format names one and the record has it (a non-empty string). */
export function requestIdOf(event: Pick<NormalizedEvent, 'format' | 'raw' | 'metadata'>): RequestId | null {
  const where = Object.hasOwn(REQUEST_ID_PATHS, event.format) ? REQUEST_ID_PATHS[event.format] : undefined;
  if (!where) return null;
  let node: unknown = where.column === 'raw' ? event.raw : event.metadata;
  for (const key of where.keys) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return null;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' && node !== '' ? { ...where, value: node } : null;
}
