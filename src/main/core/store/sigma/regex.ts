// Sigma's `re` values run on DuckDB's regexp_matches, which is RE2. Sigma writes PCRE-style patterns; RE2 refuses
// backreferences, lookaround, atomic groups, possessive quantifiers, some escapes and repeat counts above 1000, and
// DuckDB fails the whole query on such a pattern. compileSigma has no database, so this checks the RE2 syntax
// here and names what it refuses (the unit tests hold this checker to DuckDB's own verdict on a list of patterns).

const MAX_REPEAT = 1000;
// Escapes RE2 knows after a backslash (letters and digits; any other punctuation is a literal).
const ESCAPE_LETTERS = new Set('afntrvdDsSwWbBAzCpPQEx0'.split(''));
// RE2's general categories and the common scripts; any other \p{…} is refused rather than guessed.
const UNICODE_CLASSES = new Set(
  `Any C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs Arabic
  Armenian Common Cyrillic Devanagari Georgian Greek Han Hangul Hebrew Hiragana Inherited Katakana Latin Thai`.split(
    /\s+/,
  ),
);

/** null when RE2 accepts the pattern, else why not. */
export function re2Problem(pattern: string): string | null {
  let i = 0;
  let depth = 0;
  // Whether something a quantifier may apply to comes just before.
  let atom = false;
  const n = pattern.length;

  const escape = (inClass: boolean): string | null => {
    const c = pattern[i + 1];
    if (c === undefined) return 'a trailing backslash';
    if (/[1-9]/.test(c)) return `backreference \\${c} (RE2 has none)`;
    if (/[A-Za-z0-9]/.test(c) && !ESCAPE_LETTERS.has(c)) return `escape \\${c} (unknown to RE2)`;
    if (inClass && (c === 'b' || c === 'B' || c === 'A' || c === 'z' || c === 'Q' || c === 'E' || c === 'C'))
      return `escape \\${c} inside a character class`;
    if (c === 'p' || c === 'P') {
      const rest = pattern.slice(i + 2);
      const m = /^(?:\{\^?([A-Za-z_]+)\}|([A-Za-z]))/.exec(rest);
      if (!m) return `a malformed \\${c} class`;
      const name = (m[1] ?? m[2]) as string;
      if (!UNICODE_CLASSES.has(name)) return `Unicode class \\${c}{${name}} (not one this check knows RE2 to have)`;
      i += 2 + m[0].length;
      return null;
    }
    if (c === 'x') {
      const m = /^(\{[0-9A-Fa-f]{1,6}\}|[0-9A-Fa-f]{2})/.exec(pattern.slice(i + 2));
      if (!m) return 'a malformed \\x escape';
      i += 2 + m[0].length;
      return null;
    }
    if (c === 'Q') {
      const end = pattern.indexOf('\\E', i + 2);
      i = end === -1 ? n : end + 2;
      return null;
    }
    if (c === 'E') {
      i += 2;
      return null;
    }
    if (c === '0') {
      // RE2 reads \0 and up to two more octal digits.
      const m = /^0[0-7]{0,2}/.exec(pattern.slice(i + 1));
      i += 1 + (m?.[0].length ?? 1);
      return null;
    }
    i += 2;
    return null;
  };

  const charClass = (): string | null => {
    i++; // [
    if (pattern[i] === '^') i++;
    let first = true;
    let prev: string | null = null;
    while (i < n) {
      const c = pattern[i] as string;
      if (c === ']' && !first) {
        i++;
        return null;
      }
      first = false;
      if (c === '[' && pattern[i + 1] === ':') {
        const m = /^\[:\^?([a-z]+):\]/.exec(pattern.slice(i));
        if (!m) return 'a malformed [:class:]';
        if (
          ![
            'alnum',
            'alpha',
            'ascii',
            'blank',
            'cntrl',
            'digit',
            'graph',
            'lower',
            'print',
            'punct',
            'space',
            'upper',
            'word',
            'xdigit',
          ].includes(m[1] as string)
        )
          return `unknown class [:${m[1]}:]`;
        i += m[0].length;
        prev = null;
        continue;
      }
      let lit: string | null;
      if (c === '\\') {
        const next = pattern[i + 1] ?? '';
        const start = i;
        const problem = escape(true);
        if (problem) return problem;
        lit = /[dDsSwWpP]/.test(next) ? null : i - start === 2 && !/[A-Za-z0-9]/.test(next) ? next : null;
      } else {
        lit = c;
        i++;
      }
      if (pattern[i] === '-' && pattern[i + 1] !== ']' && pattern[i + 1] !== undefined && lit !== null) {
        i++;
        let hi: string | null;
        if (pattern[i] === '\\') {
          const next = pattern[i + 1] ?? '';
          const problem = escape(true);
          if (problem) return problem;
          hi = /[A-Za-z0-9]/.test(next) ? null : next;
        } else {
          hi = pattern[i] as string;
          i++;
        }
        if (hi !== null && (hi.codePointAt(0) ?? 0) < (lit.codePointAt(0) ?? 0)) return `a reversed range ${lit}-${hi}`;
      }
      prev = lit;
    }
    void prev;
    return 'a `[` that is never closed';
  };

  while (i < n) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const next = pattern[i + 1];
      const problem = escape(false);
      if (problem) return problem;
      atom = !(next !== undefined && 'bBAzQE'.includes(next));
    } else if (c === '[') {
      const problem = charClass();
      if (problem) return problem;
      atom = true;
    } else if (c === '(') {
      if (pattern[i + 1] === '?') {
        const rest = pattern.slice(i + 2);
        const named = /^P<[A-Za-z_][A-Za-z0-9_]*>/.exec(rest);
        const flags = /^[imsU]*(-[imsU]+)?(:|\))/.exec(rest);
        if (named) {
          i += 2 + named[0].length;
          depth++;
          atom = false;
          continue;
        }
        if (flags && flags[0] !== ')' && flags[0] !== '-)') {
          i += 2 + flags[0].length;
          if (flags[2] === ':') depth++;
          atom = false;
          continue;
        }
        if (rest.startsWith('=') || rest.startsWith('!') || rest.startsWith('<=') || rest.startsWith('<!'))
          return 'lookaround (RE2 has none)';
        if (rest.startsWith('>')) return 'an atomic group (RE2 has none)';
        return `the group syntax (?${rest.slice(0, 2)} (unknown to RE2)`;
      }
      i++;
      depth++;
      atom = false;
    } else if (c === ')') {
      if (depth === 0) return 'a `)` without its `(`';
      depth--;
      i++;
      atom = true;
    } else if (c === '|') {
      i++;
      atom = false;
    } else if (c === '*' || c === '+' || c === '?') {
      if (!atom) return `a repetition \`${c}\` with nothing to repeat`;
      i++;
      if (pattern[i] === '?') i++;
      if (pattern[i] === '*' || pattern[i] === '+' || pattern[i] === '?')
        return 'a repeated repetition (possessive `*+`?)';
      atom = false;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (!m) {
        // RE2 reads a `{` that starts no repeat as a literal.
        i++;
        atom = true;
        continue;
      }
      if (!atom) return 'a repetition `{…}` with nothing to repeat';
      const lo = Number(m[1]);
      const hi = m[3] === undefined || m[3] === '' ? lo : Number(m[3]);
      if (lo > MAX_REPEAT || hi > MAX_REPEAT) return `a repeat count above ${MAX_REPEAT}`;
      if (hi < lo) return `a repeat {${lo},${hi}} with its bounds reversed`;
      i += m[0].length;
      if (pattern[i] === '?') i++;
      if (pattern[i] === '*' || pattern[i] === '+' || pattern[i] === '?' || pattern[i] === '{')
        return 'a repeated repetition';
      atom = false;
    } else {
      i++;
      // RE2 repeats even an empty-width ^ or $.
      atom = true;
    }
  }
  if (depth > 0) return 'a `(` that is never closed';
  return null;
}
