// "Customers like you chose" / "Popular choices": the server's suggestions for the open choices
// and whole designs completing the current ones (api/recommendations.ts), each applied with one
// click through the studio's own engine. Labelled by the answer's basis: personal (the
// customer's own history, with consent) or popular. Thin over the API: nothing is ranked here.
import { useEffect, useState } from 'react';
import type { ShopApi } from '../api/client.ts';
import {
  recommendationsTitle,
  shopRecommendations,
  type Recommendations,
} from '../api/recommendations.ts';
import type { StudioProduct } from './StudioEditor.tsx';
import type { Studio } from './useStudio.ts';

function useRecommendations(shop: ShopApi, versionId: string | null, studio: Studio) {
  const choices = studio.snapshot.choices;
  const key = JSON.stringify(choices);
  const [answer, setAnswer] = useState<{ key: string; recs: Recommendations } | null>(null);
  useEffect(() => {
    if (!versionId) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      shopRecommendations(shop)
        .get({ versionId, choices, limit: 4 }, controller.signal)
        .then((recs) => setAnswer({ key, recs }))
        // Suggestions are a help, never in the way: a failed answer shows nothing.
        .catch(() => undefined);
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // `key` stands for the choices.
  }, [key, versionId, shop]);
  return answer?.key === key ? answer.recs : null;
}

export function RecommendationsPanel({
  shop,
  product,
  studio,
}: {
  shop: ShopApi;
  product: StudioProduct;
  studio: Studio;
}) {
  const recs = useRecommendations(shop, product.versionId, studio);
  const [status, setStatus] = useState('');
  if (!recs || (recs.next.length === 0 && recs.designs.length === 0)) return null;
  const title = recommendationsTitle(recs.basis);
  return (
    <section className="recommendations" aria-labelledby="recommendations-title">
      <h2 id="recommendations-title" className="recommendations__title">
        {title}
      </h2>
      <p className="field__hint">
        {recs.basis === 'personal'
          ? 'From your earlier designs and orders and what customers chose with your choices.'
          : 'What customers chose with choices like yours.'}
      </p>
      {recs.next.length > 0 ? (
        <ul className="recommendations__list" aria-label={`${title}: next choices`}>
          {recs.next.map((s) => (
            <li key={`${s.feature}=${String(s.value)}`} className="recommendations__item">
              <span>
                <strong>
                  {s.featureLabel}: {s.valueLabel}
                </strong>
                <br />
                <small>{s.reason}</small>
              </span>
              <button
                type="button"
                className="button button--small"
                aria-label={`Apply ${s.featureLabel}: ${s.valueLabel}`}
                onClick={() => {
                  const refused = studio.select(s.feature, s.value);
                  setStatus(
                    refused
                      ? `${s.valueLabel} is no longer possible with your choices.`
                      : `Applied ${s.featureLabel}: ${s.valueLabel}.`,
                  );
                }}
              >
                Apply
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {recs.designs.length > 0 ? (
        <>
          <h3 className="recommendations__subtitle">Whole designs</h3>
          <ul className="recommendations__list" aria-label={`${title}: whole designs`}>
            {recs.designs.map((d, i) => (
              <li key={i} className="recommendations__item">
                <span>
                  <strong>{d.adds.map((a) => a.valueLabel).join(', ')}</strong>
                  <br />
                  <small>{d.reason}</small>
                </span>
                <button
                  type="button"
                  className="button button--small"
                  aria-label={`Use design ${i + 1}: ${d.adds.map((a) => a.valueLabel).join(', ')}`}
                  onClick={() => {
                    studio.reset(d.choices, studio.personalization);
                    setStatus('Applied the whole design; your choices are kept.');
                  }}
                >
                  Use
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p role="status" className="status-text">
        {status}
      </p>
    </section>
  );
}
