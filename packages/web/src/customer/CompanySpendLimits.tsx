// The company admin's spend limits in the portal (issue 12): each member's cost center, the
// per-order limit above which their orders wait for approval, and (for approvers) the amount
// they may approve; with the company's payment terms and second-approval threshold, read-only.
import { useState } from 'react';
import { companyAdmin, termsLabel, type ApprovalSettings } from '../api/approvals.ts';
import { formatMoney, fractionDigits } from '../studio/format.ts';
import { FormAlert } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { useResource } from '../ui/useResource.ts';

/** "5000" or "5000.50" (major units of `currency`) → minor units; empty → null (no limit). */
export function minor(text: string, currency: string): number | null {
  const t = text.trim();
  return t === '' ? null : Math.round(Number(t) * 10 ** fractionDigits(currency));
}
export const major = (n: number | null, currency: string) =>
  n === null ? '' : String(n / 10 ** fractionDigits(currency));

export function CompanySpendLimits({ currency }: { currency: string }) {
  const settings = useResource(() => companyAdmin.settings());
  const [status, setStatus] = useState('');
  if (settings.error) return <FormAlert error={settings.error} />;
  if (!settings.data) return <Loading label="Loading spend limits" />;
  const { policy, members, locations } = settings.data;
  return (
    <section aria-labelledby="limits-title" className="section">
      <h2 id="limits-title">Spend limits and approvals</h2>
      <p>
        Payment terms {termsLabel(policy.paymentTerms)} (allowed:{' '}
        {policy.allowedPaymentTerms.map(termsLabel).join(', ')}). Budgets per {policy.budgetPeriod}.{' '}
        {policy.secondApprovalAbove === null
          ? 'One approval per order.'
          : `Orders above ${formatMoney(policy.secondApprovalAbove, currency)} need two approvals.`}{' '}
        Leave a limit empty for none.
      </p>
      <p role="status" className="status-text">
        {status}
      </p>
      <table className="table">
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
              onSaved={(text) => setStatus(text)}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** One member's cost center and limits; `setLimits` is the admin's call unless given (staff). */
export function LimitsRow({
  member: m,
  locations,
  currency,
  onSaved,
  setLimits = (id, limits) => companyAdmin.setLimits(id, limits),
}: {
  member: ApprovalSettings['members'][number];
  locations: ApprovalSettings['locations'];
  /** The currency the limits are in (the company's locations'). */
  currency: string;
  onSaved: (text: string) => void;
  setLimits?: typeof companyAdmin.setLimits;
}) {
  const [locationId, setLocationId] = useState(m.locationId ?? '');
  const [orderLimit, setOrderLimit] = useState(major(m.orderLimit, currency));
  const [approvalLimit, setApprovalLimit] = useState(major(m.approvalLimit, currency));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await setLimits(m.id, {
        locationId: locationId || null,
        orderLimit: minor(orderLimit, currency),
        approvalLimit: minor(approvalLimit, currency),
      });
      onSaved(`Saved ${m.name}’s limits.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr>
      <td>
        {m.name} <span className="muted">({m.role ?? 'member'})</span>
        <FormAlert error={error} />
      </td>
      <td>
        <select
          aria-label={`${m.name}: cost center`}
          value={locationId}
          onChange={(e) => setLocationId(e.target.value)}
        >
          <option value="">None</option>
          {locations.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          aria-label={`${m.name}: order limit`}
          inputMode="decimal"
          value={orderLimit}
          onChange={(e) => setOrderLimit(e.target.value)}
        />
      </td>
      <td>
        <input
          aria-label={`${m.name}: approves up to`}
          inputMode="decimal"
          value={approvalLimit}
          onChange={(e) => setApprovalLimit(e.target.value)}
        />
      </td>
      <td>
        <button type="button" className="button" disabled={busy} onClick={() => void save()}>
          Save
        </button>
      </td>
    </tr>
  );
}
