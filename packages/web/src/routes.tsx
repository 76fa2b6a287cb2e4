// The app's top-level route table: the first entry whose `path` matches the URL renders.
// Patterns: literal segments, `:param` segments (passed to the page as `params`), a final `/*`.
//
//   /               customer  LandingPage   "Design your product": the published products
//   /p/:slug        customer  ProductPage   the studio for one product (needs / presets / editor)
//   /designs/:id    customer  DesignPage    one saved design (?token= for guests), versions
//   /shared/:id     customer  SharedDesignPage  a design shared read-only (?share=), Make it mine
//   /compare        customer  ComparePage   two or three designs side by side (?ids=a,b&tokens=)
//   /orders/:id     customer  OrderPage     one order (?token= for guests) and its timeline
//   /bids/:id       customer  BidPage       one bid (?token= for guests, the emailed link): confirm an offer
//   /gallery        customer  GalleryPage   the co-creation gallery: browse by product, sort
//   /gallery/:id    customer  GalleryDetailPage  one publication: like, comment, report, remix
//   /account        customer  AccountPage   the customer's designs, orders and details
//   /company/:slug  customer  CompanyPortalPage  a company's portal: its approved configurations
//   /company/:slug/approvals  customer  CompanyApprovalsPage  approve/reject orders; buyers' waiting orders
//   /ideas          customer  IdeasPage     options customers suggested, votes, the firm's answers (?product=)
//   /account/…      customer  account/pages.ts  sign in/up, verify, reset, profile, messages, privacy (lazy)
//   /console/*      console   ConsoleApp    firm console, with its own table in console/routes.tsx
//
// Customer pages live in src/customer/ and render inside <CustomerLayout>; add one by adding a row
// here. The console is loaded lazily (its own chunk) so customers never download it.
// The server answers every non-/api path with index.html, so deep links work.

import { lazy, type ComponentType } from 'react';
import type { Params } from './router/match.ts';
import { LandingPage } from './customer/LandingPage.tsx';
import { DesignPage } from './customer/DesignPage.tsx';
import { SharedDesignPage } from './customer/SharedDesignPage.tsx';
import { OrderPage } from './customer/OrderPage.tsx';
import { BidPage } from './customer/BidPage.tsx';
import { AccountPage } from './customer/AccountPage.tsx';
import { ProductPage } from './customer/ProductPage.tsx';
import { ComparePage } from './customer/ComparePage.tsx';
import { CompanyPortalPage } from './customer/CompanyPortalPage.tsx';
import { CompanyApprovalsPage } from './customer/CompanyApprovalsPage.tsx';
import * as accountPages from './account/pages.ts';
import { GalleryPage } from './gallery/GalleryPage.tsx';
import { GalleryDetailPage } from './gallery/GalleryDetailPage.tsx';
import { IdeasPage } from './customer/IdeasPage.tsx';

export interface PageProps {
  params: Params;
}

export interface AppRoute {
  path: string;
  area: 'customer' | 'console';
  page: ComponentType<PageProps>;
}

const ConsoleApp = lazy(() => import('./console/ConsoleApp.tsx'));

export const routes: readonly AppRoute[] = [
  { path: '/', area: 'customer', page: LandingPage },
  { path: '/p/:slug', area: 'customer', page: ProductPage },
  { path: '/designs/:id', area: 'customer', page: DesignPage },
  { path: '/shared/:id', area: 'customer', page: SharedDesignPage },
  { path: '/compare', area: 'customer', page: ComparePage },
  { path: '/orders/:id', area: 'customer', page: OrderPage },
  { path: '/bids/:id', area: 'customer', page: BidPage },
  { path: '/account', area: 'customer', page: AccountPage },
  { path: '/gallery', area: 'customer', page: GalleryPage },
  { path: '/gallery/:id', area: 'customer', page: GalleryDetailPage },
  { path: '/company/:slug', area: 'customer', page: CompanyPortalPage },
  { path: '/company/:slug/approvals', area: 'customer', page: CompanyApprovalsPage },
  { path: '/account/signin', area: 'customer', page: accountPages.SignInPage },
  { path: '/account/signup', area: 'customer', page: accountPages.SignUpPage },
  { path: '/account/verify', area: 'customer', page: accountPages.VerifyPage },
  { path: '/account/reset', area: 'customer', page: accountPages.ResetRequestPage },
  { path: '/account/reset-password', area: 'customer', page: accountPages.ResetConfirmPage },
  { path: '/account/profile', area: 'customer', page: accountPages.ProfilePage },
  { path: '/account/messages', area: 'customer', page: accountPages.MessagesPage },
  { path: '/account/messages/:id', area: 'customer', page: accountPages.ConversationPage },
  { path: '/account/privacy', area: 'customer', page: accountPages.PrivacyCentrePage },
  { path: '/unsubscribe', area: 'customer', page: accountPages.UnsubscribePage },
  { path: '/ideas', area: 'customer', page: IdeasPage },
  { path: '/console', area: 'console', page: ConsoleApp },
  { path: '/console/*', area: 'console', page: ConsoleApp },
];
