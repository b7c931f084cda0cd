// A path handed to DuckDB's readers matches only itself: each glob character in a class of its own, and no pattern
// where POSIX DuckDB would read a backslash as a separator (issue 14, item 5). What DuckDB reads with these patterns
// is tested against real files in test/integration/hostile-input.test.ts.
import { describe, expect, it } from 'vitest';
import { literalFilePattern } from '../../../../../src/main/core/ingest/file-pattern';

describe('literalFilePattern', () => {
  it('leaves a path without glob characters as it is', () => {
    expect(literalFilePattern("/data/it's {a,b} ].ndjson", 'linux')).toBe("/data/it's {a,b} ].ndjson");
    expect(literalFilePattern('/data/back\\slash.ndjson', 'linux')).toBe('/data/back\\slash.ndjson');
  });

  it('puts each of * ? [ in a bracket class of its own, in folders too', () => {
    expect(literalFilePattern('/tmp/[x]/logs[1]*?.ndjson', 'linux')).toBe('/tmp/[[]x]/logs[[]1][*][?].ndjson');
  });

  it('has no pattern for a POSIX path holding a backslash and a glob character, but has one on Windows', () => {
    expect(literalFilePattern('/data/a\\b[1].ndjson', 'linux')).toBeNull();
    expect(literalFilePattern('C:\\data\\b[1].ndjson', 'win32')).toBe('C:\\data\\b[[]1].ndjson');
  });
});
