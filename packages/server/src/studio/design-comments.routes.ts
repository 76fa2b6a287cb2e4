// Staff moderation of comments on shared designs: the firm's comments newest first (hidden ones
// too), and hiding one (shown to nobody through the share link or on the design) or showing it
// again. Owner and sales staff decide; each hide and show is in the audit log, naming the
// comment's author as the customer concerned. The design's owner deletes comments on the shop
// side (DELETE /shop/{tenant}/designs/{id}/comments/{commentId}).
import { Type } from 'typebox';
import { requireStaff, staffOf } from '../auth/guards.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { NotFound } from '../http/errors.ts';
import { IdParams, responses } from '../http/schemas.ts';
import { auditAccess, auditStaffAction } from '../privacy/audit.ts';
import {
  listFirmDesignComments,
  setDesignCommentHidden,
  type FirmDesignComment,
} from './studio.store.ts';

const MODERATORS = ['owner', 'sales'] as const;

const StaffDesignComment = Type.Object({
  id: Type.String(),
  designId: Type.String(),
  designName: Type.String(),
  author: Type.String(),
  customerId: Type.String(),
  body: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  hidden: Type.Boolean(),
  hiddenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

function staffView(c: FirmDesignComment) {
  return {
    id: c.id,
    designId: c.designId,
    designName: c.designName,
    author: c.authorName,
    customerId: c.customerId,
    body: c.body,
    createdAt: c.createdAt.toISOString(),
    hidden: c.hiddenAt !== null,
    hiddenAt: c.hiddenAt?.toISOString() ?? null,
  };
}

export function registerDesignCommentRoutes(app: App, deps: AppDeps): void {
  const { db, clock } = deps;

  app.get(
    '/api/v1/design-comments',
    {
      onRequest: requireStaff([...MODERATORS]),
      schema: {
        tags: ['shop'],
        summary:
          'Comments customers left on shared designs, newest first, hidden ones too (to moderate)',
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: responses({ 200: Type.Array(StaffDesignComment) }),
      },
    },
    async (request) => {
      const principal = staffOf(request);
      const list = await listFirmDesignComments(db, principal.tenantId, request.query.limit ?? 200);
      // Staff read what customers wrote, signed with their names: one read per author.
      for (const customerId of new Set(list.map((c) => c.customerId)))
        await auditAccess(deps, principal, {
          customerId,
          action: 'read',
          resource: 'design comments',
        });
      return list.map(staffView);
    },
  );

  for (const [action, hidden] of [
    ['hide', true],
    ['show', false],
  ] as const) {
    app.post(
      `/api/v1/design-comments/:id/${action}`,
      {
        onRequest: requireStaff([...MODERATORS]),
        schema: {
          tags: ['shop'],
          summary: hidden
            ? 'Hide a comment on a shared design: shown to nobody but staff'
            : 'Show a hidden comment again',
          params: IdParams,
          response: responses({ 200: StaffDesignComment }),
        },
      },
      async (request) => {
        const principal = staffOf(request);
        return db.transaction(async (tx) => {
          const changed = await setDesignCommentHidden(
            tx,
            principal.tenantId,
            request.params.id,
            hidden ? clock.now() : null,
          );
          if (!changed) throw new NotFound('comment', request.params.id);
          await auditStaffAction({ ...deps, db: tx }, principal, {
            resource: 'design comment',
            resourceId: changed.id,
            customerId: changed.customerId,
          });
          return staffView(changed);
        });
      },
    );
  }
}
