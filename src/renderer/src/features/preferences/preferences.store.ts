// The reader's preferences that every part of the view follows: the display zone (UTC or local: how times are shown
// and how zone-less dates in a query are read) and the theme. Both remembered; a copied link's zone wins over the
// remembered one. The query store re-runs the query on screen when the zone changes.
import { create } from 'zustand';
import type { ZoneMode } from '../../lib/format';
import { openingRoute } from '../../lib/opening-route';
import { oneOf, storedPreference } from '../../lib/stored-preference';

export type Theme = 'light' | 'dark';

const prefersDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
const zonePreference = storedPreference<ZoneMode>('trailscope.zone', 'utc', oneOf(['utc', 'local']));
const themePreference = storedPreference<Theme>(
  'trailscope.theme',
  prefersDark ? 'dark' : 'light',
  oneOf(['light', 'dark']),
);

interface PreferencesState {
  zoneMode: ZoneMode;
  theme: Theme;
  setZoneMode(mode: ZoneMode): void;
  setTheme(theme: Theme): void;
}

export const usePreferences = create<PreferencesState>((set) => ({
  zoneMode: openingRoute.tz ?? zonePreference.load(),
  theme: themePreference.load(),
  setZoneMode(zoneMode) {
    zonePreference.save(zoneMode);
    set({ zoneMode });
  },
  setTheme(theme) {
    themePreference.save(theme);
    set({ theme });
  },
}));
