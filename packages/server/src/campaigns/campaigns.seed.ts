// Demo data: one draft campaign, so the console's Campaigns page has something to open and the
// generic route tests find a campaign in every demo firm.
import type { DemoSeeder } from '../seed/demo.ts';
import { DEFAULT_ATTRIBUTION_DAYS, DEFAULT_HOLDOUT_PERCENT } from './campaigns.ts';
import { insertCampaign } from './campaigns.store.ts';

export const seedDemoCampaigns: DemoSeeder = async ({ db, clock, ids, tenant }) => {
  await insertCampaign(db, {
    id: ids.uuid(),
    tenantId: tenant.id,
    name: 'Come back to your design',
    subject: '{{name}}, your {{lastDesign.name|design}} is waiting',
    body: [
      'Hello {{name}},',
      '',
      'You saved {{lastDesign.name|a design}} with us: {{lastDesign.link|}}',
      '{{lastDesign.picture}}',
      '',
      'Customers who designed the same chose this one most: {{recommended.name|see our studio}} {{recommended.link|}}',
      '',
      '{{offer}}',
      '',
      'See the shop: {{shop.link}}',
    ].join('\n'),
    segment: null,
    holdoutPercent: DEFAULT_HOLDOUT_PERCENT,
    attributionDays: DEFAULT_ATTRIBUTION_DAYS,
    offerId: null,
    createdBy: null,
    now: clock.now(),
  });
};
