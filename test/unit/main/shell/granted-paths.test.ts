// The paths the desktop renderer may import: granted ones only, compared after normalizing, never a relative path,
// never a folder's neighbours or its parent.
import { describe, expect, it } from 'vitest';
import { GrantedOutputs, GrantedPaths } from '../../../../src/main/shell/granted-paths';

describe('GrantedPaths', () => {
  it('lets through what was granted, normalized, and names the first path that was not', () => {
    const granted = new GrantedPaths();
    expect(granted.grant('/cases/logs/okta.ndjson')).toBe(true);
    expect(granted.grant('/cases/exports')).toBe(true);
    expect(granted.firstRefused(['/cases/logs/okta.ndjson', '/cases/exports/'])).toBeNull();
    expect(granted.firstRefused(['/cases/logs/./okta.ndjson'])).toBeNull();
    expect(granted.firstRefused(['/cases/logs/okta.ndjson', '/cases/logs'])).toBe('/cases/logs');
    expect(granted.firstRefused(['/cases/exports/../logs/other.ndjson'])).toBe('/cases/exports/../logs/other.ndjson');
    expect(granted.firstRefused(['/etc/passwd'])).toBe('/etc/passwd');
  });

  it('grants no relative, empty, NUL-bearing or absurdly long path', () => {
    const granted = new GrantedPaths();
    for (const path of ['okta.ndjson', '', '/tmp/a\0b', `/${'a'.repeat(5_000)}`]) {
      expect(granted.grant(path), path.slice(0, 20)).toBe(false);
    }
    expect(granted.firstRefused(['okta.ndjson'])).toBe('okta.ndjson');
  });
});

describe('GrantedOutputs', () => {
  it('lets one job write a chosen path (normalized), gives an unused grant back, reveals what was ever chosen', () => {
    const outputs = new GrantedOutputs();
    expect(outputs.grant('relative.csv')).toBe(false);
    expect(outputs.grant('/exports/events.csv')).toBe(true);
    expect(outputs.take('/exports/other.csv')).toBe(false);
    expect(outputs.take('/exports/./events.csv')).toBe(true);
    expect(outputs.take('/exports/events.csv')).toBe(false);
    outputs.giveBack('/exports/events.csv');
    outputs.giveBack('/etc/passwd');
    expect(outputs.take('/etc/passwd')).toBe(false);
    expect(outputs.take('/exports/events.csv')).toBe(true);
    expect(outputs.mayReveal('/exports/events.csv')).toBe(true);
    expect(outputs.mayReveal('/exports')).toBe(false);
    expect(outputs.mayReveal('relative.csv')).toBe(false);
  });
});
