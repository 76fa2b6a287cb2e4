// Typebox schemas shared by every module's routes.
import { Type, type TSchema } from 'typebox';

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    errors: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

export const ProblemRef = Type.Unsafe<Record<string, unknown>>({ $ref: 'Problem#' });

/** Response map for a route: the success schemas plus problem+json for 4xx. */
export function responses<T extends Record<number, TSchema>>(ok: T) {
  return { ...ok, '4xx': ProblemRef };
}

export const Uuid = Type.String({ format: 'uuid' });

export const IdParams = Type.Object({ id: Uuid });

export const Timestamp = Type.String({ format: 'date-time' });

export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const NoContent = Type.Null({ description: 'No content' });

/** Object schema for request bodies: unknown fields are refused (400) rather than ignored. */
export function Body<T extends Parameters<typeof Type.Object>[0]>(properties: T) {
  return Type.Object(properties, { additionalProperties: false });
}
