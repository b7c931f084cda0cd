// One pass over a JSON document's UTF-8 bytes that finds the byte span (and nesting depth) of every element of its
// top-level array, or of every array member of its top-level object, so each record reaches DuckDB as its verbatim
// text and the document is never parsed whole. It accepts exactly what JSON.parse accepts (the caller checks UTF-8
// first).
// Plain code over a Uint8Array: no node:* imports, no DuckDB.

/** Bytes [start, end) of one JSON value. */
export interface Span {
  start: number;
  end: number;
}

/** A record of the document: its span, and how deep it nests (the containers open at its deepest point, itself 1). */
export interface Element extends Span {
  depth: number;
}

export interface JsonMember {
  key: string;
  value: Span;
  /** The value's elements when the value is an array, else null. */
  elements: Element[] | null;
}

export type JsonScan =
  { kind: 'array'; elements: Element[] } | { kind: 'object'; members: JsonMember[] } | { kind: 'scalar' };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const MINUS = 0x2d;
const IN_ARRAY = 1;
const IN_OBJECT = 2;

const byteTable = (chars: string) => {
  const table = new Uint8Array(256);
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
};
const SIMPLE_ESCAPE = byteTable('"\\/bfnrt');
const HEX = byteTable('0123456789abcdefABCDEF');
const DIGIT = byteTable('0123456789');
/** The bytes a string scan must stop at: its end, an escape, or a control character (JSON strings hold none raw). */
const STRING_STOP = byteTable('"\\' + String.fromCharCode(...Array.from({ length: 0x20 }, (_, c) => c)));
const utf8 = new TextDecoder();

/**
 * Scans the JSON text in bytes[start, end). null when JSON.parse would reject it; otherwise the spans of the
 * records it may hold. Members are listed in document order, duplicates included (JSON.parse keeps the last).
 */
export function scanJson(bytes: Uint8Array, start = 0, end = bytes.length): JsonScan | null {
  // The kind of each open container, by depth; iterative so that deep nesting cannot overflow the call stack.
  let containers = new Uint8Array(64);
  let depth = 0;
  let topKind: 'array' | 'object' | null = null;
  const elements: Element[] = [];
  const members: JsonMember[] = [];
  // Elements of the array that is the current top-level member's value, while inside it.
  let memberElements: Element[] | null = null;
  let elementStart = 0;
  // The deepest container open since the current element started (counted from the document, like `depth`).
  let deepest = 0;
  let keyStart = 0;
  let keyEnd = 0;
  let valueStart = 0;
  let i = skipSpace(bytes, start, end);

  for (;;) {
    // A value starts at i, inside `depth` open containers.
    if (i >= end) return null;
    if (depth === 1) {
      if (topKind === 'array') {
        elementStart = i;
        deepest = depth;
      } else {
        valueStart = i;
      }
    } else if (depth === 2 && memberElements !== null) {
      elementStart = i;
      deepest = depth;
    }
    const c = bytes[i]!;
    if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      const isArray = c === OPEN_ARRAY;
      if (depth === 0) topKind = isArray ? 'array' : 'object';
      else if (depth === 1 && isArray && topKind === 'object') memberElements = [];
      if (depth === containers.length) {
        const grown = new Uint8Array(depth * 2);
        grown.set(containers);
        containers = grown;
      }
      containers[depth++] = isArray ? IN_ARRAY : IN_OBJECT;
      if (depth > deepest) deepest = depth;
      i = skipSpace(bytes, i + 1, end);
      if (i < end && bytes[i] === (isArray ? CLOSE_ARRAY : CLOSE_OBJECT)) {
        depth--;
        i++;
      } else if (isArray) {
        continue;
      } else {
        if (depth === 1) keyStart = i;
        i = keyEndOf(bytes, i, end);
        if (i < 0) return null;
        if (depth === 1) keyEnd = i;
        i = valueAfterKey(bytes, i, end);
        if (i < 0) return null;
        continue;
      }
    } else if (c === QUOTE) {
      i = stringEnd(bytes, i, end);
    } else if (c === 0x74 /* t */) {
      i = literalEnd(bytes, i, end, 'true');
    } else if (c === 0x66 /* f */) {
      i = literalEnd(bytes, i, end, 'false');
    } else if (c === 0x6e /* n */) {
      i = literalEnd(bytes, i, end, 'null');
    } else {
      i = numberEnd(bytes, i, end);
    }
    if (i < 0) return null;

    // A value ended at i; close the containers it completes until a comma asks for the next value.
    for (;;) {
      if (depth === 0) {
        if (skipSpace(bytes, i, end) !== end) return null;
        if (topKind === 'array') return { kind: 'array', elements };
        if (topKind === 'object') return { kind: 'object', members };
        return { kind: 'scalar' };
      }
      if (depth === 1) {
        if (topKind === 'array') {
          elements.push({ start: elementStart, end: i, depth: deepest - 1 });
        } else {
          members.push({
            key: keyText(bytes, keyStart, keyEnd),
            value: { start: valueStart, end: i },
            elements: memberElements,
          });
          memberElements = null;
        }
      } else if (depth === 2 && memberElements !== null) {
        memberElements.push({ start: elementStart, end: i, depth: deepest - 2 });
      }
      i = skipSpace(bytes, i, end);
      if (i >= end) return null;
      const inArray = containers[depth - 1] === IN_ARRAY;
      if (bytes[i] === COMMA) {
        i = skipSpace(bytes, i + 1, end);
        if (!inArray) {
          if (depth === 1) keyStart = i;
          i = keyEndOf(bytes, i, end);
          if (i < 0) return null;
          if (depth === 1) keyEnd = i;
          i = valueAfterKey(bytes, i, end);
          if (i < 0) return null;
        }
        break;
      }
      if (bytes[i] !== (inArray ? CLOSE_ARRAY : CLOSE_OBJECT)) return null;
      depth--;
      i++;
    }
  }
}

function skipSpace(bytes: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = bytes[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/** Just past the closing quote of the string that opens at i; -1 when it is not a valid JSON string. */
function stringEnd(bytes: Uint8Array, i: number, end: number): number {
  i++;
  while (i < end) {
    const c = bytes[i]!;
    if (!STRING_STOP[c]) {
      i++;
      continue;
    }
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) {
      if (i + 1 >= end) return -1;
      const escaped = bytes[i + 1]!;
      if (escaped === 0x75 /* u */) {
        if (i + 6 > end || !HEX[bytes[i + 2]!] || !HEX[bytes[i + 3]!] || !HEX[bytes[i + 4]!] || !HEX[bytes[i + 5]!])
          return -1;
        i += 6;
      } else if (SIMPLE_ESCAPE[escaped]) {
        i += 2;
      } else {
        return -1;
      }
    } else {
      // A raw control character (a raw tab or newline included): JSON strings hold none.
      return -1;
    }
  }
  return -1;
}

/** Just past a member's key, which must start at i; -1 when there is none. */
function keyEndOf(bytes: Uint8Array, i: number, end: number): number {
  return i < end && bytes[i] === QUOTE ? stringEnd(bytes, i, end) : -1;
}

/** Where the value after a key (that ended at i) starts: past the colon and its whitespace; -1 when no colon. */
function valueAfterKey(bytes: Uint8Array, i: number, end: number): number {
  i = skipSpace(bytes, i, end);
  return i < end && bytes[i] === COLON ? skipSpace(bytes, i + 1, end) : -1;
}

function literalEnd(bytes: Uint8Array, i: number, end: number, literal: string): number {
  if (i + literal.length > end) return -1;
  for (let k = 1; k < literal.length; k++) if (bytes[i + k] !== literal.charCodeAt(k)) return -1;
  return i + literal.length;
}

/** Just past the number that starts at i (RFC 8259 grammar: no leading zeros, no bare dot, no `+`); -1 if none. */
function numberEnd(bytes: Uint8Array, i: number, end: number): number {
  if (bytes[i] === MINUS) i++;
  if (i >= end) return -1;
  if (bytes[i] === 0x30 /* 0 */) {
    i++;
  } else if (DIGIT[bytes[i]!]) {
    while (i < end && DIGIT[bytes[i]!]) i++;
  } else {
    return -1;
  }
  if (i < end && bytes[i] === 0x2e /* . */) {
    const digits = ++i;
    while (i < end && DIGIT[bytes[i]!]) i++;
    if (i === digits) return -1;
  }
  if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45) /* e E */) {
    i++;
    if (i < end && (bytes[i] === 0x2b || bytes[i] === MINUS) /* + - */) i++;
    const digits = i;
    while (i < end && DIGIT[bytes[i]!]) i++;
    if (i === digits) return -1;
  }
  return i;
}

function keyText(bytes: Uint8Array, start: number, end: number): string {
  // The span includes the quotes; JSON.parse resolves any escapes in the key.
  return JSON.parse(utf8.decode(bytes.subarray(start, end))) as string;
}

/**
 * Whether the JSON text in bytes[start, end) nests more than `limit` containers deep (`{}` is depth 1), as scanJson
 * counts a document's records. A byte scan of the brackets outside strings, with no parse and no recursion: it runs
 * over every NDJSON line of an import, and a hostile record may nest 100 000 levels. On text that is not valid JSON
 * its answer only has to be harmless, since DuckDB rejects that text anyway.
 */
export function nestsDeeperThan(bytes: Uint8Array, start: number, end: number, limit: number): boolean {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c === QUOTE) {
      // Skip the string; an escape skips the byte it escapes (a quote or a backslash).
      for (i++; i < end; i++) {
        const s = bytes[i]!;
        if (s === QUOTE) break;
        if (s === BACKSLASH) i++;
      }
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}
