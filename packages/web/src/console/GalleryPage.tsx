// `/console/gallery`: the co-creation gallery for owner and sales staff. The moderation queue
// (gallery comments, reported ones first: hide or show again) and the publications (hide or
// show; adopt as a community pick with the reward its creator receives, in the firm's currency;
// un-adopt — a reward already granted stays). Every action is in the audit log.
import { useState } from 'react';
import { galleryStaff, type StaffGalleryComment, type StaffPublication } from '../api/gallery.ts';
import { DateTime } from '../ui/format.tsx';
import { FormAlert } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { formatMoney } from '../studio/format.ts';
import { canModerateComments } from './CommentsPage.tsx';
import type { ConsolePageProps } from './routes.tsx';

export function GalleryPage({ session }: ConsolePageProps) {
  usePageTitle('Gallery', session.tenant.name);
  const allowed = canModerateComments(session.user.role);
  const comments = useResource(() =>
    allowed ? galleryStaff.comments() : Promise.resolve([] as StaffGalleryComment[]),
  );
  const publications = useResource(() =>
    allowed ? galleryStaff.publications() : Promise.resolve([] as StaffPublication[]),
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [rewards, setRewards] = useState<Record<string, string>>({});

  const act = async (id: string, action: () => Promise<void>) => {
    setBusy(id);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const replacePublication = (next: StaffPublication) =>
    publications.setData((rows) => rows?.map((r) => (r.id === next.id ? next : r)));

  return (
    <>
      <PageHeader title="Gallery">
        Designs customers published, and their comments. Hide what should not be shown; adopt a
        design as a community pick in the studio and reward its creator.
      </PageHeader>
      {!allowed ? <p>Owners and sales staff moderate the gallery.</p> : null}
      <FormAlert error={comments.error ?? publications.error ?? error} />
      <section className="section" aria-labelledby="queue-title">
        <h2 id="queue-title">Moderation queue</h2>
        {comments.loading && !comments.data ? <Loading label="Loading the comments" /> : null}
        {allowed && comments.data?.length === 0 ? <p>No comments yet.</p> : null}
        {comments.data?.length ? (
          <div className="table-wrap" role="region" aria-labelledby="queue-title" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Design</th>
                  <th scope="col">Shown as</th>
                  <th scope="col">Comment</th>
                  <th scope="col">Reports</th>
                  <th scope="col">Written</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {comments.data.map((c) => (
                  <tr key={c.id}>
                    <td>{c.publicationTitle}</td>
                    <td>{c.displayName}</td>
                    <td>{c.body}</td>
                    <td>{c.reports}</td>
                    <td>
                      <DateTime value={c.createdAt} />
                    </td>
                    <td>{c.hidden ? 'Hidden' : 'Shown'}</td>
                    <td>
                      <button
                        type="button"
                        className="button button--small"
                        disabled={busy === c.id}
                        aria-label={`${c.hidden ? 'Show again' : 'Hide'}: comment by ${c.displayName} on ${c.publicationTitle}`}
                        onClick={() =>
                          void act(c.id, async () => {
                            const next = await galleryStaff.hideComment(c.id, !c.hidden);
                            comments.setData((rows) =>
                              rows?.map((r) => (r.id === next.id ? next : r)),
                            );
                          })
                        }
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
      </section>
      <section className="section" aria-labelledby="publications-title">
        <h2 id="publications-title">Publications</h2>
        {publications.loading && !publications.data ? (
          <Loading label="Loading the publications" />
        ) : null}
        {allowed && publications.data?.length === 0 ? <p>Nothing published yet.</p> : null}
        {publications.data?.length ? (
          <div
            className="table-wrap"
            role="region"
            aria-labelledby="publications-title"
            tabIndex={0}
          >
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Product</th>
                  <th scope="col">By</th>
                  <th scope="col">Price</th>
                  <th scope="col">Likes</th>
                  <th scope="col">Remixes</th>
                  <th scope="col">Comments</th>
                  <th scope="col">Status</th>
                  <th scope="col">Community pick</th>
                </tr>
              </thead>
              <tbody>
                {publications.data.map((p) => (
                  <tr key={p.id}>
                    <td>{p.title}</td>
                    <td>{p.productName}</td>
                    <td>{p.displayName}</td>
                    <td>{formatMoney(p.price.total, p.price.currency)}</td>
                    <td>{p.likes}</td>
                    <td>{p.remixes}</td>
                    <td>{p.comments}</td>
                    <td>
                      {p.hidden ? 'Hidden' : 'Shown'}{' '}
                      <button
                        type="button"
                        className="button button--small"
                        disabled={busy === p.id}
                        aria-label={`${p.hidden ? 'Show again' : 'Hide'}: ${p.title}`}
                        onClick={() =>
                          void act(p.id, async () =>
                            replacePublication(await galleryStaff.hidePublication(p.id, !p.hidden)),
                          )
                        }
                      >
                        {p.hidden ? 'Show again' : 'Hide'}
                      </button>
                    </td>
                    <td>
                      {p.adoptedAt ? (
                        <>
                          Adopted <DateTime value={p.adoptedAt} />{' '}
                          <button
                            type="button"
                            className="button button--small button--secondary"
                            disabled={busy === p.id}
                            aria-label={`No longer a community pick: ${p.title}`}
                            onClick={() =>
                              void act(p.id, async () =>
                                replacePublication(await galleryStaff.unadopt(p.id)),
                              )
                            }
                          >
                            Un-adopt
                          </button>
                        </>
                      ) : (
                        <form
                          className="form-row"
                          aria-label={`Adopt ${p.title}`}
                          onSubmit={(e) => {
                            e.preventDefault();
                            const amount = Math.round(
                              Number((rewards[p.id] ?? '0').replace(',', '.')) * 100,
                            );
                            void act(p.id, async () =>
                              replacePublication(
                                await galleryStaff.adopt(
                                  p.id,
                                  Number.isFinite(amount) ? amount : 0,
                                ),
                              ),
                            );
                          }}
                        >
                          {p.rewardGranted ? (
                            <span className="muted">Reward already granted.</span>
                          ) : (
                            <label>
                              Reward ({p.price.currency})
                              <input
                                type="number"
                                min="0"
                                step="0.01"
                                inputMode="decimal"
                                value={rewards[p.id] ?? ''}
                                onChange={(e) =>
                                  setRewards((r) => ({ ...r, [p.id]: e.target.value }))
                                }
                              />
                            </label>
                          )}
                          <button
                            type="submit"
                            className="button button--small"
                            disabled={busy === p.id || p.hidden}
                          >
                            Adopt as community pick
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}
