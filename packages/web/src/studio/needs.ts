// Needs-based design. Each answer to the model's needs questions adds its `require` expressions
// as rules and its `prefer` weights to the objective; the engine compiles that variant in the
// browser (milliseconds for the example models) and its optimal completion — preferences minus
// price, both in money units — is the proposed design, which the customer then edits freely.
import {
  compile,
  createSession,
  ModelError,
  type Choices,
  type ProductModel,
} from '@customerize/engine';

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
