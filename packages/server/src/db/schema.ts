// Every table of the platform. Each module keeps its tables in `<module>/<module>.schema.ts`
// and is re-exported here (drizzle-kit reads the same files through drizzle.config.ts).
export * from '../tenants/tenants.schema.ts';
export * from '../users/users.schema.ts';
export * from '../auth/auth.schema.ts';
export * from '../http/idempotency.schema.ts';
