// The toolbar's way into the Findings view: its label counts the latest run's findings (the most severe level's
// glyph as well as a number, never colour alone), and "detecting" while this session's detect job runs.
import { formatCount } from '../../lib/format';
import { isActive } from '../jobs/tracked-job';
import { useDetections } from './detections.store';
import { preloadFindingsPanel } from './findings-panel-on-demand';
import { groupByLevel, levelIcon } from './findings-view';

export function FindingsButton() {
  const openPanel = useDetections((s) => s.openPanel);
  const findings = useDetections((s) => s.list?.findings ?? null);
  const running = useDetections((s) => isActive(s.job));
  const top = findings ? groupByLevel(findings)[0]?.level : undefined;
  return (
    <button
      type="button"
      className="btn btn--small findings-button"
      onClick={openPanel}
      onPointerEnter={preloadFindingsPanel}
      onFocus={preloadFindingsPanel}
      aria-haspopup="dialog"
      title="Findings: run the built-in detections and Sigma rules over the case"
    >
      Findings
      {running ? (
        <span className="sources-button__badge"> · detecting</span>
      ) : (
        findings &&
        findings.length > 0 &&
        top && (
          <span className={`sources-button__badge findings__level--${top}`}>
            {' '}
            · <span aria-hidden="true">{levelIcon(top)}</span> {formatCount(findings.length)}
          </span>
        )
      )}
    </button>
  );
}
