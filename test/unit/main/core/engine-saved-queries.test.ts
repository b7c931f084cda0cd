// The engine's saved.* channels, through dispatch as the app and the web bridge reach them: a query that does not
// parse, a range end that is no date, an unknown zone or column are refused before anything is stored; saving and
// removing are journalled writes on the writer; a read-only engine lists and refuses with READ_ONLY.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { dispatch } from '../../../../src/main/core/bridge/dispatch';
import { createCase, createEngine } from '../../../../src/main/core/engine';
import { EnvSecretStore } from '../../../../src/main/core/secrets';
import { tempDir } from '../../../helpers/temp';

const base = { columns: null, from: null, to: null, zone: null };

it('saves, replaces, renames and removes through the contract, refusing what would not run', async () => {
  const casePath = join(await tempDir(), 'case.duckdb');
  await createCase(casePath, { tenantId: 'acme' });
  const engine = await createEngine({ casePath, secrets: new EnvSecretStore() });
  try {
    const call = (channel: string, request: unknown) => dispatch(engine.handlers, channel, request);
    const refusals = await Promise.all([
      call('saved.save', { ...base, name: 'broken', query: 'actor:(alice' }),
      call('saved.save', { ...base, name: 'bad start', query: '', from: 'yesterday' }),
      call('saved.save', { ...base, name: 'bad end', query: '', to: '2025-02-30' }),
      call('saved.save', { ...base, name: 'zone', query: '', zone: 'Mars/Olympus' }),
      call('saved.save', { ...base, name: 'twice', query: '', columns: ['time', 'ip', 'ip'] }),
      call('saved.save', { ...base, name: 'ctl\x1b[2J', query: '' }),
    ]);
    const schemaRefusal = await call('saved.save', { ...base, name: 'cols', query: '', columns: ['time', 'bogus'] });

    expect(refusals.map((r) => (r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`))).toEqual([
      expect.stringMatching(/^USAGE: .*column/),
      'USAGE: The range\'s start "yesterday" is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[Z|±HH:MM].',
      'USAGE: The range\'s end "2025-02-30" is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[Z|±HH:MM].',
      'USAGE: Unknown time zone "Mars/Olympus": give an IANA zone name such as UTC or Europe/Berlin.',
      'USAGE: The column "ip" is listed twice.',
      "USAGE: A saved query's name cannot hold control characters (U+001B at character 4).",
    ]);
    expect(schemaRefusal).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await call('saved.list', {})).toEqual({ ok: true, value: { saved: [] } });

    const first = await call('saved.save', {
      name: 'Incident IP',
      query: 'ip:192.0.2.66',
      columns: ['time', 'action', 'ip'],
      from: '2025-10-16',
      to: null,
      zone: 'America/New_York',
    });
    expect(first).toMatchObject({ ok: true, value: { replaced: false, saved: { name: 'Incident IP' } } });
    const again = await call('saved.save', { ...base, name: 'incident ip', query: 'ip:192.0.2.0/24' });
    expect(again).toMatchObject({ ok: true, value: { replaced: true, saved: { name: 'incident ip', columns: null } } });
    const renamed = await call('saved.save', {
      ...base,
      name: 'Attacker',
      query: 'ip:192.0.2.0/24',
      previousName: 'INCIDENT IP',
    });
    expect(renamed).toMatchObject({ ok: true, value: { replaced: true, saved: { name: 'Attacker' } } });
    expect(await engine.handlers['saved.list']({})).toMatchObject({ saved: [{ name: 'Attacker' }] });

    expect(await call('saved.remove', { name: 'attacker' })).toMatchObject({
      ok: true,
      value: { removed: { name: 'Attacker', query: 'ip:192.0.2.0/24' } },
    });
    const { entries } = await engine.handlers['journal.list']({});
    expect(entries.filter((e) => e.action.startsWith('saved.')).map((e) => [e.action, e.detail['name']])).toEqual([
      ['saved.save', 'Incident IP'],
      ['saved.save', 'incident ip'],
      ['saved.save', 'Attacker'],
      ['saved.remove', 'Attacker'],
    ]);
  } finally {
    await engine.close();
  }
});

it('lists on a read-only engine and refuses saving and removing there with READ_ONLY', async () => {
  const casePath = join(await tempDir(), 'case.duckdb');
  await createCase(casePath, { tenantId: 'acme' });
  const writer = await createEngine({ casePath, secrets: new EnvSecretStore() });
  await writer.handlers['saved.save']({ ...base, name: 'kept', query: 'outcome:failure' });
  await writer.close();

  const reader = await createEngine({ casePath, secrets: new EnvSecretStore(), readOnly: true });
  try {
    expect((await reader.handlers['saved.list']({})).saved.map((s) => s.name)).toEqual(['kept']);
    await expect(reader.handlers['saved.save']({ ...base, name: 'new', query: '' })).rejects.toMatchObject({
      code: 'READ_ONLY',
    });
    await expect(reader.handlers['saved.remove']({ name: 'kept' })).rejects.toMatchObject({ code: 'READ_ONLY' });
    // A broken query is still READ_ONLY there: nothing is checked for a write that cannot happen.
    await expect(reader.handlers['saved.save']({ ...base, name: 'x', query: '(' })).rejects.toMatchObject({
      code: 'READ_ONLY',
    });
  } finally {
    await reader.close();
  }
});
