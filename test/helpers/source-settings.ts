// An API source's saved settings for tests: neutral defaults, so each test passes only the fields it depends on.
import type { ApiSourceSettings } from '@shared/domain/sources';

export function apiSettings(overrides: Partial<ApiSourceSettings> = {}): ApiSourceSettings {
  return {
    preset: 'generic',
    baseUrl: 'http://127.0.0.1:1',
    region: null,
    tokenRef: 'TOKEN',
    org: null,
    enterprise: null,
    streams: [],
    tenant: null,
    serviceAccountKeyRef: null,
    subject: null,
    pageSize: 100,
    pollSeconds: 60,
    overlapSeconds: 0,
    ...overrides,
  };
}
