// `/console/capacity-changes/:id`: the re-plan a draft change causes, and what-if alternatives
// side by side — the change as recorded, with another draft applied with it (an extra shift),
// with a partner provider taking the affected orders it can make sooner — each with its orders
// re-planned, orders later, mean delay, overtime and orders moved to the partner. Choosing a plan
// shows its orders (old → new date, late flagged); applying it tells the customers whose orders
// move later, with the apology shown here.
import { useEffect, useId, useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import {
  canChangeCapacity,
  capacityChanges,
  type Alternative,
  type ChangePlan,
  type PlannedOrder,
} from '../api/capacity-changes.ts';
import { Link } from '../router/router.tsx';
import { FormAlert, SelectField, useSubmit } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { DataTable } from './insight/DataTable.tsx';
import { ScrollBox } from './ScrollBox.tsx';
import type { Column } from './insight/csv.ts';
import type { ConsolePageProps } from './routes.tsx';

const DEFAULT_APOLOGY =
  'We are sorry: a change in our workshop means your order takes longer than we promised.';

type PlanRow = ChangePlan & { label: string };

const planColumns: Column<PlanRow>[] = [
  { key: 'label', label: 'Plan' },
  { key: 'affected', label: 'Orders re-planned' },
  { key: 'late', label: 'Orders later' },
  { key: 'averageDelayDays', label: 'Average delay (days)' },
  { key: 'overtimeHours', label: 'Overtime (hours)' },
  { key: 'toPartner', label: 'Moved to the partner' },
];

const orderColumns = (partnerName: string): Column<PlannedOrder>[] => [
  { key: 'number', label: 'Order' },
  { key: 'previousDate', label: 'Promised' },
  { key: 'promisedDate', label: 'New date' },
  { key: 'delayDays', label: 'Days later' },
  {
    key: 'orderId',
    label: 'Late',
    format: (_v, o) => (o.delayDays > 0 ? 'late' : 'on time'),
  },
  { key: 'movedTo', label: 'Built by', format: (v) => (v ? partnerName : 'as planned') },
];

export function CapacityChangePlanPage({ params, session }: ConsolePageProps) {
  usePageTitle('Re-plan preview', session.tenant.name);
  const id = params.id ?? '';
  const mayChange = canChangeCapacity(session.user.role);
  const changes = useResource(() => capacityChanges.list());
  const providers = useResource(() => api.providers.list());
  const centers = useResource(() => api.workCenters.list());
  const change = changes.data?.find((c) => c.id === id);
  const others = (changes.data ?? []).filter((c) => c.status === 'draft' && c.id !== id);
  const partners = (providers.data ?? []).filter((p) => p.kind === 'partner' && p.active);
  const [extraId, setExtraId] = useState('');
  const [partnerId, setPartnerId] = useState('');
  const [plans, setPlans] = useState<PlanRow[] | null>(null);
  const [chosen, setChosen] = useState(0);
  const [applied, setApplied] = useState<ChangePlan | null>(null);
  const [apology, setApology] = useState<string | null>(null);
  const apologyId = useId();
  const compare = useSubmit();
  const apply = useSubmit();
  const centerName = useMemo(
    () => new Map((centers.data ?? []).map((c) => [c.id, c.name])),
    [centers.data],
  );

  const alternatives = (): Alternative[] => {
    const extra = others.find((c) => c.id === extraId);
    const partner = partners.find((p) => p.id === partnerId);
    return [
      { label: 'As recorded' },
      ...(extra ? [{ label: `With “${extra.reason}”`, extraChangeIds: [extra.id] }] : []),
      ...(partner ? [{ label: `Move to ${partner.name}`, partnerId: partner.id }] : []),
    ];
  };
  const run = () =>
    compare.run(async () => {
      const got = await capacityChanges.compare(id, alternatives());
      setPlans(got.map((p, i) => ({ ...p, label: p.label ?? `Plan ${i + 1}` })));
      setChosen(0);
    });
  const status = change?.status;
  useEffect(() => {
    if (status === 'draft') void run();
    // Runs once the change is known to be a draft; later runs come from the Compare button.
  }, [status]);

  if (changes.error) return <FormAlert error={changes.error} />;
  if (!changes.data) return <Loading label="Loading the change" />;
  if (!change)
    return (
      <>
        <PageHeader title="Re-plan preview" />
        <p>
          This change is not (or no longer) on the calendar.{' '}
          <Link to="/console/capacity-changes">Back to capacity changes</Link>
        </p>
      </>
    );
  const plan = plans?.[chosen];
  const partnerName = partners.find((p) => p.id === plan?.partnerId)?.name ?? 'the partner';
  const customersTold = plan ? plan.late : 0;

  return (
    <>
      <PageHeader title={`Re-plan: ${change.reason}`}>
        {centerName.get(change.workCenterId) ?? 'Work center'}:{' '}
        {change.hoursPerDay === 0 ? 'closed' : `${change.hoursPerDay} hours a day`} from{' '}
        {change.firstDay} to {change.lastDay}.{' '}
        <Link to="/console/capacity-changes">All changes</Link>
      </PageHeader>
      {applied ? (
        <div className="alert alert--success" role="status">
          <p className="alert__title">Applied</p>
          <p>
            {applied.affected} orders re-planned; {applied.late} promised later, their customers
            told.
          </p>
        </div>
      ) : null}
      {change.status !== 'draft' && !applied ? <p>This change is {change.status}.</p> : null}

      {change.status === 'draft' && !applied ? (
        <>
          <section aria-labelledby="whatif-heading">
            <h2 id="whatif-heading">Compare plans</h2>
            <form
              className="form form--inline-small"
              onSubmit={(e) => {
                e.preventDefault();
                void run();
              }}
            >
              <SelectField
                label="Also apply"
                value={extraId}
                options={[
                  { value: '', label: 'nothing else' },
                  ...others.map((c) => ({
                    value: c.id,
                    label: `${c.reason} (${centerName.get(c.workCenterId) ?? ''}, ${c.firstDay}${c.lastDay !== c.firstDay ? ` – ${c.lastDay}` : ''}, ${c.hoursPerDay} h)`,
                  })),
                ]}
                hint="Record an extra shift as another change first; it is applied together with this one."
                onChange={(e) => setExtraId(e.target.value)}
              />
              <SelectField
                label="Or move orders to a partner"
                value={partnerId}
                options={[
                  { value: '', label: 'no partner' },
                  ...partners.map((p) => ({ value: p.id, label: p.name })),
                ]}
                onChange={(e) => setPartnerId(e.target.value)}
              />
              <button type="submit" className="button" disabled={compare.busy}>
                Compare
              </button>
            </form>
            <FormAlert error={compare.error} />
            {compare.busy && !plans ? <Loading label="Re-planning" /> : null}
            {plans ? (
              <ScrollBox label="Plans side by side">
                <DataTable
                  caption="Plans side by side"
                  csvName="capacity-plans"
                  columns={planColumns}
                  rows={plans}
                />
              </ScrollBox>
            ) : null}
          </section>

          {plans && plan ? (
            <section aria-labelledby="preview-heading">
              <h2 id="preview-heading">Preview</h2>
              {plans.length > 1 ? (
                <SelectField
                  label="Plan"
                  value={String(chosen)}
                  options={plans.map((p, i) => ({ value: String(i), label: p.label }))}
                  onChange={(e) => setChosen(Number(e.target.value))}
                />
              ) : null}
              <p>
                {plan.label}: {plan.affected} orders re-planned from {plan.start}, {plan.late} later
                (on average {plan.averageDelayDays} days), {plan.overtimeHours} hours overtime
                {plan.partnerId ? `, ${plan.toPartner} moved to ${partnerName}` : ''}.
              </p>
              <ScrollBox label={`Orders of “${plan.label}”, most delayed first`}>
                <DataTable
                  caption={`Orders of “${plan.label}”, most delayed first`}
                  csvName="replan-orders"
                  empty="No order has work there from the change on."
                  columns={orderColumns(partnerName)}
                  rows={plan.orders}
                />
              </ScrollBox>
              <h3>What the customers read</h3>
              {mayChange ? (
                <div className="field">
                  <label htmlFor={apologyId}>Apology</label>
                  <textarea
                    id={apologyId}
                    rows={3}
                    maxLength={2000}
                    value={apology ?? (change.apology || DEFAULT_APOLOGY)}
                    onChange={(e) => setApology(e.target.value)}
                  />
                </div>
              ) : null}
              <blockquote className="apology">
                Why: {change.reason}. {(apology ?? change.apology) || DEFAULT_APOLOGY}
              </blockquote>
              {mayChange ? (
                <>
                  <FormAlert error={apply.error} />
                  <button
                    type="button"
                    className="button button--primary"
                    disabled={apply.busy}
                    onClick={() =>
                      void apply.run(async () => {
                        setApplied(await capacityChanges.apply(id, plan, apology ?? undefined));
                        await changes.reload();
                      })
                    }
                  >
                    Apply “{plan.label}” and tell the customers of {customersTold} late order
                    {customersTold === 1 ? '' : 's'}
                  </button>
                </>
              ) : null}
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}
