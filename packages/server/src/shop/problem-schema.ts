// Problem details that carry extension members (RFC 9457): `code`, `violations`, `quote`,
// `allowed`, or line/column on field errors. Routes answering with them name this schema for
// that status so the members are serialized.
import { Type } from 'typebox';

export const ExtendedProblem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    errors: Type.Array(Type.Object({ field: Type.String(), message: Type.String() }, { additionalProperties: true })),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details with extension members' },
);
