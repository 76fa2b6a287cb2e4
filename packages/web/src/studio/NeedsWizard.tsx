// Needs-based design: the model's questions ("What will you ride mostly?") as radio groups; the
// answers go to propose() (./needs.ts), whose design then opens in the same editor. A signed-in
// customer who consented to personalization starts from their last answers; the server decides
// (guests and customers without consent get the plain form, and nothing is kept).
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ProductModel } from '@customerize/engine';
import { NoDesignFits, propose, type Proposal } from './needs.ts';
import { shopApi } from './storefront.ts';

export function NeedsWizard({
  model,
  onProposal,
}: {
  model: ProductModel;
  onProposal: (p: Proposal) => void;
}) {
  const id = useId();
  const [picked, setPicked] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const needs = model.needs ?? [];

  useEffect(() => {
    let live = true;
    shopApi()
      .then((shop) => shop.lastNeeds(model.id))
      .then(
        (last) => {
          if (!live || !last.answers) return;
          const known = Object.fromEntries(
            Object.entries(last.answers).filter(([q, a]) =>
              (model.needs ?? []).some((n) => n.id === q && n.answers.some((x) => x.id === a)),
            ),
          );
          setPicked((current) => (Object.keys(current).length ? current : known));
        },
        () => undefined, // personalization is a convenience: the form works without it
      );
    return () => {
      live = false;
    };
  }, [model]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      onProposal(propose(model, picked));
      shopApi()
        .then((shop) => shop.rememberNeeds(model.id, picked))
        .catch(() => undefined);
    } catch (error) {
      if (!(error instanceof NoDesignFits)) throw error;
      setProblem(
        `No design fits all these answers together (${error.answers.join('; ')}). Change one answer and try again.`,
      );
    }
  };

  return (
    <form className="needs card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Tell us what you need</h2>
      <p className="muted">
        Answer what you like; we propose a design that fits, and you can change every part of it.
      </p>
      {needs.map((q) => (
        <fieldset key={q.id} className="needs__question">
          <legend>{q.question}</legend>
          {q.help ? <p className="field__hint">{q.help}</p> : null}
          <div className="needs__answers">
            {q.answers.map((a) => (
              <label key={a.id} className="chip">
                <input
                  type="radio"
                  name={`${id}-${q.id}`}
                  checked={picked[q.id] === a.id}
                  onChange={() => {
                    setPicked((p) => ({ ...p, [q.id]: a.id }));
                    setProblem(null);
                  }}
                />
                <span>{a.label}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      {problem ? (
        <div className="alert alert--error" role="alert">
          <p>{problem}</p>
        </div>
      ) : null}
      <div className="form__actions">
        <button type="submit" className="button button--primary">
          Propose a design
        </button>
      </div>
    </form>
  );
}
