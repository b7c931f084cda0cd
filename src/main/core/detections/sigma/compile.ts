// Stand-in for the Sigma compiler (written on another branch; the real one replaces this file at merge): every rule
// file is reported as unsupported, so `--rules` files are never silently skipped.
import type { CompiledRule, UnsupportedRule } from '../rule';

export function compileSigma(
  text: string,
  file: string | null,
): { rules: CompiledRule[]; unsupported: UnsupportedRule[] } {
  void text;
  return {
    rules: [],
    unsupported: [{ file, id: null, title: null, reason: 'Sigma rules are not supported in this build' }],
  };
}
