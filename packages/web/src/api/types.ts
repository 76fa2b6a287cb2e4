// Shapes of the server's /api/v1 resources as the web app sees them (JSON over HTTP; the web
// app never imports server code). Keep in step with the server's typebox schemas / OpenAPI doc.

export const STAFF_ROLES = ['owner', 'designer', 'sales', 'operations'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABELS: Record<StaffRole, string> = {
  owner: 'Owner',
  designer: 'Designer',
  sales: 'Sales',
  operations: 'Operations',
};

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: string;
  /** `provider`: staff of a partner provider, who see only the provider view. */
  kind: 'staff' | 'provider' | 'customer';
  providerId?: string;
}

export interface TenantRef {
  id: string;
  slug: string;
  name: string;
}

/** Answer of POST /auth/login and GET /auth/me. */
export interface Session {
  user: SessionUser;
  tenant: TenantRef;
  csrfToken: string;
}

/** Answer of GET /auth/session: `{ signedIn: false }` for a guest, else the session. */
export interface SessionState {
  signedIn: boolean;
  user?: SessionUser;
  tenant?: TenantRef;
  csrfToken?: string;
}

/** How the firm answers "Name your price" (GET/PATCH /tenant; absent: the defaults). */
export interface BidSettings {
  /** Minutes an accepted offer holds capacity (default 30). */
  bidOfferHoldMinutes?: number;
  /** Hours before the same refused bid may be made again (default 24). */
  rebidWaitHours?: number;
  /** What matching maximizes: the most product for the money (default) or the firm's margin. */
  bidObjective?: 'most-product' | 'highest-margin';
  /** Refused bidders see the lowest price band accepted lately (default false). */
  showAcceptedFrom?: boolean;
}

export interface TenantSettings extends BidSettings {
  currency: string;
  timezone: string;
  guestDesignRetentionDays: number;
  /** Accepted design revisions wait for staff approval before changing an order. */
  orderChangesNeedApproval?: boolean;
  /** Anonymous studio counts of guests and non-consenting customers (default true). */
  anonymousStudioAnalytics?: boolean;
  /** Hours a partner has to accept a routed order unless it has its own deadline (default 48). */
  providerAcceptHours?: number;
}

export interface Tenant extends TenantRef {
  settings: TenantSettings;
}

export interface TenantPatch {
  name?: string;
  settings?: Partial<TenantSettings>;
}

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  disabled: boolean;
  createdAt: string;
}

export interface NewStaffUser {
  email: string;
  name: string;
  role: StaffRole;
  password: string;
}

export interface StaffUserPatch {
  name?: string;
  role?: StaffRole;
  disabled?: boolean;
}

/** read: the key may only read (GET); write: whatever its role may do. */
export type ApiKeyAccess = 'read' | 'write';

export const ACCESS_LABELS: Record<ApiKeyAccess, string> = {
  write: 'Read and write',
  read: 'Read only',
};

export interface ApiKey {
  id: string;
  name: string;
  role: StaffRole;
  access: ApiKeyAccess;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Answer of POST /api-keys: the only time the secret is ever shown. */
export interface CreatedApiKey {
  id: string;
  name: string;
  role: StaffRole;
  access: ApiKeyAccess;
  prefix: string;
  createdAt: string;
  secret: string;
}

// ---------- catalog, studio and build-to-order (see .tmp/CONTRACT-5.md) ----------

/** A value of a feature, as the engine keeps it. */
export type ChoiceValue = string | number | boolean;
export type Choices = Record<string, ChoiceValue>;
export type Personalization = Record<string, string>;

export interface Storefront {
  tenant: { slug: string; name: string };
  currency: string;
}

export interface ShopProduct {
  id: string;
  slug: string;
  name: string;
  description?: string;
  kind: 'configurable' | 'standard';
  versionId: string;
  versionNumber: number;
  fromPrice: number;
  currency: string;
  heroAsset?: string | null;
  /** The pictured design's layers over the hero image (URLs, in drawing order). */
  previewLayers?: string[];
}

/** GET /shop/:tenant/products/:slug: everything the studio needs to run the engine locally. */
export interface ShopProductDetail {
  product: { id: string; slug: string; name: string; description?: string };
  version: { id: string; number: number; publishedAt: string };
  /** The product model (engine format). */
  model: unknown;
  /**
   * Where the compact compiled model is (immutable per version, cached by the browser): the
   * engine's bytes without the model, restored with `deserialize(bytes, model)`.
   */
  compiledUrl: string;
  popularity: Record<string, Record<string, number>>;
  topDesigns: Array<{ choices: Choices; orders: number }>;
  assetsBase: string;
  /** What the signed-in customer's company approved (issue 12); empty for everyone else. */
  restrictions?: Array<{
    id: string;
    label?: string;
    message?: string;
    allowed: Record<string, ChoiceValue[]>;
  }>;
}

export interface QuoteLine {
  label: string;
  amount: number;
  /** 'reward' for a signed-in customer's earned discount, taken off once at order time. */
  kind?: string;
  /** For a company member: the contract term that set the amount (api/contracts.ts termLabel). */
  term?: { kind: string; percentOffBp?: number; minQuantity?: number; key?: string };
  priceListId?: string;
}

export interface ServerQuote {
  valid: boolean;
  violations: Array<{ rule: string; message: string }>;
  currency: string;
  lines: QuoteLine[];
  total: number;
  leadTimeDays: number;
  promisedDate: string;
  workCenters: Array<{ center: string; hours: number; startDate: string; endDate: string }>;
  /** Promised from stock: every module is on hand, only the postponed steps remain. */
  fromStock?: {
    promisedDate: string;
    madeToOrderDate: string;
    label: string;
    postponedSteps: string[];
  } | null;
}

export interface DesignVersion {
  number: number;
  /** The model version the design was made with. */
  versionId: string;
  choices: Choices;
  personalization?: Personalization;
  createdAt: string;
  quote?: { total: number; currency: string; promisedDate: string | null; valid: boolean } | null;
  note?: string | null;
}

export interface Design {
  id: string;
  name: string;
  productSlug: string;
  /** The private link that edits and orders the design: never share it. */
  editUrl?: string | null;
  /** Deprecated alias of editUrl (the private link). */
  shareUrl?: string | null;
  /** Whether a read-only share link is active. */
  shared?: boolean;
  /** The design this one was copied from ("Make it mine"). */
  remixedFrom?: string | null;
  token?: string;
  currentVersion: number;
  versions: DesignVersion[];
}

/** A design seen through its read-only share link: nothing of the owner, no personal text. */
export interface SharedDesign {
  id: string;
  name: string;
  productSlug: string;
  currentVersion: number;
  versions: Omit<DesignVersion, 'personalization' | 'note'>[];
}

/** A comment a signed-in customer left on a shared design (plain text). */
export interface DesignComment {
  id: string;
  author: string;
  body: string;
  createdAt: string;
}

/** A comment on a shared design as staff moderate it (GET /design-comments). */
export interface StaffDesignComment extends DesignComment {
  designId: string;
  designName: string;
  customerId: string;
  hidden: boolean;
  hiddenAt: string | null;
}

/** A read-only share link, shown once (the server keeps only its hash). */
export interface ShareLink {
  shareUrl: string;
  shareToken: string;
}

export interface NewDesign {
  versionId: string;
  name: string;
  choices: Choices;
  personalization?: Personalization;
  email?: string;
}

export type OrderStatus =
  | 'pending_confirmation'
  | 'awaiting_approval'
  | 'placed'
  | 'confirmed'
  | 'in_production'
  | 'shipped'
  | 'delivered'
  | 'cancelled';

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending_confirmation: 'Awaiting email confirmation',
  awaiting_approval: 'Waiting for approval',
  placed: 'Placed',
  confirmed: 'Confirmed',
  in_production: 'In production',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

export interface TimelineEntry {
  status: string;
  at: string;
  by?: string | null;
  note?: string | null;
}

export interface NewOrder {
  designId?: string;
  token?: string;
  versionId: string;
  choices: Choices;
  personalization?: Personalization;
  email?: string;
  /** The provider chosen from the comparison (null: the firm's own workshop). */
  providerId?: string | null;
  expected: { total: number; currency: string; promisedDate: string };
  /** A company buyer's purchase-order number. */
  poNumber?: string;
  /** A company member's payment terms, one of the company's allowed set. */
  paymentTerms?: string;
  /** A personal offer the customer uses (offers/): the server re-checks and applies it once. */
  offerId?: string;
}

/** One provider's offer for a finished design (POST /shop/:tenant/provider-quotes). */
export interface ProviderQuote {
  /** id null: the firm's own workshop. */
  provider: { id: string | null; name: string };
  total: number;
  currency: string;
  promisedDate: string;
  leadTimeDays: number;
}

export interface CustomerOrder {
  id: string;
  number: string | number;
  token?: string;
  status: OrderStatus;
  createdAt: string;
  product?: { id?: string; slug?: string; name?: string } | string | null;
  choices: Choices;
  personalization?: Personalization;
  lines: QuoteLine[];
  total: number;
  currency: string;
  promisedDate: string;
  timeline: TimelineEntry[];
  /** Changes from revised designs the customer accepted (absent from older servers). */
  changes?: OrderChange[];
  /** The accepted bid ("Name your price") it was placed from, at its price; null: list price. */
  bidId?: string | null;
  /** Line by line: designs × quantities with their (contract) price lines; one for single designs. */
  items?: OrderItem[];
  /** Company orders (approvals): the buyer's PO number, payment terms, cost center, approval. */
  poNumber?: string | null;
  paymentTerms?: string | null;
  costCenter?: { id: string; name: string } | null;
  approval?: OrderApprovalState | null;
}

/** Where a company order's approval stands, and each decision taken on it. */
export interface OrderApprovalState {
  status: 'pending' | 'approved' | 'rejected';
  requiredLevels: number;
  steps: Array<{ level: number; decision: string; by: string; reason: string | null; at: string }>;
}

/** A line of an order (server contracts/order-items.ts). */
export interface OrderItem {
  position: number;
  productId: string;
  versionId: string;
  choices: Choices;
  quantity: number;
  lines: Array<QuoteLine & { term?: { kind: string }; quantity?: number }>;
  total: number;
  currency: string;
  promisedDate: string;
  priceListId: string | null;
}

/** A revised design reaching an order: applied, waiting for the firm, refused or replaced. */
export interface OrderChange {
  id: string;
  orderId: string;
  designId: string;
  toDesignVersion: number;
  status: 'requested' | 'applied' | 'refused' | 'withdrawn';
  /** Minor units. */
  oldTotal: number;
  oldCurrency: string;
  newTotal: number | null;
  newCurrency: string | null;
  /** newTotal - oldTotal in minor units, when in one currency. */
  difference: number | null;
  oldPromisedDate: string;
  newPromisedDate: string | null;
  reason: string | null;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  orderNumber?: number;
}

export interface StaffOrder extends CustomerOrder {
  email?: string | null;
  /** The model version the order was made with. */
  versionId?: string;
  bom?: Array<{ sku: string; qty: number; unit?: string | null; description?: string | null }>;
  routing?: Array<{
    center: string;
    operation?: string | null;
    hours: number;
    final?: boolean;
    startDate?: string | null;
    endDate?: string | null;
  }>;
  allowedTransitions?: OrderStatus[];
  /** A change request (a revised design the customer accepted) waits for the firm. */
  changeWaiting?: boolean;
  /** Where the order is built: its provider (null: the own workshop) and routing status. */
  provider?: {
    id: string | null;
    status: 'routed' | 'accepted' | 'unassigned';
    deadline: string | null;
  };
}

export interface CatalogProduct {
  id: string;
  slug: string;
  name: string;
  description?: string | null;
  createdAt?: string;
  publishedVersion?: { id: string; number: number } | null;
  versions?: ProductVersion[];
}

export interface ModelIssueInfo {
  message: string;
  path?: string;
  line?: number | null;
  column?: number | null;
  severity?: string;
}

export interface ProductVersion {
  id: string;
  number: number;
  status: 'draft' | 'published' | 'retired';
  createdAt: string;
  publishedAt: string | null;
  issues?: ModelIssueInfo[];
  source?: string;
  format?: 'yaml' | 'json';
  model?: unknown;
}

export interface ModelCheck {
  ok: boolean;
  issues: ModelIssueInfo[];
  stats?: { backend: string; nodes: number; count: string | number | null; compileMs: number };
}

export interface WorkCenter {
  id: string;
  code: string;
  name: string;
  hoursPerDay: number;
  /** Of each day, the hours only priority customers' orders may book (service levels). */
  reservedHoursPerDay?: number;
  workingDays: number[];
}

export interface CapacityRow {
  center: { id: string; code: string; name: string };
  days: Array<{
    date: string;
    /** Hours that day, after the calendar's applied changes. */
    available: number;
    booked: number;
    /** Hours of the center's weekly pattern that day. */
    normal: number;
    /** Applied and draft capacity changes covering the day. */
    changes: Array<{ id: string; status: string; reason: string; hoursPerDay: number }>;
  }>;
}

/** GET /providers: the own workshop and partners, what each builds at what cost. */
export interface FloorPolicy {
  marginAbs: number;
  marginPercent: number;
  yield: {
    enabled: boolean;
    slackBelow: number;
    fullAbove: number;
    slackDiscountPercent: number;
    fullPremiumPercent: number;
  };
}

export interface ProviderCenter {
  id: string;
  code: string;
  name: string;
  hoursPerDay: number;
  workingDays: number[];
}

export interface ProviderProduct {
  productId: string;
  allowed: Record<string, (string | number | boolean)[]>;
  baseCost: number;
  optionCosts: Record<string, number>;
  currency: string;
}

export interface Provider {
  id: string;
  name: string;
  kind: 'own' | 'partner';
  active: boolean;
  /** null: the firm's setting providerAcceptHours. */
  acceptDeadlineHours: number | null;
  extraLeadDays: number;
  floorPolicy: FloorPolicy;
  products: ProviderProduct[];
  /** A partner's own work centers. */
  workCenters: ProviderCenter[];
}

/** An order as a provider's staff see it: what building it needs, nothing about the buyer. */
export interface BuildOrder {
  id: string;
  number: number;
  status: string;
  product: { name: string; slug: string };
  versionId: string;
  choices: Record<string, string | number | boolean>;
  personalization: Record<string, string>;
  bom: { sku: string; qty: number; unit: string | null; description: string | null }[];
  routing: {
    center: string;
    operation: string;
    hours: number;
    final: boolean;
    startDate: string;
    endDate: string;
  }[];
  promisedDate: string;
  routingStatus: string;
  deadline: string | null;
}
