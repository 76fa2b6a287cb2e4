// Editing what a provider builds of one product and what that costs it: per feature of the
// product's published model, the values it can make (checkboxes; all ticked = no restriction)
// and its cost per value, plus a base cost. The server checks the restriction against the model
// (POST /providers/:id/products); number features (sizes, measurements) stay unrestricted here.
import { useEffect, useState, type FormEvent } from 'react';
import type { FeatureDef, ProductModel, Value } from '@customerize/engine';
import { api } from '../api/client.ts';
import type { CatalogProduct, Provider } from '../api/types.ts';
import { featureLabel, valueLabel } from '../studio/model.ts';
import { FormAlert, TextField } from '../ui/forms.tsx';

type Choosable = Extract<FeatureDef, { type: 'enum' | 'bool' }>;

function valuesOf(f: Choosable): Value[] {
  return f.type === 'enum' ? f.options.map((o) => o.id) : [true, false];
}

const key = (f: string, v: Value) => `${f}=${String(v)}`;
const toMajor = (minor: number | undefined) =>
  minor === undefined ? '' : (minor / 100).toFixed(2);
const toMinor = (major: string) => Math.round(Number(major || '0') * 100);

export function ProviderOfferEditor({
  provider,
  products,
  onSaved,
}: {
  provider: Provider;
  /** The firm's products; only published ones can be offered. */
  products: CatalogProduct[];
  onSaved: (p: Provider, message: string) => void;
}) {
  const published = products.filter((p) => p.publishedVersion);
  const [productId, setProductId] = useState(
    provider.products[0]?.productId ?? published[0]?.id ?? '',
  );
  const product = published.find((p) => p.id === productId);
  const [model, setModel] = useState<ProductModel | null>(null);
  const [allowed, setAllowed] = useState<Set<string>>(new Set());
  const [costs, setCosts] = useState<Record<string, string>>({});
  const [base, setBase] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!product?.publishedVersion) return;
    let live = true;
    setModel(null);
    void api.catalog.version(product.id, product.publishedVersion.id).then(
      (v) => {
        if (!live) return;
        const m = v.model as ProductModel;
        const offer = provider.products.find((x) => x.productId === product.id);
        const ticked = new Set<string>();
        const cost: Record<string, string> = {};
        for (const f of m.features) {
          if (f.type === 'int') continue;
          for (const value of valuesOf(f)) {
            const limited = offer?.allowed[f.id];
            if (!limited || limited.some((a) => a === value)) ticked.add(key(f.id, value));
            cost[key(f.id, value)] = toMajor(offer?.optionCosts[key(f.id, value)]);
          }
        }
        setModel(m);
        setAllowed(ticked);
        setCosts(cost);
        setBase(toMajor(offer?.baseCost ?? 0));
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [product?.id, product?.publishedVersion, provider.products]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!model || !product) return;
    setBusy(true);
    setError(null);
    try {
      const restriction: Record<string, Value[]> = {};
      const optionCosts: Record<string, number> = {};
      for (const f of model.features) {
        if (f.type === 'int') continue;
        const values = valuesOf(f);
        const can = values.filter((v) => allowed.has(key(f.id, v)));
        if (can.length < values.length) restriction[f.id] = can;
        for (const v of values) {
          const minor = toMinor(costs[key(f.id, v)] ?? '');
          if (minor > 0) optionCosts[key(f.id, v)] = minor;
        }
      }
      const saved = await api.providers.setProduct(provider.id, {
        productId: product.id,
        allowed: restriction,
        baseCost: toMinor(base),
        optionCosts,
        currency: model.currency,
      });
      onSaved(saved, `Saved what ${saved.name} builds of ${product.name}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (published.length === 0) return <p className="muted">Publish a product to offer it.</p>;
  const features = (model?.features ?? []).filter((f): f is Choosable => f.type !== 'int');
  return (
    <form
      className="form"
      aria-label={`What ${provider.name} builds`}
      onSubmit={(e) => void submit(e)}
    >
      <FormAlert error={error} />
      <div className="field">
        <label htmlFor={`offer-product-${provider.id}`}>Product</label>
        <select
          id={`offer-product-${provider.id}`}
          value={productId}
          onChange={(e) => setProductId(e.target.value)}
        >
          {published.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      {!model ? (
        <p role="status">Loading the model…</p>
      ) : (
        <>
          <TextField
            label={`Base cost (${model.currency})`}
            type="number"
            min={0}
            step={0.01}
            required
            value={base}
            onChange={(e) => setBase(e.target.value)}
          />
          {features.map((f) => (
            <fieldset key={f.id} className="offer__feature">
              <legend>{featureLabel(f)}</legend>
              {valuesOf(f).map((v) => {
                const k = key(f.id, v);
                const label = valueLabel(f, v);
                return (
                  <div key={k} className="offer__value">
                    <label>
                      <input
                        type="checkbox"
                        checked={allowed.has(k)}
                        onChange={(e) => {
                          const next = new Set(allowed);
                          if (e.target.checked) next.add(k);
                          else next.delete(k);
                          setAllowed(next);
                        }}
                      />{' '}
                      {label}
                    </label>
                    <input
                      type="number"
                      min={0}
                      step={0.01}
                      aria-label={`Cost of ${featureLabel(f)}: ${label} (${model.currency})`}
                      placeholder="0.00"
                      value={costs[k] ?? ''}
                      onChange={(e) => setCosts({ ...costs, [k]: e.target.value })}
                    />
                  </div>
                );
              })}
            </fieldset>
          ))}
          <p className="field__hint">
            Ticked values are what {provider.name} can make; all ticked means no restriction. Sizes
            and measurements are not restricted here.
          </p>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Saving…' : `Save what ${provider.name} builds`}
          </button>
        </>
      )}
    </form>
  );
}
