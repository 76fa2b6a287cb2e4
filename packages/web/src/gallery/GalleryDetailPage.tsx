// `/gallery/:id`: one published design — its choices, story, price at publishing, counts and
// the credit of the design it was remixed from. Signed-in customers like it, comment (plain
// text, under a name they choose) and report comments; anyone can remix it, which opens the
// studio at `/p/:slug?remix=<id>` with its choices as their own start.
import { Fragment, useState, type FormEvent } from 'react';
import type { ProductModel } from '@customerize/engine';
import type { PageProps } from '../routes.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { Loading } from '../ui/Loading.tsx';
import { FormAlert, TextField, useSubmit } from '../ui/forms.tsx';
import { DateTime } from '../ui/format.tsx';
import { Link, navigate } from '../router/router.tsx';
import { useResource } from '../ui/useResource.ts';
import { useSession } from '../session.tsx';
import { loadStorefront, shopApi } from '../studio/storefront.ts';
import { featureLabel, valueLabel } from '../studio/model.ts';
import { formatMoney } from '../studio/format.ts';
import { galleryApi } from '../api/gallery.ts';

export function remixHref(productSlug: string, publicationId: string): string {
  return `/p/${encodeURIComponent(productSlug)}?remix=${encodeURIComponent(publicationId)}`;
}

export function GalleryDetailPage({ params }: PageProps) {
  const id = params.id ?? '';
  const { state } = useSession();
  const signedIn = state.status === 'signed-in' && state.session.user.kind === 'customer';
  const data = useResource(async () => {
    const s = await loadStorefront();
    const g = galleryApi(s.tenant.slug);
    const view = await g.get(id);
    const product = await (await shopApi()).product(view.publication.productSlug);
    return { g, view, model: product.model as ProductModel };
  });
  usePageTitle(data.data?.view.publication.title ?? 'Gallery');
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [body, setBody] = useState('');
  const [name, setName] = useState('');
  const submit = useSubmit();

  if (data.error) {
    return (
      <div className="container page">
        <h1>Gallery</h1>
        <FormAlert error={data.error} />
        <p>
          <Link to="/gallery">Back to the gallery</Link>
        </p>
      </div>
    );
  }
  if (!data.data) return <Loading label="Loading the design" />;
  const { g, view, model } = data.data;
  const p = view.publication;

  const toggleLike = async () => {
    setError(null);
    try {
      const r = await g.like(p.id, !view.likedByMe);
      data.setData((d) =>
        d
          ? {
              ...d,
              view: {
                ...d.view,
                likedByMe: r.liked,
                publication: { ...d.view.publication, likes: r.likes },
              },
            }
          : d,
      );
    } catch (e) {
      setError(e);
    }
  };

  const report = async (commentId: string) => {
    setError(null);
    try {
      await g.report(commentId);
      setStatus('Thank you: the firm’s moderators will look at this comment.');
    } catch (e) {
      setError(e);
    }
  };

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await submit.run(async () => {
      await g.comment(p.id, { body, ...(name.trim() ? { displayName: name } : {}) });
    });
    if (ok) {
      setBody('');
      setStatus('Your comment is published.');
      await data.reload();
    }
  };

  return (
    <div className="container page">
      <header className="studio-head">
        <p className="eyebrow">
          <Link to="/gallery">Gallery</Link> · {p.productName}
        </p>
        <h1>{p.title}</h1>
        <p className="studio-head__lead">
          By {p.displayName}, <DateTime value={p.publishedAt} />.
          {p.communityPick ? <span className="badge badge--info">Community pick</span> : null}
        </p>
        {p.remixedFrom ? (
          <p data-testid="remixed-from">
            Remixed from{' '}
            <Link to={`/gallery/${encodeURIComponent(p.remixedFrom.id)}`}>
              {p.remixedFrom.title}
            </Link>{' '}
            by {p.remixedFrom.displayName}
          </p>
        ) : null}
      </header>
      <FormAlert error={error} />
      <p role="status">{status}</p>
      {p.story ? <p className="gallery-story">{p.story}</p> : null}
      <p className="card__price">{formatMoney(p.price.total, p.price.currency)} when published</p>
      <p data-testid="gallery-counts">
        {p.likes} like{p.likes === 1 ? '' : 's'} · {p.remixes} remix{p.remixes === 1 ? '' : 'es'} ·{' '}
        {p.comments} comment{p.comments === 1 ? '' : 's'}
      </p>
      <p className="button-row">
        <button
          type="button"
          className="button"
          onClick={() => navigate(remixHref(p.productSlug, p.id))}
        >
          Remix this design
        </button>{' '}
        {signedIn ? (
          <button
            type="button"
            className="button button--secondary"
            aria-pressed={view.likedByMe}
            onClick={() => void toggleLike()}
          >
            {view.likedByMe ? 'Unlike' : 'Like'}
          </button>
        ) : (
          <Link to="/account/signin">Sign in to like or comment</Link>
        )}
      </p>
      <section className="section" aria-labelledby="gallery-choices">
        <h2 id="gallery-choices">The choices</h2>
        <dl className="facts">
          {model.features
            .filter((f) => p.choices[f.id] !== undefined)
            .map((f) => (
              <Fragment key={f.id}>
                <dt>{featureLabel(f)}</dt>
                <dd>{valueLabel(f, p.choices[f.id])}</dd>
              </Fragment>
            ))}
        </dl>
      </section>
      <section className="section" aria-labelledby="gallery-comments">
        <h2 id="gallery-comments">Comments</h2>
        {view.comments.length === 0 ? <p>No comments yet.</p> : null}
        <ul className="saved-list">
          {view.comments.map((c) => (
            <li key={c.id}>
              <p>
                <strong>{c.displayName}</strong> · <DateTime value={c.createdAt} />
              </p>
              <p>{c.body}</p>
              {signedIn ? (
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Report the comment by ${c.displayName}`}
                  onClick={() => void report(c.id)}
                >
                  Report
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        {signedIn ? (
          <form onSubmit={(e) => void send(e)} aria-label="Write a comment">
            <FormAlert error={submit.error} />
            <div className="field">
              <label htmlFor="gallery-comment">
                Your comment (plain text, up to 1000 characters)
              </label>
              <textarea
                id="gallery-comment"
                value={body}
                maxLength={1000}
                required
                onChange={(e) => setBody(e.target.value)}
              />
              {submit.fieldErrors.body ? (
                <p className="field__error">{submit.fieldErrors.body}</p>
              ) : null}
            </div>
            <TextField
              label="Shown as"
              hint="A name you choose; without one you are shown as “A customer”."
              value={name}
              maxLength={40}
              error={submit.fieldErrors.displayName}
              onChange={(e) => setName(e.target.value)}
            />
            <button type="submit" className="button" disabled={submit.busy}>
              Comment
            </button>
          </form>
        ) : null}
      </section>
    </div>
  );
}
