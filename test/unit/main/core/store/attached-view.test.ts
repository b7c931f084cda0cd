// globLiteral: a file name as a read_parquet pattern that matches that file only (DuckDB globs every name it is given).
import { expect, it } from 'vitest';
import { globLiteral } from '../../../../../src/main/core/store/attached-view';

it('puts each glob character in a class of its own and leaves everything else as it is', () => {
  expect(globLiteral('/data/a[1] *?\'s "x" k=v/t.parquet')).toBe('/data/a[[]1] [*][?]\'s "x" k=v/t.parquet');
  expect(globLiteral('/plain/tenant_id=acme/date=2025-01-01/data_0.parquet')).toBe(
    '/plain/tenant_id=acme/date=2025-01-01/data_0.parquet',
  );
  expect(globLiteral('/x/**/y')).toBe('/x/[*][*]/y');
});
