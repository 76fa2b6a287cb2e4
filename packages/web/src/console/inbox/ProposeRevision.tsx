// "Propose revised design": staff edit a new version of the customer's design in the studio
// editor, which runs the engine in the browser on the product's compiled model, so only valid
// designs can be put forward (the server checks again under the design's model version and
// answers 409 with the violations otherwise). The customer then sees it next to their version.
import { useRef, useState, type FormEvent } from 'react';
import type { Choices } from '../../api/types.ts';
import { ApiError } from '../../api/client.ts';
import { dialogue, type Revision } from '../../dialogue/api.ts';
import { currentVersion, designVersion, type DesignContext } from '../../dialogue/designContext.ts';
import { DesignCompare } from '../../dialogue/DesignCompare.tsx';
import { StudioEditor } from '../../studio/StudioEditor.tsx';
import { useStudio } from '../../studio/useStudio.ts';
import { FormAlert, TextField, useSubmit } from '../../ui/forms.tsx';

function violationsOf(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  const v = error.extra.violations;
  if (!Array.isArray(v)) return [];
  return v
    .map((x: unknown) =>
      typeof x === 'object' && x !== null && 'message' in x ? String(x.message) : '',
    )
    .filter(Boolean);
}

export function ProposeRevision({
  revision,
  context,
  onProposed,
  onCancel,
}: {
  revision: Revision;
  context: DesignContext;
  onProposed: () => void;
  onCancel: () => void;
}) {
  const base =
    designVersion(context.design, revision.baseVersion) ?? currentVersion(context.design);
  const start: Choices = revision.proposal?.choices ?? base?.choices ?? {};
  const personalization = (revision.proposal?.personalization ??
    base?.personalization ??
    {}) as Record<string, string>;
  const studio = useStudio(context.loaded.compiled, start, personalization);
  const [message, setMessage] = useState('');
  const [note, setNote] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);
  const { snapshot } = studio;

  const send = (event: FormEvent) => {
    event.preventDefault();
    void submit
      .run(async () => {
        await dialogue.propose(revision.id, {
          message: message.trim(),
          choices: snapshot.choices,
          ...(Object.keys(studio.personalization).length
            ? { personalization: studio.personalization }
            : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        });
      })
      .then((ok) => ok && onProposed());
  };
  const violations = violationsOf(submit.error);

  return (
    <section className="card stack" aria-labelledby={`propose-${revision.id}`}>
      <h3 id={`propose-${revision.id}`}>Propose a revised design</h3>
      <p>
        The customer asked: <q>{revision.request}</q>
      </p>
      <StudioEditor product={context.loaded.product} studio={studio} />
      {base ? (
        <DesignCompare
          model={context.loaded.product.model}
          caption="The customer’s version and your proposal"
          current={{
            label: `Version ${base.number}`,
            choices: base.choices,
            price: base.quote ?? null,
          }}
          proposed={{
            label: 'Your proposal',
            choices: snapshot.choices,
            price: {
              total: snapshot.quote.total,
              currency: snapshot.quote.currency,
              promisedDate: null,
            },
          }}
        />
      ) : null}
      <form ref={form} onSubmit={send} className="stack">
        <div className="field">
          <label htmlFor={`proposal-message-${revision.id}`}>Message to the customer</label>
          <textarea
            id={`proposal-message-${revision.id}`}
            rows={3}
            required
            value={message}
            onChange={(e) => setMessage(e.target.value)}
          />
        </div>
        <TextField
          label="Note on the new version"
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
        />
        {!snapshot.complete ? (
          <p className="field__hint">Every feature needs a value before you can propose it.</p>
        ) : null}
        <FormAlert error={submit.error} />
        {violations.length ? (
          <ul aria-label="Why the design is not valid">
            {violations.map((v) => (
              <li key={v}>{v}</li>
            ))}
          </ul>
        ) : null}
        <div className="button-row">
          <button
            type="submit"
            className="button"
            disabled={submit.busy || !snapshot.complete || !message.trim()}
          >
            Send the proposal
          </button>
          <button type="button" className="button button--ghost" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
