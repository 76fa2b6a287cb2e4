// Typebox schemas shared by the catalog, studio and order routes.
import { Type } from 'typebox';

/** A design's choices: feature id → option id, boolean or integer. */
export const Choices = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
);

/** Personalization texts by field id. */
export const Personalization = Type.Record(Type.String(), Type.String({ maxLength: 2000 }));

/**
 * Problem details that carry extension members (RFC 9457): `code`, `violations`, `quote`,
 * `allowed`, or line/column on field errors. Routes answering with them name this schema for
 * that status so the members are serialized.
 */
export const ExtendedProblem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    errors: Type.Array(
      Type.Object({ field: Type.String(), message: Type.String() }, { additionalProperties: true }),
    ),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details with extension members' },
);
