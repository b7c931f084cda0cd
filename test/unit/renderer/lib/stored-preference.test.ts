// A preference kept in localStorage (stored-preference.ts): what was saved loads back under the same key, and a
// stored text that is not a valid value, or storage that is off, gives the default.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { oneOf, storedPreference } from '../../../../src/renderer/src/lib/stored-preference';

/** localStorage as the browser keeps it: strings under keys. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
  };
}

describe('storedPreference', () => {
  let storage: ReturnType<typeof memoryStorage>;
  beforeEach(() => {
    storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('loads back a saved value, under the key existing users already have', () => {
    // Arrange
    const theme = storedPreference('trailscope.theme', 'light', oneOf(['light', 'dark']));
    // Act
    theme.save('dark');
    // Assert
    expect(storage.items.get('trailscope.theme')).toBe('dark');
    expect(storedPreference('trailscope.theme', 'light', oneOf(['light', 'dark'])).load()).toBe('dark');
  });

  it('reads a value saved before this helper existed', () => {
    storage.items.set('trailscope.columns', 'time,ip,actor');
    const columns = storedPreference('trailscope.columns', ['time'], {
      parse: (text) => text.split(','),
      format: (list) => list.join(','),
    });
    expect(columns.load()).toEqual(['time', 'ip', 'actor']);
  });

  it('falls back to the default for a stored value that is not one, or none', () => {
    const zone = storedPreference('trailscope.zone', 'utc', oneOf(['utc', 'local']));
    expect(zone.load()).toBe('utc');
    storage.items.set('trailscope.zone', 'mars');
    expect(zone.load()).toBe('utc');
  });

  it('falls back to the default, and saves nothing without failing, when storage is off', () => {
    // Arrange: a private window whose storage throws on every use.
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    const density = storedPreference('trailscope.density', 'normal', oneOf(['compact', 'normal', 'roomy']));
    // Act / Assert
    expect(() => density.save('roomy')).not.toThrow();
    expect(density.load()).toBe('normal');
  });
});
