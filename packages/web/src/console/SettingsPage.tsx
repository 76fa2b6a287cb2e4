// `/console/settings`: the firm's name and settings (GET/PATCH /tenant), and how it answers
// "Name your price" (./BidSettingsForm.tsx).
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { Tenant } from '../api/types.ts';
import { useSession } from '../session.tsx';
import { FormAlert, SelectField, TextField, useSubmit, type Option } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';
import { canManageFirm, OWNERS_ONLY } from './permissions.ts';
import { BidSettingsForm } from './BidSettingsForm.tsx';

export function SettingsPage({ session }: ConsolePageProps) {
  usePageTitle('Settings', session.tenant.name);
  const tenant = useResource(() => api.tenant.get());
  return (
    <>
      <PageHeader title="Settings">How your firm appears and works in Customerize.</PageHeader>
      {tenant.data ? (
        <>
          <SettingsForm tenant={tenant.data} readOnly={!canManageFirm(session)} />
          <BidSettingsForm tenant={tenant.data} readOnly={!canManageFirm(session)} />
        </>
      ) : tenant.error ? (
        <FormAlert error={tenant.error} />
      ) : (
        <Loading label="Loading settings" />
      )}
    </>
  );
}

interface Draft {
  name: string;
  currency: string;
  timezone: string;
  retention: string;
  approveChanges: boolean;
  acceptHours: string;
  anonymousStudio: boolean;
}

const toDraft = (t: Tenant): Draft => ({
  name: t.name,
  currency: t.settings.currency,
  timezone: t.settings.timezone,
  retention: String(t.settings.guestDesignRetentionDays),
  approveChanges: t.settings.orderChangesNeedApproval === true,
  acceptHours: String(t.settings.providerAcceptHours ?? 48),
  anonymousStudio: t.settings.anonymousStudioAnalytics !== false,
});

function SettingsForm({ tenant, readOnly }: { tenant: Tenant; readOnly: boolean }) {
  const { setTenantName } = useSession();
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);
  const [draft, setDraft] = useState<Draft>(() => toDraft(tenant));
  const [saved, setSaved] = useState('');
  const currencies = useMemo(() => currencyOptions(draft.currency), [draft.currency]);
  const timezones = useMemo(() => timezoneOptions(draft.timezone), [draft.timezone]);

  const change =
    (key: Exclude<keyof Draft, 'approveChanges' | 'anonymousStudio'>) =>
    (e: { target: { value: string } }) => {
      setSaved('');
      setDraft((d) => ({ ...d, [key]: e.target.value }));
    };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved('');
    void submit.run(async () => {
      const updated = await api.tenant.update({
        name: draft.name.trim(),
        settings: {
          currency: draft.currency,
          timezone: draft.timezone,
          guestDesignRetentionDays: Number(draft.retention),
          orderChangesNeedApproval: draft.approveChanges,
          providerAcceptHours: Number(draft.acceptHours),
          anonymousStudioAnalytics: draft.anonymousStudio,
        },
      });
      setDraft(toDraft(updated));
      setTenantName(updated.name);
      setSaved('Settings saved.');
    });
  };

  const err = submit.fieldErrors;
  const settingError = (key: string) => err[`settings.${key}`] ?? err[key];
  return (
    <form ref={form} onSubmit={onSubmit} className="card form form--narrow">
      {readOnly ? <p className="notice">{OWNERS_ONLY}</p> : null}
      <FormAlert error={submit.error} />
      <fieldset disabled={readOnly} className="form__fields">
        <TextField
          label="Firm name"
          name="name"
          required
          maxLength={200}
          value={draft.name}
          onChange={change('name')}
          error={err.name}
          hint="Shown to your customers and on your documents."
        />
        <SelectField
          label="Currency"
          name="currency"
          required
          value={draft.currency}
          onChange={change('currency')}
          options={currencies}
          error={settingError('currency')}
          hint="Prices are set and shown in this currency."
        />
        <SelectField
          label="Timezone"
          name="timezone"
          required
          value={draft.timezone}
          onChange={change('timezone')}
          options={timezones}
          error={settingError('timezone')}
          hint="Delivery dates and working days are counted in this timezone."
        />
        <TextField
          label="Keep guest designs for (days)"
          name="guestDesignRetentionDays"
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          step={1}
          required
          value={draft.retention}
          onChange={change('retention')}
          error={settingError('guestDesignRetentionDays')}
          hint="Designs by visitors without an account are deleted after this many days."
        />
        <TextField
          label="Partners accept orders within (hours)"
          name="providerAcceptHours"
          type="number"
          inputMode="numeric"
          min={1}
          max={1440}
          step={1}
          required
          value={draft.acceptHours}
          onChange={change('acceptHours')}
          error={settingError('providerAcceptHours')}
          hint="An order sent to a partner moves on to the next provider if the partner has not accepted it in this time, unless the partner has a deadline of its own."
        />
        <div className="field">
          <label>
            <input
              type="checkbox"
              name="orderChangesNeedApproval"
              checked={draft.approveChanges}
              onChange={(e) => {
                setSaved('');
                setDraft((d) => ({ ...d, approveChanges: e.target.checked }));
              }}
            />{' '}
            Approve order changes before they apply
          </label>
          <p className="field__hint">
            When a customer accepts a revised design of an order that has not started production,
            the order changes at once unless you approve changes first (on the order&apos;s page).
            Orders in production are never changed.
          </p>
        </div>
        <div className="field">
          <label>
            <input
              type="checkbox"
              name="anonymousStudioAnalytics"
              checked={draft.anonymousStudio}
              onChange={(e) => {
                setSaved('');
                setDraft((d) => ({ ...d, anonymousStudio: e.target.checked }));
              }}
            />{' '}
            Count studio use anonymously
          </label>
          <p className="field__hint">
            Guests and customers without research consent are counted only as anonymous daily totals
            (what they ran into, how far they got), with no identifier; your privacy notice says so
            while this is on. Off: only customers with research consent are recorded.
          </p>
        </div>
      </fieldset>
      {readOnly ? null : (
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={submit.busy}>
            {submit.busy ? 'Saving…' : 'Save settings'}
          </button>
          <span role="status" className="status-text">
            {saved}
          </span>
        </div>
      )}
    </form>
  );
}

function currencyOptions(current: string): Option[] {
  const codes = new Set(supported('currency'));
  if (current) codes.add(current);
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames(undefined, { type: 'currency' });
  } catch {
    names = null;
  }
  return [...codes].sort().map((code) => {
    const name = names?.of(code);
    return { value: code, label: name && name !== code ? `${code} — ${name}` : code };
  });
}

function timezoneOptions(current: string): Option[] {
  const zones = new Set(supported('timeZone'));
  zones.add('UTC');
  if (current) zones.add(current);
  return [...zones].sort().map((z) => ({ value: z, label: z.replace(/_/g, ' ') }));
}

const FALLBACK: Record<'currency' | 'timeZone', string[]> = {
  currency: ['AUD', 'CAD', 'CHF', 'CNY', 'DKK', 'EUR', 'GBP', 'JPY', 'NOK', 'PLN', 'SEK', 'USD'],
  timeZone: ['UTC', 'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'America/New_York'],
};

function supported(kind: 'currency' | 'timeZone'): string[] {
  try {
    return Intl.supportedValuesOf(kind);
  } catch {
    return FALLBACK[kind];
  }
}
