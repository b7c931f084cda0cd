// The query row's time-range button (UX.md §1) and its popover: presets (the whole case, its last 24 hours, ±N
// around the selected event) and a custom from/to read in the display zone. Every choice is written into the
// query as after:/before: (the query text stays the one source of truth) and runs at once.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { formatTime, zoneLabel } from '../../lib/format';
import { usePopover } from '../../lib/use-popover';
import { useCase } from '../case/case.store';
import { useSelection } from '../events/selection.store';
import { useQuery } from '../query/query.store';
import { runWithRange } from './current-range';
import {
  caseRange,
  DAY_MS,
  HOUR_MS,
  inputInstant,
  inputValue,
  presetRange,
  queryRange,
  type Preset,
  type TimeRange,
} from './time-range';

const AROUND: [string, number][] = [
  ['±1 min', 60_000],
  ['±5 min', 5 * 60_000],
  ['±15 min', 15 * 60_000],
  ['±1 hour', HOUR_MS],
  ['±1 day', DAY_MS],
];

const iso = (ms: number) => new Date(ms).toISOString();

/** `2025-10-16 00:00:00 – 2025-10-17 00:00:00`: the range as the table shows times, in the display zone. */
export function rangeText(range: TimeRange, zone: string): string {
  return `${formatTime(iso(range.from), zone)} – ${formatTime(iso(range.to), zone)}`;
}

export function RangePicker() {
  const { open, setOpen, root, button, close } = usePopover();
  const panelId = useId();
  const applied = useQuery((s) => s.applied);
  const stats = useCase((s) => s.info?.stats);
  const whole = caseRange(stats);
  const current = applied ? queryRange(applied.query, applied.timeZone, whole) : null;
  const zone = applied?.timeZone ?? 'UTC';
  const label = current?.zoomed ? rangeText(current.range, zone) : 'Whole case';
  return (
    <div className="range-picker" ref={root}>
      <button
        ref={button}
        type="button"
        className="btn range-picker__button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`Time range: ${label}`}
        title={`Time range (${zoneLabel(zone)}): ${label}`}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">◷ </span>
        <span className="range-picker__label">{label}</span> ▾
      </button>
      {open && applied && (
        <RangePanel id={panelId} zone={zone} whole={whole} current={current?.range ?? whole} onClose={close} />
      )}
    </div>
  );
}

function RangePanel({
  id,
  zone,
  whole,
  current,
  onClose,
}: {
  id: string;
  zone: string;
  whole: TimeRange | null;
  current: TimeRange | null;
  onClose(): void;
}) {
  const [around, setAround] = useState(5 * 60_000);
  const selected = useSelection((s) => s.selected);
  const rows = useQuery((s) => s.rows);
  const anchorAt = selected !== null ? rows?.rowAt(selected)?.occurred_at : undefined;
  const anchor = anchorAt ? Date.parse(anchorAt) : null;
  const [from, setFrom] = useState(current ? inputValue(current.from, zone) : '');
  const [to, setTo] = useState(current ? inputValue(current.to, zone) : '');
  const [problem, setProblem] = useState<string | null>(null);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);

  const choose = (preset: Preset) => {
    const range = presetRange(preset, { whole, anchor, aroundMs: around });
    if (range === undefined) return;
    runWithRange(range);
    onClose();
  };
  const applyCustom = (e: FormEvent) => {
    e.preventDefault();
    const start = inputInstant(from, zone);
    const end = inputInstant(to, zone);
    if (start === null || end === null) return setProblem('Give both a start and an end, as a date and a time.');
    if (end <= start) return setProblem('The end must come after the start.');
    runWithRange({ from: start, to: end });
    onClose();
  };

  return (
    <div
      id={id}
      className="range-picker__panel"
      role="group"
      aria-label="Time range"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="range-picker__presets">
        <button ref={first} type="button" className="btn" onClick={() => choose('case')}>
          Whole case
        </button>
        <button type="button" className="btn" disabled={!whole} onClick={() => choose('last-day')}>
          Last 24 h of the case
        </button>
        <span className="range-picker__around">
          <button
            type="button"
            className="btn"
            disabled={anchor === null}
            title={anchor === null ? 'Select an event first' : `Around ${formatTime(anchorAt ?? '', zone)}`}
            onClick={() => choose('around')}
          >
            Around the selected event
          </button>
          <select
            aria-label="How far around the event"
            value={around}
            onChange={(e) => setAround(Number(e.target.value))}
          >
            {AROUND.map(([text, ms]) => (
              <option key={ms} value={ms}>
                {text}
              </option>
            ))}
          </select>
        </span>
      </div>
      <form className="range-picker__custom" onSubmit={applyCustom}>
        <label>
          From
          <input type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit" className="btn btn--accent">
          Apply
        </button>
        <p className="muted range-picker__zone">
          Times in {zoneLabel(zone)}; the end is not included.{' '}
          {whole ? `The case spans ${rangeText(whole, zone)}.` : ''}
        </p>
        {problem && (
          <p className="failure-text" role="alert">
            {problem}
          </p>
        )}
      </form>
    </div>
  );
}
