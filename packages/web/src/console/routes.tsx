// The firm console's route table (paths below /console) and its navigation.
//
//   /console            Overview
//   /console/settings   Settings   tenant name, currency, timezone, guest design retention
//   /console/users      Users      staff: invite, change role, disable
//   /console/api-keys   API keys   create (secret shown once), list, revoke
//   /console/catalog    Catalog    products, versions, model editor, preview, publish
//   /console/orders     Orders     filters, detail with BOM/routing/timeline, status changes
//   /console/capacity   Capacity   booked vs available hours per work center and day
//   /console/work-centers           hours per day and working days
//   /console/capacity-changes       a work center's calendar with its changes; record a change
//   /console/capacity-changes/:id   a draft's re-plan preview, plans compared, apply
//   /console/providers  Providers  own workshop and partners: capabilities, costs, floor policy
//   /console/customers  Customers  value segments (best, growing, at risk, lapsed, costly); timelines
//   /console/campaigns  Campaigns  templates with personal fields, segment, hold-out, sending, uplift
//   /console/offers     Offers     personal offers for a segment or a customer; uses; end one
//   /console/service-levels        per segment: inbox priority, response target, reserved capacity, contact
//   /console/quotes     Quotes     eQuotes: open, won, lost, expired; PDF; margin approvals
//   /console/price-lists Price lists  companies' contract prices: percent off, option prices, tiers
//   /console/approvals  Approvals  companies' approval queues: pending, approved, rejected
//   /console/bids       Bids       "Name your price": counts, acceptance by price band, revenue, list
//   /console/inbox      Inbox      conversations, assignment, revisions, response times (lazy)
//   /console/comments   Comments   comments on shared designs: hide or show again (owner, sales)
//   /console/gallery    Gallery    co-creation gallery: moderation queue, hide, adopt community picks
//   /console/ideas      Ideas      options customers suggested: votes, answer, status, hide
//   /console/module-demand          expected use of each part per week (operations planning)
//   /console/stock      Stock      stock levels with history, reservations, suggested builds, postponement
//   /console/privacy    Privacy    outbox, webhooks, audit log, feedback, incentives (lazy)
//   /console/insight    Demand by option  values chosen in designs and orders, over time, per segment
//   /console/scorecard  Scorecard  variety & effectiveness figures, each explained
//   /console/stuck      Stuck      rules customers run into in the studio (studio events)
//   /console/funnel     Funnel     studio opened → saved → quoted → ordered, per product and way in
//
// To add a page: a page file, a row in `consoleRoutes`, and an entry in `consoleNav`
// (nav order = reading order).

import type { ComponentType } from 'react';
import type { Params } from '../router/match.ts';
import type { Session } from '../api/types.ts';
import { OverviewPage } from './OverviewPage.tsx';
import { SettingsPage } from './SettingsPage.tsx';
import { UsersPage } from './UsersPage.tsx';
import { ApiKeysPage } from './ApiKeysPage.tsx';
import { CatalogPage } from './CatalogPage.tsx';
import { ProductDetailPage } from './ProductDetailPage.tsx';
import { OrdersPage } from './OrdersPage.tsx';
import { OrderDetailPage } from './OrderDetailPage.tsx';
import { CapacityPage } from './CapacityPage.tsx';
import { WorkCentersPage } from './WorkCentersPage.tsx';
import { CapacityChangesPage } from './CapacityChangesPage.tsx';
import { CapacityChangePlanPage } from './CapacityChangePlanPage.tsx';
import { ProvidersPage } from './ProvidersPage.tsx';
import { BidsPage } from './BidsPage.tsx';
import { CustomersPage } from './CustomersPage.tsx';
import { CustomerTimelinePage } from './CustomerTimelinePage.tsx';
import { CampaignPage, CampaignsPage } from './CampaignsPage.tsx';
import { PriceListsPage } from './PriceListsPage.tsx';
import { PunchoutCredentialsPage } from './PunchoutCredentialsPage.tsx';
import { CompaniesPage } from './CompaniesPage.tsx';
import { ApprovalsPage } from './ApprovalsPage.tsx';
import { QuotesPage } from './QuotesPage.tsx';
import { CommentsPage } from './CommentsPage.tsx';
import { OffersPage } from './OffersPage.tsx';
import { ServiceLevelsPage } from './ServiceLevelsPage.tsx';
import { GalleryPage } from './GalleryPage.tsx';
import * as dialoguePages from './inbox/pages.ts';
import { OptionDemandPage } from './OptionDemandPage.tsx';
import { ScorecardPage } from './ScorecardPage.tsx';
import { IdeasPage } from './IdeasPage.tsx';
import { ModuleDemandPage } from './ModuleDemandPage.tsx';
import { StuckPage } from './StuckPage.tsx';
import { FunnelPage } from './FunnelPage.tsx';
import { StockPage } from './StockPage.tsx';

export interface ConsolePageProps {
  params: Params;
  session: Session;
}

export interface ConsoleRoute {
  path: string;
  page: ComponentType<ConsolePageProps>;
}

export const consoleRoutes: readonly ConsoleRoute[] = [
  { path: '/console', page: OverviewPage },
  { path: '/console/settings', page: SettingsPage },
  { path: '/console/users', page: UsersPage },
  { path: '/console/api-keys', page: ApiKeysPage },
  { path: '/console/catalog', page: CatalogPage },
  { path: '/console/catalog/:id', page: ProductDetailPage },
  { path: '/console/orders', page: OrdersPage },
  { path: '/console/orders/:id', page: OrderDetailPage },
  { path: '/console/customers', page: CustomersPage },
  { path: '/console/customers/:id', page: CustomerTimelinePage },
  { path: '/console/campaigns', page: CampaignsPage },
  { path: '/console/campaigns/:id', page: CampaignPage },
  { path: '/console/offers', page: OffersPage },
  { path: '/console/service-levels', page: ServiceLevelsPage },
  { path: '/console/bids', page: BidsPage },
  { path: '/console/price-lists', page: PriceListsPage },
  { path: '/console/punchout', page: PunchoutCredentialsPage },
  { path: '/console/companies', page: CompaniesPage },
  { path: '/console/approvals', page: ApprovalsPage },
  { path: '/console/quotes', page: QuotesPage },
  { path: '/console/capacity', page: CapacityPage },
  { path: '/console/work-centers', page: WorkCentersPage },
  { path: '/console/capacity-changes', page: CapacityChangesPage },
  { path: '/console/capacity-changes/:id', page: CapacityChangePlanPage },
  { path: '/console/providers', page: ProvidersPage },
  { path: '/console/comments', page: CommentsPage },
  { path: '/console/gallery', page: GalleryPage },
  { path: '/console/inbox', page: dialoguePages.InboxPage },
  { path: '/console/inbox/:id', page: dialoguePages.InboxConversationPage },
  { path: '/console/privacy', page: dialoguePages.PrivacyPage },
  { path: '/console/insight', page: OptionDemandPage },
  { path: '/console/scorecard', page: ScorecardPage },
  { path: '/console/ideas', page: IdeasPage },
  { path: '/console/module-demand', page: ModuleDemandPage },
  { path: '/console/stock', page: StockPage },
  { path: '/console/stuck', page: StuckPage },
  { path: '/console/funnel', page: FunnelPage },
];

export interface NavItem {
  to: string;
  label: string;
  description: string;
}

export const consoleNav: readonly NavItem[] = [
  { to: '/console', label: 'Overview', description: 'Where things stand.' },
  { to: '/console/orders', label: 'Orders', description: 'Orders, their status and routing.' },
  {
    to: '/console/customers',
    label: 'Customers',
    description: 'Who your best customers are, and each one’s timeline.',
  },
  {
    to: '/console/campaigns',
    label: 'Campaigns',
    description: 'Personal messages to a segment, with a hold-out that shows what they earned.',
  },
  {
    to: '/console/offers',
    label: 'Offers',
    description: 'Personal offers for a segment or one customer: what they give, uses, validity.',
  },
  {
    to: '/console/service-levels',
    label: 'Service levels',
    description: 'Per segment: inbox priority, response target, reserved capacity, named contact.',
  },
  {
    to: '/console/bids',
    label: 'Bids',
    description: 'Prices customers named: accepted, refused, ordered; revenue and providers.',
  },
  {
    to: '/console/companies',
    label: 'Companies',
    description: 'Business customers: portals, approved configurations, locations.',
  },
  {
    to: '/console/approvals',
    label: 'Approvals',
    description: 'Company orders waiting for their approvers, approved or rejected.',
  },
  {
    to: '/console/quotes',
    label: 'Quotes',
    description: 'Quotes to business customers: open, won, lost, expired; margin approvals.',
  },
  {
    to: '/console/price-lists',
    label: 'Price lists',
    description: 'Contract prices of your business customers: percent off, option prices, tiers.',
  },
  {
    to: '/console/punchout',
    label: 'Punch-out',
    description: 'Procurement systems of your companies: identities and shared secrets.',
  },
  {
    to: '/console/stuck',
    label: 'Stuck in the studio',
    description: 'The rules that exclude what customers try to pick most; what R&D reads next.',
  },
  {
    to: '/console/funnel',
    label: 'Studio funnel',
    description: 'Studio opened → design saved → quoted → ordered, per product and way in.',
  },
  { to: '/console/inbox', label: 'Inbox', description: 'Conversations with customers.' },
  {
    to: '/console/comments',
    label: 'Comments',
    description: 'What customers wrote on shared designs; hide what should not be shown.',
  },
  {
    to: '/console/gallery',
    label: 'Gallery',
    description: 'Designs customers published: moderation queue, hiding, community picks.',
  },
  {
    to: '/console/ideas',
    label: 'Ideas',
    description: 'Options customers suggested and voted for; answer them and mark what you plan.',
  },
  {
    to: '/console/catalog',
    label: 'Catalog',
    description: 'Products, model versions, preview and publishing.',
  },
  {
    to: '/console/capacity',
    label: 'Capacity',
    description: 'Booked against available hours per work center.',
  },
  {
    to: '/console/work-centers',
    label: 'Work centers',
    description: 'Hours per day and working days.',
  },
  {
    to: '/console/capacity-changes',
    label: 'Capacity changes',
    description: 'A center down, an extra shift, a holiday: re-plan, compare, tell customers.',
  },
  {
    to: '/console/module-demand',
    label: 'Module demand',
    description: 'Expected use of each part per week, from the order trend and the option mix.',
  },
  {
    to: '/console/stock',
    label: 'Stock',
    description: 'Modules built ahead: levels, history, reservations, builds, postponement point.',
  },
  {
    to: '/console/providers',
    label: 'Providers',
    description: 'Your workshop and partners: what each builds, at what cost.',
  },
  {
    to: '/console/settings',
    label: 'Settings',
    description: 'Firm name, currency, timezone and how long guest designs are kept.',
  },
  {
    to: '/console/users',
    label: 'Users',
    description: 'Who on your staff can sign in, and their role.',
  },
  {
    to: '/console/api-keys',
    label: 'API keys',
    description: 'Keys for your other systems to call Customerize.',
  },
  {
    to: '/console/privacy',
    label: 'Privacy',
    description: 'Outbox, webhooks, audit log, feedback and privacy incentives.',
  },
  {
    to: '/console/insight',
    label: 'Demand by option',
    description: 'How often each option value is chosen in designs and orders, over time.',
  },
  {
    to: '/console/scorecard',
    label: 'Scorecard',
    description: 'Variety offered and ordered, promises kept, lead time, premium and margin.',
  },
];
