// `/console/companies`: the firm's business customers (issue 12) — each company with the link to
// its portal, the configurations it approved and its locations / cost centers
// (GET /business-accounts, GET /business-accounts/:id), and its approval policy and members'
// limits, which owners and sales staff set on the company's behalf
// (GET /business-accounts/:id/approval-settings, PUT …/approval-policy, PUT /customers/:id/company-limits).
import { useState, type FormEvent } from 'react';
import {
  companyApprovalsForStaff,
  PAYMENT_TERMS_LABELS,
  termsLabel,
  type ApprovalSettings,
} from '../api/approvals.ts';
import { approvalSummary, companies, type Company } from '../api/companies.ts';
import { LocationsTable } from '../customer/CompanyPortalPage.tsx';
import { LimitsRow, major, minor } from '../customer/CompanySpendLimits.tsx';
import { FormAlert, SelectField, TextField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';

export function CompaniesPage({ session }: ConsolePageProps) {
  usePageTitle('Companies', session.tenant.name);
  const list = useResource(() => companies.list());
  return (
    <>
      <PageHeader title="Companies">
        Business customers with their own portal: what each approved for its people, and where they
        order for.
      </PageHeader>
      <FormAlert error={list.error} />
      {list.loading && !list.data ? <Loading label="Loading the companies" /> : null}
      {list.data?.length === 0 ? <p>No companies yet.</p> : null}
      {list.data?.map((c) => (
        <CompanySection key={c.id} company={c} />
      ))}
    </>
  );
}

function CompanySection({ company }: { company: Company }) {
  const detail = useResource(() => companies.get(company.id));
  return (
    <section className="section" aria-labelledby={`company-${company.id}`}>
      <h2 id={`company-${company.id}`}>{company.name}</h2>
      <p>
        {company.portalPath ? (
          <>
            Portal: <a href={company.portalPath}>{company.portalPath}</a>
          </>
        ) : (
          'No portal address yet.'
        )}
      </p>
      <FormAlert error={detail.error} />
      {detail.data ? (
        <>
          <h3>Approved configurations</h3>
          {detail.data.configurations.length === 0 ? (
            <p>None yet.</p>
          ) : (
            <ul>
              {detail.data.configurations.map(({ configuration: a, product }) => (
                <li key={a.id}>
                  <strong>{a.name}</strong> ({product.name},{' '}
                  {a.kind === 'fixed' ? 'fixed design' : 'space'}): {approvalSummary(a)}
                </li>
              ))}
            </ul>
          )}
          <LocationsTable portal={detail.data} />
          <ApprovalSettingsSection company={company} />
        </>
      ) : null}
    </section>
  );
}

const BUDGET_PERIODS: Record<string, string> = { month: 'Month', quarter: 'Quarter', year: 'Year' };

/** The company's approval policy and each member's cost center and limits. */
function ApprovalSettingsSection({ company }: { company: Company }) {
  const settings = useResource(() => companyApprovalsForStaff.settings(company.id));
  const [status, setStatus] = useState('');
  if (settings.error) return <FormAlert error={settings.error} />;
  if (!settings.data) return <Loading label={`Loading ${company.name}’s approval settings`} />;
  const { policy, members, locations } = settings.data;
  const currency = locations[0]?.currency ?? 'EUR';
  return (
    <>
      <h3>Approvals and spend limits</h3>
      <p role="status" className="status-text">
        {status}
      </p>
      <PolicyForm
        company={company}
        policy={policy}
        currency={currency}
        onSaved={() => setStatus(`Saved the approval policy of ${company.name}.`)}
      />
      <table className="table" aria-label={`${company.name}: members’ limits`}>
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Cost center</th>
            <th scope="col">Order limit ({currency})</th>
            <th scope="col">Approves up to ({currency})</th>
            <th scope="col">
              <span className="visually-hidden">Save</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <LimitsRow
              key={m.id}
              member={m}
              locations={locations}
              currency={currency}
              onSaved={setStatus}
              setLimits={(id, limits) => companyApprovalsForStaff.setLimits(id, limits)}
            />
          ))}
        </tbody>
      </table>
      <p className="field__hint">Leave a limit empty for none.</p>
    </>
  );
}

function PolicyForm({
  company,
  policy,
  currency,
  onSaved,
}: {
  company: Company;
  policy: ApprovalSettings['policy'];
  currency: string;
  onSaved: () => void;
}) {
  const [allowed, setAllowed] = useState<string[]>(policy.allowedPaymentTerms);
  const [paymentTerms, setPaymentTerms] = useState(policy.paymentTerms);
  const [secondAbove, setSecondAbove] = useState(major(policy.secondApprovalAbove, currency));
  const [budgetPeriod, setBudgetPeriod] = useState(policy.budgetPeriod);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const terms = Object.keys(PAYMENT_TERMS_LABELS);
  const title = `Approval policy of ${company.name}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await companyApprovalsForStaff.setPolicy(company.id, {
        paymentTerms,
        // In the order of the terms, the default always among them.
        allowedPaymentTerms: terms.filter((t) => allowed.includes(t) || t === paymentTerms),
        secondApprovalAbove: minor(secondAbove, currency),
        budgetPeriod,
      });
      setAllowed((a) => (a.includes(paymentTerms) ? a : [...a, paymentTerms]));
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card form form--grid section"
      aria-label={title}
      onSubmit={(e) => void submit(e)}
    >
      <h4 className="form__title form__wide">{title}</h4>
      <FormAlert error={error} />
      <fieldset className="form__fields">
        <legend>Allowed payment terms</legend>
        {terms.map((t) => (
          <label key={t} className="checkbox">
            <input
              type="checkbox"
              checked={allowed.includes(t)}
              onChange={(e) =>
                setAllowed((a) => (e.target.checked ? [...a, t] : a.filter((x) => x !== t)))
              }
            />{' '}
            {termsLabel(t)}
          </label>
        ))}
      </fieldset>
      <SelectField
        label="Default payment terms"
        value={paymentTerms}
        onChange={(e) => setPaymentTerms(e.target.value)}
        options={terms
          .filter((t) => allowed.includes(t) || t === paymentTerms)
          .map((t) => ({ value: t, label: termsLabel(t) }))}
        hint="Orders that name no terms get these."
      />
      <TextField
        label={`Second approval above (${currency})`}
        inputMode="decimal"
        value={secondAbove}
        onChange={(e) => setSecondAbove(e.target.value)}
        hint="Orders above this need two approvers. Empty: one approval."
      />
      <SelectField
        label="Budget period"
        value={budgetPeriod}
        onChange={(e) => setBudgetPeriod(e.target.value)}
        options={Object.entries(BUDGET_PERIODS).map(([value, label]) => ({ value, label }))}
        hint="Each location’s budget counts the orders of this calendar period."
      />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          Save approval policy
        </button>
      </div>
    </form>
  );
}
