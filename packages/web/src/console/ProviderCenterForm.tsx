// Adding a work center to a partner provider: the capacity on which orders built there are
// scheduled (POST /providers/:id/work-centers). The code is what the model's work lines name.
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { Provider } from '../api/types.ts';
import { FormAlert, TextField } from '../ui/forms.tsx';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function ProviderCenterForm({
  provider,
  onSaved,
}: {
  provider: Provider;
  onSaved: (p: Provider, message: string) => void;
}) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [hours, setHours] = useState('8');
  const [days, setDays] = useState<number[]>([1, 2, 3, 4, 5]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = await api.providers.addWorkCenter(provider.id, {
        code: code.trim(),
        name: name.trim(),
        hoursPerDay: Number(hours),
        workingDays: days,
      });
      setCode('');
      setName('');
      onSaved(saved, `Added work center ${name.trim()} to ${saved.name}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const fieldErrors = error instanceof ApiError ? error.fieldErrors() : {};
  return (
    <form
      className="form"
      aria-label={`Add a work center to ${provider.name}`}
      onSubmit={(e) => void submit(e)}
    >
      <FormAlert error={error} />
      <TextField
        label="Code"
        required
        maxLength={80}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        error={fieldErrors.code}
        hint="What the product model's work lines name, e.g. frame-shop."
      />
      <TextField
        label="Name"
        required
        maxLength={200}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fieldErrors.name}
      />
      <TextField
        label="Hours per day"
        type="number"
        min={0}
        max={24}
        step={0.5}
        required
        value={hours}
        onChange={(e) => setHours(e.target.value)}
        error={fieldErrors.hoursPerDay}
      />
      <fieldset className="offer__feature">
        <legend>Working days</legend>
        {WEEKDAYS.map((label, i) => (
          <label key={label} className="offer__day">
            <input
              type="checkbox"
              checked={days.includes(i + 1)}
              onChange={(e) =>
                setDays(
                  e.target.checked ? [...days, i + 1].sort() : days.filter((d) => d !== i + 1),
                )
              }
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Adding…' : 'Add work center'}
      </button>
    </form>
  );
}
