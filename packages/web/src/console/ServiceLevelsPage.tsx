// `/console/service-levels`: how each customer segment is served — inbox priority, response
// target, whether their orders may take the work centers' reserved capacity, a named contact.
// Owners change it (the server audits each change); sales staff read it. Levels apply only to
// customers who consented to personalization; everyone else gets the default row.
import { useState } from 'react';
import { api } from '../api/client.ts';
import {
  priorityLabel,
  SERVICE_KEY_LABELS,
  serviceLevels,
  type ServiceLevel,
} from '../api/service-levels.ts';
import { FormAlert } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { canManageFirm, OWNERS_ONLY } from './permissions.ts';
import type { ConsolePageProps } from './routes.tsx';

export function ServiceLevelsPage({ session }: ConsolePageProps) {
  usePageTitle('Service levels', session.tenant.name);
  const levels = useResource(() => serviceLevels.list());
  const owner = canManageFirm(session);
  const staff = useResource(() => (owner ? api.users.list() : Promise.resolve([])));
  return (
    <>
      <PageHeader title="Service levels" />
      <p>
        Serve your best customers better: per segment, a priority and a response target in the
        inbox, earlier dates from the capacity your work centers reserve, and a named contact. A
        segment applies only while the customer has consented to personalization; everyone else gets
        the default.
      </p>
      {owner ? null : <p className="muted">{OWNERS_ONLY}</p>}
      <FormAlert error={levels.error ?? staff.error} />
      {levels.loading && !levels.data ? <Loading label="Loading the service levels" /> : null}
      {levels.data ? (
        <div className="stack">
          {levels.data.map((l) => (
            <LevelForm
              key={l.segment}
              level={l}
              editable={owner}
              staff={(staff.data ?? []).filter((s) => !s.disabled)}
              onSaved={() => void levels.reload()}
            />
          ))}
        </div>
      ) : null}
    </>
  );
}

// Laid out here rather than in the shared stylesheet: one row of labelled fields that wraps.
const FORM = { display: 'flex', flexWrap: 'wrap', gap: '1rem', alignItems: 'end' } as const;
const FIELD = { display: 'flex', flexDirection: 'column', gap: '0.25rem' } as const;

function LevelForm({
  level,
  editable,
  staff,
  onSaved,
}: {
  level: ServiceLevel;
  editable: boolean;
  staff: { id: string; name: string }[];
  onSaved: () => void;
}) {
  const [priority, setPriority] = useState(String(level.priority));
  const [target, setTarget] = useState(
    level.responseTargetHours === null ? '' : String(level.responseTargetHours),
  );
  const [reserve, setReserve] = useState(level.mayUseReservedCapacity);
  const [contact, setContact] = useState(level.contact?.id ?? '');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = `level-${level.segment}`;
  const label = SERVICE_KEY_LABELS[level.segment];

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await serviceLevels.save({
        segment: level.segment,
        priority: Number(priority),
        responseTargetHours: target.trim() === '' ? null : Number(target),
        mayUseReservedCapacity: reserve,
        contactStaffId: contact === '' ? null : contact,
      });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (!editable)
    return (
      <section aria-labelledby={id} className="card">
        <h2 id={id}>{label}</h2>
        <p>
          {priorityLabel(level.priority)} · response target{' '}
          {level.responseTargetHours === null ? 'none' : `${level.responseTargetHours} h`} ·{' '}
          {level.mayUseReservedCapacity ? 'may use reserved capacity' : 'ordinary capacity'} ·
          contact {level.contact?.name ?? 'none'}
        </p>
      </section>
    );
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id}>{label}</h2>
      <form style={FORM} onSubmit={(e) => void save(e)} aria-label={`Service for ${label}`}>
        <label style={FIELD}>
          Priority
          <select value={priority} onChange={(e) => setPriority(e.target.value)}>
            {Array.from({ length: 10 }, (_, p) => (
              <option key={p} value={p}>
                {priorityLabel(p)}
              </option>
            ))}
          </select>
        </label>
        <label style={FIELD}>
          Response target (hours)
          <input
            type="number"
            min={1}
            max={1440}
            value={target}
            placeholder="none"
            onChange={(e) => setTarget(e.target.value)}
          />
        </label>
        {level.segment === 'default' ? null : (
          <label>
            <input
              type="checkbox"
              checked={reserve}
              onChange={(e) => setReserve(e.target.checked)}
            />{' '}
            May use reserved capacity
          </label>
        )}
        <label style={FIELD}>
          Named contact
          <select value={contact} onChange={(e) => setContact(e.target.value)}>
            <option value="">None</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button" disabled={busy}>
          Save
        </button>
        {saved ? <span role="status">Saved.</span> : null}
      </form>
      <FormAlert error={error} />
    </section>
  );
}

export default ServiceLevelsPage;
