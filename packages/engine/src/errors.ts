// Errors the engine raises at runtime (model errors are `ModelError` in compile/ir.ts).

/** A query named a feature or value the model does not have. */
export class UnknownChoiceError extends Error {
  constructor(
    readonly feature: string,
    readonly value?: unknown,
  ) {
    super(
      value === undefined
        ? `unknown feature '${feature}'`
        : `'${String(value)}' is not a value of '${feature}'`,
    );
    this.name = 'UnknownChoiceError';
  }
}

/** Bytes given to `deserialize` are not a compiled model of this engine version. */
export class FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatError';
  }
}

/** No backend can handle this model (e.g. the diagram exceeds its budget and no SAT backend is registered). */
export class BackendUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendUnavailableError';
  }
}

/** A backend cannot draw a provably uniform sample here (too many completions to count exactly). */
export class SamplingUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SamplingUnavailableError';
  }
}

/** A search given a deadline (`optimize` with `deadlineMs`) did not finish in time. */
export class DeadlineExceededError extends Error {
  constructor(readonly deadlineMs: number) {
    super(`the search did not finish within ${deadlineMs} ms`);
    this.name = 'DeadlineExceededError';
  }
}
