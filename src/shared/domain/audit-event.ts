// What the core answers about a case, as JSON-safe shapes (ISO-8601 UTC times, numbers): the normalized event
// (DESIGN.md §3), summary statistics, facets and histograms. Types only; shared by the core and the renderer.

export interface NormalizedEvent {
  uid: string;
  tenant_id: string;
  occurred_at: string;
  received_at: string;
  action: string;
  category: string;
  outcome: string;
  actor_id: string | null;
  actor_type: string | null;
  actor_name: string | null;
  actor_email: string | null;
  target_type: string | null;
  target_id: string | null;
  target_name: string | null;
  targets: unknown;
  ip: string | null;
  user_agent: string | null;
  changes: unknown;
  metadata: unknown;
  raw: unknown;
  format: string;
  source_id: string;
  source_ref: string;
  ingest_seq: number;
  chain_seq: number | null;
  chain_hash: string | null;
  chain_prev: string | null;
}

/** What a case holds, from counts and zone maps only: cheap at any size (the app asks for it on every open). */
export interface CaseSummary {
  tenant: string;
  multiTenant: boolean;
  events: number;
  rejects: number;
  first: string | null;
  last: string | null;
}

/** The summary plus the top actions and actors (`trailscope stats`): two group-bys over every event. */
export interface CaseStats extends CaseSummary {
  topActions: { action: string; count: number }[];
  topActors: { actor: string; count: number }[];
}

/** The facets of an event's own columns, then its IP's country and which first uses it is (derived.ts). */
export const FACET_NAMES = ['action', 'actor', 'ip', 'country', 'outcome', 'target', 'first_seen'] as const;
export type FacetName = (typeof FACET_NAMES)[number];

/** Top: most frequent first; rare: least frequent first (UX.md §3, a "Rare" sort). */
export type FacetOrder = 'top' | 'rare';

/** A page of a facet's values containing a search text, and how many distinct values contain it. */
export interface FacetValuesPage {
  values: ValueCount[];
  distinct: number;
}

export interface Facet {
  values: { value: string; count: number }[];
  /** How many distinct values the field has among the matching events. */
  distinct: number;
  /** Matching events with no value for the field. */
  missing: number;
}

export interface Histogram {
  interval: string;
  intervalMs: number;
  /** Bucket starts as ISO-8601 UTC, consecutive, with zero buckets filled in. */
  buckets: { start: string; total: number; split?: Record<string, number> }[];
}

export interface RejectRow {
  ingest_seq: number;
  recorded_at: string;
  source_id: string;
  object_key: string;
  line: number | null;
  record: number | null;
  reason: string;
  excerpt: string | null;
}

/** One value of a field with how many matching events hold it (autocomplete's top values). */
export interface ValueCount {
  value: string;
  count: number;
}

/**
 * Per-actor lanes of the timeline: the same buckets as the histogram of the same query and zone, one count per
 * bucket for each of the top actors, and the rest (other actors and events without one) as `other`.
 */
export interface ActorLanes {
  interval: string;
  intervalMs: number;
  /** Bucket starts as ISO-8601 UTC: exactly the histogram's. */
  starts: string[];
  /** `failures`: the lane's events with outcome failure, per bucket (drawn in colour). */
  lanes: { actor: string; total: number; counts: number[]; failures: number[] }[];
  other: { actors: number; total: number; counts: number[]; failures: number[] };
}

/**
 * How lanes pick their actors: most events; most failed events; or rarity, the actors whose events are the least
 * common actions of the query (the sum over their events of 1 / the action's count), so one MFA change outranks a
 * thousand document reads.
 */
export const LANE_RANKS = ['volume', 'failures', 'rarity'] as const;
export type LaneRank = (typeof LANE_RANKS)[number];

/** What the histogram's notable lane marks (UX.md §12): kinds, drawn in this order. */
export const NOTABLE_KINDS = ['finding', 'after_failures', 'first_ip', 'security', 'config'] as const;
export type NotableKind = (typeof NOTABLE_KINDS)[number];

/**
 * One mark of the notable lane: `count` events of `kind` from `from` to `to` (ISO instants, `to` exclusive). Its
 * events are the current query AND `clause` (query text) within that range.
 */
export interface NotableMark {
  kind: NotableKind;
  from: string;
  to: string;
  count: number;
  clause: string;
  label: string;
}

export interface NotableMarks {
  marks: NotableMark[];
  /** A success counts as notable after at least this many failures of the same actor (with no success between). */
  failuresBefore: number;
}

/** An event is its actor's first use of a value (`first_seen:`), or that value's first use is another event. */
export interface FirstUse {
  kind: 'ip' | 'country' | 'ua';
  value: string;
  /** When the actor first used it (ISO-8601 UTC). */
  firstAt: string;
  /** This event is that first use. */
  thisEvent: boolean;
}

/** A case's gap limit between two events of one gap session, unless set at creation (`case create --session-gap`). */
export const DEFAULT_SESSION_GAP_MINUTES = 30;
/** A week: a longer "gap" would make an actor's whole history one session. */
export const MAX_SESSION_GAP_MINUTES = 7 * 24 * 60;

/** A few events of an event's session, around it, and the whole session's extent. */
export interface EventSession {
  /** The provider's session id, or `gap:<epoch µs of the first event>:<actor>`: a `session:` value. */
  id: string;
  kind: 'provider' | 'gap';
  /** The case's gap limit between two events of one gap session. */
  gapMinutes: number;
  count: number;
  firstAt: string;
  lastAt: string;
  /** Position in the session (from 1) of the first of `events`. */
  offset: number;
  events: NormalizedEvent[];
}

/** What the detail drawer shows beside an event's fields ('events.context'). */
export interface EventContext {
  /** The country of the event's IP (ISO 3166-1 alpha-2), null when none (no IP, a reserved range, not listed). */
  country: string | null;
  /** The offline IP-to-country database the countries come from, and the date of its data. */
  geoDatabase: { version: string; date: string | null };
  /** The actor's first use of this event's IP, country and user agent (those the case has seen). */
  firstUses: FirstUse[];
  session: EventSession | null;
}
