// What a case derives from its events, kept up to date in the transaction of every import or sync batch (and built
// whole when a case is migrated or the IP-to-country database changes):
//   ip_countries    (ip, country)                                   every distinct IP, its country or NULL (none)
//   first_seen      (tenant_id, actor, kind, value, occurred_at, uid) per tenant and actor, the first event (by
//                   occurred_at, then uid) with each IP (kind 'ip'), country ('country') and user agent ('ua')
//   event_sessions  (tenant_id, uid, actor, session_id)             the provider's own session id of an event
//   event_keys      (key)                                           every event's EVENT_KEY_SQL, for finding duplicates
// `actor` is coalesce(actor_id, actor_email, actor_name) (ACTOR_KEY). Events stay append-only; these tables are not
// events: a batch of older events replaces the first_seen rows it precedes.
import type { DuckDBConnection } from '@duckdb/node-api';
import { geoDatabase, ipNumber } from './geo-db';
import { queryRows } from './sql';

/**
 * An event's key for finding duplicates (ingest.ts): the upper 64 bits of the MD5 of its tenant and uid, which no
 * DuckDB version changes (its own hash() may). Two events may share one: a match is confirmed on the events.
 */
export const EVENT_KEY_SQL = `md5_number_upper(tenant_id || chr(0) || uid)`;

/** The actor an event's first-seen and sessions belong to. */
export const ACTOR_KEY = 'coalesce(actor_id, actor_email, actor_name)';

/**
 * `ACTOR_KEY = <placeholder>`, written so that DuckDB can push `actor_id = …` into the scan (measured at 1M events:
 * 30 ms against 110 ms for the coalesce).
 */
export function actorIs(placeholder: string, alias = ''): string {
  const c = (column: string) => `${alias}${column}`;
  return `(${c('actor_id')} = ${placeholder} OR (${c('actor_id')} IS NULL AND coalesce(${c('actor_email')}, ${c('actor_name')}) = ${placeholder}))`;
}

export const FIRST_SEEN_KINDS = ['ip', 'country', 'ua'] as const;
export type FirstSeenKind = (typeof FIRST_SEEN_KINDS)[number];

/**
 * The provider's own session id, by format (FORMATS.md): Okta's externalSessionId (which Okta fills with "unknown"
 * when it has none), Slack's context.session_id, 1Password's session.uuid (audit events) or session_uuid (sign-in
 * attempts), and the generic shape's metadata.session_id. Other formats have none.
 */
export const PROVIDER_SESSION_SQL = `CASE format
  WHEN 'okta' THEN nullif(nz(json_extract_string(raw, '$.authenticationContext.externalSessionId')), 'unknown')
  WHEN 'slack' THEN nz(json_extract_string(raw, '$.context.session_id'))
  WHEN 'onepassword-audit' THEN nz(json_extract_string(raw, '$.session.uuid'))
  WHEN 'onepassword-signin' THEN nz(json_extract_string(raw, '$.session_uuid'))
END`;
/** The generic shape's, read from `metadata` alone: a statement that names `raw` reads it for every row (4 s at 1M). */
const GENERIC_SESSION_SQL = `nz(json_extract_string(metadata, '$.session_id'))`;

const GEO_META_KEY = 'geo_db';

/**
 * Brings the derived tables up to date with the events of ingest_seq `fromSeq`..`toSeq` (one batch), in the caller's
 * transaction. If the case's countries came from another version of the database, everything is derived again.
 */
export async function deriveBatch(connection: DuckDBConnection, fromSeq: number, toSeq: number): Promise<void> {
  const [row] = await queryRows(connection, `SELECT value FROM meta WHERE key = '${GEO_META_KEY}'`);
  if (row?.['value'] !== geoDatabase().version) return deriveAll(connection);
  await deriveRange(connection, fromSeq, toSeq);
}

/** Derives everything again from all the events (migration, a new IP-to-country database). */
export async function deriveAll(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    'DELETE FROM ip_countries; DELETE FROM first_seen; DELETE FROM event_sessions; DELETE FROM event_keys;',
  );
  await connection.run(`DELETE FROM meta WHERE key = '${GEO_META_KEY}'`);
  await connection.run(`INSERT INTO meta VALUES ('${GEO_META_KEY}', $1)`, [geoDatabase().version]);
  const [range] = await queryRows(connection, 'SELECT min(ingest_seq) AS lo, max(ingest_seq) AS hi FROM events');
  if (range?.['lo'] === null || range?.['lo'] === undefined) return;
  await deriveRange(connection, Number(range['lo']), Number(range['hi']));
}

async function deriveRange(connection: DuckDBConnection, fromSeq: number, toSeq: number): Promise<void> {
  await connection.run(
    `INSERT INTO event_keys SELECT ${EVENT_KEY_SQL} FROM events WHERE ingest_seq BETWEEN $1 AND $2`,
    [fromSeq, toSeq],
  );
  await lookUpCountries(connection, fromSeq, toSeq);
  await updateFirstSeen(connection, fromSeq, toSeq);
  const sessions = (id: string, formats: string) =>
    `INSERT INTO event_sessions
     SELECT tenant_id, uid, actor, session_id FROM (
       SELECT tenant_id, uid, ${ACTOR_KEY} AS actor, ${id} AS session_id FROM events
       WHERE ingest_seq BETWEEN $1 AND $2 AND format IN ${formats})
     WHERE session_id IS NOT NULL`;
  await connection.run(sessions(GENERIC_SESSION_SQL, `('generic')`), [fromSeq, toSeq]);
  await connection.run(sessions(PROVIDER_SESSION_SQL, `('okta', 'slack', 'onepassword-audit', 'onepassword-signin')`), [
    fromSeq,
    toSeq,
  ]);
}

/** The countries of geo_lookup's addresses of family $2, from the range file $1. */
export const COUNTRY_LOOKUP_SQL = `INSERT INTO ip_countries
  SELECT l.ip, CASE WHEN l.n <= g.hi THEN g.country END
  FROM (SELECT * FROM geo_lookup WHERE family = $2) l
  ASOF LEFT JOIN read_csv($1, columns={'lo': 'UHUGEINT', 'hi': 'UHUGEINT', 'country': 'VARCHAR'},
    header=false, auto_detect=false) g ON l.n >= g.lo`;

/**
 * The countries of the range's IPs that the case has not looked up yet. Addresses become numbers in JS (a few per
 * thousand events: distinct IPs only); the range files are read by DuckDB and joined with an ASOF join (the last
 * range starting at or below the address, which holds it if it ends at or above it).
 */
async function lookUpCountries(connection: DuckDBConnection, fromSeq: number, toSeq: number): Promise<void> {
  const fresh = await queryRows(
    connection,
    `SELECT DISTINCT ip FROM events WHERE ingest_seq BETWEEN $1 AND $2 AND ip IS NOT NULL
     AND ip NOT IN (SELECT ip FROM ip_countries)`,
    [fromSeq, toSeq],
  );
  if (fresh.length === 0) return;
  await connection.run('CREATE OR REPLACE TEMP TABLE geo_lookup (ip VARCHAR, family INTEGER, n UHUGEINT)');
  const appender = await connection.createAppender('geo_lookup', null, 'temp');
  const families = new Set<number>();
  for (const row of fresh) {
    const ip = String(row['ip']);
    const number = ipNumber(ip);
    appender.appendVarchar(ip);
    if (number) {
      families.add(number.family);
      appender.appendInteger(number.family);
      appender.appendVarchar(number.value);
    } else {
      appender.appendNull();
      appender.appendNull();
    }
    appender.endRow();
  }
  appender.closeSync();
  const db = geoDatabase();
  for (const family of [4, 6] as const) {
    if (!families.has(family)) continue;
    await connection.run(COUNTRY_LOOKUP_SQL, [family === 4 ? db.ipv4File : db.ipv6File, family]);
  }
  await connection.run(`INSERT INTO ip_countries SELECT ip, NULL FROM geo_lookup WHERE family IS NULL`);
  await connection.run('DROP TABLE geo_lookup');
}

/**
 * The range's first use of each (tenant, actor, kind, value), merged into first_seen: a row the range precedes is
 * replaced (an import of older events), a pair the case had not seen is added. A country's first use is the earliest
 * first use of its IPs, so countries need no pass over the events of their own (measured at 1M events: 0.5 s for
 * the two passes, 1 s for one pass unnesting three values a row).
 */
async function updateFirstSeen(connection: DuckDBConnection, fromSeq: number, toSeq: number): Promise<void> {
  const firstUse = (kind: string, column: string) =>
    `SELECT tenant_id, actor, '${kind}' AS kind, value, min({'t': occurred_at, 'u': uid}) AS first FROM (
       SELECT tenant_id, ${ACTOR_KEY} AS actor, ${column} AS value, occurred_at, uid FROM events
       WHERE ingest_seq BETWEEN $1 AND $2 AND ${column} IS NOT NULL)
     WHERE actor IS NOT NULL GROUP BY ALL`;
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE first_seen_batch AS
     WITH firsts AS MATERIALIZED (${firstUse('ip', 'ip')} UNION ALL ${firstUse('ua', 'user_agent')}),
       countries AS (
         SELECT f.tenant_id, f.actor, 'country' AS kind, c.country AS value, min(f.first) AS first
         FROM firsts f JOIN ip_countries c ON c.ip = f.value
         WHERE f.kind = 'ip' AND c.country IS NOT NULL GROUP BY ALL)
     SELECT tenant_id, actor, kind, value, first.t AS occurred_at, first.u AS uid
     FROM (SELECT * FROM firsts UNION ALL SELECT * FROM countries)`,
    [fromSeq, toSeq],
  );
  const same = 'f.tenant_id = b.tenant_id AND f.actor = b.actor AND f.kind = b.kind AND f.value = b.value';
  await connection.run(
    `DELETE FROM first_seen f USING first_seen_batch b WHERE ${same}
       AND (b.occurred_at < f.occurred_at OR (b.occurred_at = f.occurred_at AND b.uid < f.uid));
     INSERT INTO first_seen SELECT b.* FROM first_seen_batch b ANTI JOIN first_seen f ON ${same};
     DROP TABLE first_seen_batch;`,
  );
}
