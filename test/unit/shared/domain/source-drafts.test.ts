// The form's facts about each API preset agree with the core's presets, so the form never asks for less (or more)
// than a sync needs; and the core builds the same settings the CLI always saved.
import { describe, expect, it } from 'vitest';
import { API_PRESET_INFO } from '@shared/domain/source-drafts';
import { API_PRESETS } from '@shared/domain/sources';
import { PRESETS } from '../../../../src/main/core/sources/api/presets';
import { buildSource } from '../../../../src/main/core/sources/source-settings';

describe('API_PRESET_INFO', () => {
  it.each(API_PRESETS)('%s: the default base URL and streams agree with the core preset', (preset) => {
    expect(API_PRESET_INFO[preset].defaultBaseUrl).toBe(PRESETS[preset].defaultBaseUrl);
    for (const stream of PRESETS[preset].defaultStreams) {
      if (API_PRESET_INFO[preset].streams) expect(API_PRESET_INFO[preset].streams?.choices).toContain(stream);
    }
  });
});

describe('buildSource', () => {
  it('fills the CLI’s defaults and caps the page size at the API maximum', () => {
    expect(
      buildSource(
        { kind: 'api', settings: { preset: 'github', org: 'acme', tokenRef: 'GH_TOKEN', pageSize: 500 } },
        'environment',
      ),
    ).toEqual({
      name: 'github https://api.github.com',
      settings: {
        kind: 'api',
        settings: {
          preset: 'github',
          baseUrl: 'https://api.github.com',
          region: null,
          tokenRef: 'GH_TOKEN',
          org: 'acme',
          enterprise: null,
          streams: [],
          tenant: null,
          serviceAccountKeyRef: null,
          subject: null,
          pageSize: 100,
          pollSeconds: 60,
          overlapSeconds: 300,
        },
      },
    });
    expect(buildSource({ kind: 's3', settings: { bucket: 'logs' } }, 'environment').settings).toMatchObject({
      kind: 's3',
      settings: { region: 'us-east-1', prefix: '', format: 'auto', concurrency: 4, lookbackDays: 7, endpoint: null },
    });
  });

  it('refuses an unknown format and a {region} base URL without a region', () => {
    expect(() => buildSource({ kind: 's3', settings: { bucket: 'logs', format: 'csv' } }, 'environment')).toThrow(
      /Unknown format "csv"/,
    );
    expect(() =>
      buildSource(
        { kind: 'api', settings: { preset: 'generic', baseUrl: 'https://events.{region}.example.com', tokenRef: 'T' } },
        'environment',
      ),
    ).toThrow(/enter the region/);
  });
});
