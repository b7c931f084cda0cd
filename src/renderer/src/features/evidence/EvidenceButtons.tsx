// The toolbar's ways into the evidence board: ★ Starred (with how many events are on the board) and Trail. Both
// open the side panel (EvidencePanel, loaded on first use; loaded ahead when the pointer or focus heads for them).
import { formatCount } from '../../lib/format';
import { onDemand } from '../../lib/on-demand';
import { useEvidence } from './evidence.store';

export const EvidencePanelOnDemand = onDemand(() => import('./EvidencePanel').then((m) => m.EvidencePanel));
const preload = () => void EvidencePanelOnDemand.preload().catch(() => undefined);

export function EvidenceButtons() {
  const openView = useEvidence((s) => s.openView);
  const total = useEvidence((s) => s.total);
  return (
    <>
      <button
        type="button"
        className="btn btn--small"
        onClick={() => openView('starred')}
        onPointerEnter={preload}
        onFocus={preload}
        aria-haspopup="dialog"
        title="Starred, tagged and commented events (the evidence board)"
      >
        <span aria-hidden="true">★</span> Starred
        {total > 0 && <span className="sources-button__badge"> · {formatCount(total)}</span>}
      </button>
      <button
        type="button"
        className="btn btn--small"
        onClick={() => openView('trail')}
        onPointerEnter={preload}
        onFocus={preload}
        aria-haspopup="dialog"
        title="The investigation trail: every query run, pivot and brush"
      >
        Trail
      </button>
    </>
  );
}
