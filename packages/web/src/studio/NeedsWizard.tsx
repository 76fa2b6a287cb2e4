// Needs-based design: the model's questions ("What will you ride mostly?"). Each answer adds its
// `require` expressions as rules and its `prefer` weights to the objective; the engine compiles
// that variant in the browser and its optimal completion (preferences minus price) proposes a
// design, which then opens in the same editor.
import { useId, useState, type FormEvent } from 'react';
import { compile, ModelError, type Choices, type ProductModel } from '@customerize/engine';
import { createSession } from '@customerize/engine';

export interface Proposal {
  choices: Choices;
  answers: string[];
}

export class NoDesignFits extends Error {
  constructor(readonly answers: string[]) {
    super('No design fits all these answers together.');
    this.name = 'NoDesignFits';
  }
}

/** The optimal design for a set of answers (question id → answer id). Throws NoDesignFits. */
export function propose(model: ProductModel, picked: Record<string, string>): Proposal {
  const rules = [...(model.rules ?? [])];
  const weights: Record<string, number> = { price: -1 };
  const answers: string[] = [];
  for (const q of model.needs ?? []) {
    const a = q.answers.find((x) => x.id === picked[q.id]);
    if (!a) continue;
    answers.push(a.label);
    (a.require ?? []).forEach((expr, i) =>
      rules.push({ id: `need-${q.id}-${a.id}-${i}`, message: a.label, expr }),
    );
    for (const [k, w] of Object.entries(a.prefer ?? {})) weights[k] = (weights[k] ?? 0) + w;
  }
  let compiled;
  try {
    compiled = compile({ ...model, rules });
  } catch (error) {
    if (error instanceof ModelError) throw new NoDesignFits(answers);
    throw error;
  }
  if (compiled.stats.conflict) throw new NoDesignFits(answers);
  const best = createSession(compiled).optimize({ sense: 'max', weights });
  if (!best) throw new NoDesignFits(answers);
  return { choices: best, answers };
}

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

  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      onProposal(propose(model, picked));
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
