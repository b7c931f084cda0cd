// RFC 8785 canonical JSON of a record's text with top-level members left out (the generic format's `chain`),
// computed from the text itself: chain verification canonicalizes every event, and JSON.parse followed by
// canonicalJson costs three times what this scanner does. It is exactly canonicalJson(JSON.parse(text) without
// those members) or null, never something else: whatever it is not sure of (duplicate keys, a control character,
// an unusual number or escape that would not survive, text that is not one JSON object) gives null, and the caller
// takes the slow path (canonicalWithout). test/unit/main/core/formats/canonical-text.test.ts checks the two agree.
import { canonicalJson } from './record-hash';

/** Thrown inside the scanner for anything it leaves to the slow path; never escapes this module. */
const GIVE_UP = new Error('not for the fast path');
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
// eslint-disable-next-line no-control-regex -- a raw control character is the slow path's business
const CONTROL = /[\x00-\x1f]/;

// String.prototype.isWellFormed is in Node 20 and Electron, not in the TypeScript lib this project compiles against.
const isWellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

let text = '';
let at = 0;
/** Where the next backslash is at or after the current string (-1: none left), so strings are jumped, not walked. */
let nextBackslash = 0;
/** The decoded text of the key str(true) last read. */
let lastString = '';
let left: ReadonlySet<string> = new Set();
// Per-depth scratch for an object's keys and members, reused from record to record.
const keyStack: string[][] = [];
const memberStack: string[][] = [];
let depth = 0;

/**
 * Canonical JSON of the object `json` without its top-level members named in `leave` (present or not), or null when
 * the fast path declines.
 */
export function canonicalTextWithout(json: string, leave: ReadonlySet<string>): string | null {
  if (CONTROL.test(json) || !isWellFormed(json)) return null;
  text = json;
  at = 0;
  nextBackslash = 0;
  depth = 0;
  left = leave;
  try {
    skipSpace();
    if (text.charCodeAt(at) !== 0x7b) return null;
    const out = object(true) ?? '{}';
    skipSpace();
    return at === text.length ? out : null;
  } catch (error) {
    if (error === GIVE_UP) return null;
    throw error;
  } finally {
    text = '';
  }
}

/** Canonical JSON of the object `json` without its top-level members `leave`: the fast path, else parse it. */
export function canonicalWithout(json: string, leave: ReadonlySet<string>): string {
  const fast = canonicalTextWithout(json, leave);
  if (fast !== null) return fast;
  const value: unknown = JSON.parse(json);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new TypeError('the record is not a JSON object');
  const rest = { ...(value as Record<string, unknown>) };
  for (const name of leave) delete rest[name];
  return canonicalJson(rest);
}

function skipSpace(): void {
  let c = text.charCodeAt(at);
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++at);
}

// The scanner's values are either a string (their canonical text) or SAME: the text as written is already canonical,
// and the caller takes it from `text` by position when it needs it, so most of a record is never copied piecewise.
const SAME = null;
type Scanned = string | typeof SAME;

/** A string; for a key (`key`), sets lastString to its decoded text. */
function str(key: boolean): Scanned {
  const start = at;
  const quote = text.indexOf('"', start + 1);
  if (quote < 0) throw GIVE_UP;
  if (nextBackslash !== -1 && nextBackslash < start) nextBackslash = text.indexOf('\\', start);
  if (nextBackslash === -1 || nextBackslash > quote) {
    // No escape: JSON.stringify of the string writes back exactly these characters (no quote, backslash or control).
    at = quote + 1;
    if (key) lastString = text.slice(start + 1, quote);
    return SAME;
  }
  let end = start + 1;
  for (;;) {
    const c = text.charCodeAt(end);
    if (c === 0x5c) end += 2;
    else if (c === 0x22) break;
    else if (Number.isNaN(c)) throw GIVE_UP;
    else end++;
  }
  at = end + 1;
  const decoded = JSON.parse(text.slice(start, at)) as string;
  // RFC 8785 refuses lone surrogates (canonicalize throws); the slow path says so.
  if (!isWellFormed(decoded)) throw GIVE_UP;
  lastString = decoded;
  const canonical = JSON.stringify(decoded);
  return canonical === text.slice(start, at) ? SAME : canonical;
}

function value(): Scanned {
  const c = text.charCodeAt(at);
  if (c === 0x22) return str(false);
  if (c === 0x7b) return object(false);
  if (c === 0x5b) return array();
  if (c === 0x74) return literal('true');
  if (c === 0x66) return literal('false');
  if (c === 0x6e) return literal('null');
  const start = at;
  // A plain integer of at most 15 digits (exact as a double) is written by ECMAScript as it stands.
  let plain = c >= 0x31 && c <= 0x39;
  let d = c;
  while ((d >= 0x30 && d <= 0x39) || d === 0x2d || d === 0x2b || d === 0x2e || d === 0x65 || d === 0x45) {
    if (d < 0x30 || d > 0x39) plain = false;
    d = text.charCodeAt(++at);
  }
  if (plain && at - start <= 15) return SAME;
  const token = text.slice(start, at);
  if (!JSON_NUMBER.test(token)) throw GIVE_UP;
  const n = Number(token);
  if (!Number.isFinite(n)) throw GIVE_UP;
  // ECMAScript's number to string, which is RFC 8785's (and JSON.stringify's; -0 gives 0).
  const canonical = String(n);
  return canonical === token ? SAME : canonical;
}

function literal(word: string): Scanned {
  if (!text.startsWith(word, at)) throw GIVE_UP;
  at += word.length;
  return SAME;
}

function array(): Scanned {
  at++;
  let same = true;
  let out = '[';
  let first = true;
  for (;;) {
    const before = at;
    skipSpace();
    if (at !== before) same = false;
    if (first && text.charCodeAt(at) === 0x5d) break;
    const valueStart = at;
    const element = value();
    if (element !== SAME) same = false;
    out += (first ? '' : ',') + (element ?? text.slice(valueStart, at));
    first = false;
    const after = at;
    skipSpace();
    if (at !== after) same = false;
    const c = text.charCodeAt(at);
    if (c === 0x5d) break;
    if (c !== 0x2c) throw GIVE_UP;
    at++;
  }
  at++;
  return same ? SAME : out + ']';
}

function object(top: boolean): Scanned {
  at++;
  const level = depth++;
  const keys = (keyStack[level] ??= []);
  const members = (memberStack[level] ??= []);
  let n = 0;
  let sorted = true;
  let same = !top;
  let first = true;
  for (;;) {
    let before = at;
    skipSpace();
    if (at !== before) same = false;
    if (first && text.charCodeAt(at) === 0x7d) break;
    first = false;
    if (text.charCodeAt(at) !== 0x22) throw GIVE_UP;
    const memberStart = at;
    const keyText = str(true);
    const key = lastString;
    const keyEnd = at;
    skipSpace();
    if (text.charCodeAt(at++) !== 0x3a) throw GIVE_UP;
    skipSpace();
    const valueStart = at;
    // `"key":value` as written, with nothing between: the member can be taken whole.
    const tight = keyText === SAME && valueStart === keyEnd + 1;
    const member = value();
    if (!top || !left.has(key)) {
      // String comparison is by UTF-16 code units, RFC 8785's order.
      if (n > 0 && !((keys[n - 1] as string) < key)) sorted = false;
      keys[n] = key;
      members[n] =
        tight && member === SAME
          ? text.slice(memberStart, at)
          : (keyText ?? text.slice(memberStart, keyEnd)) + ':' + (member ?? text.slice(valueStart, at));
      n++;
    }
    if (!tight || member !== SAME) same = false;
    before = at;
    skipSpace();
    if (at !== before) same = false;
    const c = text.charCodeAt(at);
    if (c === 0x7d) break;
    if (c !== 0x2c) throw GIVE_UP;
    at++;
  }
  at++;
  depth--;
  if (same && sorted) return SAME;
  if (n === 0) return '{}';
  if (!sorted) {
    // Insertion sort: records have a handful of keys per object. A duplicate key is the slow path's (JSON.parse keeps
    // the last).
    for (let a = 1; a < n; a++) {
      const key = keys[a] as string;
      const member = members[a] as string;
      let b = a - 1;
      while (b >= 0 && (keys[b] as string) > key) {
        keys[b + 1] = keys[b] as string;
        members[b + 1] = members[b] as string;
        b--;
      }
      if (b >= 0 && keys[b] === key) throw GIVE_UP;
      keys[b + 1] = key;
      members[b + 1] = member;
    }
  }
  let out = '{' + (members[0] as string);
  for (let a = 1; a < n; a++) out += ',' + (members[a] as string);
  return out + '}';
}
