// The toolbar's way into the Integrity panel: its label carries the newest verification's verdict (a glyph as well
// as a word, never colour alone), and "verifying" while this session's verify job runs.
import { isActive } from '../jobs/tracked-job';
import { verdictIcon, verdictLabel } from './findings';
import { preloadIntegrityPanel } from './integrity-panel-on-demand';
import { useIntegrity } from './integrity.store';

export function IntegrityButton() {
  const openPanel = useIntegrity((s) => s.openPanel);
  const verdict = useIntegrity((s) => s.verifications[0]?.verdict ?? null);
  const running = useIntegrity((s) => isActive(s.job));
  return (
    <button
      type="button"
      className="btn btn--small integrity-button"
      onClick={openPanel}
      onPointerEnter={preloadIntegrityPanel}
      onFocus={preloadIntegrityPanel}
      aria-haspopup="dialog"
      title="Integrity: verify hash chains, CloudTrail digests and the case's chain of custody"
    >
      Integrity
      {running ? (
        <span className="sources-button__badge"> · verifying</span>
      ) : (
        verdict && (
          <span className={`sources-button__badge integrity__verdict--${verdict}`}>
            {' '}
            · <span aria-hidden="true">{verdictIcon(verdict)}</span> {verdictLabel(verdict).toLowerCase()}
          </span>
        )
      )}
    </button>
  );
}
