// Punch-out routes. Console: owners set a company's credentials (the secret is shown once).
// Procurement systems: one cXML endpoint per firm (PunchOutSetupRequest, OrderRequest) and the
// OCI start. XML answers are cXML Response documents whose Status code is also the HTTP status;
// a body that is not XML is answered with a problem like everywhere else.
import { Type } from 'typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { requireStaff, staffOf } from '../auth/guards.ts';
import {
  Conflict,
  Forbidden,
  HttpProblem,
  NotFound,
  Unauthorized,
  ValidationFailed,
} from '../http/errors.ts';
import { handleError } from '../http/problem.ts';
import { auditStaffAction } from '../privacy/audit.ts';
import { Body, IdParams, NoContent, responses, Timestamp, Uuid } from '../http/schemas.ts';
import { resolveShopTenant, shopTenantOf } from '../shop/shop-tenant.ts';
import { getBusinessAccount, getCustomer } from '../users/users.store.ts';
import {
  CxmlStatus,
  badDocument,
  checkReturnUrl,
  readRequest,
  responseDocument,
  setupResponse,
} from './cxml.ts';
import { takeOrderRequest } from './order-request.ts';
import { registerPunchoutPages } from './punchout-pages.ts';
import {
  authenticate,
  buyerOf,
  credentialView,
  NO_LONGER_MEMBER,
  newSharedSecret,
  openPunchout,
  prefillOf,
} from './punchout.ts';
import {
  deleteCredential,
  insertCredential,
  listCredentials,
  rotateCredentialSecret,
} from './punchout.store.ts';
import { validateCxml } from './cxml-dtd.ts';
import { parseXml, XmlRefused } from './xml.ts';

/** Largest cXML document taken (a cart of 50 lines is far below). */
export const CXML_MAX_BYTES = 256 * 1024;

const TenantParams = Type.Object({ tenant: Type.String({ maxLength: 100 }) });

const CredentialSchema = Type.Object(
  {
    id: Type.String(),
    businessAccountId: Type.String(),
    domain: Type.String(),
    identity: Type.String(),
    customerId: Type.String(),
    createdAt: Timestamp,
  },
  { $id: 'PunchoutCredential' },
);

const XML_TYPE = /^(text|application)\/xml\s*(;|$)/i;

function isXml(request: FastifyRequest): boolean {
  return XML_TYPE.test(String(request.headers['content-type'] ?? ''));
}

function sendCxml(reply: FastifyReply, status: number, document: string): FastifyReply {
  return reply.code(status).type('text/xml; charset=utf-8').send(document);
}

export async function registerPunchoutRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db, clock, ids } = deps;

  app.get(
    '/api/v1/punchout-credentials',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['punchout'],
        summary: 'List the companies’ punch-out credentials (never their secrets)',
        response: responses({ 200: Type.Array(CredentialSchema) }),
      },
    },
    async (request) => (await listCredentials(db, staffOf(request).tenantId)).map(credentialView),
  );

  app.post(
    '/api/v1/punchout-credentials',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['punchout'],
        summary: 'Give a company punch-out credentials (the shared secret is returned once)',
        body: Body({
          businessAccountId: Uuid,
          customerId: Uuid,
          domain: Type.String({
            minLength: 1,
            maxLength: 100,
            pattern: '^\\S+$',
            examples: ['NetworkID'],
          }),
          identity: Type.String({
            minLength: 1,
            maxLength: 200,
            pattern: '^\\S+$',
            examples: ['AN01000000001'],
          }),
        }),
        response: responses({
          201: Type.Object({
            ...CredentialSchema.properties,
            sharedSecret: Type.String({
              description:
                'Shown only in this response: the procurement system sends it as Sender/Credential/SharedSecret (cXML) or PASSWORD (OCI).',
            }),
          }),
        }),
      },
    },
    async (request, reply) => {
      const p = staffOf(request);
      const body = request.body;
      // Unknown ids are named as fields (400), so each id is checked on its own.
      const buyer = await getCustomer(db, p.tenantId, body.customerId);
      if (!buyer)
        throw new ValidationFailed([{ field: 'customerId', message: 'no such customer' }]);
      const company = await getBusinessAccount(db, p.tenantId, body.businessAccountId);
      if (!company)
        throw new ValidationFailed([
          { field: 'businessAccountId', message: 'no such company (business account)' },
        ]);
      if (buyer.businessAccountId !== company.id)
        throw new ValidationFailed([
          { field: 'customerId', message: 'is not a member of this company' },
        ]);
      const { secret, secretHash } = newSharedSecret();
      const credential = await insertCredential(db, {
        id: ids.uuid(),
        tenantId: p.tenantId,
        businessAccountId: company.id,
        customerId: buyer.id,
        domain: body.domain,
        identity: body.identity,
        secretHash,
        createdAt: clock.now(),
      }).catch((e: unknown) => {
        if (
          String(
            (e as { cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code,
          ) === '23505'
        )
          throw new Conflict('This identity already has punch-out credentials in this domain.', [
            { field: 'identity', message: 'is already in use in this domain' },
          ]);
        throw e;
      });
      // Credentials sign in as the buyer: who gave them is on record.
      await auditStaffAction(deps, p, {
        resource: 'punchout-credentials',
        resourceId: credential.id,
        customerId: buyer.id,
      });
      return reply.code(201).send({ ...credentialView(credential), sharedSecret: secret });
    },
  );

  app.post(
    '/api/v1/punchout-credentials/:id/rotate',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['punchout'],
        summary:
          'Give credentials a new shared secret (returned once); the old one stops working at once, and so do carts punched out with it',
        params: IdParams,
        response: responses({
          200: Type.Object({
            ...CredentialSchema.properties,
            sharedSecret: Type.String({
              description: 'Shown only in this response, as when the credentials were given.',
            }),
          }),
        }),
      },
    },
    async (request) => {
      const p = staffOf(request);
      const { secret, secretHash } = newSharedSecret();
      const rotated = await rotateCredentialSecret(db, p.tenantId, request.params.id, secretHash);
      if (!rotated) throw new NotFound('punch-out credentials', request.params.id);
      await auditStaffAction(deps, p, {
        resource: 'punchout-credentials',
        resourceId: rotated.id,
        customerId: rotated.customerId,
      });
      return { ...credentialView(rotated), sharedSecret: secret };
    },
  );

  app.delete(
    '/api/v1/punchout-credentials/:id',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['punchout'],
        summary: 'Withdraw punch-out credentials (their references in carts stop being accepted)',
        params: IdParams,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const p = staffOf(request);
      if (!(await deleteCredential(db, p.tenantId, request.params.id)))
        throw new NotFound('punch-out credentials', request.params.id);
      await auditStaffAction(deps, p, {
        resource: 'punchout-credentials',
        resourceId: request.params.id,
      });
      return reply.code(204).send(null);
    },
  );

  // The procurement routes parse their own media types (XML, forms) in a scope of their own.
  await app.register(async (scope) => {
    const routes = scope as unknown as App;
    routes.addContentTypeParser(
      ['text/xml', 'application/xml'],
      { parseAs: 'string', bodyLimit: CXML_MAX_BYTES },
      (_request, body, done) => done(null, body),
    );
    routes.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    routes.post(
      '/api/v1/shop/:tenant/punchout/cxml',
      {
        onRequest: resolveShopTenant(db),
        bodyLimit: CXML_MAX_BYTES,
        // A document that cannot be taken is answered in cXML (too large, not XML, refused).
        errorHandler: (error: FastifyError | Error, request, reply) => {
          if (!isXml(request)) return handleError(error, request, reply);
          const status = cxmlStatusOf(error);
          if (!status) return handleError(error, request, reply);
          return sendCxml(
            reply,
            status.code,
            responseDocument(
              { payloadId: `${ids.uuid()}@customerize`, timestamp: clock.now() },
              status,
            ),
          );
        },
        schema: {
          tags: ['punchout'],
          summary:
            'cXML 1.2 endpoint of the firm: PunchOutSetupRequest and OrderRequest (Content-Type: text/xml), answered with a cXML Response',
          params: TenantParams,
        },
      },
      async (request, reply) => {
        const tenant = shopTenantOf(request);
        if (!isXml(request) || typeof request.body !== 'string')
          throw new HttpProblem(
            415,
            'unsupported-media-type',
            'Unsupported media type',
            'Send a cXML document with Content-Type: text/xml.',
          );
        // Held to the cXML DTD's structure before anything in it (its credentials too) is used.
        const root = parseXml(request.body);
        validateCxml(root);
        const document = readRequest(root);
        const credential = await authenticate(db, tenant.id, {
          domain: document.sender.domain,
          identity: document.sender.identity,
          secret: document.sender.sharedSecret,
        });
        if (!credential)
          throw new CxmlStatus(401, 'Unauthorized', 'Unknown sender or wrong shared secret.');
        if (!(await buyerOf(db, credential)))
          throw new CxmlStatus(403, 'Forbidden', NO_LONGER_MEMBER);
        const envelope = { payloadId: `${ids.uuid()}@customerize`, timestamp: clock.now() };
        const body = document.body;
        if (body.kind === 'setup') {
          const startPage = await openPunchout(deps, tenant, credential, clock.now(), {
            format: 'cxml',
            operation: body.setup.operation,
            buyerCookie: body.setup.buyerCookie,
            returnUrl: body.setup.browserFormPost,
            prefill: prefillOf(credential, tenant.id, body.setup.items),
          });
          return sendCxml(reply, 200, setupResponse(envelope, startPage));
        }
        if (body.kind === 'order') {
          const answer = await takeOrderRequest(
            deps,
            tenant,
            credential,
            document.payloadId,
            body.order,
          );
          return sendCxml(reply, answer.status, answer.document);
        }
        throw badDocument(
          `${body.name} is not supported here; send PunchOutSetupRequest or OrderRequest.`,
        );
      },
    );

    routes.post(
      '/api/v1/shop/:tenant/punchout/oci',
      {
        onRequest: resolveShopTenant(db),
        schema: {
          tags: ['punchout'],
          summary:
            'SAP OCI start (form POST, application/x-www-form-urlencoded, from the buyer’s browser; JSON is taken too): USERNAME and PASSWORD are the company’s punch-out identity and shared secret, HOOK_URL where the cart goes back; answers 303 to the start page',
          params: TenantParams,
          body: Body({
            USERNAME: Type.String({ minLength: 1, maxLength: 200 }),
            PASSWORD: Type.String({ minLength: 1, maxLength: 200 }),
            HOOK_URL: Type.String({
              minLength: 1,
              maxLength: 2000,
              examples: ['https://srm.example.com/sap/bc/gui/oci_hook'],
            }),
            '~OkCode': Type.Optional(Type.String({ maxLength: 20 })),
            '~TARGET': Type.Optional(Type.String({ maxLength: 50 })),
            '~CALLER': Type.Optional(Type.String({ maxLength: 20 })),
          }),
        },
      },
      async (request, reply) => {
        const tenant = shopTenantOf(request);
        const body = request.body;
        let returnUrl: string;
        try {
          returnUrl = checkReturnUrl(body.HOOK_URL, 'HOOK_URL');
        } catch {
          throw new ValidationFailed([
            { field: 'HOOK_URL', message: 'must be an http or https URL' },
          ]);
        }
        const credential = await authenticate(db, tenant.id, {
          domain: null,
          identity: body.USERNAME,
          secret: body.PASSWORD,
        });
        if (!credential) throw new Unauthorized('Unknown USERNAME or wrong PASSWORD.');
        if (!(await buyerOf(db, credential))) throw new Forbidden(NO_LONGER_MEMBER);
        const startPage = await openPunchout(deps, tenant, credential, clock.now(), {
          format: 'oci',
          operation: 'create',
          buyerCookie: null,
          returnUrl,
          prefill: [],
        });
        return reply.code(303).header('location', startPage).send();
      },
    );

    registerPunchoutPages(routes, deps);
  });
}

/** What a refused document answers in cXML; null for anything that is not the sender's fault. */
function cxmlStatusOf(error: FastifyError | Error): CxmlStatus | null {
  if (error instanceof CxmlStatus) return error;
  if (error instanceof XmlRefused) return badDocument(`The XML was refused: ${error.message}`);
  const e = error as FastifyError;
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return badDocument(`The document is larger than ${CXML_MAX_BYTES / 1024} KiB.`);
  if (error instanceof HttpProblem && error.status < 500)
    return new CxmlStatus(error.status, error.title, error.detail);
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
    return new CxmlStatus(e.statusCode, 'Bad Request', e.message);
  return null;
}
