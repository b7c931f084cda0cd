// The "Saved" list beside the query bar: the case's saved queries (a click runs one, with its columns, range and
// zone), a form that saves the query on screen under a name (asking before it replaces one), rename and remove (with
// a confirmation) per entry, and the recent queries of this case below. A disclosure like the column chooser: the
// button opens it and focus moves in, Tab walks it, Esc closes the innermost step first (a confirmation or a rename)
// and then the panel, returning focus to the button; a click outside closes it. Columns reach it through `view`
// (App.tsx hands the table's in): the query feature does not import the events feature.
import {
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import type { ColumnId } from '@shared/domain/columns';
import type { SavedQuery } from '@shared/domain/saved-queries';
import { errorMessage } from '../../lib/bridge';
import { usePopover } from '../../lib/use-popover';
import { localZone, zoneOf } from '../../lib/format';
import { usePreferences } from '../preferences/preferences.store';
import { recentQueries } from './query-history';
import { useQuery } from './query.store';
import { draftOfView, savedNamed, viewOfSaved } from './saved-view';
import { useSaved } from './saved.store';

const RECENT_LIMIT = 10;

export interface ColumnsPort {
  get(): readonly ColumnId[];
  set(columns: readonly ColumnId[]): void;
}

/** One step that waits for the user: a replace or remove to confirm, or a rename being typed. */
type Pending =
  /** `name`: the saved query replaced; `saveAs`: the name typed (the same in any case), which it then takes. */
  | { kind: 'replace'; name: string; saveAs: string }
  | { kind: 'remove'; name: string }
  | { kind: 'rename'; name: string };

export function SavedQueries({ view }: { view: ColumnsPort }) {
  const { open, setOpen, root, button, close } = usePopover();
  const panelId = useId();
  const nameInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return;
    void useSaved.getState().load();
    nameInput.current?.focus();
  }, [open]);

  return (
    <div className="saved" ref={root}>
      <button
        ref={button}
        type="button"
        className="btn"
        aria-expanded={open}
        aria-controls={panelId}
        title="Saved and recent queries"
        onClick={() => setOpen((o) => !o)}
      >
        Saved ▾
      </button>
      {open && <SavedPanel id={panelId} view={view} nameInput={nameInput} onClose={close} />}
    </div>
  );
}

function SavedPanel({
  id,
  view,
  nameInput,
  onClose,
}: {
  id: string;
  view: ColumnsPort;
  nameInput: RefObject<HTMLInputElement | null>;
  onClose(): void;
}) {
  const list = useSaved((s) => s.list);
  const status = useSaved((s) => s.status);
  const loadError = useSaved((s) => s.loadError);
  const history = useQuery((s) => s.history);
  const applied = useQuery((s) => s.applied);
  const [name, setName] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const [renameTo, setRenameTo] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const current = applied?.query ?? useQuery.getState().draft;
  const recent = recentQueries(history, '', RECENT_LIMIT);

  const onScreen = () => ({
    query: current,
    zone: zoneOf(usePreferences.getState().zoneMode),
    columns: view.get(),
  });

  const save = async (saveAs: string) => {
    setProblem(null);
    try {
      const saved = await useSaved.getState().save(draftOfView(saveAs, onScreen()));
      setPending(null);
      setName('');
      setAnnouncement(`Saved “${saved.name}”.`);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  const submitNew = (event: FormEvent) => {
    event.preventDefault();
    const existing = savedNamed(list, name);
    if (existing) setPending({ kind: 'replace', name: existing.name, saveAs: name });
    else void save(name);
  };

  const rename = async (from: string) => {
    setProblem(null);
    const saved = savedNamed(list, from);
    if (!saved) return;
    try {
      const { query, columns, from, to, zone } = saved;
      await useSaved.getState().save({ name: renameTo.trim(), query, columns, from, to, zone }, saved.name);
      setPending(null);
      setAnnouncement(`Renamed “${from}” to “${renameTo.trim()}”.`);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  const remove = async (removed: string) => {
    setProblem(null);
    try {
      await useSaved.getState().remove(removed);
      setPending(null);
      setAnnouncement(`Removed “${removed}”.`);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  const runSaved = (saved: SavedQuery) => {
    const next = viewOfSaved(saved, localZone());
    if (next.columns) view.set(next.columns);
    const preferences = usePreferences.getState();
    if (next.zoneMode && next.zoneMode !== preferences.zoneMode) preferences.setZoneMode(next.zoneMode);
    void useQuery.getState().run(next.query, { parked: [] });
    onClose();
  };

  const runRecent = (query: string) => {
    void useQuery.getState().run(query, { parked: [] });
    onClose();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    // The innermost step first: a confirmation or a rename, then the panel.
    if (pending) {
      setPending(null);
      setProblem(null);
      nameInput.current?.focus();
    } else onClose();
  };

  return (
    <div id={id} className="saved__panel" role="group" aria-label="Saved and recent queries" onKeyDown={onKeyDown}>
      <form className="saved__form" onSubmit={submitNew}>
        <label htmlFor={`${id}-name`}>Save the query on screen as</label>
        <div className="saved__form-row">
          <input
            ref={nameInput}
            id={`${id}-name`}
            type="text"
            className="saved__input"
            value={name}
            maxLength={200}
            placeholder="Name, e.g. Failed logins from new IPs"
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="btn btn--small btn--accent" disabled={name.trim() === ''}>
            Save
          </button>
        </div>
        <code className="saved__current muted">{current || '(every event)'}</code>
      </form>
      {pending?.kind === 'replace' && (
        <Confirm
          text={
            <>
              A saved query is named “<bdi>{pending.name}</bdi>”. Replace it with the query on screen?
            </>
          }
          action="Replace"
          onConfirm={() => void save(pending.saveAs)}
          onCancel={() => setPending(null)}
        />
      )}
      {problem && (
        <p className="saved__problem" role="alert">
          {problem}
        </p>
      )}

      <h3 className="saved__heading">Saved</h3>
      {status === 'loading' && list.length === 0 && <p className="muted">Loading…</p>}
      {loadError && (
        <p className="saved__problem" role="alert">
          The saved queries could not be read: {loadError}
        </p>
      )}
      {status === 'ready' && list.length === 0 && (
        <p className="muted">No saved queries in this case yet: name the query on screen above to keep it.</p>
      )}
      <ul className="saved__list" aria-label="Saved queries">
        {list.map((saved) => (
          <li key={saved.name} className="saved__item">
            {pending?.kind === 'rename' && pending.name === saved.name ? (
              <form
                className="saved__form-row"
                onSubmit={(e) => {
                  e.preventDefault();
                  void rename(saved.name);
                }}
              >
                <label className="sr-only" htmlFor={`${id}-rename`}>
                  New name for {saved.name}
                </label>
                <input
                  id={`${id}-rename`}
                  type="text"
                  className="saved__input"
                  value={renameTo}
                  maxLength={200}
                  autoFocus
                  onChange={(e) => setRenameTo(e.target.value)}
                />
                <button type="submit" className="btn btn--small" disabled={renameTo.trim() === ''}>
                  Rename
                </button>
                <button type="button" className="btn btn--small" onClick={() => setPending(null)}>
                  Cancel
                </button>
              </form>
            ) : (
              <div className="saved__row">
                <button
                  type="button"
                  className="saved__run"
                  aria-label={`Run saved query ${saved.name}`}
                  onClick={() => runSaved(saved)}
                >
                  {/* Isolated: a name's right-to-left text or bidi control cannot reorder what is around it. */}
                  <bdi className="saved__name">{saved.name}</bdi>
                  <span className="saved__query mono muted">{describeSaved(saved)}</span>
                </button>
                <button
                  type="button"
                  className="btn btn--small"
                  aria-label={`Rename ${saved.name}`}
                  onClick={() => {
                    setRenameTo(saved.name);
                    setPending({ kind: 'rename', name: saved.name });
                  }}
                >
                  Rename
                </button>
                <button
                  type="button"
                  className="btn btn--small"
                  aria-label={`Replace ${saved.name} with the query on screen`}
                  onClick={() => setPending({ kind: 'replace', name: saved.name, saveAs: saved.name })}
                >
                  Replace
                </button>
                <button
                  type="button"
                  className="btn btn--small"
                  aria-label={`Remove ${saved.name}`}
                  onClick={() => setPending({ kind: 'remove', name: saved.name })}
                >
                  Remove
                </button>
              </div>
            )}
            {pending?.kind === 'remove' && pending.name === saved.name && (
              <Confirm
                text={
                  <>
                    Remove the saved query “<bdi>{saved.name}</bdi>”? The case&apos;s journal keeps a note of it.
                  </>
                }
                action="Remove"
                onConfirm={() => void remove(saved.name)}
                onCancel={() => setPending(null)}
              />
            )}
          </li>
        ))}
      </ul>

      <h3 className="saved__heading">Recent</h3>
      {recent.length === 0 ? (
        <p className="muted">Queries you run in this case show here.</p>
      ) : (
        <ul className="saved__list" aria-label="Recent queries">
          {recent.map((query) => (
            <li key={query} className="saved__item">
              <button type="button" className="saved__run" onClick={() => runRecent(query)}>
                <span className="saved__query mono">{query}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <span className="sr-only" role="status" aria-live="polite">
        {announcement}
      </span>
    </div>
  );
}

/** The query and, when saved with them, its range, zone and columns, in one line. */
function describeSaved(saved: SavedQuery): string {
  const range = saved.from === null && saved.to === null ? '' : ` · ${saved.from ?? 'start'} → ${saved.to ?? 'now'}`;
  return `${saved.query || '(every event)'}${range}${saved.zone ? ` · ${saved.zone}` : ''}`;
}

function Confirm({
  text,
  action,
  onConfirm,
  onCancel,
}: {
  text: ReactNode;
  action: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  const confirm = useRef<HTMLButtonElement>(null);
  // Focus moves to the choice, so Enter confirms and Esc (the panel's) cancels.
  useEffect(() => confirm.current?.focus(), []);
  return (
    <div className="saved__confirm" role="alertdialog" aria-label={`${action}?`}>
      <p>{text}</p>
      <button ref={confirm} type="button" className="btn btn--small btn--accent" onClick={onConfirm}>
        {action}
      </button>
      <button type="button" className="btn btn--small" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
