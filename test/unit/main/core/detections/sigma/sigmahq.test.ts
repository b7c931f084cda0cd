// Rules written the way SigmaHQ writes them for Okta, GitHub and CloudTrail (their field spelling, logsource and
// condition style), run over a case holding the real-format samples of test/fixtures/realshape plus look-alikes made
// from those samples: each rule fires on its provider's matching records and on nothing else.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../../../../src/main/core/sources/files/import-files';
import type { CaseStore } from '../../../../../../src/main/core/store/case-store';
import { closeAll, newCase } from '../../../../../helpers/case';
import { ndjson } from '../../../../../helpers/records';
import { flagged, refusal } from '../../../../../helpers/sigma';
import { queryRows } from '../../../../../../src/main/core/store/sql';
import { FIXTURES, tempDir } from '../../../../../helpers/temp';

type Json = Record<string, unknown>;
const realshape = (path: string): Json[] => {
  const bytes = readFileSync(join(FIXTURES, 'realshape', path));
  const text = path.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  const doc = JSON.parse(text) as Json[] | { Records?: Json[]; items?: Json[] };
  return Array.isArray(doc) ? doc : (doc.Records ?? doc.items ?? []);
};

const okta = realshape('okta/test-okta-system-events.json');
const github = realshape('github/test-enterprise-audit-eventhub.json');
const cloudtrail = realshape('cloudtrail/test-console-login-json.json.gz');
const google = realshape('google_workspace/test-login.json');

// Look-alikes of the real records, with the actions the rules look for.
const oktaMfaReset = { ...okta[0], uuid: 'okta-mfa-1', eventType: 'user.mfa.factor.deactivate' };
const oktaResetAll = { ...okta[1], uuid: 'okta-mfa-2', eventType: 'user.mfa.factor.reset_all' };
const githubInvite = { ...github[0], _document_id: 'gh-invite-1', action: 'org.invite_member' };
const githubAdd = { ...github[1], _document_id: 'gh-add-1', action: 'org.add_member' };
const trailStop = {
  ...cloudtrail[0],
  eventID: 'ct-stop-1',
  eventSource: 'cloudtrail.amazonaws.com',
  eventName: 'StopLogging',
};
// Same eventName, another service: the rule's AND must not fire on it.
const otherStop = {
  ...cloudtrail[0],
  eventID: 'ct-stop-2',
  eventSource: 'logs.amazonaws.com',
  eventName: 'StopLogging',
};
// A generic record that names an Okta action: the logsource keeps Okta rules off other formats.
const genericLookalike = {
  id: 'gen-1',
  occurred_at: '2025-01-01T00:00:00Z',
  action: 'user.mfa.factor.deactivate',
  eventtype: 'user.mfa.factor.deactivate',
  actor: { id: 'x' },
};

let store: CaseStore;
beforeEach(async () => {
  const dir = await tempDir();
  await writeFile(join(dir, 'okta.ndjson'), ndjson([...okta, oktaMfaReset, oktaResetAll]));
  await writeFile(join(dir, 'github.ndjson'), ndjson([...github, githubInvite, githubAdd]));
  await writeFile(join(dir, 'cloudtrail.json'), JSON.stringify({ Records: [...cloudtrail, trailStop, otherStop] }));
  await writeFile(join(dir, 'generic.ndjson'), ndjson([genericLookalike]));
  await writeFile(join(dir, 'google.json'), readFileSync(join(FIXTURES, 'realshape/google_workspace/test-login.json')));
  store = await newCase({ tenantId: 'acme', multiTenant: true });
  const summary = await importFiles(store, [dir]);
  expect(summary.rejected).toBe(0);
});
afterEach(() => closeAll());

describe('SigmaHQ-style rules over real-format records', () => {
  it('Okta MFA Reset or Deactivated fires on the two Okta events and nothing else', async () => {
    const rule = `title: Okta MFA Reset or Deactivated
id: 50e068d7-1e6b-4054-87e5-0a592c40c7e0
status: test
description: Detects when an attempt at deactivating or resetting MFA.
references:
    - https://developer.okta.com/docs/reference/api/system-log/
author: Austin Songer @austinsonger
date: 2021-09-21
tags:
    - attack.persistence
    - attack.credential-access
    - attack.defense-evasion
    - attack.t1556.006
logsource:
    product: okta
    service: okta
detection:
    selection:
        eventtype:
            - user.mfa.factor.deactivate
            - user.mfa.factor.reset_all
    condition: selection
falsepositives:
    - If a MFA reset or deactivated was performed by a system administrator.
level: medium
`;
    expect(await flagged(store, rule)).toEqual(['okta-mfa-1', 'okta-mfa-2']);
  });

  it('an Okta rule on a list field (target.displayname) and a nested one (outcome.result), spelled in lower case', async () => {
    const displayName = (okta[2]?.['target'] as Json[] | undefined)?.[0]?.['displayName'];
    expect(typeof displayName).toBe('string');
    const rule = `title: Okta policy evaluation of one target
logsource:
    product: okta
    service: okta
detection:
    selection:
        eventtype: policy.evaluate_sign_on
        target.displayname: '${String(displayName)}'
        outcome.result: allow
    condition: selection
level: low
`;
    const expected = okta
      .filter((e) => e['eventType'] === 'policy.evaluate_sign_on')
      .filter((e) => (e['outcome'] as Json)['result'] === 'ALLOW')
      .filter((e) => (e['target'] as Json[] | null)?.some((t) => t['displayName'] === displayName))
      .map((e) => e['uuid'] as string);
    expect(expected.length).toBeGreaterThan(0);
    // The sample repeats uuids; the case keeps the first of each.
    expect(await flagged(store, rule)).toEqual([...new Set(expected)].sort());
  });

  it('Github Outside Collaborator Detected fires on org.add_member / org.invite_member', async () => {
    const rule = `title: Github Outside Collaborator Detected
id: eaa9ac35-1730-441f-9587-25767bde99d7
status: test
description: Detects when an organization member or an outside collaborator is added to or removed from a project board or has their permission level changed or when an owner removes an outside collaborator from an organization or when two-factor authentication is required in an organization and an outside collaborator does not use 2FA or disables 2FA.
author: Muhammad Faisal (@faisalusuf)
date: 2023-01-20
tags:
    - attack.persistence
    - attack.collection
    - attack.t1098.001
    - attack.t1098.003
    - attack.t1213.003
logsource:
    product: github
    service: audit
    definition: 'Requirements: The audit log streaming feature must be enabled to be able to receive such logs.'
detection:
    selection:
        action:
            - 'org.add_member'
            - 'org.invite_member'
    condition: selection
falsepositives:
    - Validate the actor if permitted to access the repo.
level: medium
`;
    expect(await flagged(store, rule)).toEqual(['gh-add-1', 'gh-invite-1']);
  });

  it('AWS CloudTrail Important Change fires on StopLogging from cloudtrail.amazonaws.com only', async () => {
    const rule = `title: AWS CloudTrail Important Change
id: 4db60cc0-36fb-42b7-9b58-a5b53019fb74
status: test
description: Detects disabling, deleting and updating of a Trail
author: vitaliy0x1
date: 2020-01-21
tags:
    - attack.defense-evasion
    - attack.t1562.008
logsource:
    product: aws
    service: cloudtrail
detection:
    selection_source:
        eventSource: cloudtrail.amazonaws.com
        eventName:
            - StopLogging
            - UpdateTrail
            - DeleteTrail
    condition: selection_source
falsepositives:
    - Valid change in a Trail
level: medium
`;
    expect(await flagged(store, rule)).toEqual(['ct-stop-1']);
  });

  it('a CloudTrail rule on fields only raw holds (userIdentity.type, additionalEventData.MFAUsed)', async () => {
    const rule = `title: AWS Console Login Without MFA
logsource:
    product: aws
    service: cloudtrail
detection:
    selection:
        eventName: ConsoleLogin
        userIdentity.type: IAMUser
        additionalEventData.mfaused: 'No'
    filter_stop:
        eventid: ct-stop-1
    condition: selection and not filter_stop
level: high
`;
    const expected = cloudtrail
      .filter((e) => (e['additionalEventData'] as Json | undefined)?.['MFAUsed'] === 'No')
      .filter((e) => (e['userIdentity'] as Json)['type'] === 'IAMUser')
      .map((e) => e['eventID'] as string)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(await flagged(store, rule)).toEqual(expected);
  });

  it('a Google Workspace rule on the Reports API record (events.name) fires on those events', async () => {
    const rule = `title: Google Workspace account disabled
logsource:
    product: google_workspace
    service: login
detection:
    selection:
        events.name|startswith: account_disabled_
    condition: selection
level: high
`;
    // The sample's activities repeat one id, so the case keeps fewer of them: the expectation comes from the case.
    const expected = await queryRows(
      store.connection,
      `SELECT uid FROM events WHERE format = 'google-workspace' AND action LIKE 'account\\_disabled\\_%' ESCAPE '\\'`,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(await flagged(store, rule)).toEqual(expected.map((r) => r['uid']).sort());
    expect(google.length).toBeGreaterThan(expected.length);
  });

  it('a SigmaHQ Google Workspace rule naming Cloud Logging fields is reported with the keys these records have', () => {
    const reason = refusal(`title: Google Workspace MFA Disabled
logsource:
    product: gcp
    service: google_workspace.admin
detection:
    selection_base:
        eventService: admin.googleapis.com
        eventName:
            - ENFORCE_STRONG_AUTHENTICATION
            - ALLOW_STRONG_AUTHENTICATION
    selection_eventValue:
        new_value: 'false'
    condition: all of selection*
level: medium
`);
    expect(reason).toMatch(/field `eventService` is not a key of google-workspace records \(kind, etag, ipAddress/);
  });
});
