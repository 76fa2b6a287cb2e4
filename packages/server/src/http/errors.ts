// Errors a handler or store throws to answer with a problem (RFC 9457). Each carries the data a
// person needs: which resource, which field, when to retry. problem.ts turns them into responses.

export type FieldError = { field: string; message: string };

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    /** Stable slug, becomes the problem `type`: https://customerize.dev/problems/<slug>. */
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  /** RFC 9457 extension members added to the body (e.g. `code`, `violations`, `quote`). */
  extensions: Record<string, unknown> = {};
}

export class ValidationFailed extends HttpProblem {
  constructor(errors: FieldError[], detail?: string) {
    super(
      400,
      'validation-failed',
      'The request is not valid',
      detail ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    );
  }
}

export class MalformedBody extends HttpProblem {
  constructor(reason: string) {
    super(400, 'malformed-body', 'The request body is not valid JSON', reason, [
      { field: 'body', message: reason },
    ]);
  }
}

export class Unauthorized extends HttpProblem {
  constructor(detail = 'Sign in or send an API key to use this.') {
    super(401, 'unauthorized', 'Not signed in', detail);
  }
}

export class Forbidden extends HttpProblem {
  constructor(detail: string) {
    super(403, 'forbidden', 'Not allowed', detail);
  }
}

/**
 * The password is right but the customer has not followed the verification link yet. Only
 * someone who knows the password learns this; a wrong password gets the generic answer.
 */
export class EmailNotVerified extends HttpProblem {
  constructor() {
    super(
      403,
      'email-not-verified',
      'The email address is not verified yet',
      'Your email address is not verified yet. Follow the link we sent you, or ask for it again.',
      [{ field: 'email', message: 'is not verified yet' }],
    );
  }
}

export class NotFound extends HttpProblem {
  constructor(
    readonly resource: string,
    readonly id?: string,
  ) {
    super(
      404,
      'not-found',
      'Not found',
      id === undefined ? `No such ${resource}.` : `No ${resource} with id ${id}.`,
    );
  }
}

export class Conflict extends HttpProblem {
  constructor(detail: string, errors: FieldError[] = []) {
    super(409, 'conflict', 'Conflicts with the current state', detail, errors);
  }
}

/** A concurrent writer saved first: the answer carries the resource's current version. */
export class VersionConflict extends Conflict {
  constructor(
    readonly resource: string,
    readonly currentVersion: number,
  ) {
    super(
      `Another save of this ${resource} came first; it is now at version ${currentVersion}. Load it and save again.`,
      [{ field: 'version', message: `is now ${currentVersion}` }],
    );
    this.extensions = { currentVersion };
  }
}

export class IdempotencyKeyReused extends HttpProblem {
  constructor() {
    super(
      422,
      'idempotency-key-reused',
      'Idempotency key already used for another request',
      'This Idempotency-Key was first sent with a different request; use a new key for a new request.',
      [{ field: 'Idempotency-Key', message: 'was used with a different body' }],
    );
  }
}

export class TooManyRequests extends HttpProblem {
  constructor(
    readonly retryAfterSeconds: number,
    detail: string,
  ) {
    super(429, 'too-many-requests', 'Too many requests', detail, [], {
      'retry-after': String(retryAfterSeconds),
    });
  }
}

/**
 * A model costs more to compile or serve than the server or the firm allows: cut off at the
 * compute deadline or memory cap, or measured over the firm's limits. `figures` holds what was
 * measured (compileMs, nodes, firstDomainsMs, worstStepMs, …), `exceeded` which limits failed.
 */
export class ModelTooExpensive extends HttpProblem {
  constructor(
    detail: string,
    readonly figures: Record<string, unknown>,
    readonly exceeded: { limit: string; allowed: number; measured: number | null }[],
  ) {
    super(422, 'model-too-expensive', 'The model is too expensive to compute', detail, [
      { field: 'model', message: detail },
    ]);
    this.extensions = { figures, exceeded };
  }
}

/** The compute pool is saturated (its bounded queue is full, or it is off): retry later. */
export class ComputeBusy extends HttpProblem {
  constructor(
    readonly retryAfterSeconds: number,
    detail: string,
  ) {
    super(503, 'compute-busy', 'The server is busy computing', detail, [], {
      'retry-after': String(retryAfterSeconds),
    });
  }
}

/** A model admits no product; `conflict` names a minimal set of conflicting rules when known. */
export class ModelUnsatisfiable extends HttpProblem {
  constructor(
    detail: string,
    readonly conflict: string[],
  ) {
    super(422, 'model-unsatisfiable', 'No product satisfies the model', detail, [
      { field: 'rules', message: detail },
    ]);
    this.extensions = { conflict };
  }
}
