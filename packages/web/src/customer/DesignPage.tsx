// `/designs/:id?token=…`: one saved design, open in the studio editor at its current version,
// with its private link, a read-only share link the owner makes and revokes, every saved version (restore makes a copy the new current version) and
// a way to compare it with other designs.
import { useState } from 'react';
import type { PageProps } from '../routes.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { Loading } from '../ui/Loading.tsx';
import { FormAlert } from '../ui/forms.tsx';
import { DateTime } from '../ui/format.tsx';
import { CopyButton } from '../ui/CopyButton.tsx';
import { Link } from '../router/router.tsx';
import { useResource } from '../ui/useResource.ts';
import type { Design } from '../api/types.ts';
import { shopApi } from '../studio/storefront.ts';
import { loadShopProduct, type LoadedProduct } from '../studio/useShopProduct.ts';
import { useStudio } from '../studio/useStudio.ts';
import { ShopStudio, type DesignRef } from '../studio/ShopStudio.tsx';
import { rememberDesign, tokenFor } from '../studio/savedDesigns.ts';
import { formatMoney } from '../studio/format.ts';
import { formatDate } from '../ui/dates.ts';
import { OwnDesignComments } from './DesignComments.tsx';
import { LazyConversationPanel } from '../dialogue/LazyConversationPanel.tsx';
import { PublishToGallery } from '../gallery/PublishToGallery.tsx';

export function designToken(id: string): string | null {
  return new URLSearchParams(window.location.search).get('token') ?? tokenFor(id);
}

export function DesignPage({ params }: PageProps) {
  const id = params.id ?? '';
  return <DesignLoader key={id} id={id} />;
}

function DesignLoader({ id }: { id: string }) {
  const token = designToken(id);
  const design = useResource(async () => {
    const d = await (await shopApi()).design(id, token);
    return { design: d, loaded: await loadShopProduct(d.productSlug) };
  });
  usePageTitle(design.data?.design.name ?? 'Your design');
  const error = design.error;
  if (error) {
    return (
      <div className="container page">
        <h1>Your design</h1>
        <FormAlert error={error} />
        <p>
          <Link to="/">Back to the start</Link>
        </p>
      </div>
    );
  }
  if (!design.data) return <Loading label="Loading your design" />;
  const { loaded } = design.data;
  return (
    <DesignStudio
      key={design.data.design.id}
      design={design.data.design}
      token={token}
      loaded={loaded}
      onChange={(d) => design.setData(() => ({ design: d, loaded }))}
    />
  );
}

function current(design: Design) {
  return design.versions.find((v) => v.number === design.currentVersion) ?? design.versions.at(-1);
}

function DesignStudio({
  design,
  token,
  loaded,
  onChange,
}: {
  design: Design;
  token: string | null;
  loaded: LoadedProduct;
  onChange: (d: Design) => void;
}) {
  const version = current(design);
  const studio = useStudio(loaded.compiled, version?.choices ?? {}, version?.personalization ?? {});
  const ref: DesignRef = { id: design.id, token, name: design.name };
  const [status, setStatus] = useState('');
  const [restoreError, setRestoreError] = useState<unknown>(null);
  const privateLink = new URL(
    design.editUrl ?? `/designs/${design.id}${token ? `?token=${token}` : ''}`,
    window.location.origin,
  ).href;

  const reload = async () => {
    const shop = await shopApi();
    onChange(await shop.design(design.id, token));
  };

  const restore = async (number: number) => {
    setRestoreError(null);
    try {
      const shop = await shopApi();
      const restored = await shop.restore(design.id, token, number);
      const full = restored.versions ? restored : await shop.design(design.id, token);
      onChange(full);
      const v = current(full);
      if (v) studio.reset(v.choices, v.personalization ?? {});
      setStatus(`Version ${number} restored as version ${full.currentVersion}.`);
    } catch (e) {
      setRestoreError(e);
    }
  };

  return (
    <div className="container page page--studio">
      <header className="studio-head">
        <p className="eyebrow">
          <Link to={`/p/${encodeURIComponent(loaded.product.slug)}`}>{loaded.product.name}</Link>
        </p>
        <h1>{design.name}</h1>
        <p className="studio-head__lead">
          Saved design, version {design.currentVersion}. Every save keeps the earlier versions.
        </p>
      </header>
      <ShopStudio
        shop={loaded.shop}
        product={loaded.product}
        studio={studio}
        design={ref}
        onSaved={() => {
          rememberDesign({
            id: design.id,
            token,
            name: design.name,
            productSlug: design.productSlug,
            savedAt: new Date().toISOString(),
          });
          void reload();
        }}
      />
      <section className="section design-meta" aria-labelledby="share-title">
        <h2 id="share-title">Share and compare</h2>
        <div className="secret__row">
          <label htmlFor="private-link">Your private link (it edits and orders: keep it)</label>
          <input id="private-link" className="secret__value mono" readOnly value={privateLink} />
          <CopyButton text={privateLink} label="Copy private link" />
        </div>
        <ShareLinkControls design={design} token={token} onChange={() => void reload()} />
        <OwnDesignComments id={design.id} token={token} />
        <p>
          <Link to={`/compare?ids=${encodeURIComponent(design.id)}`}>
            Compare with other designs
          </Link>
        </p>
      </section>
      <PublishToGallery designId={design.id} />
      <section className="section" aria-labelledby="versions-title">
        <h2 id="versions-title">Versions</h2>
        <p role="status" className="status-text">
          {status}
        </p>
        <FormAlert error={restoreError} />
        <div className="table-wrap" role="region" aria-labelledby="versions-title" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Saved</th>
                <th scope="col">Note</th>
                <th scope="col">Price</th>
                <th scope="col">Delivery</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...design.versions].reverse().map((v) => (
                <tr key={v.number}>
                  <td>
                    {v.number}
                    {v.number === design.currentVersion ? (
                      <span className="badge badge--info">current</span>
                    ) : null}
                  </td>
                  <td>
                    <DateTime value={v.createdAt} />
                  </td>
                  <td>{v.note ?? ''}</td>
                  <td>{v.quote ? formatMoney(v.quote.total, v.quote.currency) : '—'}</td>
                  <td>{v.quote?.promisedDate ? formatDate(v.quote.promisedDate) : '—'}</td>
                  <td className="table__actions">
                    {v.number === design.currentVersion ? null : (
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => void restore(v.number)}
                      >
                        Restore version {v.number}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <LazyConversationPanel subject={{ kind: 'design', id: design.id }} />
    </div>
  );
}

/**
 * The read-only share link: made on demand and shown once (the server keeps only its hash);
 * making a new one replaces the old, "Stop sharing" revokes it.
 */
function ShareLinkControls({
  design,
  token,
  onChange,
}: {
  design: Design;
  token: string | null;
  onChange: () => void;
}) {
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const run = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
      onChange();
    } catch (e) {
      setError(e);
    }
  };
  const makeLink = () =>
    run(async () => {
      const made = await (await shopApi()).share(design.id, token);
      setLink(new URL(made.shareUrl, window.location.origin).href);
      setStatus('A read-only link is ready: people can view and copy the design, not change it.');
    });
  const revoke = () =>
    run(async () => {
      await (await shopApi()).revokeShare(design.id, token);
      setLink(null);
      setStatus('Sharing stopped: the read-only link no longer opens the design.');
    });
  return (
    <>
      <p role="status" className="status-text">
        {status}
      </p>
      <FormAlert error={error} />
      {link ? (
        <div className="secret__row">
          <label htmlFor="share-link">Read-only share link</label>
          <input id="share-link" className="secret__value mono" readOnly value={link} />
          <CopyButton text={link} label="Copy share link" />
        </div>
      ) : null}
      <div className="secret__row">
        <button type="button" className="button" onClick={() => void makeLink()}>
          {design.shared || link ? 'Make a new share link' : 'Share a read-only link'}
        </button>
        {design.shared || link ? (
          <button type="button" className="button button--ghost" onClick={() => void revoke()}>
            Stop sharing
          </button>
        ) : null}
      </div>
    </>
  );
}
