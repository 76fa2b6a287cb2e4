// `/console/comments`: comments customers left on shared designs, newest first, to moderate
// (GET /design-comments). Owner and sales staff hide one — then nobody but staff sees it — or
// show it again; each is in the audit log. The design's owner deletes comments themselves.
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { StaffDesignComment } from '../api/types.ts';
import { DateTime } from '../ui/format.tsx';
import { FormAlert } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';

/** Who may hide comments (the server's guard: owner and sales). */
export function canModerateComments(role: string): boolean {
  return role === 'owner' || role === 'sales';
}

export function CommentsPage({ session }: ConsolePageProps) {
  usePageTitle('Comments', session.tenant.name);
  const allowed = canModerateComments(session.user.role);
  const list = useResource(() =>
    allowed ? api.designComments.list() : Promise.resolve([] as StaffDesignComment[]),
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const toggle = async (c: StaffDesignComment) => {
    setBusy(c.id);
    setError(null);
    try {
      const next = c.hidden
        ? await api.designComments.show(c.id)
        : await api.designComments.hide(c.id);
      list.setData((rows) => rows?.map((r) => (r.id === next.id ? next : r)));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <PageHeader title="Comments">
        What customers wrote on designs shared with them. Hide a comment to keep it from everyone
        with the link; the design’s owner can delete comments themselves.
      </PageHeader>
      {!allowed ? <p>Owners and sales staff moderate comments.</p> : null}
      <FormAlert error={list.error ?? error} />
      {list.loading && !list.data ? <Loading label="Loading the comments" /> : null}
      {allowed && list.data?.length === 0 ? <p>No comments yet.</p> : null}
      {list.data?.length ? (
        <div
          className="table-wrap"
          role="region"
          aria-label="Comments on shared designs"
          tabIndex={0}
        >
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Design</th>
                <th scope="col">Author</th>
                <th scope="col">Comment</th>
                <th scope="col">Written</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => (
                <tr key={c.id}>
                  <td>{c.designName}</td>
                  <td>{c.author}</td>
                  <td>{c.body}</td>
                  <td>
                    <DateTime value={c.createdAt} />
                  </td>
                  <td>{c.hidden ? 'Hidden' : 'Shown'}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--small"
                      disabled={busy === c.id}
                      aria-label={`${c.hidden ? 'Show again' : 'Hide'}: comment by ${c.author} on ${c.designName}`}
                      onClick={() => void toggle(c)}
                    >
                      {c.hidden ? 'Show again' : 'Hide'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
