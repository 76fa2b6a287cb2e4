// The one place where errors become responses: RFC 9457 application/problem+json with
// `type, title, status, detail, errors: [{field, message}]`.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem, MalformedBody, ValidationFailed, type FieldError } from './errors.ts';

export const PROBLEM_TYPE_BASE = 'https://customerize.dev/problems/';

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: FieldError[];
};

export function problemBody(problem: HttpProblem): ProblemBody {
  return {
    ...problem.extensions,
    type: PROBLEM_TYPE_BASE + problem.slug,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    errors: problem.errors,
  };
}

export function sendProblem(reply: FastifyReply, problem: HttpProblem): FastifyReply {
  return reply
    .code(problem.status)
    .headers(problem.headers)
    .type('application/problem+json; charset=utf-8')
    .send(problemBody(problem));
}

/** Fastify error handler: known problems as they are, framework errors translated, the rest 500. */
export function handleError(
  error: FastifyError | HttpProblem | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const problem = toProblem(error);
  if (problem) return sendProblem(reply, problem);
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(
    reply,
    new HttpProblem(
      500,
      'internal',
      'Internal error',
      'Something went wrong on our side; it has been logged.',
    ),
  );
}

function toProblem(error: FastifyError | HttpProblem | Error): HttpProblem | null {
  if (error instanceof HttpProblem) return error;
  const e = error as FastifyError & { validation?: unknown[]; validationContext?: string };
  if (Array.isArray(e.validation)) {
    return new ValidationFailed(fieldErrors(e.validation as SchemaError[], e.validationContext));
  }
  switch (e.code) {
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new MalformedBody('The body is empty but Content-Type says JSON.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem(
        415,
        'unsupported-media-type',
        'Unsupported media type',
        'Send JSON with Content-Type: application/json.',
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpProblem(413, 'body-too-large', 'Request body too large', e.message);
  }
  if (error instanceof SyntaxError || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new MalformedBody(`The body could not be parsed as JSON: ${e.message}`);
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new HttpProblem(e.statusCode, 'bad-request', 'Bad request', e.message);
  }
  return null;
}

/** One error as produced by typebox (ajv-shaped). */
type SchemaError = {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
};

/** Typebox errors → one `{field, message}` per offending field, in words a person reads. */
export function fieldErrors(errors: SchemaError[], context = 'body'): FieldError[] {
  const fieldName = (path: string, child?: string): string => {
    const parts = path
      .split('/')
      .slice(1)
      .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
    if (child !== undefined) parts.push(child);
    return parts.length === 0 ? context : parts.join('.');
  };
  const allowed = new Map<string, unknown[]>();
  for (const err of errors) {
    if (err.keyword === 'const') {
      const list = allowed.get(err.instancePath) ?? [];
      list.push(err.params.allowedValue);
      allowed.set(err.instancePath, list);
    }
  }
  const byField = new Map<string, string>();
  const add = (field: string, message: string) => {
    if (!byField.has(field)) byField.set(field, message);
  };
  for (const err of errors) {
    switch (err.keyword) {
      case 'required':
        for (const name of (err.params.requiredProperties as string[] | undefined) ?? []) {
          add(fieldName(err.instancePath, name), 'is required');
        }
        break;
      case 'additionalProperties':
        for (const name of (err.params.additionalProperties as string[] | undefined) ?? []) {
          add(fieldName(err.instancePath, name), 'is not a known field');
        }
        break;
      case 'boolean':
        // "schema is false" duplicates the additionalProperties error of the same field.
        break;
      case 'const': {
        const options = allowed.get(err.instancePath) ?? [];
        if (options.length <= 1)
          add(fieldName(err.instancePath), `must be ${JSON.stringify(err.params.allowedValue)}`);
        break;
      }
      case 'anyOf': {
        const options = allowed.get(err.instancePath) ?? [];
        add(
          fieldName(err.instancePath),
          options.length > 1
            ? `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}`
            : err.message,
        );
        break;
      }
      default:
        add(fieldName(err.instancePath), humanMessage(err));
    }
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

function humanMessage(err: SchemaError): string {
  const p = err.params;
  switch (err.keyword) {
    case 'type':
      return `must be ${article(String(p.type))}`;
    case 'format':
      return (
        {
          email: 'must be an email address',
          uuid: 'must be a UUID',
          'date-time': 'must be a date-time (ISO 8601)',
        }[String(p.format)] ?? `must be a valid ${String(p.format)}`
      );
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters`;
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters`;
    default:
      return err.message;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
