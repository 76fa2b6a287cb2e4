// `/console/capacity`: per work center and day, hours booked by accepted orders against hours
// available — a table (readable by screen readers) whose cells carry a small bar.
import { useState } from 'react';
import { api } from '../api/client.ts';
import { FormAlert, TextField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { addDays } from '../studio/format.ts';
import type { ConsolePageProps } from './routes.tsx';

const DAYS = 28;

export function CapacityPage({ session }: ConsolePageProps) {
  usePageTitle('Capacity', session.tenant.name);
  const [from, setFrom] = useState(addDays(0));
  const capacity = useResource(() => api.capacity.get(from, DAYS));
  const dates = capacity.data?.[0]?.days.map((d) => d.date) ?? [];

  return (
    <>
      <PageHeader title="Capacity">
        Hours booked by accepted orders against the hours each work center has, per day. Promised
        dates move later when a center is full.
      </PageHeader>
      <form
        className="form form--inline-small"
        onSubmit={(e) => {
          e.preventDefault();
          void capacity.reload();
        }}
      >
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
      {capacity.error ? <FormAlert error={capacity.error} /> : null}
      {capacity.loading && !capacity.data ? <Loading label="Loading capacity" /> : null}
      {capacity.data ? (
        <div className="table-wrap" role="region" aria-label="Capacity per day" tabIndex={0}>
          <table className="table capacity">
            <thead>
              <tr>
                <th scope="col">Day</th>
                {capacity.data.map((c) => (
                  <th scope="col" key={c.center.id}>
                    {c.center.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {dates.map((date, di) => (
                <tr key={date}>
                  <th scope="row">{shortDay(date)}</th>
                  {capacity.data!.map((c) => {
                    const d = c.days[di];
                    if (!d) return <td key={c.center.id}>—</td>;
                    if (d.available === 0)
                      return (
                        <td key={c.center.id} className="muted">
                          closed
                        </td>
                      );
                    const pct = Math.min(100, Math.round((d.booked / d.available) * 100));
                    return (
                      <td key={c.center.id}>
                        <span className="meter" aria-hidden="true">
                          <span
                            className={`meter__fill${pct >= 90 ? ' meter__fill--full' : ''}`}
                            style={{ width: `${pct}%` }}
                          />
                        </span>
                        <span className="meter__text">
                          {round(d.booked)} of {round(d.available)} h
                        </span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

const round = (h: number) => Math.round(h * 10) / 10;

const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
});

/** "Tue 24 Nov" for a YYYY-MM-DD date. */
function shortDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return y && m && d ? dayFormat.format(new Date(y, m - 1, d)) : iso;
}
