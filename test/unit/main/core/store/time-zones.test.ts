// The zones a question may be asked in (isTimeZone, checked by the query layer) against DuckDB's own list: every zone
// Intl offers (what the renderer's "local" zone can be) passes the check and is one DuckDB's time_bucket knows. (When
// this was written DuckDB's only name beyond Intl's was ICU's 'Factory', which the check refuses.)
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTimeZone } from '@shared/domain/zoned-time';
import { CaseStore } from '../../../../../src/main/core/store/case-store';
import { queryRows } from '../../../../../src/main/core/store/sql';
import { tempDir } from '../../../../helpers/temp';

describe('time zones: Intl and DuckDB agree', () => {
  it('on every zone Intl offers', async () => {
    const store = await CaseStore.create(join(await tempDir(), 'case.duckdb'), { tenantId: 'ws_acme' });
    try {
      const duck = new Set(
        (await queryRows(store.connection, 'SELECT name FROM pg_timezone_names()')).map((row) => String(row['name'])),
      );
      const offered = [...Intl.supportedValuesOf('timeZone'), 'UTC'];
      expect(offered.filter((zone) => !duck.has(zone))).toEqual([]);
      expect(offered.filter((zone) => !isTimeZone(zone))).toEqual([]);
    } finally {
      store.close();
    }
  });
});
