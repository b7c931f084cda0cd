// The drawer's actions on one event (UX.md §5 "Actions"): star, the good / suspicious / bad tags (an icon and a word,
// as Timesketch), any other tag, a comment, copy link (this event in this case) and copy JSON (its raw record).
// `s`, `t` and `c` reach the same actions from the keyboard (use-evidence-keys.ts). Tags and comments are other
// people's text once a case changes hands: rendered as text, isolated (<bdi>) so a bidi control cannot reorder what
// is around it; a comment's line breaks show as line breaks.
import { useEffect, useRef, useState } from 'react';
import type { NormalizedEvent } from '@shared/domain/audit-event';
import { SUGGESTED_TAGS } from '@shared/domain/evidence';
import { copyText } from '../../lib/copy-text';
import { eventLink } from './event-link';
import { COMMENT_INPUT_ID, TAG_INPUT_ID, useEvidence } from './evidence.store';
import { tagToggle } from './evidence-steps';

const TAG_ICONS: Record<string, string> = { good: '✓', suspicious: '?', bad: '✗' };

export function EvidenceActions({ event }: { event: NormalizedEvent }) {
  const annotation = useEvidence((s) => s.byUid.get(event.uid));
  const change = useEvidence((s) => s.change);
  const changeError = useEvidence((s) => s.changeError);
  const starred = annotation?.starred ?? false;
  const tags = annotation?.tags ?? [];
  const saved = annotation?.comment ?? '';
  const [comment, setComment] = useState(saved);
  const [tag, setTag] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [manual, setManual] = useState<string | null>(null);
  const shown = useRef(event.uid);
  // Another event, or the comment saved elsewhere (the CLI, another window): the box shows what is stored.
  useEffect(() => {
    setComment(saved);
    if (shown.current !== event.uid) {
      shown.current = event.uid;
      setStatus(null);
      setManual(null);
    }
  }, [saved, event.uid]);

  const base = { tenantId: event.tenant_id, uid: event.uid };
  const saveComment = async () => {
    await change({ ...base, comment: comment.trim() === '' ? null : comment });
    setStatus(useEvidence.getState().changeError === null ? 'Comment saved.' : null);
  };
  const copy = async (what: 'link' | 'JSON') => {
    const text = what === 'link' ? eventLink(event.uid) : JSON.stringify(event.raw, null, 2);
    if (text === null) return;
    if (await copyText(text)) {
      setStatus(what === 'link' ? 'Link copied: it opens this event in this case.' : 'Raw record copied as JSON.');
      setManual(null);
    } else {
      setStatus('The clipboard is not available here: copy it from the box below.');
      setManual(text);
    }
  };

  return (
    <section className="drawer__section evidence-actions" aria-label="Evidence">
      <div className="evidence-actions__row" role="group" aria-label="Star and tags">
        <button
          type="button"
          className={`btn btn--small evidence-star${starred ? ' is-on' : ''}`}
          aria-pressed={starred}
          title="Star this event (s)"
          onClick={() => void change({ ...base, starred: !starred })}
        >
          <span aria-hidden="true">{starred ? '★' : '☆'}</span> {starred ? 'Starred' : 'Star'}
        </button>
        {SUGGESTED_TAGS.map((name) => (
          <button
            key={name}
            type="button"
            className={`btn btn--small evidence-tag evidence-tag--${name}${tags.includes(name) ? ' is-on' : ''}`}
            aria-pressed={tags.includes(name)}
            title={`Tag this event ${name}`}
            onClick={() => void change({ ...base, ...tagToggle(tags, name) })}
          >
            <span aria-hidden="true">{TAG_ICONS[name]}</span> {name}
          </button>
        ))}
        <span className="toolbar__spacer" />
        <button type="button" className="btn btn--small" onClick={() => void copy('link')}>
          Copy link
        </button>
        <button type="button" className="btn btn--small" onClick={() => void copy('JSON')}>
          Copy JSON
        </button>
      </div>
      <form
        className="evidence-actions__row"
        onSubmit={(e) => {
          e.preventDefault();
          if (tag.trim() === '') return;
          void change({ ...base, addTags: [tag.trim()] }).then(() => {
            if (useEvidence.getState().changeError === null) setTag('');
          });
        }}
      >
        <ul className="evidence-tags" aria-label="Tags">
          {tags
            .filter((t) => !(SUGGESTED_TAGS as readonly string[]).includes(t))
            .map((t) => (
              <li key={t} className="evidence-chip">
                <bdi>#{t}</bdi>
                <button
                  type="button"
                  className="btn btn--icon evidence-chip__remove"
                  aria-label={`Remove tag ${t}`}
                  onClick={() => void change({ ...base, removeTags: [t] })}
                >
                  ×
                </button>
              </li>
            ))}
        </ul>
        <input
          id={TAG_INPUT_ID}
          className="input evidence-actions__tag"
          value={tag}
          maxLength={80}
          placeholder="Add a tag (t)"
          aria-label="Add a tag"
          onChange={(e) => setTag(e.target.value)}
        />
        <button type="submit" className="btn btn--small">
          Tag
        </button>
      </form>
      <label className="evidence-actions__label" htmlFor={COMMENT_INPUT_ID}>
        Comment <span className="muted">(c; Ctrl/⌘+Enter saves)</span>
      </label>
      <textarea
        id={COMMENT_INPUT_ID}
        className="input evidence-actions__comment"
        rows={3}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            // Here it saves the comment, not runs the query.
            e.preventDefault();
            void saveComment();
          }
        }}
      />
      <div className="evidence-actions__row">
        <button
          type="button"
          className="btn btn--small"
          disabled={comment === saved}
          onClick={() => void saveComment()}
        >
          Save comment
        </button>
        {status && (
          <span className="muted" role="status">
            {status}
          </span>
        )}
      </div>
      {changeError && (
        <p className="failure-text" role="alert">
          {changeError}
        </p>
      )}
      {manual !== null && (
        <textarea className="input evidence-actions__manual" readOnly value={manual} aria-label="Text to copy" />
      )}
    </section>
  );
}
