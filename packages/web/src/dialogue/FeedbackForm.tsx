// Feedback after delivery: stars and words for the product, and optionally for each option the
// customer chose ("the saddle"), so the firm learns what to keep in the next model version.
// Public only when the customer ticks it. One feedback per order (the server answers 409 twice).
import { useId, useRef, useState, type FormEvent } from 'react';
import type { FeatureDef, Value } from '@customerize/engine';
import type { CustomerOrder } from '../api/types.ts';
import { FormAlert, useSubmit } from '../ui/forms.tsx';
import { featureLabel, valueLabel } from '../studio/model.ts';
import { loadShopProduct } from '../studio/useShopProduct.ts';
import { useResource } from '../ui/useResource.ts';
import { dialogue, type FeedbackItem } from './api.ts';

function productSlug(order: CustomerOrder): string | null {
  return typeof order.product === 'object' && order.product?.slug ? order.product.slug : null;
}

function Stars({
  legend,
  value,
  onChange,
  required,
}: {
  legend: string;
  value: number;
  onChange: (n: number) => void;
  required?: boolean;
}) {
  const name = useId();
  return (
    <fieldset className="stars">
      <legend>
        {legend}
        {required ? null : <span className="field__optional"> (optional)</span>}
      </legend>
      {[1, 2, 3, 4, 5].map((n) => (
        <label key={n}>
          <input
            type="radio"
            name={name}
            value={n}
            required={required}
            checked={value === n}
            onChange={() => onChange(n)}
          />{' '}
          {n} {n === 1 ? 'star' : 'stars'}
        </label>
      ))}
    </fieldset>
  );
}

export function FeedbackForm({ order }: { order: CustomerOrder }) {
  const slug = productSlug(order);
  const product = useResource(async () => (slug ? loadShopProduct(slug) : null));
  const features: FeatureDef[] =
    product.data?.product.model.features.filter((f) => order.choices[f.id] !== undefined) ?? [];
  const [rating, setRating] = useState(0);
  const [text, setText] = useState('');
  const [isPublic, setPublic] = useState(false);
  const [items, setItems] = useState<Record<string, number>>({});
  const [sent, setSent] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);

  const send = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const rated: FeedbackItem[] = features
        .filter((f) => (items[f.id] ?? 0) > 0)
        .map((f) => ({ feature: f.id, option: String(order.choices[f.id]), rating: items[f.id]! }));
      await dialogue.feedback({
        orderId: order.id,
        rating,
        ...(text.trim() ? { text: text.trim() } : {}),
        public: isPublic,
        ...(rated.length ? { items: rated } : {}),
      });
      setSent(true);
    });
  };

  if (sent) {
    return (
      <section className="card" aria-label="Feedback">
        <p role="status">Thank you for your feedback.</p>
      </section>
    );
  }
  return (
    <section className="card stack" aria-labelledby="feedback-title">
      <h2 id="feedback-title">How is it?</h2>
      <form ref={form} onSubmit={send} className="stack">
        <Stars legend="Your rating of the product" value={rating} onChange={setRating} required />
        <div className="field">
          <label htmlFor="feedback-text">
            What you think <span className="field__optional">(optional)</span>
          </label>
          <textarea
            id="feedback-text"
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        {features.length ? (
          <details>
            <summary>Rate the options you chose</summary>
            <div className="stack">
              {features.map((f) => (
                <Stars
                  key={f.id}
                  legend={`${featureLabel(f)}: ${valueLabel(f, order.choices[f.id] as Value)}`}
                  value={items[f.id] ?? 0}
                  onChange={(n) => setItems((s) => ({ ...s, [f.id]: n }))}
                />
              ))}
            </div>
          </details>
        ) : null}
        <label>
          <input type="checkbox" checked={isPublic} onChange={(e) => setPublic(e.target.checked)} />{' '}
          Show my rating and words to other customers (without my name)
        </label>
        <FormAlert error={submit.error} />
        <div className="button-row">
          <button
            type="submit"
            className="button button--primary"
            disabled={submit.busy || rating === 0}
          >
            Send feedback
          </button>
        </div>
      </form>
    </section>
  );
}
