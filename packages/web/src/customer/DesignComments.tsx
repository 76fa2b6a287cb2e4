// Comments on a shared design. On the shared page (/shared/:id?share=…) everyone with the link
// reads them and a signed-in customer writes one; a guest is asked to sign in (and comes back
// here). On the owner's design page the owner reads what others wrote and may delete a comment
// (staff hide comments through the API). Texts are rendered as
// text (React escapes them), never as HTML.
import { useId, useRef, useState, type FormEvent } from 'react';
import type { DesignComment } from '../api/types.ts';
import { Link } from '../router/router.tsx';
import { useSession } from '../session.tsx';
import { DateTime } from '../ui/format.tsx';
import { FormAlert, useSubmit } from '../ui/forms.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { Loading } from '../ui/Loading.tsx';
import { useResource } from '../ui/useResource.ts';
import { shopApi } from '../studio/storefront.ts';

export function CommentList({
  comments,
  onDelete,
}: {
  comments: DesignComment[];
  /** The owner's view: each comment can be deleted. */
  onDelete?: (comment: DesignComment) => void;
}) {
  if (comments.length === 0) return <p className="muted">No comments yet.</p>;
  return (
    <ol className="comments" aria-label="Comments">
      {comments.map((c) => (
        <li key={c.id} className="comments__item">
          <p className="comments__meta">
            <strong>{c.author}</strong> · <DateTime value={c.createdAt} />
          </p>
          <p className="comments__body">{c.body}</p>
          {onDelete ? (
            <button
              type="button"
              className="button button--small"
              aria-label={`Delete the comment by ${c.author}`}
              onClick={() => onDelete(c)}
            >
              Delete
            </button>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** The shared page's comments: read by everyone with the link, written when signed in. */
export function SharedDesignComments({ id, share }: { id: string; share: string }) {
  const titleId = useId();
  const comments = useResource(async () => (await shopApi()).sharedComments(id, share));
  const { state } = useSession();
  const customer = state.status === 'signed-in' && state.session.user.kind === 'customer';
  const here = window.location.pathname + window.location.search;
  return (
    <section className="section" aria-labelledby={titleId}>
      <h2 id={titleId}>Comments</h2>
      <FormAlert error={comments.error} />
      {comments.data ? <CommentList comments={comments.data} /> : null}
      {!comments.data && !comments.error ? <Loading label="Loading the comments" /> : null}
      {state.status === 'loading' ? null : customer ? (
        <CommentForm
          onSend={async (body) => {
            const c = await (await shopApi()).comment(id, share, body);
            comments.setData((list) => [...(list ?? []), c]);
          }}
        />
      ) : (
        <p>
          <Link to={`/account/signin?next=${encodeURIComponent(here)}`}>Sign in</Link> to comment on
          this design.
        </p>
      )}
    </section>
  );
}

function CommentForm({ onSend }: { onSend: (body: string) => Promise<void> }) {
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [body, setBody] = useState('');
  const [sent, setSent] = useState(false);
  const submit = useSubmit(form);
  const send = (event: FormEvent) => {
    event.preventDefault();
    setSent(false);
    void submit
      .run(() => onSend(body.trim()))
      .then((ok) => {
        if (!ok) return;
        setBody('');
        setSent(true);
      });
  };
  return (
    <form ref={form} onSubmit={send} className="stack">
      <div className="field">
        <label htmlFor={`${id}-body`}>Your comment</label>
        <textarea
          id={`${id}-body`}
          rows={3}
          required
          maxLength={2000}
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      <FormAlert error={submit.error} />
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={submit.busy}>
          Post comment
        </button>
      </div>
      <p role="status" className="status-text">
        {sent ? 'Your comment is posted.' : ''}
      </p>
    </form>
  );
}

/**
 * The owner's view of the comments on their design (only shown when there are some): they can
 * delete one, for everyone with the link.
 */
export function OwnDesignComments({ id, token }: { id: string; token: string | null }) {
  const titleId = useId();
  const comments = useResource(async () => (await shopApi()).designComments(id, token));
  const [deleting, setDeleting] = useState<DesignComment | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [deleted, setDeleted] = useState(0);
  if (!comments.data?.length && deleted === 0) return null;
  const confirm = async () => {
    if (!deleting) return;
    setBusy(true);
    setError(null);
    try {
      await (await shopApi()).deleteComment(id, token, deleting.id);
      comments.setData((list) => (list ?? []).filter((c) => c.id !== deleting.id));
      setDeleted((n) => n + 1);
      setDeleting(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div aria-labelledby={titleId} role="region">
      <h3 id={titleId}>Comments from people you shared it with</h3>
      <CommentList comments={comments.data ?? []} onDelete={setDeleting} />
      <p role="status" className="status-text">
        {deleted ? 'Comment deleted.' : ''}
      </p>
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this comment?"
        confirmLabel="Delete comment"
        busy={busy}
        error={error}
        onConfirm={() => void confirm()}
        onCancel={() => {
          setDeleting(null);
          setError(null);
        }}
      >
        <p>
          {deleting ? `“${deleting.body}” by ${deleting.author}` : ''} is deleted for everyone with
          the link. This cannot be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}
