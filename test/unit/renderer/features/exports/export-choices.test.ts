// What the Export dialog asks the core for (export-choices.ts): the columns that stand for the table's, the choices
// each kind takes (and the reason for those it does not), the request of each job on the desktop (a granted path,
// force: the save dialog asked) and in a browser (a download), the name suggested, and what a summary tells.
import { describe, expect, it } from 'vitest';
import { OUTPUT_KINDS } from '@shared/domain/exports';
import { REQUEST_SCHEMAS } from '@shared/schemas';
import {
  choicesProblem,
  columnsForView,
  columnsUnavailable,
  jobCall,
  redactionUnavailable,
  suggestedName,
  withExportColumn,
  writtenFrom,
  type ExportChoices,
} from '../../../../../src/renderer/src/features/exports/export-choices';

const SCOPE = { query: 'actor:ana -outcome:success', timeZone: 'Europe/Berlin' };
const CHOICES: ExportChoices = { kind: 'csv', columns: ['uid', 'action'], redact: ['emails'], bom: true };

describe('columnsForView', () => {
  it('is the uid, then each visible column’s stored columns in the table’s order, once each', () => {
    expect(columnsForView(['time', 'actor', 'action', 'description'])).toEqual([
      'uid',
      'occurred_at',
      'actor_email',
      'actor_name',
      'actor_id',
      'action',
    ]);
    expect(columnsForView(['time', 'ip', 'source', 'tenant'])).toEqual([
      'uid',
      'occurred_at',
      'ip',
      'source_id',
      'format',
      'tenant_id',
    ]);
  });

  it('adds a column at the end, removes one wherever it is', () => {
    expect(withExportColumn(['uid', 'action'], 'ip', true)).toEqual(['uid', 'action', 'ip']);
    expect(withExportColumn(['uid', 'action', 'ip'], 'action', false)).toEqual(['uid', 'ip']);
    expect(withExportColumn(['uid', 'action'], 'action', true)).toEqual(['uid', 'action']);
  });
});

describe('the choices each kind takes', () => {
  it('redaction with CSV and normalized NDJSON only; the others say why not', () => {
    expect(OUTPUT_KINDS.filter((kind) => redactionUnavailable(kind) === null)).toEqual(['csv', 'ndjson']);
    expect(redactionUnavailable('raw')).toMatch(/byte for byte/);
    expect(redactionUnavailable('parquet')).toMatch(/DuckDB/);
    expect(redactionUnavailable('report')).toBeTruthy();
    expect(redactionUnavailable('package')).toBeTruthy();
  });

  it('columns with CSV, NDJSON and Parquet; raw, report and package say why not', () => {
    expect(OUTPUT_KINDS.filter((kind) => columnsUnavailable(kind) === null)).toEqual(['csv', 'ndjson', 'parquet']);
    expect(columnsUnavailable('raw')).toMatch(/no columns/);
  });

  it('stops an export with no column, or a redacted one with the raw column', () => {
    expect(choicesProblem(CHOICES)).toBeNull();
    expect(choicesProblem({ ...CHOICES, columns: [] })).toMatch(/at least one column/);
    expect(choicesProblem({ ...CHOICES, columns: ['uid', 'raw'] })).toMatch(/raw column/);
    // Not where the choice does not apply.
    expect(choicesProblem({ ...CHOICES, kind: 'report', columns: [] })).toBeNull();
    expect(choicesProblem({ ...CHOICES, kind: 'parquet', columns: ['raw'] })).toBeNull();
  });
});

describe('jobCall', () => {
  it('desktop: writes the granted path with force (the save dialog asked); browser: a download', () => {
    expect(jobCall(CHOICES, SCOPE, { path: '/home/ana/events.csv' })).toEqual({
      channel: 'jobs.export',
      request: {
        ...SCOPE,
        out: '/home/ana/events.csv',
        force: true,
        format: 'csv',
        columns: ['uid', 'action'],
        redact: ['emails'],
        bom: true,
      },
    });
    expect(jobCall(CHOICES, SCOPE, { download: 'events.csv' }).request).toMatchObject({ download: 'events.csv' });
    expect(jobCall(CHOICES, SCOPE, { download: 'events.csv' }).request).not.toHaveProperty('out');
    expect(jobCall(CHOICES, SCOPE, { download: 'events.csv' }).request).not.toHaveProperty('force');
  });

  it('sends only the choices the kind takes, and every request passes its schema', () => {
    const raw = jobCall({ ...CHOICES, kind: 'raw' }, SCOPE, { download: 'raw.ndjson' });
    expect(raw.request).toEqual({ ...SCOPE, download: 'raw.ndjson', format: 'raw' });
    const parquet = jobCall({ ...CHOICES, kind: 'parquet' }, SCOPE, { download: 'e.parquet' });
    expect(parquet.request).toEqual({ ...SCOPE, download: 'e.parquet', format: 'parquet', columns: ['uid', 'action'] });
    expect(jobCall({ ...CHOICES, kind: 'report' }, SCOPE, { path: '/r.pdf' })).toEqual({
      channel: 'jobs.report',
      request: { ...SCOPE, out: '/r.pdf', force: true },
    });
    expect(jobCall({ ...CHOICES, kind: 'package' }, SCOPE, { download: 'e.zip' })).toEqual({
      channel: 'jobs.package',
      request: { ...SCOPE, download: 'e.zip' },
    });
    for (const kind of OUTPUT_KINDS)
      for (const output of [{ path: '/x/file' }, { download: 'file' }]) {
        const { channel, request } = jobCall({ ...CHOICES, kind }, SCOPE, output);
        expect(REQUEST_SCHEMAS[channel].safeParse(request).success, `${kind} ${JSON.stringify(output)}`).toBe(true);
      }
  });
});

describe('suggestedName', () => {
  const now = new Date('2026-12-07T23:30:00-05:00');
  it('names the tenant, what it is and the day (UTC), with the kind’s extension', () => {
    expect(suggestedName('csv', 'acme', now)).toBe('acme-events-2026-12-08.csv');
    expect(suggestedName('raw', 'acme', now)).toBe('acme-raw-2026-12-08.ndjson');
    expect(suggestedName('parquet', 'acme', now)).toBe('acme-events-2026-12-08.parquet');
    expect(suggestedName('report', 'acme', now)).toBe('acme-report-2026-12-08.pdf');
    expect(suggestedName('package', 'acme', now)).toBe('acme-evidence-2026-12-08.zip');
  });

  it('keeps nothing of a tenant id a file name should not carry', () => {
    expect(suggestedName('csv', '../etc/ev il', now)).toBe('etc-ev-il-events-2026-12-08.csv');
    expect(suggestedName('csv', null, now)).toBe('events-2026-12-08.csv');
    expect(suggestedName('csv', '…', now)).toBe('events-2026-12-08.csv');
  });
});

describe('writtenFrom', () => {
  const sha256 = 'a'.repeat(64);
  it('desktop: the path and its last segment', () => {
    expect(writtenFrom({ path: '/home/ana/events.csv', format: 'csv', events: 12, bytes: 345, sha256 })).toEqual({
      name: 'events.csv',
      path: '/home/ana/events.csv',
      download: null,
      events: 12,
      bytes: 345,
      sha256,
      pages: null,
      fingerprint: null,
    });
    expect(writtenFrom({ path: 'C:\\Users\\ana\\report.pdf', pages: 3 })).toMatchObject({
      name: 'report.pdf',
      pages: 3,
    });
  });

  it('browser: the name and the bridge’s own download route, no other URL', () => {
    const download = `/api/download/${'0f'.repeat(16)}`;
    expect(writtenFrom({ path: 'events.csv', download, events: 1 })).toMatchObject({
      name: 'events.csv',
      path: null,
      download,
    });
    for (const url of ['https://evil.example/x', '/api/download/../call/x', 'javascript:alert(1)'])
      expect(writtenFrom({ path: 'e.csv', download: url }).download, url).toBeNull();
  });
});
