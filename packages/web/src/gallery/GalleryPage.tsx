// `/gallery`: the firm's co-creation gallery — designs customers published, by product, newest,
// most liked or most remixed first, a page at a time. Each card shows its counts and opens
// `/gallery/:id`. Publishers are shown by the name they chose, never their own.
import { useEffect, useState } from 'react';
import type { PageProps } from '../routes.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { Loading } from '../ui/Loading.tsx';
import { FormAlert, SelectField } from '../ui/forms.tsx';
import { Link } from '../router/router.tsx';
import { loadStorefront, shopApi } from '../studio/storefront.ts';
import { formatMoney } from '../studio/format.ts';
import { galleryApi, type GallerySort, type Publication } from '../api/gallery.ts';

const PAGE = 12;

export function GalleryPage(_props: PageProps) {
  usePageTitle('Gallery');
  const [product, setProduct] = useState('');
  const [sort, setSort] = useState<GallerySort>('newest');
  const [products, setProducts] = useState<{ slug: string; name: string }[]>([]);
  const [items, setItems] = useState<Publication[] | null>(null);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    void shopApi()
      .then((shop) => shop.products())
      .then(
        (list) => setProducts(list.map((p) => ({ slug: p.slug, name: p.name }))),
        () => setProducts([]),
      );
  }, []);

  const load = async (offset: number) => {
    setError(null);
    try {
      const s = await loadStorefront();
      const page = await galleryApi(s.tenant.slug).list({
        ...(product ? { product } : {}),
        sort,
        limit: PAGE,
        offset,
      });
      setItems((current) => (offset === 0 ? page.items : [...(current ?? []), ...page.items]));
      setTotal(page.total);
      setNext(page.nextOffset);
    } catch (e) {
      setError(e);
    }
  };

  useEffect(() => {
    setItems(null);
    void load(0);
  }, [product, sort]);

  return (
    <div className="container page">
      <header className="studio-head">
        <h1>Gallery</h1>
        <p className="studio-head__lead">
          Designs other customers made and chose to share. Like them, comment, or remix one as the
          start of your own.
        </p>
      </header>
      <form
        className="form-row"
        aria-label="Filter the gallery"
        onSubmit={(e) => e.preventDefault()}
      >
        <SelectField
          label="Product"
          value={product}
          onChange={(e) => setProduct(e.target.value)}
          options={[
            { value: '', label: 'All products' },
            ...products.map((p) => ({ value: p.slug, label: p.name })),
          ]}
        />
        <SelectField
          label="Sort by"
          value={sort}
          onChange={(e) => setSort(e.target.value as GallerySort)}
          options={[
            { value: 'newest', label: 'Newest' },
            { value: 'likes', label: 'Most liked' },
            { value: 'remixes', label: 'Most remixed' },
          ]}
        />
      </form>
      <FormAlert error={error} />
      {items === null && !error ? <Loading label="Loading the gallery" /> : null}
      {items?.length === 0 ? <p>Nothing published here yet.</p> : null}
      {items?.length ? (
        <>
          <p className="muted" role="status">
            {total} design{total === 1 ? '' : 's'}
          </p>
          <ul className="cards" data-testid="gallery-list">
            {items.map((p) => (
              <li key={p.id} className="card">
                <h2>
                  <Link to={`/gallery/${encodeURIComponent(p.id)}`}>{p.title}</Link>
                </h2>
                <p className="muted">
                  {p.productName} · by {p.displayName}
                  {p.communityPick ? (
                    <span className="badge badge--info">Community pick</span>
                  ) : null}
                </p>
                <p className="card__price">{formatMoney(p.price.total, p.price.currency)}</p>
                <p>
                  {p.likes} like{p.likes === 1 ? '' : 's'} · {p.remixes} remix
                  {p.remixes === 1 ? '' : 'es'} · {p.comments} comment{p.comments === 1 ? '' : 's'}
                </p>
              </li>
            ))}
          </ul>
          {next !== null ? (
            <p>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => void load(next)}
              >
                Show more
              </button>
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
