// A case's saved sources: settings (never a secret, only references to one) and checkpoints. A checkpoint is
// written by ingestUnits in the same transaction as the events it covers; saveCheckpoint is for runs that add none.
// Settings read back are checked like any input: a case file may come from someone else (SECURITY.md).
import { z } from 'zod';
import { SECRET_SLOTS, urlProblem } from '@shared/domain/source-drafts';
import { API_PRESETS, type SourceInfo, type SourceSettings } from '@shared/domain/sources';
import { AppError } from '../errors';
import { FORMAT_CHOICES } from '../formats/formats';
import { secretRefProblem } from '../secrets';
import type { CaseStore } from './case-store';
import { queryRows, type Row } from './sql';

export type SavedSource = SourceInfo & SourceSettings;

/** A saved source whose settings fail the checks: listed, so the user sees why, and never synced. */
export interface UnusableSource extends Omit<SourceInfo, 'kind'> {
  kind: string;
  /** What is wrong, naming the field (`settings.tokenRef: …`). */
  problem: string;
}

export type ListedSource = SavedSource | UnusableSource;

export const isUsable = (source: ListedSource): source is SavedSource => !('problem' in source);

const text = (max: number) => z.string().max(max);
const nullableText = (max: number) => text(max).nullable();
const secretReference = text(300).nullable();
const url = text(2_048).superRefine((value, ctx) => {
  const problem = urlProblem(value, 'The URL');
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const count = (min: number, max: number) => z.number().int().min(min).max(max);

/** The saved settings of each kind, as settingsFromDraft (core/sources/source-settings.ts) writes them. */
const SETTINGS_SCHEMAS = {
  s3: z.object({
    bucket: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/, 'A bucket name has letters, digits, . _ - only.'),
    prefix: text(1_024),
    region: z.string().regex(/^[a-z0-9-]{2,40}$/, 'A region looks like us-east-1.'),
    endpoint: url.nullable(),
    pathStyle: z.boolean(),
    format: z.enum(FORMAT_CHOICES),
    profile: nullableText(200),
    accessKeyIdRef: secretReference,
    secretAccessKeyRef: secretReference,
    concurrency: count(1, 64),
    lookbackDays: count(0, 3_650).optional(),
  }),
  api: z.object({
    preset: z.enum(API_PRESETS),
    baseUrl: url,
    // It fills the base URL's host: nothing that could change where the URL points.
    region: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, 'A region has letters, digits and - only.')
      .nullable(),
    tokenRef: secretReference,
    org: nullableText(200),
    enterprise: nullableText(200),
    streams: z.array(text(100)).max(50),
    tenant: nullableText(200),
    serviceAccountKeyRef: secretReference,
    subject: nullableText(320),
    pageSize: count(1, 10_000),
    pollSeconds: count(1, 86_400),
    overlapSeconds: count(0, 86_400),
  }),
} as const;

/**
 * Checks settings read from (or about to be written to) a case: their shape per kind, and that every secret
 * reference is an environment variable's name or this very source's own keychain entry in this case. Returns the
 * settings, or the problem naming the field.
 */
export function checkSavedSettings(
  owner: { caseId: string | null; sourceId: string },
  kind: string,
  settings: unknown,
): { ok: true; source: SourceSettings } | { ok: false; problem: string } {
  if (kind !== 's3' && kind !== 'api')
    return {
      ok: false,
      problem: `kind: "${kind.slice(0, 40)}" is not a kind of source this Trailscope has (s3, api).`,
    };
  const parsed = SETTINGS_SCHEMAS[kind].safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['settings', ...(issue?.path ?? [])].join('.');
    return { ok: false, problem: `${field}: ${issue?.message ?? 'not valid'}` };
  }
  const values = parsed.data as Record<string, unknown>;
  for (const slot of SECRET_SLOTS[kind]) {
    const ref = values[slot.ref];
    if (typeof ref !== 'string') continue;
    const problem = secretRefProblem(ref, { ...owner, slot: slot.value });
    if (problem) return { ok: false, problem: `settings.${slot.ref}: ${problem}` };
  }
  return { ok: true, source: { kind, settings: parsed.data } as SourceSettings };
}

/** The id the next source of this kind gets (`s3-N`, `api-N`): the writer alone adds sources, so it stays free. */
export async function nextSourceId(store: CaseStore, kind: SourceSettings['kind']): Promise<string> {
  const [row] = await queryRows(store.connection, `SELECT count(*)::INT AS n FROM sources WHERE kind = $1`, [kind]);
  let number = Number(row?.['n'] ?? 0) + 1;
  const taken = new Set((await listSources(store)).map((s) => s.id));
  while (taken.has(`${kind}-${number}`)) number++;
  return `${kind}-${number}`;
}

/** Saves a source; `id` is one nextSourceId gave (the app names the source's keychain entries after it first). */
export async function addSource(
  store: CaseStore,
  name: string,
  source: SourceSettings,
  id?: string,
): Promise<SavedSource> {
  store.assertWritable();
  const sourceId = id ?? (await nextSourceId(store, source.kind));
  const checked = checkSavedSettings({ caseId: store.meta.caseId, sourceId }, source.kind, source.settings);
  if (!checked.ok) throw new AppError('USAGE', `Source ${sourceId} cannot be saved: ${checked.problem}`);
  const createdAt = new Date().toISOString();
  await store.connection.run(`INSERT INTO sources VALUES ($1, $2, $3, $4::JSON, NULL, $5::TIMESTAMPTZ)`, [
    sourceId,
    source.kind,
    name,
    JSON.stringify(checked.source.settings),
    createdAt,
  ]);
  await store.journal('source.add', { id: sourceId, kind: source.kind, name });
  return { id: sourceId, name, createdAt, checkpoint: null, ...checked.source };
}

/**
 * Removes a source that never brought anything in. One with ledger entries stays: its ledger rows, events and
 * rejects name it, and the chain of custody must keep saying where they came from.
 */
export async function removeSource(store: CaseStore, id: string): Promise<SavedSource> {
  store.assertWritable();
  const source = await getSource(store, id);
  const [row] = await queryRows(store.connection, `SELECT count(*)::INT AS n FROM ingest_ledger WHERE source_id = $1`, [
    id,
  ]);
  if (Number(row?.['n'] ?? 0) > 0) {
    throw new AppError(
      'USAGE',
      `Source ${id} has brought events into this case; it stays, so the ingest ledger keeps saying where they came from.`,
    );
  }
  await store.connection.run(`DELETE FROM sources WHERE id = $1`, [id]);
  await store.journal('source.remove', { id, kind: source.kind, name: source.name });
  return source;
}

/** Every saved source, the unusable ones too (with their problem). */
export async function listSources(store: CaseStore): Promise<ListedSource[]> {
  const rows = await queryRows(
    store.connection,
    `SELECT id, kind, name, settings::VARCHAR AS settings, checkpoint::VARCHAR AS checkpoint,
       strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at
     FROM sources ORDER BY created_at, id`,
  );
  return rows.map((row) => toSource(store, row));
}

/** A source to sync: refused when its saved settings fail the checks. */
export async function getSource(store: CaseStore, id: string): Promise<SavedSource> {
  const source = (await listSources(store)).find((s) => s.id === id);
  if (!source)
    throw new AppError('SOURCE_NOT_FOUND', `This case has no source "${id}" (see \`trailscope source list\`).`);
  if (!isUsable(source))
    throw new AppError('CASE_INVALID', `Source ${id} cannot sync: its saved ${source.problem} Nothing was sent.`);
  return source;
}

export async function saveCheckpoint(store: CaseStore, id: string, checkpoint: unknown): Promise<void> {
  store.assertWritable();
  await store.connection.run(`UPDATE sources SET checkpoint = $2::JSON WHERE id = $1`, [
    id,
    JSON.stringify(checkpoint),
  ]);
}

function toSource(store: CaseStore, row: Row): ListedSource {
  const kind = String(row['kind']);
  const checkpoint = row['checkpoint'] == null ? null : (JSON.parse(String(row['checkpoint'])) as unknown);
  const common = { id: String(row['id']), name: String(row['name']), createdAt: String(row['created_at']), checkpoint };
  const settings: unknown = JSON.parse(String(row['settings']));
  const checked = checkSavedSettings({ caseId: store.meta.caseId, sourceId: common.id }, kind, settings);
  return checked.ok ? { ...common, ...checked.source } : { ...common, kind, problem: checked.problem };
}

/**
 * What a source has imported so far, by the ingest ledger (the truth, unlike a checkpoint): for each object key the
 * ETag of its latest ledger row. A changed object's later row (recorded, not merged) makes its new ETag the latest.
 */
export async function importedObjects(store: CaseStore, sourceId: string): Promise<Map<string, string | null>> {
  const rows = await queryRows(
    store.connection,
    `SELECT object_key, etag FROM ingest_ledger WHERE source_id = $1 AND object_key IS NOT NULL
     QUALIFY row_number() OVER (PARTITION BY object_key ORDER BY seq DESC) = 1`,
    [sourceId],
  );
  return new Map(rows.map((row) => [String(row['object_key']), row['etag'] == null ? null : String(row['etag'])]));
}
