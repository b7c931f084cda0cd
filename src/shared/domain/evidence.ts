// The evidence board: annotations on events (a star, tags, a comment: schema.ts `annotations`) and the investigation
// trail (every query run, pivot and brush: schema.ts `trail`), shared by the core (which checks and stores), the CLI
// and the renderer. Tags and comments are other people's text once a case changes hands: the rules are here, the
// shown text is escaped by whoever shows it. Pure; no node:*, no DuckDB.

/** Longest tag, in characters: a label, as Timesketch's are. */
export const TAG_MAX = 40;
/** Most tags on one event. */
export const TAGS_PER_EVENT_MAX = 20;
/** Longest comment, in characters (code points): a paragraph or two of notes, not a document. */
export const COMMENT_MAX = 4_000;
/** Most annotations a list (the Starred view, a report) carries; a board, not a copy of the case. */
export const ANNOTATIONS_LIST_MAX = 10_000;
/** The trail keeps this many entries per case; older ones are dropped as new ones come. */
export const TRAIL_MAX = 2_000;
/** The tags the drawer offers with an icon (UX.md §5, as Timesketch); any other tag may be typed. */
export const SUGGESTED_TAGS = ['good', 'suspicious', 'bad'] as const;

/** What one event's board entry holds. Tags are in the order given, each once; comment null: none. */
export interface Annotation {
  tenantId: string;
  uid: string;
  starred: boolean;
  tags: string[];
  comment: string | null;
  /** ISO-8601 UTC of the last change. */
  updatedAt: string;
}

/** An annotation with what the board shows of its event (null when the case no longer holds it). */
export interface AnnotatedEvent extends Annotation {
  event: {
    occurredAt: string;
    action: string;
    actor: string | null;
    target: string | null;
    ip: string | null;
    outcome: string;
  } | null;
}

/**
 * A change to one event's annotation: each given part replaces what was there (`comment` null or blank clears it);
 * `addTags`/`removeTags` edit the tags instead of replacing them. An annotation left with nothing is removed.
 * `tenantId` may be left out when the uid is one tenant's only (the CLI's `annotate <case> <uid>`).
 */
export interface AnnotationChange {
  tenantId?: string;
  uid: string;
  starred?: boolean;
  tags?: string[];
  addTags?: string[];
  removeTags?: string[];
  comment?: string | null;
}

export const TRAIL_KINDS = ['query', 'pivot', 'brush', 'restore'] as const;
/** query: run from the query bar; pivot: a facet, cell or drawer filter; brush: a range drawn on the timeline. */
export type TrailKind = (typeof TRAIL_KINDS)[number];

export interface TrailEntry {
  seq: number;
  recordedAt: string;
  osUser: string;
  kind: TrailKind;
  query: string;
  timeZone: string;
  /** How many events it matched when it ran; null when the count was not known. */
  count: number | null;
}

// A tag is one word as `tag:` takes it unquoted: letters, digits and `_ . : / @ + -`, any script.
const TAG = /^[\p{L}\p{N}_.:/@+-]+$/u;

/** What is wrong with a tag, in words; null when it is good. */
export function tagProblem(tag: string): string | null {
  if (tag === '') return 'A tag cannot be empty.';
  const length = [...tag].length;
  if (length > TAG_MAX)
    return `A tag has at most ${TAG_MAX} characters; "${[...tag].slice(0, TAG_MAX).join('')}…" has ${length}.`;
  if (!TAG.test(tag))
    return `A tag is one word of letters, digits and _ . : / @ + - (no spaces or control characters): ${JSON.stringify(tag)} is not.`;
  return null;
}

/** A tag as stored: compared and kept in lower case, so `Bad` and `bad` are one tag. */
export function normalizeTag(tag: string): string {
  return tag.trim().normalize('NFC').toLowerCase();
}

/**
 * What is wrong with a comment; null when it is good. Line breaks, tabs, escapes and any script are kept as typed
 * (a comment is notes); lone surrogates are not text (DuckDB stores UTF-8).
 */
export function commentProblem(comment: string): string | null {
  const length = [...comment].length;
  if (length > COMMENT_MAX) return `A comment has at most ${COMMENT_MAX} characters; this one has ${length}.`;
  if (/\p{Cs}/u.test(comment)) return 'A comment cannot hold a lone surrogate (not text).';
  return null;
}

/** Whether an annotation holds anything worth keeping. */
export function isEmptyAnnotation(a: Pick<Annotation, 'starred' | 'tags' | 'comment'>): boolean {
  return !a.starred && a.tags.length === 0 && (a.comment === null || a.comment.trim() === '');
}
