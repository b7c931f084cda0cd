// The evidence board's side panel (a modal sheet on the right, like Findings), with two views: Starred — every
// starred, tagged or commented event in time order with its tags and comment, a click opening it in the drawer among
// the events around it (as a finding's event opens), and the whole board as a query (`annotated:true`) — and Trail — every query run, pivot and brush of the
// investigation with its time and count, newest first, a click running it again. Every value is rendered as text;
// tags and comments are isolated (<bdi>) and keep their line breaks.
import type { AnnotatedEvent, TrailEntry } from '@shared/domain/evidence';
import { SegmentedToggle } from '../../components/SegmentedToggle';
import { formatCount, formatTime, zoneOf } from '../../lib/format';
import { useModalDialog } from '../../lib/use-modal-dialog';
import { openFindingEvent } from '../integrity/open-finding';
import { usePreferences } from '../preferences/preferences.store';
import { useQuery } from '../query/query.store';
import { restoreFromTrail, useEvidence, type EvidenceView } from './evidence.store';

/** The board as a query, so j/k then walk the board's events. */
export const BOARD_QUERY = 'annotated:true';

export function EvidencePanel() {
  const view = useEvidence((s) => s.view);
  const close = useEvidence((s) => s.closeView);
  const dialog = useModalDialog(view !== null);
  return (
    <dialog ref={dialog} className="sources-panel evidence-panel" aria-labelledby="evidence-title" onClose={close}>
      {view !== null && <EvidenceBody view={view} />}
    </dialog>
  );
}

function EvidenceBody({ view }: { view: EvidenceView }) {
  const close = useEvidence((s) => s.closeView);
  const openView = useEvidence((s) => s.openView);
  const loadError = useEvidence((s) => s.loadError);
  return (
    <section className="sources-panel__body" aria-label="Evidence board">
      <header className="sources-panel__header">
        <h2 id="evidence-title">{view === 'starred' ? 'Starred' : 'Investigation trail'}</h2>
        <span className="toolbar__spacer" />
        <SegmentedToggle
          label="Evidence view"
          value={view}
          onChange={openView}
          options={[
            { value: 'starred', label: 'Starred', title: 'Starred, tagged and commented events' },
            { value: 'trail', label: 'Trail', title: 'Every query run, pivot and brush' },
          ]}
        />
        <button type="button" className="btn btn--small btn--icon" onClick={close} aria-label="Close the board">
          ✕
        </button>
      </header>
      {loadError && (
        <p className="failure-text" role="alert">
          {loadError}
        </p>
      )}
      {view === 'starred' ? <StarredList /> : <TrailList />}
    </section>
  );
}

function StarredList() {
  const byUid = useEvidence((s) => s.byUid);
  const total = useEvidence((s) => s.total);
  const close = useEvidence((s) => s.closeView);
  const zone = zoneOf(usePreferences((s) => s.zoneMode));
  const list = [...byUid.values()];
  if (list.length === 0)
    return (
      <p className="muted sources-panel__empty">
        No starred, tagged or commented events yet. Select an event and press <kbd>s</kbd> to star it, <kbd>t</kbd> to
        tag it or <kbd>c</kbd> to comment; <code>{BOARD_QUERY}</code>, <code>starred:true</code> and{' '}
        <code>tag:NAME</code> select them in a query.
      </p>
    );
  const open = (a: AnnotatedEvent) => {
    close();
    void openFindingEvent(a.uid, a.event?.occurredAt);
  };
  return (
    <>
      <p className="muted">
        {formatCount(total)} event(s) on the board, in time order; they go into the PDF report and the evidence package.
        A click opens one among the events around it.
      </p>
      <button
        type="button"
        className="btn btn--small evidence-panel__all"
        onClick={() => {
          close();
          void useQuery.getState().run(BOARD_QUERY);
        }}
      >
        Show them all in the table ({BOARD_QUERY})
      </button>
      <ol className="evidence-list" aria-label="Starred events">
        {list.map((a) => (
          <li key={`${a.tenantId}\u0000${a.uid}`} className="evidence-item">
            <button type="button" className="evidence-item__open" onClick={() => open(a)}>
              <span className="evidence-item__marks" aria-hidden="true">
                {a.starred ? '★' : '✎'}
              </span>
              <span className="tabular">
                {a.event ? formatTime(a.event.occurredAt, zone) : 'event not in the case'}
              </span>{' '}
              <code>{a.event?.action ?? a.uid}</code> <bdi>{a.event?.actor ?? ''}</bdi>{' '}
              <span className="muted">{a.event?.ip ?? ''}</span>
              {a.starred && <span className="sr-only"> starred</span>}
            </button>
            {a.tags.length > 0 && (
              <ul className="evidence-tags" aria-label="Tags">
                {a.tags.map((t) => (
                  <li key={t} className={`evidence-chip evidence-chip--${t}`}>
                    <bdi>#{t}</bdi>
                  </li>
                ))}
              </ul>
            )}
            {a.comment !== null && (
              <p className="evidence-item__comment">
                <bdi>{a.comment}</bdi>
              </p>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

const KIND_LABELS: Record<TrailEntry['kind'], string> = {
  query: 'query',
  pivot: 'pivot',
  brush: 'brush',
  restore: 'restored',
};

function TrailList() {
  const trail = useEvidence((s) => s.trail);
  const total = useEvidence((s) => s.trailTotal);
  const close = useEvidence((s) => s.closeView);
  const zone = zoneOf(usePreferences((s) => s.zoneMode));
  if (trail.length === 0)
    return <p className="muted sources-panel__empty">No queries run yet: each query that runs is kept here.</p>;
  return (
    <>
      <p className="muted">
        {formatCount(total)} step(s), newest first, kept in the case (and in its reports); a click runs one again.
      </p>
      <ol className="evidence-list" aria-label="Trail">
        {[...trail].reverse().map((entry) => (
          <li key={entry.seq} className="evidence-item">
            <button
              type="button"
              className="evidence-item__open"
              title={`${entry.query === '' ? '(every event)' : entry.query} (${entry.timeZone}, by ${entry.osUser})`}
              onClick={() => {
                close();
                restoreFromTrail(entry.query);
              }}
            >
              <span className="tabular">{formatTime(entry.recordedAt, zone)}</span>{' '}
              <span className={`evidence-kind evidence-kind--${entry.kind}`}>{KIND_LABELS[entry.kind]}</span>{' '}
              <code className="evidence-item__query">
                <bdi>{entry.query === '' ? '(every event)' : entry.query}</bdi>
              </code>{' '}
              <span className="muted tabular">
                {entry.count === null ? '' : `${formatCount(entry.count)} event${entry.count === 1 ? '' : 's'}`}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </>
  );
}
