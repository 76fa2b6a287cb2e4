// The history of a conversation, oldest first: who wrote, when, what, and attachments as
// downloads. Revision steps are messages too, labelled by their kind.
import type { Message } from './api.ts';
import { dialogue } from './api.ts';
import { DateTime } from '../ui/format.tsx';

const KIND_LABELS: Record<string, string> = {
  'revision-requested': 'Asked for a change',
  'revision-proposed': 'Proposed a revised design',
  'revision-accepted': 'Accepted the revised design',
  'revision-declined': 'Declined the revised design',
  'order-change': 'Order change',
  'status-changed': 'Status changed',
  rescheduled: 'New delivery date',
  assigned: 'Assigned',
};

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function MessageList({
  messages,
  viewer,
}: {
  messages: Message[];
  /** Whose screen this is: their own messages are labelled "You". */
  viewer: 'customer' | 'staff';
}) {
  if (messages.length === 0) return <p className="muted">No messages yet.</p>;
  return (
    <ol className="thread" aria-label="Messages">
      {messages.map((m) => {
        const own = m.author.kind === viewer;
        const who = own
          ? 'You'
          : m.author.kind === 'customer'
            ? 'Customer'
            : m.author.kind === 'staff'
              ? 'The firm'
              : 'System';
        return (
          <li key={m.id} className={`thread__msg thread__msg--${own ? 'own' : 'other'}`}>
            <p className="thread__meta">
              <strong>{who}</strong> · <DateTime value={m.createdAt} />
              {KIND_LABELS[m.kind] ? <span className="badge"> {KIND_LABELS[m.kind]}</span> : null}
            </p>
            <p className="thread__body">{m.body}</p>
            {m.attachments.length ? (
              <ul className="thread__files" aria-label="Attachments">
                {m.attachments.map((a) => (
                  <li key={a.id}>
                    <a href={dialogue.attachmentUrl(a.id)} download={a.filename}>
                      {a.filename}
                    </a>{' '}
                    <span className="muted">({sizeText(a.size)})</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
