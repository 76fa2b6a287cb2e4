// The revision loop on a design: the customer asks for a change, staff answer with a proposed
// revised design (checked under the engine by the designs module), the customer accepts — the
// proposal becomes the design's current version — or declines with a reason. Each step is also a
// message in the conversation, so the history tells the whole story.
import { Type } from 'typebox';
import { principalOf, requireSignedIn } from '../auth/guards.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { Conflict, Forbidden, NotFound } from '../http/errors.ts';
import { answerOnce } from '../http/idempotency.ts';
import { Body, IdParams, responses } from '../http/schemas.ts';
import { notify } from '../notify/notify.ts';
import { auditAccess } from '../privacy/audit.ts';
import { assertStaff, visibleConversation } from './dialogue.routes.ts';
import { advanceRevision, getRevision, insertMessage, insertRevision } from './dialogue.store.ts';
import { designs, orders } from './ports.ts';
import { revisionView, RevisionView } from './revision-view.ts';

export class DesignNotValid extends Conflict {
  constructor(readonly violations: { rule: string; message: string }[]) {
    super(
      `The revised design is not valid: ${violations.map((v) => v.message).join('; ')}`,
      violations.map((v) => ({ field: 'choices', message: v.message })),
    );
  }
}

export function registerRevisionRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;

  app.post(
    '/api/v1/conversations/:id/revisions',
    {
      onRequest: requireSignedIn(),
      schema: {
        tags: ['dialogue'],
        summary: 'Ask for a change on the conversation’s design',
        params: IdParams,
        body: Body({ request: Type.String({ minLength: 1, maxLength: 5000 }) }),
        response: responses({ 201: RevisionView }),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const c = await visibleConversation(deps, p, request.params.id);
      if (p.kind !== 'customer') throw new Forbidden('The customer asks for revisions.');
      if (c.subjectKind !== 'design' || !c.subjectId) {
        throw new Conflict('Revisions are asked in a conversation about a design.');
      }
      const design = await designs().find(db, p.tenantId, c.subjectId);
      if (!design) throw new NotFound('design', c.subjectId);
      const now = clock.now();
      const revision = await db.transaction(async (tx) => {
        const r = await insertRevision(tx, {
          id: ids.uuid(),
          tenantId: p.tenantId,
          conversationId: c.id,
          designId: design.id,
          baseVersion: design.currentVersion,
          status: 'requested',
          request: request.body.request,
          createdAt: now,
        });
        await insertMessage(tx, {
          id: ids.uuid(),
          conversation: c,
          authorKind: 'customer',
          authorStaffId: null,
          kind: 'revision-requested',
          body: request.body.request,
          revisionId: r.id,
          attachments: [],
          now,
        });
        await notify({ ...deps, db: tx }, p.tenantId, {
          kind: 'revision.requested',
          customerId: c.customerId,
          conversationId: c.id,
          revisionId: r.id,
          designId: design.id,
        });
        return r;
      });
      return reply.code(201).send(revisionView(revision));
    },
  );

  app.post(
    '/api/v1/revisions/:id/proposal',
    {
      onRequest: requireSignedIn(),
      schema: {
        tags: ['dialogue'],
        summary: 'Propose a revised design (valid under the engine) with an answer in words',
        params: IdParams,
        body: Body({
          message: Type.String({ minLength: 1, maxLength: 20_000 }),
          choices: Type.Record(Type.String(), Type.Unknown()),
          personalization: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
          note: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: responses({ 200: RevisionView }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      const found = await getRevision(db, p.tenantId, request.params.id);
      if (!found || (p.kind === 'customer' && found.conversation.customerId !== p.customerId)) {
        throw new NotFound('revision', request.params.id);
      }
      assertStaff(p);
      if (p.kind === 'staff' && p.role === 'operations') {
        throw new Forbidden('Proposing designs needs the role owner, designer or sales.');
      }
      const { revision: r, conversation: c } = found;
      if (r.status !== 'requested' && r.status !== 'proposed') {
        throw new Conflict(`This revision is already ${r.status}.`);
      }
      const proposal = {
        choices: request.body.choices,
        ...(request.body.personalization ? { personalization: request.body.personalization } : {}),
        ...(request.body.note ? { note: request.body.note } : {}),
      };
      const check = await designs().check(deps, p.tenantId, r.designId, proposal);
      if (!check.valid) throw new DesignNotValid(check.violations);
      const now = clock.now();
      const updated = await db.transaction(async (tx) => {
        const u = await advanceRevision(tx, p.tenantId, r.id, r.status, {
          status: 'proposed',
          proposal,
          proposedAt: now,
        });
        if (!u) throw new Conflict('The revision changed meanwhile; reload it.');
        await insertMessage(tx, {
          id: ids.uuid(),
          conversation: c,
          authorKind: 'staff',
          authorStaffId: p.kind === 'staff' && p.via === 'session' ? p.userId : null,
          kind: 'revision-proposed',
          body: request.body.message,
          revisionId: r.id,
          attachments: [],
          now,
        });
        await auditAccess({ ...deps, db: tx }, p, {
          customerId: c.customerId,
          action: 'change',
          resource: 'revision',
          resourceId: r.id,
        });
        await notify({ ...deps, db: tx }, p.tenantId, {
          kind: 'revision.proposed',
          customerId: c.customerId,
          conversationId: c.id,
          revisionId: r.id,
          designId: r.designId,
        });
        return u;
      });
      return revisionView(updated);
    },
  );

  async function customerRevision(
    request: { params: { id: string } } & Parameters<typeof principalOf>[0],
  ) {
    const p = principalOf(request);
    const found = await getRevision(db, p.tenantId, request.params.id);
    if (!found || (p.kind === 'customer' && found.conversation.customerId !== p.customerId)) {
      throw new NotFound('revision', request.params.id);
    }
    if (p.kind !== 'customer') throw new Forbidden('The customer decides on a proposal.');
    if (found.revision.status !== 'proposed') {
      throw new Conflict(
        found.revision.status === 'requested'
          ? 'Nothing has been proposed yet.'
          : `This revision is already ${found.revision.status}.`,
      );
    }
    return { p, ...found };
  }

  app.post(
    '/api/v1/revisions/:id/accept',
    {
      onRequest: requireSignedIn(),
      schema: {
        tags: ['dialogue'],
        summary: 'Accept the proposed design: it becomes the design’s current version',
        params: IdParams,
        response: responses({ 200: RevisionView }),
      },
      // A retry replays the first answer, even when that answer was lost in a crash.
      config: { idempotency: 'atomic' },
    },
    async (request, reply) => {
      const { p, revision: r, conversation: c } = await customerRevision(request);
      const now = clock.now();
      return answerOnce({ db, clock }, request, reply, async (tx) => {
        const version = await designs().addVersion(
          { ...deps, db: tx },
          p.tenantId,
          r.designId,
          r.proposal!,
        );
        const u = await advanceRevision(tx, p.tenantId, r.id, 'proposed', {
          status: 'accepted',
          acceptedVersion: version,
          decidedAt: now,
        });
        if (!u) throw new Conflict('The revision changed meanwhile; reload it.');
        await insertMessage(tx, {
          id: ids.uuid(),
          conversation: c,
          authorKind: 'customer',
          authorStaffId: null,
          kind: 'revision-accepted',
          body: `Accepted the revised design (version ${version}).`,
          revisionId: r.id,
          attachments: [],
          now,
        });
        // The revision reaches the design's open orders (order changes), and the customer reads
        // here what it did to each of them.
        const changes = await orders().reviseForDesign(
          { ...deps, db: tx },
          p.tenantId,
          r.designId,
          version,
        );
        for (const change of changes) {
          await insertMessage(tx, {
            id: ids.uuid(),
            conversation: c,
            authorKind: 'system',
            authorStaffId: null,
            kind: 'order-change',
            body: change.message,
            revisionId: r.id,
            attachments: [],
            now,
          });
        }
        await notify({ ...deps, db: tx }, p.tenantId, {
          kind: 'revision.accepted',
          customerId: c.customerId,
          conversationId: c.id,
          revisionId: r.id,
          designId: r.designId,
        });
        return { status: 200, body: revisionView(u) };
      });
    },
  );

  app.post(
    '/api/v1/revisions/:id/decline',
    {
      onRequest: requireSignedIn(),
      schema: {
        tags: ['dialogue'],
        summary: 'Decline the proposed design, saying why',
        params: IdParams,
        body: Body({ reason: Type.String({ minLength: 1, maxLength: 5000 }) }),
        response: responses({ 200: RevisionView }),
      },
      // A retry replays the first answer, even when that answer was lost in a crash.
      config: { idempotency: 'atomic' },
    },
    async (request, reply) => {
      const { p, revision: r, conversation: c } = await customerRevision(request);
      const now = clock.now();
      return answerOnce({ db, clock }, request, reply, async (tx) => {
        const u = await advanceRevision(tx, p.tenantId, r.id, 'proposed', {
          status: 'declined',
          declineReason: request.body.reason,
          decidedAt: now,
        });
        if (!u) throw new Conflict('The revision changed meanwhile; reload it.');
        await insertMessage(tx, {
          id: ids.uuid(),
          conversation: c,
          authorKind: 'customer',
          authorStaffId: null,
          kind: 'revision-declined',
          body: request.body.reason,
          revisionId: r.id,
          attachments: [],
          now,
        });
        await notify({ ...deps, db: tx }, p.tenantId, {
          kind: 'revision.declined',
          customerId: c.customerId,
          conversationId: c.id,
          revisionId: r.id,
          designId: r.designId,
        });
        return { status: 200, body: revisionView(u) };
      });
    },
  );
}
