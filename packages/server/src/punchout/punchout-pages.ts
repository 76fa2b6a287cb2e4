// The buyer's side of a punch-out, as small server pages: the start page signs the buyer in
// (a customer session like sign-in makes) and opens the cart; the cart lists the buyer's saved
// designs to add with quantities; returning it answers a page whose form the buyer's browser
// submits to the procurement system (cXML `cxml-urlencoded`, or OCI NEW_ITEM-… fields).
// The server itself never requests the BrowserFormPost/HOOK_URL: only the browser posts to it.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { resolvePrincipal, SESSION_COOKIE } from '../auth/principal.ts';
import { insertSession } from '../auth/sessions.store.ts';
import { randomToken, sameSecret, sha256 } from '../auth/tokens.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { Forbidden, NotFound, ValidationFailed } from '../http/errors.ts';
import { cspDirectives } from '../http/security-headers.ts';
import { listCustomerDesigns } from '../studio/studio.store.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import { MAX_CART_LINES, MAX_CART_QUANTITY, pricedCart, type CartLine } from './cart.ts';
import { ociFields, orderMessage } from './cxml.ts';
import { getCredential, markReturned, openPunchoutOf, takeStartToken } from './punchout.store.ts';
import { escapeXml as escapeHtml } from './xml.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function sendPage(reply: FastifyReply, html: string): FastifyReply {
  return reply
    .code(200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(html);
}

export function registerPunchoutPages(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;

  /** The signed-in customer and their open punch-out, or 404. */
  async function currentPunchout(request: FastifyRequest) {
    const p = await resolvePrincipal(deps, request);
    if (!p || p.kind !== 'customer') throw new NotFound('punch-out');
    const session = await openPunchoutOf(db, p.tenantId, p.sessionId, clock.now());
    const tenant = session && (await getTenant(db, p.tenantId));
    const credential = session && (await getCredential(db, p.tenantId, session.credentialId));
    if (!session || !tenant || !credential) throw new NotFound('punch-out');
    return { principal: p, session, tenant, credential };
  }

  app.get('/punchout/start', { schema: { hide: true } }, async (request, reply) => {
    const token = (request.query as { token?: unknown }).token;
    if (typeof token !== 'string' || token.length > 100) throw new NotFound('punch-out');
    const now = clock.now();
    const cookie = randomToken();
    const authSessionId = ids.uuid();
    const outcome = await db.transaction(async (tx) => {
      const session = await takeStartToken(tx, sha256(token), now, authSessionId);
      if (!session) return null;
      await insertSession(tx, {
        id: authSessionId,
        tenantId: session.tenantId,
        tokenHash: sha256(cookie),
        csrfToken: randomToken(24),
        staffUserId: null,
        customerId: session.customerId,
        userAgent: request.headers['user-agent']?.slice(0, 500) ?? null,
        ip: request.ip,
        createdAt: now,
        expiresAt: session.expiresAt,
      });
      return session;
    });
    // Used, expired or never issued: the same answer.
    if (!outcome) throw new NotFound('punch-out');
    reply.setCookie(SESSION_COOKIE, cookie, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: request.protocol === 'https',
      maxAge: Math.floor((outcome.expiresAt.getTime() - now.getTime()) / 1000),
    });
    return reply.code(303).header('location', '/punchout/cart').send();
  });

  app.get('/punchout/cart', { schema: { hide: true } }, async (request, reply) => {
    const { principal, tenant, session } = await currentPunchout(request);
    const prefill = new Map(session.prefill.map((l) => [l.designId, l.quantity]));
    const designs = await listCustomerDesigns(db, tenant.id, principal.customerId, {
      after: null,
      limit: MAX_CART_LINES,
    });
    const rows = designs
      .map(
        (d) =>
          `<li><label>${escapeHtml(d.name)} <input type="number" name="qty:${d.id}" min="0" max="${MAX_CART_QUANTITY}" step="1" value="${prefill.get(d.id) ?? 0}"></label></li>`,
      )
      .join('');
    const list =
      designs.length > 0
        ? `<ul>${rows}</ul>`
        : '<p>No saved designs yet: design in the shop, save, and come back here.</p>';
    return sendPage(
      reply,
      page(
        `Punch-out cart — ${tenant.name}`,
        `<p><a href="/">Design in the shop</a> and save your designs; then choose quantities here.</p><form method="post" action="/punchout/cart"><input type="hidden" name="csrf" value="${escapeHtml(principal.csrfToken)}">${list}<button type="submit">Return cart to your procurement system</button></form>`,
      ),
    );
  });

  app.post(
    '/punchout/cart',
    // Rate-limited per client address like API writes (http/write-limits.ts).
    { schema: { hide: true } },
    async (request, reply) => {
      const { principal, session, tenant, credential } = await currentPunchout(request);
      const form = (request.body ?? {}) as Record<string, unknown>;
      if (typeof form.csrf !== 'string' || !sameSecret(form.csrf, principal.csrfToken))
        throw new Forbidden('The form is stale: open the punch-out cart again.');
      const lines = cartLines(form);
      const items = await pricedCart(deps, tenant, credential, session, lines);
      if (!(await markReturned(db, tenant.id, session.id, clock.now())))
        throw new NotFound('punch-out');
      const fields: [string, string][] =
        session.format === 'cxml'
          ? [
              [
                'cxml-urlencoded',
                orderMessage(
                  { payloadId: `${ids.uuid()}@customerize`, timestamp: clock.now() },
                  {
                    buyer: { domain: credential.domain, identity: credential.identity },
                    supplier: { domain: 'NetworkID', identity: tenant.slug },
                  },
                  session.buyerCookie ?? '',
                  session.operation,
                  items,
                ),
              ],
            ]
          : [['~OkCode', 'ADDI'], ['~TARGET', '_top'], ['~CALLER', 'CTLG'], ...ociFields(items)];
      // The form goes to the procurement system's origin, submitted by a script of this answer
      // only (its nonce); nothing else on the page may run or post elsewhere.
      const nonce = randomBytes(16).toString('base64');
      await reply.helmet({
        contentSecurityPolicy: {
          useDefaults: false,
          directives: {
            ...cspDirectives,
            scriptSrc: [`'nonce-${nonce}'`],
            formAction: ["'self'", new URL(session.returnUrl).origin],
          },
        },
      });
      const inputs = fields
        .map(
          ([name, value]) =>
            `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
        )
        .join('');
      return sendPage(
        reply,
        page(
          'Returning your cart',
          `<form id="punchout-return" method="post" action="${escapeHtml(session.returnUrl)}">${inputs}<button type="submit">Continue to your procurement system</button></form><script nonce="${nonce}">document.getElementById('punchout-return').submit();</script>`,
        ),
      );
    },
  );
}

/** `qty:<designId>` fields with whole quantities; zero leaves a design out. */
function cartLines(form: Record<string, unknown>): CartLine[] {
  const lines: CartLine[] = [];
  const errors: { field: string; message: string }[] = [];
  for (const [name, raw] of Object.entries(form)) {
    if (!name.startsWith('qty:')) continue;
    const designId = name.slice(4);
    const quantity = Number(raw);
    if (!UUID.test(designId)) errors.push({ field: name, message: 'is not a design' });
    else if (typeof raw !== 'string' || !/^\d{1,4}$/.test(raw) || quantity > MAX_CART_QUANTITY)
      errors.push({
        field: name,
        message: `must be a whole number from 0 to ${MAX_CART_QUANTITY}`,
      });
    else if (quantity > 0) lines.push({ designId, quantity });
  }
  if (errors.length > 0) throw new ValidationFailed(errors);
  if (lines.length === 0)
    throw new ValidationFailed([
      { field: 'lines', message: 'choose a quantity for at least one design' },
    ]);
  if (lines.length > MAX_CART_LINES)
    throw new ValidationFailed([{ field: 'lines', message: `at most ${MAX_CART_LINES} designs` }]);
  return lines;
}
