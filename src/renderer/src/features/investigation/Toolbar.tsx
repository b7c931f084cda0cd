// The 40 px toolbar: which case and tenant is open, the Sources, Integrity, Findings and Export buttons, the jobs
// pill, the UTC/Local switch, the theme switch and the visible `?` for the shortcut sheet.
import { SegmentedToggle } from '../../components/SegmentedToggle';
import { formatCount, localZone } from '../../lib/format';
import { useCase } from '../case/case.store';
import { FindingsButton } from '../detections/FindingsButton';
import { EvidenceButtons } from '../evidence/EvidenceButtons';
import { ExportButton } from '../exports/ExportButton';
import { IntegrityButton } from '../integrity/IntegrityButton';
import { JobsPill } from '../jobs/JobsPill';
import { usePreferences } from '../preferences/preferences.store';
import { SourcesButton } from '../sources/SourcesButton';

export function Toolbar({ onHelp }: { onHelp(): void }) {
  const info = useCase((s) => s.info);
  const caseError = useCase((s) => s.error);
  const zoneMode = usePreferences((s) => s.zoneMode);
  const setZoneMode = usePreferences((s) => s.setZoneMode);
  const theme = usePreferences((s) => s.theme);
  const setTheme = usePreferences((s) => s.setTheme);
  const file = info?.path.split(/[\\/]/).at(-1) ?? '';
  return (
    <header className="toolbar">
      <h1 className="toolbar__brand">Trailscope</h1>
      {info ? (
        <span className="toolbar__case" title={info.path}>
          <span className="toolbar__tenant">{info.multiTenant ? 'several tenants' : info.tenantId}</span>
          <span className="muted">
            {file} · {formatCount(info.stats.events)} events
          </span>
        </span>
      ) : (
        caseError && <span className="toolbar__case failure-text">Case not readable: {caseError}</span>
      )}
      <SourcesButton />
      <IntegrityButton />
      <FindingsButton />
      <ExportButton />
      <EvidenceButtons />
      <JobsPill />
      <span className="toolbar__spacer" />
      <SegmentedToggle
        label="Time zone"
        value={zoneMode}
        onChange={setZoneMode}
        options={[
          { value: 'utc', label: 'UTC', title: 'Show and read times in UTC' },
          { value: 'local', label: 'Local', title: `Show and read times in ${localZone()}` },
        ]}
      />
      <SegmentedToggle
        label="Theme"
        value={theme}
        onChange={setTheme}
        options={[
          { value: 'light', label: 'Light' },
          { value: 'dark', label: 'Dark' },
        ]}
      />
      <button
        type="button"
        className="btn btn--icon"
        onClick={onHelp}
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
      >
        ?
      </button>
    </header>
  );
}
