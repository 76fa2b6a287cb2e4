// `/console/price-lists`: each company's contract price lists — percent off list, prices per
// option value and per approved design of the company, volume tiers — added or changed in place.
// Owners and sales staff only (the server refuses others). One company-wide list per company and
// at most one per company location (chosen when the list is added).
import { fractionDigits } from '../studio/format.ts';
import { useId, useState, type FormEvent } from 'react';
import { companies as companiesApi, type CompanyPortal } from '../api/companies.ts';
import {
  optionPricesText,
  parseDesignPrices,
  parseOptionPrices,
  parseTiers,
  priceListsApi,
  tiersText,
  type Company,
  type PriceList,
} from '../api/contracts.ts';
import { FormAlert, SelectField, TextField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';

export function PriceListsPage({ session }: ConsolePageProps) {
  usePageTitle('Price lists', session.tenant.name);
  const data = useResource(async () => {
    const [companies, lists] = await Promise.all([priceListsApi.companies(), priceListsApi.list()]);
    // Each company's locations and approved configurations, for the location and design prices.
    const details = await Promise.all(companies.map((c) => companiesApi.get(c.id)));
    return { companies, lists, details };
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
        values and for the designs a company approved, and more off from a quantity — for the whole
        company or one of its locations. Company members see these prices when they quote and order;
        the server applies them to every line.
      </PageHeader>
      <p role="status" className="status-text">
        {status}
      </p>
      {data.error ? <FormAlert error={data.error} /> : null}
      {data.loading && !data.data ? <Loading label="Loading price lists" /> : null}
      {(data.data?.companies ?? []).map((company, i) => (
        <section key={company.id} className="section" aria-label={company.name}>
          <h2>{company.name}</h2>
          {data
            .data!.lists.filter((l) => l.companyId === company.id)
            .map((l) => (
              <PriceListForm
                key={l.id}
                company={company}
                detail={data.data!.details[i]!}
                list={l}
                currency={'EUR'}
                onSaved={(x) => saved(x, 'Saved')}
              />
            ))}
          <PriceListForm
            company={company}
            detail={data.data!.details[i]!}
            list={null}
            currency={'EUR'}
            onSaved={(x) => saved(x, 'Added')}
          />
        </section>
      ))}
    </>
  );
}

/** Minor units → the text of the amount field ("1234.5"); none: empty. */
const majorText = (minor: number | undefined, currency: string) =>
  minor === undefined ? '' : String(minor / 10 ** fractionDigits(currency));

function PriceListForm({
  company,
  detail,
  list,
  currency: defaultCurrency,
  onSaved,
}: {
  company: Company;
  /** The company's locations and approved configurations. */
  detail: CompanyPortal;
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
  const [locationId, setLocationId] = useState('');
  const [designPrices, setDesignPrices] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      detail.configurations.map(({ configuration: c }) => [
        c.id,
        majorText(
          list?.terms.designPrices.find((d) => d.approvedConfigurationId === c.id)?.unitPrice,
          list?.currency ?? defaultCurrency,
        ),
      ]),
    ),
  );
  const location = list?.locationId
    ? (detail.locations.find((l) => l.id === list.locationId)?.name ?? 'unknown')
    : null;
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
      const code = currency.trim().toUpperCase();
      const input = {
        name: name.trim(),
        currency: code,
        terms: {
          percentOffBp: Math.round(Number(percent) * 100),
          optionPrices: parseOptionPrices(options),
          tiers: parseTiers(tiers),
          designPrices: parseDesignPrices(designPrices, code),
        },
      };
      onSaved(
        list
          ? await priceListsApi.update(list.id, input)
          : await priceListsApi.create({
              ...input,
              companyId: company.id,
              locationId: locationId || null,
            }),
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
      {list ? (
        <p className="form__wide" data-testid="price-list-scope">
          {location ? `For the location ${location}.` : 'For the whole company.'}
        </p>
      ) : null}
      <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} />
      {list ? null : (
        <SelectField
          label="Location"
          value={locationId}
          onChange={(e) => setLocationId(e.target.value)}
          options={[
            { value: '', label: 'Whole company' },
            ...detail.locations.map((l) => ({ value: l.id, label: l.name })),
          ]}
          hint="A location's list is for its buyers; one list per location and one for the whole company."
        />
      )}
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
      {detail.configurations.length > 0 ? (
        <fieldset className="form__fields form__wide">
          <legend>
            Approved design prices<span className="field__optional"> (optional)</span>
          </legend>
          <p className="field__hint">
            The unit price of a whole design in one of {company.name}’s approved configurations
            (base and options), in {currency.trim().toUpperCase() || 'the list’s currency'}. Empty:
            the terms above apply.
          </p>
          {detail.configurations.map(({ configuration: c, product }) => (
            <TextField
              key={c.id}
              label={`${c.name}: unit price`}
              hint={product.name}
              inputMode="decimal"
              value={designPrices[c.id] ?? ''}
              onChange={(e) => setDesignPrices((d) => ({ ...d, [c.id]: e.target.value }))}
            />
          ))}
        </fieldset>
      ) : null}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {list ? `Save ${list.name}` : 'Add price list'}
        </button>
      </div>
    </form>
  );
}
