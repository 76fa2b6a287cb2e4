// `/console/capacity-changes`: a work center's calendar (hours per day after the applied changes,
// the usual hours, what is booked, and the changes marked), recording a change on it (down for
// some days, an extra shift, a holiday) as a draft, and the list of drafts and applied changes —
// a draft opens its re-plan preview (CapacityChangePlanPage).
import { useId, useMemo, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import {
  canChangeCapacity,
  capacityChanges,
  type CapacityChange,
} from '../api/capacity-changes.ts';
import type { CapacityRow } from '../api/types.ts';
import { Link, navigate } from '../router/router.tsx';
import { addDays } from '../studio/format.ts';
import { FormAlert, SelectField, TextField, useSubmit } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { DataTable } from './insight/DataTable.tsx';
import { ScrollBox } from './ScrollBox.tsx';
import type { Column } from './insight/csv.ts';
import type { ConsolePageProps } from './routes.tsx';

const DAYS = 42;

type Kind = 'down' | 'extra' | 'holiday';

const KINDS: { value: Kind; label: string }[] = [
  { value: 'down', label: 'Down: closed' },
  { value: 'extra', label: 'Extra shift: hours' },
  { value: 'holiday', label: 'Holiday: closed' },
];

type DayRow = {
  date: string;
  available: number;
  normal: number;
  booked: number;
  change: string;
};

const dayColumns: Column<DayRow>[] = [
  { key: 'date', label: 'Day', format: (v) => shortDay(String(v)) },
  {
    key: 'available',
    label: 'Hours',
    format: (v, row) => (Number(v) === 0 ? 'closed' : `${round(Number(v))} h`) + marker(row),
  },
  { key: 'normal', label: 'Usual hours', format: (v) => `${round(Number(v))} h` },
  { key: 'booked', label: 'Booked', format: (v) => `${round(Number(v))} h` },
  { key: 'change', label: 'Changes' },
];

function marker(row: DayRow): string {
  if (row.available > row.normal) return ' (more than usual)';
  if (row.available < row.normal) return ' (less than usual)';
  return '';
}

export function CapacityChangesPage({ session }: ConsolePageProps) {
  usePageTitle('Capacity changes', session.tenant.name);
  const mayChange = canChangeCapacity(session.user.role);
  const [from, setFrom] = useState(addDays(0));
  const centers = useResource(() => api.workCenters.list());
  const calendar = useResource(() => api.capacity.get(from, DAYS));
  const changes = useResource(() => capacityChanges.list());
  const [centerId, setCenterId] = useState('');
  const rows = calendar.data ?? [];
  const shown: CapacityRow | undefined = rows.find((r) => r.center.id === centerId) ?? rows[0];
  const nameOf = useMemo(
    () => new Map((centers.data ?? []).map((c) => [c.id, c.name])),
    [centers.data],
  );

  return (
    <>
      <PageHeader title="Capacity changes">
        A work center’s calendar with its changes; record a change, preview the re-plan it causes,
        compare ways to answer it, and apply one — the customers whose orders move later are told.
      </PageHeader>

      <section aria-labelledby="calendar-heading">
        <h2 id="calendar-heading">Calendar</h2>
        <form
          className="form form--inline-small"
          onSubmit={(e) => {
            e.preventDefault();
            void calendar.reload();
          }}
        >
          <SelectField
            label="Work center"
            value={shown?.center.id ?? ''}
            options={rows.map((r) => ({ value: r.center.id, label: r.center.name }))}
            onChange={(e) => setCenterId(e.target.value)}
          />
          <TextField
            label="From"
            type="date"
            required
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
          <button type="submit" className="button">
            Show {DAYS} days
          </button>
        </form>
        {calendar.error ? <FormAlert error={calendar.error} /> : null}
        {calendar.loading && !calendar.data ? <Loading label="Loading the calendar" /> : null}
        {shown ? (
          <ScrollBox label={`${shown.center.name}: hours per day`}>
            <DataTable
              caption={`${shown.center.name}: hours per day`}
              csvName={`calendar-${shown.center.code}`}
              columns={dayColumns}
              rows={shown.days.map((d) => ({
                date: d.date,
                available: d.available,
                normal: d.normal,
                booked: d.booked,
                change: d.changes
                  .map((c) => `${c.status === 'draft' ? 'Draft: ' : ''}${c.reason}`)
                  .join('; '),
              }))}
            />
          </ScrollBox>
        ) : null}
      </section>

      {mayChange && centers.data ? (
        <RecordChange
          centers={centers.data.map((c) => ({ value: c.id, label: c.name }))}
          defaultCenter={shown?.center.id ?? centers.data[0]?.id ?? ''}
        />
      ) : null}

      <section aria-labelledby="changes-heading">
        <h2 id="changes-heading">Changes</h2>
        {changes.error ? <FormAlert error={changes.error} /> : null}
        {changes.data ? (
          <ScrollBox label="Drafts and applied changes, newest first">
            <DataTable
              caption="Drafts and applied changes, newest first"
              csvName="capacity-changes"
              empty="No changes recorded."
              columns={changeColumns(nameOf)}
              rows={changes.data}
            />
          </ScrollBox>
        ) : null}
        {changes.data?.some((d) => d.status === 'draft') ? (
          <>
            <h3>Drafts: preview, compare and apply</h3>
            <ul>
              {changes.data
                .filter((d) => d.status === 'draft')
                .map((d) => (
                  <li key={d.id}>
                    <Link to={`/console/capacity-changes/${encodeURIComponent(d.id)}`}>
                      {nameOf.get(d.workCenterId) ?? 'Work center'}: {d.reason} ({d.firstDay}
                      {d.lastDay !== d.firstDay ? ` – ${d.lastDay}` : ''})
                    </Link>
                  </li>
                ))}
            </ul>
          </>
        ) : null}
      </section>
    </>
  );
}

function changeColumns(nameOf: Map<string, string>): Column<CapacityChange>[] {
  return [
    { key: 'workCenterId', label: 'Work center', format: (v) => nameOf.get(String(v)) ?? '—' },
    {
      key: 'firstDay',
      label: 'Days',
      format: (_v, c) => (c.firstDay === c.lastDay ? c.firstDay : `${c.firstDay} – ${c.lastDay}`),
    },
    {
      key: 'hoursPerDay',
      label: 'Hours per day',
      format: (v) => (Number(v) === 0 ? 'closed' : `${round(Number(v))} h`),
    },
    { key: 'reason', label: 'Why' },
    {
      key: 'status',
      label: 'Status',
      format: (v, c) =>
        c.status === 'applied' ? `applied, ${c.ordersMoved ?? 0} orders later` : String(v),
    },
  ];
}

function RecordChange({
  centers,
  defaultCenter,
}: {
  centers: { value: string; label: string }[];
  defaultCenter: string;
}) {
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);
  const apologyId = useId();
  const [centerId, setCenterId] = useState(defaultCenter);
  const [kind, setKind] = useState<Kind>('down');
  const [firstDay, setFirstDay] = useState(addDays(1));
  const [days, setDays] = useState('2');
  const [hours, setHours] = useState('8');
  const [reason, setReason] = useState('');
  const [apology, setApology] = useState('');

  return (
    <section aria-labelledby="record-heading">
      <h2 id="record-heading">Record a change</h2>
      <form
        ref={form}
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(async () => {
            const n = Math.max(1, Math.round(Number(days)));
            const created = await capacityChanges.create({
              workCenterId: centerId || defaultCenter,
              firstDay,
              lastDay: addIso(firstDay, n - 1),
              hoursPerDay: kind === 'extra' ? Number(hours) : 0,
              reason,
              ...(apology.trim() ? { apology } : {}),
            });
            navigate(`/console/capacity-changes/${encodeURIComponent(created.id)}`);
          });
        }}
      >
        <FormAlert error={submit.error} />
        <SelectField
          label="Work center"
          value={centerId || defaultCenter}
          options={centers}
          error={submit.fieldErrors.workCenterId}
          onChange={(e) => setCenterId(e.target.value)}
        />
        <SelectField
          label="What changes"
          value={kind}
          options={KINDS}
          onChange={(e) => setKind(e.target.value as Kind)}
        />
        <TextField
          label="First day"
          type="date"
          required
          value={firstDay}
          error={submit.fieldErrors.firstDay}
          onChange={(e) => setFirstDay(e.target.value)}
        />
        <TextField
          label="Number of days"
          type="number"
          min={1}
          max={366}
          required
          value={days}
          error={submit.fieldErrors.lastDay}
          onChange={(e) => setDays(e.target.value)}
        />
        {kind === 'extra' ? (
          <TextField
            label="Hours on each of these days"
            type="number"
            min={0}
            max={24}
            step={0.5}
            required
            value={hours}
            error={submit.fieldErrors.hoursPerDay}
            hint="The whole day’s hours, e.g. 16 for a second eight-hour shift."
            onChange={(e) => setHours(e.target.value)}
          />
        ) : null}
        <TextField
          label="Why (customers read it when their order moves)"
          required
          maxLength={500}
          value={reason}
          error={submit.fieldErrors.reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <div className={`field${submit.fieldErrors.apology ? ' field--invalid' : ''}`}>
          <label htmlFor={apologyId}>
            Apology <span className="field__optional"> (optional)</span>
          </label>
          <textarea
            id={apologyId}
            rows={3}
            maxLength={2000}
            value={apology}
            placeholder="We are sorry: a change in our workshop means your order takes longer than we promised."
            onChange={(e) => setApology(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary" disabled={submit.busy}>
          Record and preview the re-plan
        </button>
      </form>
    </section>
  );
}

/** The ISO day `n` days after `day`. */
export function addIso(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const round = (h: number) => Math.round(h * 10) / 10;

const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
});

function shortDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return y && m && d ? dayFormat.format(new Date(y, m - 1, d)) : iso;
}
