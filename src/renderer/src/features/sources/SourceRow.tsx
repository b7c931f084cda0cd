// One source in the panel (UX.md §8): its state in words, the span of time it has brought in, its event count
// and rate, an ETA only when the total is known, a progress bar, the gaps in what it covers, and Sync now / Cancel /
// Follow. A failure stays, in words, until dismissed. The file imports' row has no sync: it offers Import files….
import { useEffect, useState } from 'react';
import type { SourceDetails } from '@shared/domain/sources';
import { JobBar } from '../../components/JobBar';
import { formatCount, formatTime, zoneAbbreviation, zoneOf } from '../../lib/format';
import { usePreferences } from '../preferences/preferences.store';
import { formatDuration } from '@shared/format';
import { SourceGaps } from './SourceGaps';
import { sourceStatus, type ClockFormat } from './source-status';
import { useSources } from './sources.store';

function useClock(): ClockFormat {
  const zone = zoneOf(usePreferences((s) => s.zoneMode));
  return (iso) => {
    const text = formatTime(iso, zone);
    const today = formatTime(new Date().toISOString(), zone).slice(0, 10);
    const minutes = text.slice(0, 16);
    return `${minutes.startsWith(today) ? minutes.slice(11) : minutes} ${zoneAbbreviation(zone, Date.parse(iso))}`;
  };
}

/** Re-renders every second while `ticking`, for the "retry in N s" countdown. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return ticking ? now : Date.now();
}

export function SourceRow({ source }: { source: SourceDetails }) {
  const job = useSources((s) => {
    const id = s.bySource[source.id];
    return id ? (s.jobs[id] ?? null) : null;
  });
  const actionError = useSources((s) => s.actionError[source.id] ?? null);
  const untrusted = useSources((s) => s.untrusted[source.id] ?? null);
  const { sync, dismiss, open } = useSources.getState();
  const clock = useClock();
  const now = useNow(job?.state === 'running');
  const status = sourceStatus(source, job, now, clock);
  const zone = zoneOf(usePreferences((s) => s.zoneMode));
  const titleId = `source-${source.id}-name`;
  const following = job !== null && job.follow && status.active;
  const events = status.active && job?.progress ? job.progress.events : null;
  const { first, last } = source.coverage;

  return (
    <li className={`source-row source-row--${status.tone}`} aria-labelledby={titleId} data-source-id={source.id}>
      <div className="source-row__head">
        <span className="source-row__kind">{KIND_LABEL[source.kind]}</span>
        <strong id={titleId} className="source-row__name">
          {source.name}
        </strong>
        <span
          className={`source-status source-status--${status.tone}`}
          role="status"
          aria-label={`State of ${source.name}`}
        >
          {status.tone === 'failure' ? '✖ ' : status.tone === 'warning' ? '⚠ ' : status.tone === 'done' ? '✓ ' : ''}
          {status.label}
          {status.detail && status.tone !== 'failure' ? ` · ${status.detail}` : ''}
        </span>
      </div>
      <div className="source-row__summary muted">
        {source.kind === 'files' ? source.summary : `${source.summary} · ${source.credentials}`}
      </div>
      {status.percent !== undefined && <JobBar percent={status.percent} label={`Sync progress of ${source.name}`} />}
      <div className="source-row__stats tabular">
        <span aria-label="Events">
          {events !== null
            ? `${formatCount(events)} new events this run`
            : `${formatCount(source.coverage.events)} events`}
        </span>
        {status.active && job?.progress && <span>{formatCount(Math.round(job.progress.rate))} events/s</span>}
        {status.etaSeconds !== null && <span>ETA {formatDuration(status.etaSeconds)}</span>}
        {first && last && (
          <span aria-label="Time span fetched">
            {formatTime(first, zone).slice(0, 16)} – {formatTime(last, zone).slice(0, 16)} {zoneAbbreviation(zone)}
          </span>
        )}
      </div>
      <SourceGaps source={source} zone={zone} />
      {status.tone === 'failure' && (
        <div className="error-notice source-row__error" role="alert">
          <strong className="error-notice__title">
            {source.problem !== null && !job ? 'Cannot sync' : 'Sync failed'}
          </strong>
          <span className="error-notice__message">{status.detail}</span>
          {/* A failure the case journaled stays until a sync completes; only this session's can be put away. */}
          {job?.state === 'failed' && (
            <button type="button" className="btn btn--small" onClick={() => dismiss(source.id)}>
              Dismiss
            </button>
          )}
        </div>
      )}
      {untrusted && (
        <div
          className="error-notice source-row__error"
          role="alertdialog"
          aria-labelledby={`${titleId}-trust`}
          aria-describedby={`${titleId}-trust-message`}
        >
          <strong id={`${titleId}-trust`} className="error-notice__title">
            Send this secret there?
          </strong>
          <span id={`${titleId}-trust-message`} className="error-notice__message">
            {untrusted.message}
          </span>
          <button
            type="button"
            className="btn btn--small btn--accent"
            onClick={() => void sync(source.id, untrusted.follow, true)}
          >
            Trust and sync
          </button>
          <button type="button" className="btn btn--small" onClick={() => dismiss(source.id)}>
            Don’t sync
          </button>
        </div>
      )}
      {actionError && (
        <div className="error-notice source-row__error" role="alert">
          <span className="error-notice__message">{actionError}</span>
          <button type="button" className="btn btn--small" onClick={() => dismiss(source.id)}>
            Dismiss
          </button>
        </div>
      )}
      {source.kind === 'files' ? (
        <div className="source-row__actions">
          <button type="button" className="btn btn--small" onClick={() => open('import')}>
            Import more files…
          </button>
        </div>
      ) : (
        <SyncActions source={source} active={status.active} following={following} />
      )}
    </li>
  );
}

const KIND_LABEL: Record<SourceDetails['kind'], string> = { s3: 'S3', api: 'API', files: 'Files', unknown: '?' };

function SyncActions({ source, active, following }: { source: SourceDetails; active: boolean; following: boolean }) {
  const { sync, cancel, remove } = useSources.getState();
  return (
    <div className="source-row__actions">
      {active ? (
        <button
          type="button"
          className="btn btn--small"
          onClick={() => void cancel(source.id)}
          aria-label={`Cancel the sync of ${source.name}`}
        >
          {following ? 'Stop following' : 'Cancel'}
        </button>
      ) : (
        <button
          type="button"
          className="btn btn--small btn--accent"
          disabled={source.problem !== null}
          onClick={() => void sync(source.id)}
          aria-label={`Sync ${source.name} now`}
        >
          Sync now
        </button>
      )}
      <label className="source-row__follow" title="Keep polling for new events until stopped">
        <input
          type="checkbox"
          role="switch"
          checked={following}
          disabled={(active && !following) || source.problem !== null}
          onChange={(e) => void (e.target.checked ? sync(source.id, true) : cancel(source.id))}
        />{' '}
        Follow
      </label>
      {!active && source.lastSync === null && source.coverage.events === 0 && (
        <button
          type="button"
          className="link-button"
          onClick={() => void remove(source.id)}
          aria-label={`Remove ${source.name}`}
        >
          Remove
        </button>
      )}
    </div>
  );
}
