// The folders of Parquet attached to the case (`trailscope case attach`), read-only under the sources: each folder's
// path, its events and its status. A folder that was missing or changed when the case opened says so; its events are
// left out until it is back. Attaching and detaching are the command line's (the app never names a folder to read).
import type { AttachmentInfo } from '@shared/domain/attachments';
import { formatCount } from '../../lib/format';
import { useSources } from './sources.store';

const STATUS: Record<AttachmentInfo['status'], string> = {
  ok: 'read with the case',
  missing: 'missing — its events are left out',
  invalid: 'changed — its events are left out',
};

export function AttachedFolders() {
  const attachments = useSources((s) => s.attachments);
  if (attachments.length === 0) return null;
  return (
    <section className="attached-folders" aria-label="Attached folders">
      <h3 className="attached-folders__title">Attached Parquet folders</h3>
      <ul className="attached-folders__list">
        {attachments.map((attachment) => (
          <li
            key={attachment.path}
            className={`attached-folder attached-folder--${attachment.status}`}
            data-status={attachment.status}
          >
            <code className="attached-folder__path">{attachment.path}</code>
            <span className="attached-folder__facts">
              {attachment.status === 'ok'
                ? `${formatCount(attachment.events)} events in ${formatCount(attachment.files)} files · `
                : ''}
              <span className="attached-folder__status">{STATUS[attachment.status]}</span>
            </span>
            {attachment.problem && <span className="attached-folder__problem muted">{attachment.problem}</span>}
          </li>
        ))}
      </ul>
      <p className="muted attached-folders__hint">
        Detach with <code>trailscope case detach &lt;case&gt; &lt;folder&gt;</code>.
      </p>
    </section>
  );
}
