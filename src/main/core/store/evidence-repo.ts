// The evidence board's rows: annotations on events (schema.ts `annotations`: a star, tags, a comment; each change
// journalled) and the investigation trail (schema.ts `trail`: each query run, pivot and brush; bounded, not
// journalled). The rules for tags and comments are shared/domain/evidence.ts. Rows read back are checked like any
// input: a case file may come from someone else (SECURITY.md).
import {
  ANNOTATIONS_LIST_MAX,
  TAGS_PER_EVENT_MAX,
  TRAIL_KINDS,
  TRAIL_MAX,
  commentProblem,
  isEmptyAnnotation,
  normalizeTag,
  tagProblem,
  type AnnotatedEvent,
  type Annotation,
  type AnnotationChange,
  type TrailEntry,
  type TrailKind,
} from '@shared/domain/evidence';
import { AppError } from '../errors';
import { osUser, type CaseStore } from './case-store';
import { inTransaction, queryRows, type Row } from './sql';

const ISO = `'%Y-%m-%dT%H:%M:%S.%gZ'`;

/** The tenant of the event `uid`: the one given, or the only tenant holding that uid; USAGE when none or several. */
async function eventTenant(store: CaseStore, uid: string, tenantId: string | undefined): Promise<string> {
  const rows = await queryRows(
    store.connection,
    `SELECT DISTINCT tenant_id FROM case_events WHERE uid = $1${tenantId === undefined ? '' : ' AND tenant_id = $2'} LIMIT 2`,
    tenantId === undefined ? [uid] : [uid, tenantId],
  );
  const [first] = rows;
  if (!first)
    throw new AppError(
      'USAGE',
      `No event ${JSON.stringify(uid)}${tenantId === undefined ? '' : ` of tenant ${JSON.stringify(tenantId)}`} is in this case.`,
    );
  if (rows.length > 1)
    throw new AppError('USAGE', `Event ${JSON.stringify(uid)} is in several tenants of this case: name the tenant.`);
  return String(first['tenant_id']);
}

function checkTags(tags: string[]): string[] {
  const kept: string[] = [];
  for (const raw of tags) {
    const tag = normalizeTag(raw);
    const problem = tagProblem(tag) === null ? null : tagProblem(raw.trim());
    if (problem) throw new AppError('USAGE', problem);
    if (!kept.includes(tag)) kept.push(tag);
  }
  if (kept.length > TAGS_PER_EVENT_MAX)
    throw new AppError('USAGE', `An event has at most ${TAGS_PER_EVENT_MAX} tags; this would give it ${kept.length}.`);
  return kept;
}

/**
 * Applies a change to one event's annotation (see AnnotationChange) and journals it as `annotation.set` with the
 * state it leaves; returns that state (null: nothing left, the row removed). The event must be in the case.
 */
export async function setAnnotation(store: CaseStore, change: AnnotationChange): Promise<Annotation | null> {
  store.assertWritable();
  if (change.comment !== undefined && change.comment !== null) {
    const problem = commentProblem(change.comment);
    if (problem) throw new AppError('USAGE', problem);
  }
  return inTransaction(store.connection, async () => {
    const tenantId = await eventTenant(store, change.uid, change.tenantId);
    const before = await getAnnotation(store, tenantId, change.uid);
    let tags = change.tags !== undefined ? change.tags : (before?.tags ?? []);
    if (change.addTags) tags = [...tags, ...change.addTags];
    if (change.removeTags) {
      const removed = new Set(change.removeTags.map(normalizeTag));
      tags = tags.filter((tag) => !removed.has(normalizeTag(tag)));
    }
    const comment = change.comment === undefined ? (before?.comment ?? null) : change.comment;
    const next = {
      starred: change.starred ?? before?.starred ?? false,
      tags: checkTags(tags),
      comment: comment === null || comment.trim() === '' ? null : comment,
    };
    // Tags travel as JSON text: an empty list has no item type to bind with.
    const values = [tenantId, change.uid, next.starred, JSON.stringify(next.tags), next.comment];
    if (isEmptyAnnotation(next))
      await store.connection.run(`DELETE FROM annotations WHERE tenant_id = $1 AND uid = $2`, [tenantId, change.uid]);
    else if (before)
      await store.connection.run(
        `UPDATE annotations SET starred = $3, tags = $4::JSON::VARCHAR[], comment = $5, updated_at = now()
         WHERE tenant_id = $1 AND uid = $2`,
        values,
      );
    else
      await store.connection.run(`INSERT INTO annotations VALUES ($1, $2, $3, $4::JSON::VARCHAR[], $5, now())`, values);
    await store.journal('annotation.set', { tenantId, uid: change.uid, ...next });
    return isEmptyAnnotation(next) ? null : getAnnotation(store, tenantId, change.uid);
  });
}

const ANNOTATION_COLUMNS = `a.tenant_id, a.uid, a.starred, a.tags, a.comment, strftime(a.updated_at, ${ISO}) AS updated_at`;

async function getAnnotation(store: CaseStore, tenantId: string, uid: string): Promise<Annotation | null> {
  const [row] = await queryRows(
    store.connection,
    `SELECT ${ANNOTATION_COLUMNS} FROM annotations a WHERE a.tenant_id = $1 AND a.uid = $2`,
    [tenantId, uid],
  );
  return row ? toAnnotation(row) : null;
}

/**
 * The case's annotations with their events' summary, in event time order (an annotation whose event is gone last);
 * `starredOnly` for the Starred view's filter. At most `limit` (ANNOTATIONS_LIST_MAX); `total` counts them all.
 */
export async function listAnnotations(
  store: CaseStore,
  options: { starredOnly?: boolean; limit?: number } = {},
): Promise<{ annotations: AnnotatedEvent[]; total: number }> {
  const where = options.starredOnly ? 'WHERE a.starred' : '';
  const limit = Math.min(options.limit ?? ANNOTATIONS_LIST_MAX, ANNOTATIONS_LIST_MAX);
  const rows = await queryRows(
    store.connection,
    `SELECT ${ANNOTATION_COLUMNS}, e.uid IS NOT NULL AS found, strftime(e.occurred_at, ${ISO}) AS occurred_at,
       e.action, coalesce(e.actor_email, e.actor_name, e.actor_id) AS actor,
       coalesce(e.target_name, e.target_id) AS target, e.ip, e.outcome
     FROM annotations a
     LEFT JOIN (SELECT DISTINCT ON (tenant_id, uid) * FROM case_events
                WHERE (tenant_id, uid) IN (SELECT tenant_id, uid FROM annotations)) e
       ON e.tenant_id = a.tenant_id AND e.uid = a.uid
     ${where}
     ORDER BY e.occurred_at NULLS LAST, a.tenant_id, a.uid
     LIMIT $1`,
    [limit],
  );
  const [count] = await queryRows(store.connection, `SELECT count(*)::INT AS n FROM annotations a ${where}`);
  return {
    annotations: rows.map((row) => ({
      ...toAnnotation(row),
      event: row['found']
        ? {
            occurredAt: String(row['occurred_at']),
            action: String(row['action']),
            actor: textOrNull(row['actor']),
            target: textOrNull(row['target']),
            ip: textOrNull(row['ip']),
            outcome: String(row['outcome']),
          }
        : null,
    })),
    total: Number(count?.['n'] ?? 0),
  };
}

const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function toAnnotation(row: Row): Annotation {
  const tags = Array.isArray(row['tags']) ? row['tags'].filter((t): t is string => typeof t === 'string') : [];
  return {
    tenantId: String(row['tenant_id']),
    uid: String(row['uid']),
    starred: row['starred'] === true,
    tags,
    comment: textOrNull(row['comment']),
    updatedAt: String(row['updated_at']),
  };
}

/**
 * Adds a step to the trail. The same query and zone as the newest entry replace it (its count and time refreshed):
 * running a query again, or its count arriving late, is one step. Past `max` (TRAIL_MAX) the oldest entries go.
 */
export async function addTrailEntry(
  store: CaseStore,
  entry: { kind: TrailKind; query: string; timeZone: string; count: number | null },
  max = TRAIL_MAX,
): Promise<TrailEntry> {
  store.assertWritable();
  return inTransaction(store.connection, async () => {
    const [last] = await queryRows(
      store.connection,
      `SELECT seq, query, time_zone FROM trail ORDER BY seq DESC LIMIT 1`,
    );
    const same = last && last['query'] === entry.query && last['time_zone'] === entry.timeZone;
    if (same) {
      // A restore of the step on top keeps that step's kind: it is the same step, shown again.
      await store.connection.run(
        `UPDATE trail SET recorded_at = now(), count = coalesce($2, count), kind = CASE WHEN $3 = 'restore' THEN kind ELSE $3 END
         WHERE seq = $1`,
        [Number(last['seq']), entry.count, entry.kind],
      );
    } else {
      await store.connection.run(
        `INSERT INTO trail SELECT coalesce(max(seq), 0) + 1, now(), $1, $2, $3, $4, $5 FROM trail`,
        [osUser(), entry.kind, entry.query, entry.timeZone, entry.count],
      );
      await store.connection.run(`DELETE FROM trail WHERE seq <= (SELECT max(seq) FROM trail) - $1`, [max]);
    }
    const [row] = await queryRows(store.connection, `${TRAIL_SELECT} ORDER BY seq DESC LIMIT 1`);
    if (!row) throw new AppError('INTERNAL', 'A trail entry was written but cannot be read back.');
    return toTrailEntry(row);
  });
}

const TRAIL_SELECT = `SELECT seq, strftime(recorded_at, ${ISO}) AS recorded_at, os_user, kind, query, time_zone, count FROM trail`;

/** The trail, oldest first: the newest `limit` entries (default all kept). A case older than the trail has none. */
export async function listTrail(
  store: CaseStore,
  limit = TRAIL_MAX,
): Promise<{ entries: TrailEntry[]; total: number }> {
  if (store.meta.schemaVersion < 4) return { entries: [], total: 0 };
  const rows = await queryRows(
    store.connection,
    `SELECT * FROM (${TRAIL_SELECT} ORDER BY seq DESC LIMIT $1) ORDER BY seq`,
    [limit],
  );
  const [count] = await queryRows(store.connection, `SELECT count(*)::INT AS n FROM trail`);
  return { entries: rows.map(toTrailEntry), total: Number(count?.['n'] ?? 0) };
}

function toTrailEntry(row: Row): TrailEntry {
  const kind = String(row['kind']);
  return {
    seq: Number(row['seq']),
    recordedAt: String(row['recorded_at']),
    osUser: String(row['os_user']),
    // A case from elsewhere may hold a kind this Trailscope does not know: shown as a query, which it is.
    kind: (TRAIL_KINDS as readonly string[]).includes(kind) ? (kind as TrailKind) : 'query',
    query: String(row['query']),
    timeZone: String(row['time_zone']),
    count: row['count'] === null || row['count'] === undefined ? null : Number(row['count']),
  };
}
