// What a source's runs did not cover (UX.md §12.2), under its row: each gap's span in the display zone and why —
// not synced, a sync that failed, no imported file — and where the provider's retention begins. The first few are
// listed, the rest counted.
import type { SourceDetails, SourceGap } from '@shared/domain/sources';
import { formatTime, zoneAbbreviation } from '../../lib/format';

const SHOWN = 4;
const KIND_WORDS: Record<SourceGap['kind'], string> = {
  'not-synced': 'Not synced',
  failed: 'Sync failed',
  'not-imported': 'Not imported',
};

export function SourceGaps({ source, zone }: { source: SourceDetails; zone: string }) {
  const { gaps, retainedFrom } = source;
  const minutes = (iso: string) => formatTime(iso, zone).slice(0, 16);
  if (gaps.length === 0 && retainedFrom === null) return null;
  return (
    <div className="source-gaps">
      {gaps.length > 0 && (
        <>
          <span className="source-gaps__title">
            {gaps.length === 1 ? '1 gap' : `${gaps.length} gaps`} in what the case holds:
          </span>
          <ul className="source-gaps__list" aria-label={`Gaps in ${source.name}`}>
            {gaps.slice(0, SHOWN).map((gap) => (
              <li key={`${gap.kind}-${gap.from}`} className={`source-gap source-gap--${gap.kind}`}>
                <span className="tabular">
                  {minutes(gap.from)} – {minutes(gap.to)} {zoneAbbreviation(zone, Date.parse(gap.to))}
                </span>{' '}
                <strong>{KIND_WORDS[gap.kind]}</strong>: {gap.reason}
              </li>
            ))}
            {gaps.length > SHOWN && <li className="muted">and {gaps.length - SHOWN} more</li>}
          </ul>
        </>
      )}
      {retainedFrom !== null && (
        <span className="muted">
          The provider keeps events from {minutes(retainedFrom)} {zoneAbbreviation(zone, Date.parse(retainedFrom))} on:
          anything older that is not here can no longer be synced.
        </span>
      )}
    </div>
  );
}
