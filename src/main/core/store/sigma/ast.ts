// The parsed form of a Sigma rule's detection: what the YAML said, before any SQL. Pure data; no I/O, no DuckDB.

export type SigmaScalar = string | number | boolean | null;

/** One `field|modifiers: values` entry of a selection; `field` null is a keyword search (anywhere in the record). */
export interface FieldTest {
  field: string | null;
  modifiers: string[];
  values: SigmaScalar[];
}

/** A search identifier: a map is one AND of tests, a list of maps an OR of them (`alternatives`). */
export interface Search {
  alternatives: FieldTest[][];
}

export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'ref'; name: string }
  /** `1 of pattern` / `all of pattern`; pattern `them` means every identifier not starting with `_`. */
  | { kind: 'of'; all: boolean; pattern: string };

/** Thrown while compiling one rule; compileSigma turns it into an UnsupportedRule with this message as the reason. */
export class SigmaUnsupported extends Error {}
