// `/shared/:id?share=…`: a design someone shared read-only. The visitor sees its choices and
// versions (to compare), nothing of the owner, and can "Make it mine": a copy of the choices in
// a design of their own, opened at once. Saving, restoring and ordering need the private link.
// Everyone with the link reads the comments; signed-in customers write them.
import { Fragment, useState } from 'react';
import type { ProductModel } from '@customerize/engine';
import type { PageProps } from '../routes.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { Loading } from '../ui/Loading.tsx';
import { FormAlert } from '../ui/forms.tsx';
import { DateTime } from '../ui/format.tsx';
import { Link, navigate } from '../router/router.tsx';
import { useResource } from '../ui/useResource.ts';
import { shopApi } from '../studio/storefront.ts';
import { designHref, rememberDesign } from '../studio/savedDesigns.ts';
import { featureLabel, valueLabel } from '../studio/model.ts';
import { formatMoney } from '../studio/format.ts';
import { formatDate } from '../ui/dates.ts';
import { SharedDesignComments } from './DesignComments.tsx';

export function SharedDesignPage({ params }: PageProps) {
  const id = params.id ?? '';
  const share = new URLSearchParams(window.location.search).get('share') ?? '';
  const shared = useResource(async () => {
    const shop = await shopApi();
    const design = await shop.sharedDesign(id, share);
    const product = await shop.product(design.productSlug);
    return { design, product };
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(shared.data?.design.name ?? 'A shared design');

  if (shared.error) {
    return (
      <div className="container page">
        <h1>A shared design</h1>
        <FormAlert error={shared.error} />
        <p>This link may have been revoked by the person who shared it.</p>
        <p>
          <Link to="/">Back to the start</Link>
        </p>
      </div>
    );
  }
  if (!shared.data) return <Loading label="Loading the shared design" />;
  const { design, product } = shared.data;
  const model = product.model as ProductModel;
  const current =
    design.versions.find((v) => v.number === design.currentVersion) ?? design.versions.at(-1);

  const makeItMine = async () => {
    setError(null);
    setBusy(true);
    try {
      const copy = await (await shopApi()).remix(design.id, share);
      const token = copy.token ?? null;
      rememberDesign({
        id: copy.id,
        token,
        name: copy.name,
        productSlug: copy.productSlug,
        savedAt: new Date().toISOString(),
      });
      navigate(designHref(copy.id, token));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <div className="container page">
      <header className="studio-head">
        <p className="eyebrow">
          <Link to={`/p/${encodeURIComponent(design.productSlug)}`}>{product.product.name}</Link>
        </p>
        <h1>{design.name}</h1>
        <p className="studio-head__lead">
          Shared with you to look at, version {design.currentVersion}. To change or order it, make
          your own copy.
        </p>
      </header>
      <FormAlert error={error} />
      <p>
        <button type="button" className="button" disabled={busy} onClick={() => void makeItMine()}>
          Make it mine
        </button>
      </p>
      <section className="section" aria-labelledby="choices-title">
        <h2 id="choices-title">The choices</h2>
        <dl className="facts">
          {model.features.map((f) => (
            <Fragment key={f.id}>
              <dt>{featureLabel(f)}</dt>
              <dd>{valueLabel(f, current?.choices[f.id])}</dd>
            </Fragment>
          ))}
        </dl>
      </section>
      <section className="section" aria-labelledby="shared-versions-title">
        <h2 id="shared-versions-title">Versions</h2>
        <div
          className="table-wrap"
          role="region"
          aria-labelledby="shared-versions-title"
          tabIndex={0}
        >
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Saved</th>
                <th scope="col">Price</th>
                <th scope="col">Delivery</th>
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
                  <td>{v.quote ? formatMoney(v.quote.total, v.quote.currency) : '—'}</td>
                  <td>{v.quote?.promisedDate ? formatDate(v.quote.promisedDate) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <SharedDesignComments id={design.id} share={share} />
    </div>
  );
}
