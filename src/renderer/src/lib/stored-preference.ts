// One value remembered in localStorage across restarts (theme, zone, columns, density, the histogram's stacking,
// the lanes, a case's query history). Storage that is off (private windows) or full only costs the memory: the
// value read is then the default, and a value written lasts for this session only. Keys never change: they are what
// existing users have saved.

export interface PreferenceCodec<T> {
  /** The value a stored text holds, or null for a text that is not one (hand-edited, or from an older version). */
  parse(text: string): T | null;
  format(value: T): string;
}

export interface StoredPreference<T> {
  /** The stored value, or the default when there is none, it does not parse, or storage is off. */
  load(): T;
  save(value: T): void;
}

/** The part of the Web Storage API used here; typed apart from the DOM library so that this checks in plain Node. */
interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** localStorage, read when used (absent outside a browser, where every value is its default). */
const storage = (): KeyValueStorage | undefined => (globalThis as { localStorage?: KeyValueStorage }).localStorage;

export function storedPreference<T>(key: string, fallback: T, codec: PreferenceCodec<T>): StoredPreference<T> {
  return {
    load() {
      try {
        const text = storage()?.getItem(key) ?? null;
        return (text === null ? null : codec.parse(text)) ?? fallback;
      } catch {
        return fallback;
      }
    },
    save(value) {
      try {
        storage()?.setItem(key, codec.format(value));
      } catch {
        // not remembered across restarts; nothing else depends on it
      }
    },
  };
}

/** A codec for one of a closed list of words. */
export function oneOf<T extends string>(allowed: readonly T[]): PreferenceCodec<T> {
  return { parse: (text) => allowed.find((a) => a === text) ?? null, format: (value) => value };
}
