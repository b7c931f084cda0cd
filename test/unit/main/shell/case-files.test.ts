// Case file names chosen in the desktop dialogs: the extension added when left off, the tenant id a new case
// takes from its file name, and a case path among command-line arguments.
import { describe, expect, it } from 'vitest';
import { caseFromArgv, tenantFromCasePath, withCaseExtension } from '../../../../src/main/shell/case-files';

describe('case files', () => {
  it('adds .duckdb only when it is missing', () => {
    expect(withCaseExtension('/c/acme')).toBe('/c/acme.duckdb');
    expect(withCaseExtension('/c/acme.DuckDB')).toBe('/c/acme.DuckDB');
    expect(withCaseExtension('/c/acme.db')).toBe('/c/acme.db.duckdb');
  });

  it('takes the tenant id from the file name', () => {
    expect(tenantFromCasePath('/cases/ws_acme.duckdb')).toBe('ws_acme');
    expect(tenantFromCasePath('/cases/acme corp.duckdb')).toBe('acme corp');
    expect(tenantFromCasePath('/cases/.duckdb')).toBeNull();
    expect(tenantFromCasePath('/cases/   .duckdb')).toBeNull();
  });

  it('finds a case among arguments, never a flag', () => {
    expect(caseFromArgv(['.', '--inspect', '/x/acme.duckdb'])).toBe('/x/acme.duckdb');
    expect(caseFromArgv(['--case=/x/acme.duckdb', 'out/main/index.js'])).toBeUndefined();
    expect(caseFromArgv([])).toBeUndefined();
  });
});
