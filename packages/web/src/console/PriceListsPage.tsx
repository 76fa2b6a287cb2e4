// `/console/price-lists`: each company's contract price list — percent off list, prices per
// option value, volume tiers — added or changed in place. Owners and sales staff only (the
// server refuses others). One list per company; approved-design prices are kept as they are.
import { useId, useState, type FormEvent } from 'react';
import {
  optionPricesText,
  parseOptionPrices,
  parseTiers,
  priceListsApi,
  tiersText,
  type Company,
  type PriceList,
} from '../api/contracts.ts';
import { FormAlert, TextField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';

export function PriceListsPage({ session }: ConsolePageProps) {
  usePageTitle('Price lists', session.tenant.name);
  const data = useResource(async () => {
    const [companies, lists] = await Promise.all([priceListsApi.companies(), priceListsApi.list()]);
    return { companies, lists };
  });
  const [status, setStatus] = useState('');
  const saved = (list: PriceList, verb: string) => {
    data.setData((d) =>
      d
        ? {
            ...d,
            lists: d.lists.some((x) => x.id === list.id)
              ? d.lists.map((x) => (x.id === list.id ? list : x))
              : [...d.lists, list],
          }
        : d,
    );
    setStatus(`${verb} ${list.name}.`);
  };
  return (
    <>
      <PageHeader title="Price lists">
        Contract prices for your business customers: a percent off list, fixed prices for option
        values, and more off from a quantity. Company members see these prices when they quote and
        order; the server applies them to every line.
      </PageHeader>
      <p role="status" className="status-text">
        {status}
      </p>
      {data.error ? <FormAlert error={data.error} /> : null}
      {data.loading && !data.data ? <Loading label="Loading price lists" /> : null}
      {(data.data?.companies ?? []).map((company) => (
        <section key={company.id} className="section" aria-label={company.name}>
          <h2>{company.name}</h2>
          {data
            .data!.lists.filter((l) => l.companyId === company.id)
            .map((l) => (
              <PriceListForm
                key={l.id}
                company={company}
                list={l}
                currency={'EUR'}
                onSaved={(x) => saved(x, 'Saved')}
              />
            ))}
          <PriceListForm
            company={company}
            list={null}
            currency={'EUR'}
            onSaved={(x) => saved(x, 'Added')}
          />
        </section>
      ))}
    </>
  );
}

function PriceListForm({
  company,
  list,
  currency: defaultCurrency,
  onSaved,
}: {
  company: Company;
  list: PriceList | null;
  /** For a new list: the firm's usual currency. */
  currency: string;
  onSaved: (list: PriceList) => void;
}) {
  const [name, setName] = useState(list?.name ?? `${company.name} contract`);
  const [currency, setCurrency] = useState(list?.currency ?? defaultCurrency);
  const [percent, setPercent] = useState(String((list?.terms.percentOffBp ?? 0) / 100));
  const [options, setOptions] = useState(list ? optionPricesText(list.terms) : '');
  const [tiers, setTiers] = useState(list ? tiersText(list.terms) : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const optionsId = useId();
  const tiersId = useId();
  const title = list ? list.name : `Add a price list for ${company.name}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const input = {
        name: name.trim(),
        currency: currency.trim().toUpperCase(),
        terms: {
          percentOffBp: Math.round(Number(percent) * 100),
          optionPrices: parseOptionPrices(options),
          tiers: parseTiers(tiers),
        },
      };
      onSaved(
        list
          ? await priceListsApi.update(list.id, input)
          : await priceListsApi.create({ ...input, companyId: company.id }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card form form--grid section"
      onSubmit={(e) => void submit(e)}
      aria-label={title}
    >
      <h3 className="form__title">{title}</h3>
      <FormAlert error={error} />
      <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} />
      <TextField
        label="Currency"
        required
        value={currency}
        maxLength={3}
        onChange={(e) => setCurrency(e.target.value)}
      />
      <TextField
        label="Percent off list"
        type="number"
        required
        min={0}
        max={100}
        step={0.01}
        value={percent}
        onChange={(e) => setPercent(e.target.value)}
      />
      <div className="field">
        <label htmlFor={optionsId}>
          Option prices<span className="field__optional"> (optional)</span>
        </label>
        <textarea
          id={optionsId}
          rows={3}
          value={options}
          placeholder="ram=gb32: 9000"
          aria-describedby={`${optionsId}-hint`}
          onChange={(e) => setOptions(e.target.value)}
        />
        <p className="field__hint" id={`${optionsId}-hint`}>
          One per line: feature=value: unit price in minor units (cents).
        </p>
      </div>
      <div className="field">
        <label htmlFor={tiersId}>
          Volume tiers<span className="field__optional"> (optional)</span>
        </label>
        <textarea
          id={tiersId}
          rows={3}
          value={tiers}
          placeholder="10: 5"
          aria-describedby={`${tiersId}-hint`}
          onChange={(e) => setTiers(e.target.value)}
        />
        <p className="field__hint" id={`${tiersId}-hint`}>
          One per line: from this many units: percent off, on top of the terms above.
        </p>
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {list ? `Save ${list.name}` : 'Add price list'}
        </button>
      </div>
    </form>
  );
}
