// `/p/:slug`: the studio for one product. Two ways in — needs-based (questions → proposed design)
// and option by option — plus starting points (presets, most-ordered designs, the gallery's
// community picks); all end in the same editor. `?remix=<publicationId>` starts from a gallery
// design (its choices re-checked against this version; what no longer fits is named), and the
// saved design then credits it (remixed from).
import { useEffect, useState } from 'react';
import type { Choices } from '@customerize/engine';
import type { PageProps } from '../routes.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { Loading } from '../ui/Loading.tsx';
import { FormAlert } from '../ui/forms.tsx';
import { Link, navigate } from '../router/router.tsx';
import { useShopProduct, type LoadedProduct } from '../studio/useShopProduct.ts';
import { useStudio } from '../studio/useStudio.ts';
import { ShopStudio } from '../studio/ShopStudio.tsx';
import { NeedsWizard } from '../studio/NeedsWizard.tsx';
import { focusFirstOpenChoice } from '../studio/focus.ts';
import { designHref } from '../studio/savedDesigns.ts';
import { formatMoney } from '../studio/format.ts';
import { createSession, priceOf } from '@customerize/engine';
import { galleryApi, type CommunityPick } from '../api/gallery.ts';
import { featureLabel } from '../studio/model.ts';
import {
  createStudioTracker,
  shopSender,
  startVisit,
  type EntryPath,
} from '../studio/studioEvents.ts';

export function ProductPage({ params }: PageProps) {
  const slug = params.slug ?? '';
  return <ProductLoader key={slug} slug={slug} />;
}

function ProductLoader({ slug }: { slug: string }) {
  const loaded = useShopProduct(slug);
  usePageTitle(loaded.data?.product.name ?? 'Design');
  if (loaded.error) {
    return (
      <div className="container page">
        <h1>Product not available</h1>
        <FormAlert error={loaded.error} />
        <p>
          <Link to="/">See all products</Link>
        </p>
      </div>
    );
  }
  if (!loaded.data) return <Loading label="Loading the studio" />;
  return <ProductStudio key={loaded.data.detail.version.id} loaded={loaded.data} />;
}

interface Start {
  choices: Choices;
  note: string;
  /** The gallery publication this start came from (a remix or a community pick). */
  remixOf?: string;
}

/** The `remix` URL parameter (analytics read the same name for the studio's entry path). */
function remixParam(): string | null {
  return new URLSearchParams(window.location.search).get('remix');
}

function ProductStudio({ loaded }: { loaded: LoadedProduct }) {
  const { product, compiled, detail, shop, restrictions } = loaded;
  const model = product.model;
  // An approved configuration (opened from the company portal) starts at once, with what the
  // company fixed already chosen.
  const [start, setStart] = useState<Start | null>(() =>
    restrictions.length > 0
      ? {
          choices: Object.fromEntries(
            Object.entries(restrictions[0]!.allowed)
              .filter(([, values]) => values.length === 1)
              .map(([feature, values]) => [feature, values[0]!]),
          ),
          note: `Within what ${restrictions[0]!.label ?? 'your company'} approved: choose the rest.`,
        }
      : null,
  );
  const studio = useStudio(compiled, start?.choices ?? model.defaults ?? {}, {}, restrictions);
  // This visit's studio events (docs/studio-events.md): a random visit id, no personal data.
  const [tracker] = useState(() =>
    startVisit(
      createStudioTracker({
        model,
        versionId: detail.version.id,
        send: shopSender(shop.tenant, () => shop.client.csrfToken),
        ...(new URLSearchParams(window.location.search).has('remix')
          ? { entry: 'remix' as const }
          : {}),
      }),
    ),
  );

  // The start buttons go away once a design is begun: focus moves to the first open choice.
  const [focusPending, setFocusPending] = useState(false);
  useEffect(() => {
    if (!focusPending) return;
    setFocusPending(false);
    focusFirstOpenChoice();
  }, [focusPending]);

  /** `entry`: how the studio was entered (studio events); `remixOf`: the gallery publication. */
  const begin = (choices: Choices, note: string, entry?: EntryPath, remixOf?: string) => {
    // A blank design is provisional: naming a price straight away is that way in instead.
    if (entry) tracker.enter(entry, entry === 'options');
    setStart({ choices, note, ...(remixOf ? { remixOf } : {}) });
    studio.reset(choices);
    setFocusPending(true);
    window.scrollTo(0, 0);
  };

  const gallery = galleryApi(shop.tenant);
  const [picks, setPicks] = useState<CommunityPick[]>([]);
  const [remixError, setRemixError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    gallery.communityPicks(product.slug).then(
      (list) => live && setPicks(list),
      () => undefined,
    );
    const remix = remixParam();
    if (remix)
      gallery.remixStart(remix).then(
        (r) => {
          if (!live) return;
          const dropped = r.dropped.length
            ? ` No longer offered, so left open: ${r.dropped
                .map((d) => {
                  const f = model.features.find((x) => x.id === d.feature);
                  return f ? featureLabel(f) : d.feature;
                })
                .join(', ')}.`
            : '';
          // The visit entered as a remix already (the tracker read `?remix=`).
          begin(
            r.choices,
            `Remixing “${r.title}” by ${r.displayName}.${dropped}`,
            undefined,
            r.publicationId,
          );
        },
        (e: unknown) => live && setRemixError(e),
      );
    return () => {
      live = false;
    };
  }, [product.slug]);

  const saved = async (ref: { id: string; token: string | null }) => {
    if (start?.remixOf)
      await gallery
        .creditRemix(start.remixOf, {
          designId: ref.id,
          ...(ref.token ? { token: ref.token } : {}),
        })
        .catch(() => undefined);
    navigate(designHref(ref.id, ref.token));
  };

  return (
    <div className="container page page--studio">
      <header className="studio-head">
        <p className="eyebrow">
          <Link to="/">All products</Link> ·{' '}
          <Link to={`/ideas?product=${encodeURIComponent(product.slug)}`}>Suggest an option</Link>
        </p>
        <h1>{product.name}</h1>
        {restrictions.length > 0 ? (
          <p className="studio-head__approved" data-testid="approved-space">
            You configure within what {restrictions[0]!.label ?? 'your company'} approved.
          </p>
        ) : null}
        {start ? (
          <p className="studio-head__lead" role="status">
            {start.note}{' '}
            <button type="button" className="link-button" onClick={() => setStart(null)}>
              Start over
            </button>
          </p>
        ) : product.description ? (
          <p className="studio-head__lead">{product.description}</p>
        ) : null}
      </header>
      <FormAlert error={remixError} />
      {start ? (
        <ShopStudio
          shop={shop}
          product={product}
          studio={studio}
          design={null}
          onSaved={(_d, ref) => void saved(ref)}
        />
      ) : (
        <div className="start">
          {model.needs?.length ? (
            <NeedsWizard
              model={model}
              onProposal={(p) =>
                begin(
                  p.choices,
                  p.answers.length
                    ? `Proposed for: ${p.answers.join('; ')}. Change anything you like.`
                    : 'Our proposal. Change anything you like.',
                  'needs',
                )
              }
            />
          ) : null}
          <section className="start__others" aria-labelledby="starts-title">
            <h2 id="starts-title">Or start from</h2>
            <ul className="cards">
              {(model.presets ?? []).map((p) => (
                <li key={p.id} className="card card--start">
                  <h3>{p.label}</h3>
                  {p.description ? <p className="muted">{p.description}</p> : null}
                  <StartPrice loaded={loaded} choices={p.choices} />
                  <button
                    type="button"
                    className="button"
                    onClick={() => begin(p.choices, `Started from “${p.label}”.`, 'preset')}
                  >
                    Start from {p.label}
                  </button>
                </li>
              ))}
              {picks.map((p) => (
                <li key={`pick-${p.publicationId}`} className="card card--start">
                  <h3>{p.title}</h3>
                  <p className="muted">Community pick by {p.displayName}</p>
                  <StartPrice loaded={loaded} choices={p.choices} />
                  <button
                    type="button"
                    className="button"
                    onClick={() =>
                      begin(
                        p.choices,
                        `Started from the community pick “${p.title}” by ${p.displayName}.`,
                        'preset',
                        p.publicationId,
                      )
                    }
                  >
                    Start from {p.title}
                  </button>
                </li>
              ))}
              {detail.topDesigns.map((d, i) => (
                <li key={`top-${i}`} className="card card--start">
                  <h3>Popular design {i + 1}</h3>
                  <p className="muted">Ordered {d.orders} times.</p>
                  <StartPrice loaded={loaded} choices={d.choices} />
                  <button
                    type="button"
                    className="button"
                    onClick={() =>
                      begin(d.choices, `Started from a design ordered ${d.orders} times.`, 'preset')
                    }
                  >
                    Start from popular design {i + 1}
                  </button>
                </li>
              ))}
              <li className="card card--start">
                <h3>A blank design</h3>
                <p className="muted">Choose every option yourself, step by step.</p>
                <button
                  type="button"
                  className="button"
                  onClick={() => begin(model.defaults ?? {}, 'Choose option by option.', 'options')}
                >
                  Choose option by option
                </button>
              </li>
            </ul>
          </section>
        </div>
      )}
    </div>
  );
}

function StartPrice({ loaded, choices }: { loaded: LoadedProduct; choices: Choices }) {
  const session = createSession(loaded.compiled, choices);
  const r = session.ranges();
  const complete = loaded.product.model.features.every(
    (f) => session.choices()[f.id] !== undefined,
  );
  const currency = loaded.product.model.currency;
  const price = complete
    ? formatMoney(priceOf(loaded.compiled, session.choices()).total, currency)
    : `from ${formatMoney(r.price.min, currency)}`;
  return (
    <p className="card__price">
      {price} · ready in{' '}
      {r.leadTimeDays.min === r.leadTimeDays.max
        ? r.leadTimeDays.min
        : `${r.leadTimeDays.min}–${r.leadTimeDays.max}`}{' '}
      days
    </p>
  );
}
