// `/account`: signed in, the customer's own designs (every version, compared side by side),
// orders (status and timeline) and bids ("Name your price", ./AccountBids.tsx), from the server, so they are there on any device; guest designs
// and orders under the same email joined the account when it was verified. Signed out: the way
// to sign in, and the designs saved in this browser (a guest reaches a design by its secret
// link, which this browser remembers).
import { MyPublications } from '../gallery/MyPublications.tsx';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProductModel } from '@customerize/engine';
import type { PageProps } from '../routes.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { DateTime } from '../ui/format.tsx';
import { Loading } from '../ui/Loading.tsx';
import { FormAlert } from '../ui/forms.tsx';
import { Link, navigate } from '../router/router.tsx';
import { useSession } from '../session.tsx';
import { ORDER_STATUS_LABELS, type OrderStatus, type Session } from '../api/types.ts';
import { account, type AccountDesign, type AccountOrder, type Page } from '../account/api.ts';
import { designHref, savedDesigns } from '../studio/savedDesigns.ts';
import { shopApi } from '../studio/storefront.ts';
import { featureLabel, valueLabel } from '../studio/model.ts';
import { formatMoney } from '../studio/format.ts';
import { formatDate } from '../ui/dates.ts';
import { accountBids, type BidAnswer } from '../api/bids.ts';
import { BidItem } from './AccountBids.tsx';
import { modelFor } from './BidPage.tsx';
import { offersApi, type CustomerOffer } from '../api/offers.ts';

function statusLabel(status: string): string {
  return ORDER_STATUS_LABELS[status as OrderStatus] ?? status;
}

export function AccountPage(_props: PageProps) {
  usePageTitle('Your account');
  const { state } = useSession();
  if (state.status === 'loading') return <Loading label="Loading your account" />;
  const session = state.status === 'signed-in' ? state.session : null;
  return (
    <div className="container page">
      <h1>Your account</h1>
      {session?.user.kind === 'customer' ? (
        <SignedInAccount key={session.user.id} session={session} />
      ) : (
        <SignedOutAccount staff={session} />
      )}
      <p className="muted">
        Working for the firm? <Link to="/console">Go to the staff sign-in</Link>.
      </p>
    </div>
  );
}

function AccountLinks() {
  return (
    <>
      <li>
        <Link to="/account/profile">Profile</Link>: name, contact channels, addresses.
      </li>
      <li>
        <Link to="/account/messages">Messages</Link> with the firm about your designs and orders.
      </li>
      <li>
        <Link to="/account/privacy">Privacy centre</Link>: what the firm holds, your consents,
        download or erase your data.
      </li>
    </>
  );
}

function SignedOutAccount({ staff }: { staff: Session | null }) {
  return (
    <>
      <nav aria-label="Account">
        <ul className="saved-list">
          <li>
            {staff ? (
              <>
                You are signed in as staff of {staff.tenant.name} ({staff.user.email}).{' '}
                <Link to="/console">Open the console</Link>. To see a customer account,{' '}
              </>
            ) : null}
            <Link to="/account/signin?next=/account">Sign in</Link> or{' '}
            <Link to="/account/signup">create an account</Link> — your guest designs and orders
            under the same email join it once you confirm the address, and you see them on any
            device.
          </li>
          <AccountLinks />
        </ul>
      </nav>
      <BrowserDesigns title="Designs saved in this browser" exclude={null} />
    </>
  );
}

/** The customer's current personal offers, each with its link into the studio. */
function MyOffers() {
  const [offers, setOffers] = useState<CustomerOffer[] | null>(null);
  useEffect(() => {
    offersApi.mine().then(
      (r) => setOffers(r.offers),
      () => setOffers([]),
    );
  }, []);
  if (!offers?.length) return null;
  return (
    <section className="section" aria-labelledby="my-offers-title" data-testid="my-offers">
      <h2 id="my-offers-title">Your offers</h2>
      <ul className="saved-list">
        {offers.map((o) => (
          <li key={o.id}>
            <strong>{o.title}</strong>: {o.gives}, until {formatDate(o.validUntil.slice(0, 10))}.{' '}
            <Link
              to={`${o.productSlug ? `/p/${encodeURIComponent(o.productSlug)}` : '/'}?offer=${encodeURIComponent(o.id)}`}
            >
              {o.productSlug ? 'Design it with this offer' : 'Use it in the shop'}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function SignedInAccount({ session }: { session: Session }) {
  const designs = usePaged(account.designs);
  const orders = usePaged(account.orders);
  const bids = usePaged(accountBids);
  return (
    <>
      <p>
        Signed in as <strong>{session.user.name}</strong> ({session.user.email}).
      </p>
      <MyOffers />
      <nav aria-label="Account">
        <ul className="saved-list">
          <AccountLinks />
        </ul>
      </nav>
      <MyDesigns list={designs} />
      <MyPublications />
      <MyOrders list={orders} />
      <MyBids list={bids} />
      {designs.items && !designs.error ? (
        <BrowserDesigns
          title="Also saved in this browser"
          exclude={new Set(designs.items.map((d) => d.id))}
          hideWhenEmpty
        />
      ) : null}
    </>
  );
}

interface Paged<T> {
  items: T[] | null;
  error: unknown;
  loading: boolean;
  more: (() => void) | null;
}

/** A list the server pages: the first page on mount, the next ones on "Show more". */
function usePaged<T>(load: (cursor: string | null) => Promise<Page<T>>): Paged<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  const live = useRef(true);

  const fetchPage = useCallback(async (after: string | null) => {
    setLoading(true);
    try {
      const page = await loadRef.current(after);
      if (!live.current) return;
      setItems((current) => [...(after ? (current ?? []) : []), ...page.items]);
      setCursor(page.nextCursor);
      setError(null);
    } catch (e) {
      if (live.current) setError(e);
    } finally {
      if (live.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    live.current = true;
    void fetchPage(null);
    return () => {
      live.current = false;
    };
  }, [fetchPage]);

  return {
    items,
    error,
    loading,
    more: cursor && !loading ? () => void fetchPage(cursor) : null,
  };
}

function MoreButton({ list, label }: { list: Paged<unknown>; label: string }) {
  if (!list.more) return null;
  return (
    <p>
      <button type="button" className="button" onClick={list.more}>
        {label}
      </button>
    </p>
  );
}

function MyDesigns({ list }: { list: Paged<AccountDesign> }) {
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string, on: boolean) =>
    setPicked((p) => (on ? [...p, id] : p.filter((x) => x !== id)));
  return (
    <section className="section" aria-labelledby="my-designs-title">
      <h2 id="my-designs-title">My designs</h2>
      <FormAlert error={list.error} />
      {list.items === null ? (
        list.error ? null : (
          <Loading label="Loading your designs" />
        )
      ) : list.items.length === 0 ? (
        <p className="muted">
          No designs yet. <Link to="/">Start a design</Link> and save it to find it here.
        </p>
      ) : (
        <>
          <ul className="account-list">
            {list.items.map((d) => (
              <DesignItem
                key={d.id}
                design={d}
                picked={picked.includes(d.id)}
                comparable={list.items!.length >= 2}
                canPick={picked.includes(d.id) || picked.length < 3}
                onPick={(on) => toggle(d.id, on)}
              />
            ))}
          </ul>
          {list.items.length >= 2 ? (
            <p>
              <button
                type="button"
                className="button"
                disabled={picked.length < 2}
                onClick={() => navigate(`/compare?ids=${picked.map(encodeURIComponent).join(',')}`)}
              >
                Compare the chosen designs
              </button>{' '}
              <span className="muted">Choose two or three.</span>
            </p>
          ) : null}
        </>
      )}
      <MoreButton list={list} label="Show more designs" />
    </section>
  );
}

function DesignItem({
  design,
  picked,
  comparable,
  canPick,
  onPick,
}: {
  design: AccountDesign;
  picked: boolean;
  /** Whether there are other designs to compare it with. */
  comparable: boolean;
  canPick: boolean;
  onPick: (on: boolean) => void;
}) {
  const current =
    design.versions.find((v) => v.number === design.currentVersion) ?? design.versions.at(-1);
  const headingId = `design-${design.id}`;
  return (
    <li className="card account-item">
      <h3 id={headingId} className="account-item__title">
        <Link to={design.url}>{design.name}</Link>
      </h3>
      <p className="muted">
        {design.product.name || design.product.slug} · version {design.currentVersion} · saved{' '}
        <DateTime value={current?.savedAt ?? design.updatedAt} />
        {current ? <> · {formatMoney(current.total, current.currency)}</> : null}
      </p>
      {comparable ? (
        <label className="check">
          <input
            type="checkbox"
            checked={picked}
            disabled={!canPick}
            onChange={(e) => onPick(e.target.checked)}
          />
          Compare with other designs<span className="visually-hidden">: {design.name}</span>
        </label>
      ) : null}
      <details className="account-item__more">
        <summary>
          {design.versions.length === 1 ? '1 version' : `${design.versions.length} versions`}
        </summary>
        <VersionTable design={design} />
        {design.versions.length >= 2 ? <VersionCompare design={design} /> : null}
      </details>
    </li>
  );
}

function VersionTable({ design }: { design: AccountDesign }) {
  return (
    <div
      className="table-wrap"
      role="region"
      aria-label={`Versions of ${design.name}`}
      tabIndex={0}
    >
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Saved</th>
            <th scope="col">Price</th>
            <th scope="col">Delivery</th>
            <th scope="col">Can be built</th>
            <th scope="col">Note</th>
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
                <DateTime value={v.savedAt} />
              </td>
              <td>{formatMoney(v.total, v.currency)}</td>
              <td>{v.promisedDate ? formatDate(v.promisedDate) : '—'}</td>
              <td>{v.valid ? 'Yes' : 'No, it needs changes'}</td>
              <td>{v.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Two versions of one design side by side: price, delivery and the choices that differ. */
function VersionCompare({ design }: { design: AccountDesign }) {
  const numbers = design.versions.map((v) => v.number);
  const [a, setA] = useState(numbers.at(-2) ?? numbers[0]!);
  const [b, setB] = useState(numbers.at(-1)!);
  const [model, setModel] = useState<ProductModel | null>(null);
  useEffect(() => {
    let live = true;
    shopApi()
      .then((shop) => shop.product(design.product.slug))
      .then(
        (p) => live && setModel(p.model as ProductModel),
        () => undefined, // Labels fall back to the feature and value ids.
      );
    return () => {
      live = false;
    };
  }, [design.product.slug]);
  const va = design.versions.find((v) => v.number === a);
  const vb = design.versions.find((v) => v.number === b);
  const features = [
    ...new Set([...Object.keys(va?.choices ?? {}), ...Object.keys(vb?.choices ?? {})]),
  ];
  const differing = features.filter((f) => va?.choices[f] !== vb?.choices[f]);
  const label = (f: string) => {
    const def = model?.features.find((x) => x.id === f);
    return def ? featureLabel(def) : f;
  };
  const value = (f: string, v: typeof va) => {
    const def = model?.features.find((x) => x.id === f);
    return valueLabel(def, v?.choices[f]);
  };
  const pick = (set: (n: number) => void, id: string, text: string, current: number) => (
    <label className="account-compare__pick">
      {text}{' '}
      <select id={id} value={current} onChange={(e) => set(Number(e.target.value))}>
        {numbers.map((n) => (
          <option key={n} value={n}>
            Version {n}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="account-compare">
      <h4>Compare versions</h4>
      <p>
        {pick(setA, `compare-a-${design.id}`, 'Compare', a)}{' '}
        {pick(setB, `compare-b-${design.id}`, 'with', b)}
      </p>
      <div
        className="table-wrap"
        role="region"
        aria-label={`Version ${a} and version ${b} of ${design.name}`}
        tabIndex={0}
      >
        <table className="table compare">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">What</span>
              </th>
              <th scope="col">Version {a}</th>
              <th scope="col">Version {b}</th>
            </tr>
          </thead>
          <tbody>
            <tr className="compare__key">
              <th scope="row">Price</th>
              <td>{va ? formatMoney(va.total, va.currency) : '—'}</td>
              <td>{vb ? formatMoney(vb.total, vb.currency) : '—'}</td>
            </tr>
            <tr className="compare__key">
              <th scope="row">Delivery by</th>
              <td>{va?.promisedDate ? formatDate(va.promisedDate) : '—'}</td>
              <td>{vb?.promisedDate ? formatDate(vb.promisedDate) : '—'}</td>
            </tr>
            {differing.map((f) => (
              <tr key={f} className="compare__row--diff">
                <th scope="row">{label(f)}</th>
                <td className="compare__diff">{value(f, va)}</td>
                <td className="compare__diff">{value(f, vb)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        {differing.length === 0
          ? 'These versions make the same choices.'
          : `${differing.length} ${differing.length === 1 ? 'choice differs' : 'choices differ'}.`}
      </p>
    </div>
  );
}

function MyOrders({ list }: { list: Paged<AccountOrder> }) {
  return (
    <section className="section" aria-labelledby="my-orders-title">
      <h2 id="my-orders-title">My orders</h2>
      <FormAlert error={list.error} />
      {list.items === null ? (
        list.error ? null : (
          <Loading label="Loading your orders" />
        )
      ) : list.items.length === 0 ? (
        <p className="muted">No orders yet.</p>
      ) : (
        <ul className="account-list">
          {list.items.map((o) => (
            <OrderItem key={o.id} order={o} />
          ))}
        </ul>
      )}
      <MoreButton list={list} label="Show more orders" />
    </section>
  );
}

function OrderItem({ order }: { order: AccountOrder }) {
  const headingId = `order-${order.id}`;
  const open = order.status !== 'cancelled' && order.status !== 'delivered';
  return (
    <li className="card account-item">
      <h3 id={headingId} className="account-item__title">
        <Link to={order.url}>
          Order {order.number}: {order.product.name || order.product.slug}
        </Link>
      </h3>
      <p>
        <span className={`badge badge--status-${order.status}`} data-testid="account-order-status">
          {statusLabel(order.status)}
        </span>{' '}
        {formatMoney(order.total, order.currency)}
        {open ? <> · delivery by {formatDate(order.promisedDate)}</> : null}
        <span className="muted">
          {' '}
          · ordered <DateTime value={order.createdAt} />
        </span>
      </p>
      <ol className="timeline" aria-label={`Timeline of order ${order.number}`}>
        {order.timeline.map((t, i) => (
          <li key={i}>
            <strong>{statusLabel(t.status)}</strong> <DateTime value={t.at} />
            {t.note ? <span className="muted"> — {t.note}</span> : null}
          </li>
        ))}
      </ol>
    </li>
  );
}

function MyBids({ list }: { list: Paged<BidAnswer> }) {
  const models = useModels(list.items ?? []);
  return (
    <section className="section" aria-labelledby="my-bids-title">
      <h2 id="my-bids-title">My bids</h2>
      <FormAlert error={list.error} />
      {list.items === null ? (
        list.error ? null : (
          <Loading label="Loading your bids" />
        )
      ) : list.items.length === 0 ? (
        <p className="muted">
          No bids yet. In the studio, choose “Name your price” to say what you would pay.
        </p>
      ) : (
        <ul className="account-list">
          {list.items.map((b) => (
            <BidItem key={b.id} bid={b} model={models[b.id]} />
          ))}
        </ul>
      )}
      <MoreButton list={list} label="Show more bids" />
    </section>
  );
}

/** The models of the bids' products by bid, to name the offered choices as the studio does. */
function useModels(bids: BidAnswer[]): Record<string, ProductModel> {
  const [models, setModels] = useState<Record<string, ProductModel>>({});
  const withOffer = bids.filter((b) => b.offer);
  const key = withOffer.map((b) => b.id).join(',');
  const current = useRef(withOffer);
  current.current = withOffer;
  useEffect(() => {
    let live = true;
    for (const bid of current.current) {
      modelFor(bid).then(
        (model) => live && model && setModels((m) => ({ ...m, [bid.id]: model })),
        () => undefined, // Labels fall back to the feature and value ids.
      );
    }
    return () => {
      live = false;
    };
  }, [key]);
  return models;
}

/** Designs this browser remembers (with their private links), minus those in `exclude`. */
function BrowserDesigns({
  title,
  exclude,
  hideWhenEmpty = false,
}: {
  title: string;
  exclude: Set<string> | null;
  hideWhenEmpty?: boolean;
}) {
  const designs = savedDesigns().filter((d) => !exclude?.has(d.id));
  if (hideWhenEmpty && designs.length === 0) return null;
  return (
    <section aria-labelledby="saved-title" className="section">
      <h2 id="saved-title">{title}</h2>
      {designs.length === 0 ? (
        <p className="muted">
          None yet. <Link to="/">Start a design</Link> and save it to find it here.
        </p>
      ) : (
        <>
          <ul className="saved-list">
            {designs.map((d) => (
              <li key={d.id}>
                <Link to={designHref(d.id, d.token)}>{d.name}</Link>{' '}
                <span className="muted">
                  · {d.productSlug} · saved <DateTime value={d.savedAt} />
                </span>
              </li>
            ))}
          </ul>
          {designs.length >= 2 ? (
            <p>
              <Link to="/compare">Compare your designs</Link>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
