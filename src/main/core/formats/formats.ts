// The formats Trailscope reads, and content-based detection (FORMATS.md): the first record of a file decides,
// tested in the documented order. The column mappings themselves are SQL, in store/mappings.ts.

export const FORMAT_IDS = [
  'cloudtrail',
  'okta',
  'slack',
  'onepassword-signin',
  'onepassword-audit',
  'google-workspace',
  'github',
  'generic',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/** What a user may pass as `--format`: 1Password's two record kinds share one name and are told apart by content. */
export const FORMAT_CHOICES = [
  'auto',
  'cloudtrail',
  'github',
  'okta',
  'slack',
  'onepassword',
  'google-workspace',
  'generic',
] as const;
export type FormatChoice = (typeof FORMAT_CHOICES)[number];

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (r: Json, key: string) => r[key] !== undefined && r[key] !== null;

export function detectFormat(record: unknown): FormatId | null {
  if (!isObject(record)) return null;
  if ((has(record, 'eventVersion') && has(record, 'eventSource')) || Array.isArray(record['Records']))
    return 'cloudtrail';
  if (has(record, 'uuid') && has(record, 'eventType') && has(record, 'published')) return 'okta';
  if (has(record, 'date_create') && has(record, 'action') && has(record, 'entity')) return 'slack';
  if (has(record, 'category') && has(record, 'target_user')) return 'onepassword-signin';
  if (has(record, 'uuid') && has(record, 'action') && has(record, 'actor_uuid')) return 'onepassword-audit';
  const id = record['id'];
  if (isObject(id) && has(id, 'applicationName') && has(record, 'events')) return 'google-workspace';
  if (
    has(record, 'action') &&
    typeof record['actor'] === 'string' &&
    (has(record, '@timestamp') || has(record, '_document_id') || typeof record['created_at'] === 'number')
  ) {
    return 'github';
  }
  const hasTime = ['occurred_at', 'created_at', 'timestamp'].some((k) => has(record, k));
  const actor = record['actor'];
  if (
    (has(record, 'action') || has(record, 'event_type')) &&
    hasTime &&
    (actor === undefined || actor === null || isObject(actor))
  ) {
    return 'generic';
  }
  return null;
}

/** Resolve a user's `--format` choice against a file's first record. */
export function resolveFormat(choice: FormatChoice, firstRecord: unknown): FormatId | null {
  if (choice === 'auto') return detectFormat(firstRecord);
  if (choice === 'onepassword') {
    return isObject(firstRecord) && has(firstRecord, 'category') && has(firstRecord, 'target_user')
      ? 'onepassword-signin'
      : 'onepassword-audit';
  }
  return choice;
}

/** Keys of a JSON document whose array holds the records, in the order FORMATS.md lists them. */
export const WRAPPER_KEYS = ['Records', 'items', 'entries', 'data', 'events'] as const;
