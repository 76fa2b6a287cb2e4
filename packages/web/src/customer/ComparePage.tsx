// `/compare?ids=a,b&tokens=x,y`: two or three designs side by side — every feature, with the
// rows where they differ highlighted, and each design's price and delivery date. Without ids,
// the customer picks from the designs this browser saved and, signed in, from the designs of
// their account (so compare works on a new device, where this browser remembers nothing).
import { useState, type FormEvent } from 'react';
import type { ProductModel } from '@customerize/engine';
import type { PageProps } from '../routes.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { Loading } from '../ui/Loading.tsx';
import { FormAlert } from '../ui/forms.tsx';
import { Link, navigate, useSearch } from '../router/router.tsx';
import { useResource } from '../ui/useResource.ts';
import type { Design } from '../api/types.ts';
import { shopApi } from '../studio/storefront.ts';
import { designHref, savedDesigns, tokenFor } from '../studio/savedDesigns.ts';
import { useSession } from '../session.tsx';
import { account } from '../account/api.ts';
import { featureLabel, valueLabel } from '../studio/model.ts';
import { formatMoney } from '../studio/format.ts';
import { formatDate } from '../ui/dates.ts';

function compareHref(ids: string[]): string {
  const tokens = ids.map((id) => tokenFor(id) ?? '');
  const t = tokens.some(Boolean) ? `&tokens=${tokens.map(encodeURIComponent).join(',')}` : '';
  return `/compare?ids=${ids.map(encodeURIComponent).join(',')}${t}`;
}

export function ComparePage(_props: PageProps) {
  usePageTitle('Compare designs');
  const search = new URLSearchParams(useSearch());
  const ids = (search.get('ids') ?? '').split(',').filter(Boolean);
  const tokens = (search.get('tokens') ?? '').split(',');
  const { state } = useSession();
  const customerId =
    state.status === 'signed-in' && state.session.user.kind === 'customer'
      ? state.session.user.id
      : null;
  return (
    <div className="container page">
      <h1>Compare designs</h1>
      {ids.length >= 2 ? (
        <CompareTable key={ids.join(',')} ids={ids} tokens={tokens} />
      ) : state.status === 'loading' ? (
        <Loading label="Loading your designs" />
      ) : (
        <Picker key={customerId ?? 'guest'} preselected={ids} signedIn={customerId !== null} />
      )}
    </div>
  );
}

interface Choosable {
  id: string;
  name: string;
  productSlug: string;
}

/** Pages of the account's designs read for the picker: up to this many × 100 designs. */
const ACCOUNT_PAGES = 5;

/** Every design of the signed-in customer's account (newest first), as the picker lists them. */
async function accountDesigns(): Promise<Choosable[]> {
  const all: Choosable[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < ACCOUNT_PAGES; i++) {
    const page = await account.designs(cursor, 100);
    all.push(...page.items.map((d) => ({ id: d.id, name: d.name, productSlug: d.product.slug })));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return all;
}

/** The account's designs first, then those only this browser remembers; each design once. */
function choosable(fromAccount: Choosable[]): Choosable[] {
  const seen = new Set(fromAccount.map((d) => d.id));
  return [...fromAccount, ...savedDesigns().filter((d) => !seen.has(d.id))];
}

function Picker({ preselected, signedIn }: { preselected: string[]; signedIn: boolean }) {
  const mine = useResource<Choosable[]>(() => (signedIn ? accountDesigns() : Promise.resolve([])));
  const [picked, setPicked] = useState<string[]>(preselected);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(compareHref(picked));
  };
  if (mine.loading && !mine.data) return <Loading label="Loading your designs" />;
  const saved = choosable(mine.data ?? []);
  if (saved.length < 2) {
    return (
      <>
        <FormAlert error={mine.error} />
        <p>
          Save at least two designs to compare them. <Link to="/">Start a design</Link>
        </p>
      </>
    );
  }
  return (
    <form onSubmit={submit} className="card form form--narrow">
      <FormAlert error={mine.error} />
      <fieldset className="form__fields">
        <legend>Pick two or three of your saved designs</legend>
        {saved.map((d) => (
          <label key={d.id} className="check">
            <input
              type="checkbox"
              checked={picked.includes(d.id)}
              disabled={!picked.includes(d.id) && picked.length >= 3}
              onChange={(e) =>
                setPicked((p) => (e.target.checked ? [...p, d.id] : p.filter((x) => x !== d.id)))
              }
            />
            {d.name} <span className="muted">({d.productSlug})</span>
          </label>
        ))}
      </fieldset>
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={picked.length < 2 || picked.length > 3}
        >
          Compare
        </button>
      </div>
    </form>
  );
}

interface Loaded {
  designs: Design[];
  tokens: (string | null)[];
  models: Map<string, ProductModel>;
}

function CompareTable({ ids, tokens }: { ids: string[]; tokens: string[] }) {
  const data = useResource<Loaded>(async () => {
    const shop = await shopApi();
    const toks = ids.map((id, i) => tokens[i] || tokenFor(id));
    const designs = await Promise.all(ids.map((id, i) => shop.design(id, toks[i])));
    const models = new Map<string, ProductModel>();
    for (const slug of new Set(designs.map((d) => d.productSlug))) {
      models.set(slug, (await shop.product(slug)).model as ProductModel);
    }
    return { designs, tokens: toks, models };
  });
  if (data.error) return <FormAlert error={data.error} />;
  if (!data.data) return <Loading label="Loading the designs" />;
  const { designs, models } = data.data;
  const versions = designs.map(
    (d) => d.versions.find((v) => v.number === d.currentVersion) ?? d.versions.at(-1),
  );
  const features = [...models.values()].flatMap((m) => m.features);
  const seen = new Set<string>();
  const rows = features.filter((f) => !seen.has(f.id) && seen.add(f.id));
  const cells = (fid: string) =>
    designs.map((d, i) => {
      const m = models.get(d.productSlug);
      const f = m?.features.find((x) => x.id === fid);
      return f ? valueLabel(f, versions[i]?.choices[fid]) : '—';
    });
  const differs = (values: string[]) => new Set(values).size > 1;
  const prices = versions.map((v) =>
    v?.quote ? formatMoney(v.quote.total, v.quote.currency) : '—',
  );
  const dates = versions.map((v) =>
    v?.quote?.promisedDate ? formatDate(v.quote.promisedDate) : '—',
  );
  const diffCount = rows.filter((f) => differs(cells(f.id))).length;
  return (
    <>
      <p className="muted">
        {diffCount === 0
          ? 'These designs make the same choices.'
          : `${diffCount} ${diffCount === 1 ? 'choice differs' : 'choices differ'}; they are highlighted.`}
      </p>
      <div className="table-wrap" role="region" aria-label="Designs side by side" tabIndex={0}>
        <table className="table compare">
          <thead>
            <tr>
              <th scope="col">Feature</th>
              {designs.map((d, i) => (
                <th scope="col" key={d.id}>
                  <Link to={designHref(d.id, data.data!.tokens[i] ?? null)}>{d.name}</Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr className="compare__key">
              <th scope="row">Price</th>
              {prices.map((p, i) => (
                <td key={i} className={differs(prices) ? 'compare__diff' : undefined}>
                  {p}
                </td>
              ))}
            </tr>
            <tr className="compare__key">
              <th scope="row">Delivery by</th>
              {dates.map((p, i) => (
                <td key={i} className={differs(dates) ? 'compare__diff' : undefined}>
                  {p}
                </td>
              ))}
            </tr>
            {rows.map((f) => {
              const values = cells(f.id);
              const diff = differs(values);
              return (
                <tr key={f.id} className={diff ? 'compare__row--diff' : undefined}>
                  <th scope="row">
                    {featureLabel(f)}
                    {diff ? <span className="visually-hidden"> (differs)</span> : null}
                  </th>
                  {values.map((v, i) => (
                    <td key={i} className={diff ? 'compare__diff' : undefined}>
                      {v}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
