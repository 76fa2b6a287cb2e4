// `/console/work-centers`: the firm's work centers with their daily hours and working days
// (ISO weekdays); add one or change one in place.
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { WorkCenter } from '../api/types.ts';
import { FormAlert, TextField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function WorkCentersPage({ session }: ConsolePageProps) {
  usePageTitle('Work centers', session.tenant.name);
  const centers = useResource(() => api.workCenters.list());
  const [status, setStatus] = useState('');
  return (
    <>
      <PageHeader title="Work centers">
        Where orders are made. Options in your models book hours here; the hours per day and working
        days decide how soon an order can be delivered.
      </PageHeader>
      <p role="status" className="status-text">
        {status}
      </p>
      {centers.error ? <FormAlert error={centers.error} /> : null}
      {centers.loading && !centers.data ? <Loading label="Loading work centers" /> : null}
      {(centers.data ?? []).map((c) => (
        <CenterForm
          key={c.id}
          center={c}
          onSaved={(saved) => {
            centers.setData((list) => list?.map((x) => (x.id === saved.id ? saved : x)));
            setStatus(`Saved ${saved.name}.`);
          }}
        />
      ))}
      <CenterForm
        center={null}
        onSaved={(saved) => {
          centers.setData((list) => [...(list ?? []), saved]);
          setStatus(`Added ${saved.name}.`);
        }}
      />
    </>
  );
}

function CenterForm({
  center,
  onSaved,
}: {
  center: WorkCenter | null;
  onSaved: (c: WorkCenter) => void;
}) {
  const [code, setCode] = useState(center?.code ?? '');
  const [name, setName] = useState(center?.name ?? '');
  const [hours, setHours] = useState(String(center?.hoursPerDay ?? 8));
  const [reserved, setReserved] = useState(String(center?.reservedHoursPerDay ?? 0));
  const [days, setDays] = useState<number[]>(center?.workingDays ?? [1, 2, 3, 4, 5]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const title = center ? center.name : 'Add a work center';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const input = {
        code: code.trim(),
        name: name.trim(),
        hoursPerDay: Number(hours),
        reservedHoursPerDay: Number(reserved),
        workingDays: days,
      };
      const saved = center
        ? await api.workCenters.update(center.id, input)
        : await api.workCenters.create(input);
      onSaved(saved);
      if (!center) {
        setCode('');
        setName('');
      }
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
      <h2 className="form__title">{title}</h2>
      <FormAlert error={error} />
      <TextField
        label="Code"
        required
        value={code}
        onChange={(e) => setCode(e.target.value)}
        disabled={center !== null}
      />
      <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} />
      <TextField
        label="Hours per day"
        type="number"
        required
        min={0}
        max={24}
        step={0.5}
        value={hours}
        onChange={(e) => setHours(e.target.value)}
      />
      <TextField
        label="Reserved hours per day (priority customers)"
        type="number"
        min={0}
        max={24}
        step={0.5}
        value={reserved}
        onChange={(e) => setReserved(e.target.value)}
      />
      <fieldset className="weekdays">
        <legend>Working days</legend>
        {WEEKDAYS.map((d, i) => (
          <label key={d} className="check">
            <input
              type="checkbox"
              checked={days.includes(i + 1)}
              onChange={(e) =>
                setDays((ds) =>
                  e.target.checked ? [...ds, i + 1].sort() : ds.filter((x) => x !== i + 1),
                )
              }
            />
            {d}
          </label>
        ))}
      </fieldset>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {center ? `Save ${center.name}` : 'Add work center'}
        </button>
      </div>
    </form>
  );
}
