// The query bar's autocomplete, as pure functions: which word the caret is in (and whether it is a field name or a
// field's value), the field names that complete it (from the shared parser's list), and how a picked suggestion
// rewrites the text. Values themselves come from 'events.values'; nothing here knows the contract.
import {
  FIRST_SEEN_VALUES,
  QUERY_FIELDS,
  VALUE_FIELDS,
  type QueryField,
  type ValueField,
} from '@shared/domain/query-ast';
import { quoteValue } from '@shared/domain/query-edit';

export interface Token {
  /** Offsets of the whole word around the caret (its `-` included), end exclusive. */
  start: number;
  end: number;
  negated: boolean;
  /** The field when the part before the caret is `field:…`; null while a field name (or a bare word) is typed. */
  field: QueryField | null;
  /** What is typed before the caret: the value after `field:` (quotes removed), else the word itself. */
  typed: string;
}

const breaks = (ch: string | undefined) => ch === undefined || ch === '(' || ch === ')' || /\s/.test(ch);

/** The word the caret is in or at the end of. Whitespace inside an open quote does not end it. */
export function tokenAt(text: string, caret: number): Token {
  let start = 0;
  let quoted = false;
  for (let i = 0; i < caret; i++) {
    const ch = text[i];
    if (ch === '\\' && quoted) i++;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && breaks(ch)) start = i + 1;
  }
  let end = caret;
  for (let q = quoted; end < text.length; end++) {
    const ch = text[end];
    if (ch === '\\' && q) end++;
    else if (ch === '"') q = !q;
    else if (!q && breaks(ch)) break;
  }
  end = Math.min(end, text.length);
  let word = text.slice(start, caret);
  const negated = word.startsWith('-');
  if (negated) word = word.slice(1);
  const colon = word.indexOf(':');
  const field = colon > 0 ? (QUERY_FIELDS.find((f) => f === word.slice(0, colon).toLowerCase()) ?? null) : null;
  const typed = field
    ? word
        .slice(colon + 1)
        .replace(/^"/, '')
        .replace(/\\(.)/g, '$1')
    : word;
  return { start, end, negated, field, typed };
}

export type Suggestion =
  | { kind: 'field'; field: QueryField; label: string }
  /** A value: of the case's (with how many events have it), or of a field's fixed list (with what it means). */
  | { kind: 'value'; field: QueryField; value: string; count: number | null; hint?: string; label: string }
  | { kind: 'history'; query: string; label: string };

/** Field names that complete a bare word being typed (`act` → `action:`); none once the word is a whole field. */
export function fieldSuggestions(token: Token): Suggestion[] {
  if (token.field !== null) return [];
  const word = token.typed.toLowerCase();
  if (word === '' || /[:"*]/.test(word)) return [];
  return QUERY_FIELDS.filter((f) => f.startsWith(word)).map((field) => ({ kind: 'field', field, label: `${field}:` }));
}

const FIRST_SEEN_HINTS: Record<(typeof FIRST_SEEN_VALUES)[number], string> = {
  ip: "actor's first use of an IP",
  country: "actor's first use of a country",
  ua: "actor's first use of a user agent",
};

/** The values of a field with a fixed list (`first_seen:`) that start with what is typed, with what each means. */
export function fixedValueSuggestions(token: Token): Suggestion[] {
  if (token.field !== 'first_seen') return [];
  const typed = token.typed.toLowerCase();
  return FIRST_SEEN_VALUES.filter((v) => v.startsWith(typed)).map((value) => ({
    kind: 'value',
    field: 'first_seen',
    value,
    count: null,
    hint: FIRST_SEEN_HINTS[value],
    label: value,
  }));
}

/** The field whose values to suggest for this token, if it has any worth suggesting. */
export function valueFieldOf(token: Token): ValueField | null {
  return VALUE_FIELDS.find((f) => f === token.field) ?? null;
}

/** The text after picking a suggestion, and where the caret goes. */
export function applySuggestion(text: string, token: Token, suggestion: Suggestion): { text: string; caret: number } {
  if (suggestion.kind === 'history') return { text: suggestion.query, caret: suggestion.query.length };
  const sign = token.negated ? '-' : '';
  const insert =
    suggestion.kind === 'field'
      ? `${sign}${suggestion.field}:`
      : `${sign}${suggestion.field}:${quoteValue(suggestion.value)}`;
  const rest = text.slice(token.end);
  // A value completes the clause: a space follows it, unless one is already there.
  const gap = suggestion.kind === 'value' && !/^\s/.test(rest) ? ' ' : '';
  const before = text.slice(0, token.start) + insert + gap;
  return { text: before + rest, caret: before.length };
}

/** The query without the word being typed, as context for its value suggestions (values that would also match). */
export function contextQuery(text: string, token: Token): string {
  return `${text.slice(0, token.start).trimEnd()} ${text.slice(token.end).trimStart()}`.trim();
}
