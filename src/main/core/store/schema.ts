// The case file's schema. Version 1 held everything later issues were known to need (events with chain fields,
// ledger, rejects, journal, sources with checkpoints, verifications, annotations); version 2 adds CloudTrail digests;
// version 3 saved queries, the detection runs and their findings, and the tables derived from events (countries,
// first use, provider sessions); version 4 the folders of Parquet attached to the case (store/attachments.ts) and
// the investigation trail; version 5 the events' keys for finding duplicates.
// Events are append-only: nothing in Trailscope UPDATEs or DELETEs an `events` row.

import { EVENT_KEY_SQL } from './derived';

export const SCHEMA_VERSION = 5;

// A CloudTrail digest is not an event; its verbatim document and its S3 signature metadata (which exist nowhere else)
// are kept for offline validation, tied to the ledger row of the object they came in.
const DIGESTS_DDL = `
CREATE TABLE digests (
  ingest_seq          BIGINT NOT NULL,
  source_id           VARCHAR NOT NULL,
  object_key          VARCHAR NOT NULL,
  content             VARCHAR NOT NULL,
  signature           VARCHAR,
  signature_algorithm VARCHAR
);`;

// A saved query per name (unique per case by name_key: names that differ only in case are one), with its columns,
// time range and zone (shared/domain/saved-queries.ts), and who saved it first and last.
const SAVED_QUERIES_DDL = `
CREATE TABLE saved_queries (
  name_key   VARCHAR PRIMARY KEY,
  name       VARCHAR NOT NULL,
  query      VARCHAR NOT NULL,
  columns    VARCHAR[],
  range_from VARCHAR,
  range_to   VARCHAR,
  time_zone  VARCHAR,
  created_at TIMESTAMPTZ NOT NULL,
  created_by VARCHAR NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  updated_by VARCHAR NOT NULL
);`;

// Detections (core/detections): every run is kept, as verifications are (who ran which rules, when, and what they
// found); the Findings view shows the latest run. A finding names its rule's version (SHA-256 of the rule's text) and
// the events it flags; `id` is what the query language's `finding:<id>` selects.
const FINDINGS_DDL = `
CREATE TABLE detection_runs (
  seq         BIGINT PRIMARY KEY,
  recorded_at TIMESTAMPTZ NOT NULL,
  os_user     VARCHAR NOT NULL,
  rules       JSON NOT NULL,
  unsupported JSON NOT NULL
);

CREATE TABLE findings (
  id           BIGINT PRIMARY KEY,
  run_seq      BIGINT NOT NULL,
  rule_id      VARCHAR NOT NULL,
  rule_title   VARCHAR NOT NULL,
  level        VARCHAR NOT NULL,
  rule_version VARCHAR NOT NULL,
  origin       VARCHAR NOT NULL,
  rule_file    VARCHAR,
  tenant_id    VARCHAR NOT NULL,
  subject      VARCHAR,
  uids         VARCHAR[] NOT NULL,
  first_at     TIMESTAMPTZ NOT NULL,
  last_at      TIMESTAMPTZ NOT NULL,
  found_at     TIMESTAMPTZ NOT NULL
);`;

// Derived from the events in every batch's transaction (derived.ts): countries of IPs (country NULL: none), each
// actor's first use of an IP, country or user agent, and the provider's own session ids. Not events: rewritable.
const DERIVED_DDL = `
CREATE TABLE ip_countries (
  ip      VARCHAR NOT NULL,
  country VARCHAR
);

CREATE TABLE first_seen (
  tenant_id   VARCHAR NOT NULL,
  actor       VARCHAR NOT NULL,
  kind        VARCHAR NOT NULL,
  value       VARCHAR NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL,
  uid         VARCHAR NOT NULL
);

CREATE TABLE event_sessions (
  tenant_id  VARCHAR NOT NULL,
  uid        VARCHAR NOT NULL,
  actor      VARCHAR,
  session_id VARCHAR NOT NULL
);`;

// One number per event, for finding duplicates (derived.ts EVENT_KEY_SQL): a batch compares its records' keys with
// these (10M events: 80 MB of numbers) instead of reading every event's uid, then confirms a match on the events.
// Derived like the tables above: kept in every batch's transaction, rewritable.
const EVENT_KEYS_DDL = `
CREATE TABLE event_keys (
  key UBIGINT NOT NULL
);`;

// Folders of Hive-partitioned Parquet read beside the case's events (`trailscope case attach`; attachments.ts): the
// folder's absolute path, and who attached it when. Detaching removes the row; the journal keeps both.
const ATTACHMENTS_DDL = `
CREATE TABLE attachments (
  path        VARCHAR PRIMARY KEY,
  attached_at TIMESTAMPTZ NOT NULL,
  attached_by VARCHAR NOT NULL
);`;

// The investigation trail (shared/domain/evidence.ts): every query run, pivot and brush, with its count when it ran,
// for the trail panel and the reports. Bounded (TRAIL_MAX, oldest dropped); not journalled (it is the analyst's
// working record, not a change to the evidence).
const TRAIL_DDL = `
CREATE TABLE trail (
  seq         BIGINT PRIMARY KEY,
  recorded_at TIMESTAMPTZ NOT NULL,
  os_user     VARCHAR NOT NULL,
  kind        VARCHAR NOT NULL,
  query       VARCHAR NOT NULL,
  time_zone   VARCHAR NOT NULL,
  count       BIGINT
);`;

export const SCHEMA_DDL = `
CREATE TABLE meta (
  key   VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL
);

CREATE TABLE events (
  uid          VARCHAR NOT NULL,
  tenant_id    VARCHAR NOT NULL,
  occurred_at  TIMESTAMPTZ NOT NULL,
  received_at  TIMESTAMPTZ NOT NULL,
  action       VARCHAR NOT NULL,
  category     VARCHAR NOT NULL,
  outcome      VARCHAR NOT NULL,
  actor_id     VARCHAR,
  actor_type   VARCHAR,
  actor_name   VARCHAR,
  actor_email  VARCHAR,
  target_type  VARCHAR,
  target_id    VARCHAR,
  target_name  VARCHAR,
  targets      JSON,
  ip           VARCHAR,
  user_agent   VARCHAR,
  changes      JSON,
  metadata     JSON,
  raw          JSON NOT NULL,
  format       VARCHAR NOT NULL,
  source_id    VARCHAR NOT NULL,
  source_ref   VARCHAR NOT NULL,
  ingest_seq   BIGINT NOT NULL,
  chain_seq    BIGINT,
  chain_hash   VARCHAR,
  chain_prev   VARCHAR
);

CREATE TABLE ingest_ledger (
  seq             BIGINT PRIMARY KEY,
  recorded_at     TIMESTAMPTZ NOT NULL,
  os_user         VARCHAR NOT NULL,
  job             VARCHAR NOT NULL,
  source_id       VARCHAR NOT NULL,
  object_key      VARCHAR,
  cursor_from     VARCHAR,
  cursor_to       VARCHAR,
  format          VARCHAR,
  etag            VARCHAR,
  size            BIGINT,
  last_modified   TIMESTAMPTZ,
  object_metadata JSON,
  sha256_received VARCHAR,
  sha256_content  VARCHAR,
  added           BIGINT NOT NULL,
  duplicates      BIGINT NOT NULL,
  rejected        BIGINT NOT NULL,
  rows_digest     VARCHAR NOT NULL,
  prev_hash       VARCHAR NOT NULL,
  entry_hash      VARCHAR NOT NULL
);

CREATE TABLE rejects (
  ingest_seq  BIGINT NOT NULL,
  recorded_at TIMESTAMPTZ NOT NULL,
  source_id   VARCHAR NOT NULL,
  object_key  VARCHAR NOT NULL,
  line        BIGINT,
  record      BIGINT,
  reason      VARCHAR NOT NULL,
  excerpt     VARCHAR
);

CREATE TABLE journal (
  seq     BIGINT PRIMARY KEY,
  recorded_at TIMESTAMPTZ NOT NULL,
  os_user VARCHAR NOT NULL,
  action  VARCHAR NOT NULL,
  detail  JSON NOT NULL
);

CREATE TABLE sources (
  id         VARCHAR PRIMARY KEY,
  kind       VARCHAR NOT NULL,
  name       VARCHAR NOT NULL,
  settings   JSON NOT NULL,
  checkpoint JSON,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE verifications (
  seq      BIGINT PRIMARY KEY,
  recorded_at TIMESTAMPTZ NOT NULL,
  os_user  VARCHAR NOT NULL,
  kind     VARCHAR NOT NULL,
  scope    JSON NOT NULL,
  verdict  VARCHAR NOT NULL,
  details  JSON NOT NULL
);

CREATE TABLE annotations (
  tenant_id  VARCHAR NOT NULL,
  uid        VARCHAR NOT NULL,
  starred    BOOLEAN NOT NULL DEFAULT false,
  tags       VARCHAR[] NOT NULL DEFAULT [],
  comment    VARCHAR,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, uid)
);

${DIGESTS_DDL}

${SAVED_QUERIES_DDL}

${FINDINGS_DDL}

${DERIVED_DDL}

${ATTACHMENTS_DDL}
${TRAIL_DDL}
${EVENT_KEYS_DDL}
`;

/**
 * Steps that bring an older case forward, keyed by the version they start from. Each adds, never rewrites: an old
 * case keeps every row it had, and a read-only open of an older case still works (it simply lacks the new tables).
 * The check at open (schema-check.ts) relies on it: an older case may lack parts of SCHEMA_DDL, never differ from it;
 * and it compares column order, so a column a step adds (ALTER TABLE … ADD, which appends) goes last in SCHEMA_DDL too.
 */
export const MIGRATIONS: Record<number, string> = {
  1: DIGESTS_DDL,
  // case-store.ts derives the new derived tables' rows from the case's events right after this step.
  2: `${SAVED_QUERIES_DDL}\n${FINDINGS_DDL}\n${DERIVED_DDL}`,
  3: `${ATTACHMENTS_DDL}\n${TRAIL_DDL}`,
  4: `${EVENT_KEYS_DDL}\nINSERT INTO event_keys SELECT ${EVENT_KEY_SQL} FROM events;`,
};
