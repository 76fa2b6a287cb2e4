// Staff users (listed by staff, managed by owners) and customers (managed by owners and sales).
import { companyView } from '../companies/companies.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import { Type } from 'typebox';
import { requireStaff, staffOf } from '../auth/guards.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { revokeStaffSessions } from '../auth/sessions.store.ts';
import type { AppDeps } from '../deps.ts';
import { auditAccess } from '../privacy/audit.ts';
import type { App } from '../http/app-type.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { Conflict, NotFound } from '../http/errors.ts';
import { Body, IdParams, NoContent, responses, Timestamp } from '../http/schemas.ts';
import {
  countActiveOwnersForUpdate,
  deleteStaff,
  findCustomerByEmail,
  findStaffByEmail,
  getBusinessAccount,
  getCustomer,
  getStaff,
  insertBusinessAccount,
  insertCustomer,
  insertStaff,
  listBusinessAccounts,
  listCustomers,
  listStaff,
  updateStaff,
} from './users.store.ts';
import {
  assertAnOwnerRemains,
  customerView,
  isActiveOwner,
  normalizeEmail,
  staffView,
} from './users.ts';

/** Mirrors STAFF_ROLES (typebox needs the literals spelled out to keep their types). */
export const StaffRoleSchema = Type.Union([
  Type.Literal('owner'),
  Type.Literal('designer'),
  Type.Literal('sales'),
  Type.Literal('operations'),
]);
/** Mirrors BUSINESS_ROLES. */
export const BusinessRoleSchema = Type.Union([
  Type.Literal('buyer'),
  Type.Literal('approver'),
  Type.Literal('admin'),
]);
const Email = Type.String({ format: 'email', maxLength: 320 });
const Password = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1000 });
const Name = Type.String({ minLength: 1, maxLength: 200 });

const StaffSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: StaffRoleSchema,
    disabled: Type.Boolean(),
    createdAt: Timestamp,
  },
  { $id: 'StaffUser' },
);

const CustomerSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    businessAccountId: Type.Union([Type.String(), Type.Null()]),
    businessRole: Type.Union([BusinessRoleSchema, Type.Null()]),
    createdAt: Timestamp,
  },
  { $id: 'Customer' },
);

/** A company: its portal address and logo come from the companies module. */
const BusinessAccountSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    slug: Type.Union([Type.String(), Type.Null()]),
    logoUrl: Type.Union([Type.String(), Type.Null()]),
    logoAssetKey: Type.Union([Type.String(), Type.Null()]),
    portalPath: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
  },
  { $id: 'BusinessAccount' },
);

const emailTaken = () =>
  new Conflict('Someone in this firm already uses this email.', [
    { field: 'email', message: 'is already in use' },
  ]);

export function registerUserRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;

  app.get(
    '/api/v1/users',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['users'],
        summary: 'List the firm’s staff',
        response: responses({ 200: Type.Array(StaffSchema) }),
      },
    },
    async (request) => (await listStaff(db, staffOf(request).tenantId)).map(staffView),
  );

  app.post(
    '/api/v1/users',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['users'],
        summary: 'Add a staff user',
        body: Body({ email: Email, name: Name, role: StaffRoleSchema, password: Password }),
        response: responses({ 201: StaffSchema }),
      },
    },
    async (request, reply) => {
      const tenantId = staffOf(request).tenantId;
      const email = normalizeEmail(request.body.email);
      if (await findStaffByEmail(db, tenantId, email)) throw emailTaken();
      const user = await insertStaff(db, {
        id: ids.uuid(),
        tenantId,
        email,
        name: request.body.name.trim(),
        role: request.body.role,
        passwordHash: await hashPassword(request.body.password),
        now: clock.now(),
      }).catch((error: unknown) => {
        // Someone else added the same email between the check above and this insert.
        throw isUniqueViolation(error) ? emailTaken() : error;
      });
      return reply.code(201).send(staffView(user));
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['users'],
        summary: 'One staff user',
        params: IdParams,
        response: responses({ 200: StaffSchema }),
      },
    },
    async (request) => {
      const user = await getStaff(db, staffOf(request).tenantId, request.params.id);
      if (!user) throw new NotFound('user', request.params.id);
      return staffView(user);
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['users'],
        summary: 'Rename, change the role of, or disable a staff user',
        params: IdParams,
        body: Body({
          name: Type.Optional(Name),
          role: Type.Optional(StaffRoleSchema),
          disabled: Type.Optional(Type.Boolean()),
        }),
        response: responses({ 200: StaffSchema }),
      },
    },
    async (request) => {
      const tenantId = staffOf(request).tenantId;
      const { id } = request.params;
      const now = clock.now();
      const updated = await db.transaction(async (tx) => {
        const owners = await countActiveOwnersForUpdate(tx, tenantId);
        const user = await getStaff(tx, tenantId, id);
        if (!user) throw new NotFound('user', id);
        const next = {
          role: request.body.role ?? user.role,
          disabledAt:
            request.body.disabled === undefined
              ? user.disabledAt
              : request.body.disabled
                ? (user.disabledAt ?? now)
                : null,
        };
        assertAnOwnerRemains(
          owners - (isActiveOwner(user) ? 1 : 0) + (isActiveOwner(next) ? 1 : 0),
        );
        const result = await updateStaff(tx, tenantId, id, {
          ...(request.body.name !== undefined ? { name: request.body.name.trim() } : {}),
          role: next.role,
          disabledAt: next.disabledAt,
          now,
        });
        if (next.disabledAt) await revokeStaffSessions(tx, tenantId, id, now);
        return result;
      });
      if (!updated) throw new NotFound('user', id);
      return staffView(updated);
    },
  );

  app.delete(
    '/api/v1/users/:id',
    {
      onRequest: requireStaff(['owner']),
      schema: {
        tags: ['users'],
        summary: 'Remove a staff user',
        params: IdParams,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const tenantId = staffOf(request).tenantId;
      const { id } = request.params;
      await db.transaction(async (tx) => {
        const owners = await countActiveOwnersForUpdate(tx, tenantId);
        const user = await getStaff(tx, tenantId, id);
        if (!user) throw new NotFound('user', id);
        assertAnOwnerRemains(owners - (isActiveOwner(user) ? 1 : 0));
        await deleteStaff(tx, tenantId, id);
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/customers',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['customers'],
        summary: 'List customers',
        response: responses({ 200: Type.Array(CustomerSchema) }),
      },
    },
    async (request) => (await listCustomers(db, staffOf(request).tenantId)).map(customerView),
  );

  app.get(
    '/api/v1/customers/:id',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['customers'],
        summary: 'One customer',
        params: IdParams,
        response: responses({ 200: CustomerSchema }),
      },
    },
    async (request) => {
      const customer = await getCustomer(db, staffOf(request).tenantId, request.params.id);
      if (!customer) throw new NotFound('customer', request.params.id);
      await auditAccess(deps, staffOf(request), {
        customerId: customer.id,
        action: 'read',
        resource: 'customer',
        resourceId: customer.id,
      });
      return customerView(customer);
    },
  );

  app.post(
    '/api/v1/customers',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['customers'],
        summary: 'Add a customer, optionally as a member of a business account',
        body: Body({
          email: Email,
          name: Name,
          password: Type.Optional(Password),
          businessAccountId: Type.Optional(Type.String({ format: 'uuid' })),
          businessRole: Type.Optional(BusinessRoleSchema),
        }),
        response: responses({ 201: CustomerSchema }),
      },
    },
    async (request, reply) => {
      const tenantId = staffOf(request).tenantId;
      const { businessAccountId, businessRole, password } = request.body;
      const email = normalizeEmail(request.body.email);
      if (await findCustomerByEmail(db, tenantId, email)) throw emailTaken();
      if (
        businessAccountId !== undefined &&
        !(await getBusinessAccount(db, tenantId, businessAccountId))
      ) {
        throw new NotFound('business account', businessAccountId);
      }
      const customer = await insertCustomer(db, {
        id: ids.uuid(),
        tenantId,
        email,
        name: request.body.name.trim(),
        passwordHash: password === undefined ? null : await hashPassword(password),
        passwordChosenByStaff: password !== undefined,
        businessAccountId: businessAccountId ?? null,
        businessRole: businessAccountId === undefined ? null : (businessRole ?? 'buyer'),
        now: clock.now(),
      }).catch((error: unknown) => {
        throw isUniqueViolation(error) ? emailTaken() : error;
      });
      await auditAccess(deps, staffOf(request), {
        customerId: customer.id,
        action: 'change',
        resource: 'customer',
        resourceId: customer.id,
      });
      return reply.code(201).send(customerView(customer));
    },
  );

  app.get(
    '/api/v1/business-accounts',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['customers'],
        summary: 'List business accounts',
        response: responses({ 200: Type.Array(BusinessAccountSchema) }),
      },
    },
    async (request) => {
      const tenant = (await getTenant(db, staffOf(request).tenantId))!;
      return (await listBusinessAccounts(db, tenant.id)).map((a) => companyView(tenant, a));
    },
  );

  app.post(
    '/api/v1/business-accounts',
    {
      onRequest: requireStaff(['owner', 'sales']),
      schema: {
        tags: ['customers'],
        summary: 'Add a business account (a company whose people buy together)',
        body: Body({ name: Name }),
        response: responses({ 201: BusinessAccountSchema }),
      },
    },
    async (request, reply) => {
      const tenant = (await getTenant(db, staffOf(request).tenantId))!;
      const account = await insertBusinessAccount(db, {
        id: ids.uuid(),
        tenantId: tenant.id,
        name: request.body.name.trim(),
        now: clock.now(),
      });
      return reply.code(201).send(companyView(tenant, account));
    },
  );
}
