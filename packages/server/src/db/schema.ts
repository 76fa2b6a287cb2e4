// Every table of the platform. Each module keeps its tables in `<module>/<module>.schema.ts`
// and is re-exported here (drizzle-kit reads the same files through drizzle.config.ts).
export * from '../tenants/tenants.schema.ts';
export * from '../users/users.schema.ts';
export * from '../auth/auth.schema.ts';
export * from '../http/idempotency.schema.ts';
export * from '../accounts/accounts.schema.ts';
export * from '../dialogue/dialogue.schema.ts';
export * from '../notify/notify.schema.ts';
export * from '../privacy/privacy.schema.ts';
export * from '../catalog/catalog.schema.ts';
export * from '../assets/assets.schema.ts';
export * from '../capacity/capacity.schema.ts';
export * from '../studio/studio.schema.ts';
export * from '../orders/orders.schema.ts';
export * from '../providers/providers.schema.ts';
export * from '../bids/bids.schema.ts';
export * from '../punchout/punchout.schema.ts';
export * from '../insights/customer-value.schema.ts';
export * from '../contracts/contracts.schema.ts';
export * from '../companies/companies.schema.ts';
export * from '../approvals/approvals.schema.ts';
export * from '../quotes/quotes.schema.ts';
export * from '../campaigns/campaigns.schema.ts';
export * from '../offers/offers.schema.ts';
export * from '../service-levels/service-levels.schema.ts';
export * from '../studio-events/studio-events.schema.ts';
