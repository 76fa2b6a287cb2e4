// The "Name your price" part of the console Settings page: how long an accepted offer holds,
// how long a refused bid waits before it may be made again, what matching maximizes, and whether
// refused bidders see the price bids like theirs were accepted from. Its own form, saved on its
// own (PATCH /tenant with these settings only).
import { useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { BidSettings, Tenant } from '../api/types.ts';
import { FormAlert, SelectField, TextField, useSubmit } from '../ui/forms.tsx';

interface Draft {
  hold: string;
  rebid: string;
  objective: NonNullable<BidSettings['bidObjective']>;
  showAcceptedFrom: boolean;
}

const toDraft = (s: BidSettings): Draft => ({
  hold: String(s.bidOfferHoldMinutes ?? 30),
  rebid: String(s.rebidWaitHours ?? 24),
  objective: s.bidObjective ?? 'most-product',
  showAcceptedFrom: s.showAcceptedFrom === true,
});

export function BidSettingsForm({ tenant, readOnly }: { tenant: Tenant; readOnly: boolean }) {
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);
  const [draft, setDraft] = useState<Draft>(() => toDraft(tenant.settings));
  const [saved, setSaved] = useState('');
  const edit = (patch: Partial<Draft>) => {
    setSaved('');
    setDraft((d) => ({ ...d, ...patch }));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved('');
    void submit.run(async () => {
      const updated = await api.tenant.update({
        settings: {
          bidOfferHoldMinutes: Number(draft.hold),
          rebidWaitHours: Number(draft.rebid),
          bidObjective: draft.objective,
          showAcceptedFrom: draft.showAcceptedFrom,
        },
      });
      setDraft(toDraft(updated.settings));
      setSaved('Saved how bids are answered.');
    });
  };

  const err = (key: string) => submit.fieldErrors[`settings.${key}`] ?? submit.fieldErrors[key];
  return (
    <form
      ref={form}
      onSubmit={onSubmit}
      className="card form form--narrow"
      aria-labelledby="bid-settings-title"
    >
      <h2 id="bid-settings-title" className="form__title">
        Name your price
      </h2>
      <FormAlert error={submit.error} />
      <fieldset disabled={readOnly} className="form__fields">
        <TextField
          label="An accepted offer holds for (minutes)"
          name="bidOfferHoldMinutes"
          type="number"
          inputMode="numeric"
          min={1}
          max={1440}
          step={1}
          required
          value={draft.hold}
          onChange={(e) => edit({ hold: e.target.value })}
          error={err('bidOfferHoldMinutes')}
          hint="Production time stays reserved meanwhile; unconfirmed, it is released."
        />
        <TextField
          label="A refused bid may be made again after (hours)"
          name="rebidWaitHours"
          type="number"
          inputMode="numeric"
          min={0}
          max={720}
          step={1}
          required
          value={draft.rebid}
          onChange={(e) => edit({ rebid: e.target.value })}
          error={err('rebidWaitHours')}
          hint="Unless the customer changes a must-have, what is flexible or the date. It keeps bidding from probing your floor price."
        />
        <SelectField
          label="Answer a bid with"
          name="bidObjective"
          value={draft.objective}
          onChange={(e) => edit({ objective: e.target.value as Draft['objective'] })}
          options={[
            { value: 'most-product', label: 'The most product for their money' },
            { value: 'highest-margin', label: 'The highest margin for you' },
          ]}
          error={err('bidObjective')}
        />
        <div className="field">
          <label>
            <input
              type="checkbox"
              name="showAcceptedFrom"
              checked={draft.showAcceptedFrom}
              onChange={(e) => edit({ showAcceptedFrom: e.target.checked })}
            />{' '}
            Tell refused bidders the price bids like theirs were accepted from
          </label>
          <p className="field__hint">A price band from the last 90 days, never your floor price.</p>
        </div>
      </fieldset>
      {readOnly ? null : (
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={submit.busy}>
            {submit.busy ? 'Saving…' : 'Save Name your price settings'}
          </button>
          <span role="status" className="status-text">
            {saved}
          </span>
        </div>
      )}
    </form>
  );
}
