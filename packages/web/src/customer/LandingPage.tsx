// `/`: where a customer starts designing: the firm's published products (GET /storefront, then
// /shop/:tenant/products), each opening its studio at /p/:slug.
import type { PageProps } from '../routes.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { Loading } from '../ui/Loading.tsx';
import { FormAlert } from '../ui/forms.tsx';
import { Link } from '../router/router.tsx';
import { shopApi } from '../studio/storefront.ts';
import { formatMoney } from '../studio/format.ts';
import { useFirmName } from './useFirmName.ts';

export function LandingPage(_props: PageProps) {
  const firm = useFirmName();
  usePageTitle('Design your product', firm);
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <div className="container">
          <h1 id="hero-title">Design your product</h1>
          <p className="hero__lead">
            Shape it to your needs, within what {firm === 'Customerize' ? 'the maker' : firm} can
            build. You see the price and the delivery date as you go, and you order only when it is
            right.
          </p>
        </div>
      </section>
      <div className="container">
        <ProductList />
        <section aria-labelledby="steps-title" className="steps">
          <h2 id="steps-title">How it works</h2>
          <ol className="steps__list">
            <li>
              <h3>Choose and configure</h3>
              <p>Pick a product and set its options. Choices that do not fit explain why.</p>
            </li>
            <li>
              <h3>See price and delivery</h3>
              <p>Every change updates the price and the date it can be delivered.</p>
            </li>
            <li>
              <h3>Order and talk to us</h3>
              <p>Your product is built to order, and you keep one conversation with the maker.</p>
            </li>
          </ol>
        </section>
      </div>
    </>
  );
}

function ProductList() {
  const products = useResource(async () => {
    const shop = await shopApi();
    return {
      products: await shop.products(),
      base: `/api/v1/shop/${encodeURIComponent(shop.tenant)}/assets/`,
    };
  });
  return (
    <section id="studio" className="catalog" aria-labelledby="studio-title">
      <h2 id="studio-title">Choose what to design</h2>
      {products.error ? <FormAlert error={products.error} /> : null}
      {!products.data && !products.error ? <Loading label="Loading the products" /> : null}
      {products.data && products.data.products.length === 0 ? (
        <p className="muted">The product catalog is not published yet. Please come back soon.</p>
      ) : null}
      {products.data ? (
        <ul className="product-grid">
          {products.data.products.map((p) => (
            <li key={p.id} className="product-card">
              {p.heroAsset ? (
                <CardPreview
                  layers={[
                    p.heroAsset.startsWith('/')
                      ? p.heroAsset
                      : products.data!.base + encodeURIComponent(p.heroAsset),
                    ...(p.previewLayers ?? []),
                  ]}
                />
              ) : (
                <span className="product-card__img product-card__img--blank" aria-hidden="true" />
              )}
              <h3 className="product-card__name">
                <Link to={`/p/${encodeURIComponent(p.slug)}`}>{p.name}</Link>
              </h3>
              {p.description ? <p className="product-card__desc">{p.description}</p> : null}
              <p className="product-card__price">
                {p.kind === 'standard' ? '' : 'from '}
                {formatMoney(p.fromPrice, p.currency)}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** The card's picture: the base image with the default design's layers on top, as in the studio. */
function CardPreview({ layers }: { layers: string[] }) {
  return (
    <span className="product-card__img product-card__preview" data-testid="card-preview">
      {layers.map((src) => (
        <img
          key={src}
          className="product-card__layer"
          src={src}
          alt=""
          loading="lazy"
          onLoad={(e) => e.currentTarget.classList.add('product-card__layer--loaded')}
        />
      ))}
    </span>
  );
}
