// How a revision is shown: the request, the proposal next to the base version, the decision.
import { Type } from 'typebox';
import { NullableTimestamp, Timestamp } from '../http/schemas.ts';
import type { Revision } from './dialogue.store.ts';

export const RevisionView = Type.Object({
  id: Type.String(),
  designId: Type.String(),
  baseVersion: Type.Integer(),
  status: Type.String(),
  request: Type.String(),
  proposal: Type.Union([
    Type.Object({
      choices: Type.Record(Type.String(), Type.Unknown()),
      personalization: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      note: Type.Optional(Type.String()),
    }),
    Type.Null(),
  ]),
  proposedAt: NullableTimestamp,
  acceptedVersion: Type.Union([Type.Integer(), Type.Null()]),
  declineReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  decidedAt: NullableTimestamp,
});

export function revisionView(r: Revision) {
  return {
    id: r.id,
    designId: r.designId,
    baseVersion: r.baseVersion,
    status: r.status,
    request: r.request,
    proposal: r.proposal ?? null,
    proposedAt: r.proposedAt?.toISOString() ?? null,
    acceptedVersion: r.acceptedVersion,
    declineReason: r.declineReason,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
  };
}
