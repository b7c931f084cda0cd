// The clause chips row of UX.md §1, under the query: one chip per top-level clause of the query that ran. The chip's
// main button switches the clause off (it leaves the query but stays here, struck through) and on again (it goes
// back where it was); × (or Delete on the focused chip) removes it. A time chip's tooltip gives the UTC instant.
// Whatever App puts at the row's end (the table's view controls: columns, density) follows the chips.
import type { ReactNode } from 'react';
import { chipList, type Chip } from './chips';
import { clauseInstant } from './clause-time';
import { useQuery } from './query.store';

export function ClauseChips({ children }: { children?: ReactNode }) {
  const query = useQuery((s) => s.applied?.query ?? null);
  const zone = useQuery((s) => s.applied?.timeZone ?? 'UTC');
  const parked = useQuery((s) => s.parked);
  const toggle = useQuery((s) => s.toggleChip);
  const remove = useQuery((s) => s.removeChip);
  const chips = query === null ? [] : chipList(query, parked);

  return (
    <div className="chips-row">
      {chips.length > 0 ? (
        <ul className="chips" aria-label="Query clauses">
          {chips.map((chip, i) => (
            <ChipItem
              key={`${i}\u0000${chip.text}`}
              chip={chip}
              zone={zone}
              onToggle={() => toggle(i)}
              onRemove={() => remove(i)}
            />
          ))}
        </ul>
      ) : (
        <span className="muted chips-row__none">{query === null ? '' : 'No filter: every event of the case.'}</span>
      )}
      <span className="toolbar__spacer" />
      {children}
    </div>
  );
}

interface ChipProps {
  chip: Chip;
  zone: string;
  onToggle(): void;
  onRemove(): void;
}

function ChipItem({ chip, zone, onToggle, onRemove }: ChipProps) {
  const instant = clauseInstant(chip.text, zone);
  const negated = chip.text.startsWith('-');
  const what = chip.enabled ? 'Switch off' : 'Switch on';
  return (
    <li className={`chip${chip.enabled ? '' : ' is-off'}${negated ? ' is-negated' : ''}`}>
      <button
        type="button"
        className="chip__toggle"
        aria-pressed={chip.enabled}
        aria-label={`Clause ${chip.text}`}
        title={`${what} ${chip.text}${instant ? ` (${instant} UTC)` : ''}`}
        onClick={onToggle}
        onKeyDown={(e) => {
          // Delete or Backspace on a focused chip removes it, as × does.
          if (e.key === 'Delete' || e.key === 'Backspace') {
            e.preventDefault();
            onRemove();
          }
        }}
      >
        <span className="chip__check" aria-hidden="true">
          {chip.enabled ? '✓' : ''}
        </span>
        <span className="chip__text mono">{chip.text}</span>
      </button>
      <button
        type="button"
        className="chip__remove"
        aria-label={`Remove clause ${chip.text}`}
        title={`Remove ${chip.text}`}
        onClick={onRemove}
      >
        ×
      </button>
    </li>
  );
}
