// The fallback event id: `sha256:` + hex SHA-256 of the record's RFC 8785 canonical JSON (FORMATS.md).
// Canonicalization comes from `canonicalize`, the reference implementation by one of the RFC's authors.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

export function recordHashUid(rawJson: string): string {
  return (
    'sha256:' +
    createHash('sha256')
      .update(canonicalJson(JSON.parse(rawJson)), 'utf8')
      .digest('hex')
  );
}
