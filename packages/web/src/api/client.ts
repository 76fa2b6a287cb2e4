// Typed client for the server's /api/v1 HTTP API.
//
// Use the shared instance: `import { api } from '../api/client.ts'`, then e.g.
// `await api.apiKeys.create({ name, role })`. Every call:
// - sends and receives JSON, with the session cookie (`credentials: 'include'`);
// - on a non-GET request sends the `x-csrf-token` header, whose value the client keeps from the
//   last login / me answer (the cookie alone is not enough to write);
// - on POSTs that create something sends a fresh `Idempotency-Key`;
// - throws ApiError on any non-2xx answer, parsed from RFC 9457 problem+json when the server
//   sent one (`errors: [{ field, message }]` name the offending inputs), or on a network failure
//   (status 0).
// To add endpoints (e.g. designs for the studio), add a group like `apiKeys` below, with its
// shapes in ./types.ts.

import type {
  ApiKey,
  CapacityRow,
  CatalogProduct,
  CreatedApiKey,
  CustomerOrder,
  Design,
  DesignComment,
  ModelCheck,
  NewDesign,
  ShareLink,
  SharedDesign,
  NewOrder,
  OrderChange,
  StaffDesignComment,
  Personalization,
  ProductVersion,
  ServerQuote,
  ShopProduct,
  ShopProductDetail,
  StaffOrder,
  Storefront,
  WorkCenter,
  Provider,
  ProviderQuote,
  ProviderCenter,
  ProviderProduct,
  BuildOrder,
  Choices,
  NewStaffUser,
  Session,
  SessionState,
  StaffUser,
  StaffUserPatch,
  Tenant,
  TenantPatch,
} from './types.ts';

export interface FieldError {
  /** Dotted path of the input, e.g. `email` or `settings.currency` (see normalizeField). */
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  /** Any other members of the problem document (e.g. `code`, `quote`, `explanation`). */
  extra?: Record<string, unknown>;
}

/** A failed API call, carrying what the server said about it. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly type: string | undefined;
  readonly errors: FieldError[];
  /** Members of the problem document beyond the standard ones (`code`, `quote`, `violations`…). */
  readonly extra: Record<string, unknown>;

  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.title = problem.title;
    this.detail = problem.detail;
    this.type = problem.type;
    this.errors = problem.errors ?? [];
    this.extra = problem.extra ?? {};
  }

  /** The first message per field, keyed by normalized field path. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) out[e.field] ??= e.message;
    return out;
  }

  /** Builds the error from a non-2xx response, reading problem+json (or any JSON) when present. */
  static async fromResponse(response: Response): Promise<ApiError> {
    const fallbackTitle = response.statusText || defaultTitle(response.status);
    let body: unknown = undefined;
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('json')) {
      try {
        body = await response.json();
      } catch {
        body = undefined;
      }
    }
    if (!isRecord(body)) return new ApiError({ title: fallbackTitle, status: response.status });
    const errors: FieldError[] = [];
    if (Array.isArray(body.errors)) {
      for (const e of body.errors) {
        if (isRecord(e) && typeof e.message === 'string') {
          errors.push({
            field: typeof e.field === 'string' ? normalizeField(e.field) : '',
            message: e.message,
          });
        }
      }
    }
    return new ApiError({
      type: typeof body.type === 'string' ? body.type : undefined,
      title:
        typeof body.title === 'string'
          ? body.title
          : typeof body.message === 'string'
            ? body.message
            : fallbackTitle,
      status: typeof body.status === 'number' ? body.status : response.status,
      detail: typeof body.detail === 'string' ? body.detail : undefined,
      errors,
      extra: body,
    });
  }
}

/**
 * Field paths may come as JSON pointers (`/settings/currency`), dotted paths, or prefixed with the
 * request part (`body.email`); the UI keys inputs by the dotted path without the prefix.
 */
export function normalizeField(field: string): string {
  return field
    .replace(/^\/+/, '')
    .replace(/\//g, '.')
    .replace(/^body\./, '')
    .replace(/\[(\d+)\]/g, '.$1');
}

function defaultTitle(status: number): string {
  if (status === 401) return 'Please sign in';
  if (status === 403) return 'You are not allowed to do this';
  if (status === 404) return 'Not found';
  if (status === 429) return 'Too many attempts, please wait a moment';
  if (status >= 500) return 'The server had a problem';
  return 'Request failed';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface LoginInput {
  /** The firm's slug, e.g. `demo`. */
  tenant: string;
  email: string;
  password: string;
  kind?: 'staff' | 'customer';
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions {
  /** Send an Idempotency-Key (for POSTs that create something). */
  idempotent?: boolean;
  signal?: AbortSignal;
}

export interface ClientOptions {
  /** Prefix for every path; '' for the same origin (the browser app). */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export class ApiClient {
  /** CSRF token of the current session; set from login / me, cleared on logout or 401. */
  csrfToken: string | null = null;
  readonly #baseUrl: string;
  readonly #fetch: typeof fetch;
  readonly #unauthorized = new Set<() => void>();

  constructor(options: ClientOptions = {}) {
    this.#baseUrl = options.baseUrl ?? '';
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /**
   * Calls `listener` whenever a request other than sign-in answers 401 (the session expired or
   * was revoked), so the UI can return to the sign-in form. Returns the unsubscribe function.
   */
  onUnauthorized(listener: () => void): () => void {
    this.#unauthorized.add(listener);
    return () => {
      this.#unauthorized.delete(listener);
    };
  }

  async request<T>(
    method: Method,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    if (options.idempotent) headers['idempotency-key'] = newIdempotencyKey();
    let response: Response;
    try {
      response = await this.#fetch(this.#baseUrl + '/api/v1' + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'include',
        signal: options.signal,
      });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw new ApiError({
        title: 'Cannot reach the server',
        status: 0,
        detail: 'Check your connection and try again.',
      });
    }
    if (!response.ok) {
      if (response.status === 401) {
        this.csrfToken = null;
        if (path !== '/auth/login') for (const listener of this.#unauthorized) listener();
      }
      throw await ApiError.fromResponse(response);
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  readonly auth = {
    /** `kind` picks the account type when an email is both staff and customer (default: staff first). */
    login: async (input: LoginInput) => {
      const session = await this.request<Session>('POST', '/auth/login', input);
      this.csrfToken = session.csrfToken;
      return session;
    },
    /**
     * The current session, or null when not signed in. Asks GET /auth/session, which answers a
     * guest 200 `{ signedIn: false }` (GET /auth/me answers 401, an error in the browser console
     * on every guest page); a 401 (from an older server) also means signed out.
     */
    me: async (signal?: AbortSignal): Promise<Session | null> => {
      try {
        const state = await this.request<SessionState>('GET', '/auth/session', undefined, {
          signal,
        });
        if (!state.signedIn || !state.user || !state.tenant || !state.csrfToken) {
          this.csrfToken = null;
          return null;
        }
        const session: Session = {
          user: state.user,
          tenant: state.tenant,
          csrfToken: state.csrfToken,
        };
        this.csrfToken = session.csrfToken;
        return session;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    logout: async () => {
      try {
        await this.request<void>('POST', '/auth/logout');
      } finally {
        this.csrfToken = null;
      }
    },
  };

  readonly tenant = {
    get: () => this.request<Tenant>('GET', '/tenant'),
    update: (patch: TenantPatch) => this.request<Tenant>('PATCH', '/tenant', patch),
  };

  readonly users = {
    list: () => this.request<StaffUser[]>('GET', '/users'),
    create: (user: NewStaffUser) =>
      this.request<StaffUser>('POST', '/users', user, { idempotent: true }),
    update: (id: string, patch: StaffUserPatch) =>
      this.request<StaffUser>('PATCH', `/users/${encodeURIComponent(id)}`, patch),
    remove: (id: string) => this.request<void>('DELETE', `/users/${encodeURIComponent(id)}`),
  };

  readonly apiKeys = {
    list: () => this.request<ApiKey[]>('GET', '/api-keys'),
    create: (input: { name: string; role: string; access?: 'read' | 'write' }) =>
      this.request<CreatedApiKey>('POST', '/api-keys', input, { idempotent: true }),
    /** Revokes the key; it stays listed, marked revoked (the answer is the updated key). */
    revoke: (id: string) => this.request<ApiKey>('DELETE', `/api-keys/${encodeURIComponent(id)}`),
  };

  /** The firm whose shop the customer area shows (the server's default firm). */
  readonly storefront = {
    get: () => this.request<Storefront>('GET', '/storefront'),
  };

  /** The customer side of one firm. */
  shop(tenant: string): ShopApi {
    return new ShopApi(this, tenant);
  }

  readonly catalog = {
    list: () => this.request<CatalogProduct[]>('GET', '/products'),
    create: (input: { slug: string; name: string; description?: string }) =>
      this.request<CatalogProduct>('POST', '/products', input, { idempotent: true }),
    get: (id: string) => this.request<CatalogProduct>('GET', `/products/${enc(id)}`),
    check: (input: { source: string; format: 'yaml' | 'json' }) =>
      this.request<ModelCheck>('POST', '/products/model-check', input),
    createVersion: (id: string, input: { source: string; format: 'yaml' | 'json' }) =>
      this.request<ProductVersion>('POST', `/products/${enc(id)}/versions`, input, {
        idempotent: true,
      }),
    version: (id: string, versionId: string) =>
      this.request<ProductVersion>('GET', `/products/${enc(id)}/versions/${enc(versionId)}`),
    publish: (id: string, versionId: string) =>
      this.request<ProductVersion>(
        'POST',
        `/products/${enc(id)}/versions/${enc(versionId)}/publish`,
        {},
      ),
  };

  readonly orders = {
    list: (
      filter: {
        status?: string;
        product?: string;
        from?: string;
        to?: string;
        /** 'true': only orders with a change request waiting for the firm. */
        changeWaiting?: string;
      } = {},
    ) => this.request<StaffOrder[]>('GET', `/orders${query(filter)}`),
    get: (id: string) => this.request<StaffOrder>('GET', `/orders/${enc(id)}`),
    transition: (id: string, to: string, note?: string) =>
      this.request<StaffOrder>('POST', `/orders/${enc(id)}/transitions`, {
        to,
        ...(note ? { note } : {}),
      }),
  };

  /** Changes of orders from revised designs their customers accepted. */
  readonly orderChanges = {
    list: (filter: { status?: string } = {}) =>
      this.request<OrderChange[]>('GET', `/order-changes${query(filter)}`),
    approve: (id: string) =>
      this.request<OrderChange>('POST', `/order-changes/${enc(id)}/approve`, {}),
    refuse: (id: string, reason: string) =>
      this.request<OrderChange>('POST', `/order-changes/${enc(id)}/refuse`, { reason }),
  };

  /** Comments customers left on shared designs, to moderate (owner and sales). */
  readonly designComments = {
    list: () => this.request<StaffDesignComment[]>('GET', '/design-comments'),
    hide: (id: string) =>
      this.request<StaffDesignComment>('POST', `/design-comments/${enc(id)}/hide`, {}),
    show: (id: string) =>
      this.request<StaffDesignComment>('POST', `/design-comments/${enc(id)}/show`, {}),
  };

  /** Option assets (SVG/PNG layers), stored by the platform under `key` (e.g. `city-bike/rack`). */
  readonly assets = {
    list: () =>
      this.request<Array<{ key: string; contentType: string; size: number }>>('GET', '/assets'),
    upload: async (file: Blob, key?: string) => {
      const body = new FormData();
      if (key) body.append('key', key);
      body.append('file', file);
      const headers: Record<string, string> = { accept: 'application/json' };
      if (this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
      headers['idempotency-key'] = newIdempotencyKey();
      let response: Response;
      try {
        response = await this.#fetch(this.#baseUrl + '/api/v1/assets', {
          method: 'POST',
          headers,
          body,
          credentials: 'include',
        });
      } catch {
        throw new ApiError({ title: 'Cannot reach the server', status: 0 });
      }
      if (!response.ok) throw await ApiError.fromResponse(response);
      return (await response.json()) as { key: string; contentType: string; size: number };
    },
  };

  readonly workCenters = {
    list: () => this.request<WorkCenter[]>('GET', '/work-centers'),
    create: (input: Omit<WorkCenter, 'id'>) =>
      this.request<WorkCenter>('POST', '/work-centers', input, { idempotent: true }),
    update: (id: string, patch: Partial<Omit<WorkCenter, 'id'>>) =>
      this.request<WorkCenter>('PATCH', `/work-centers/${enc(id)}`, patch),
  };

  readonly capacity = {
    get: (from: string, days: number) =>
      this.request<CapacityRow[]>('GET', `/capacity${query({ from, days: String(days) })}`),
  };

  readonly providers = {
    list: () => this.request<Provider[]>('GET', '/providers'),
    update: (id: string, patch: { active?: boolean }) =>
      this.request<Provider>('PATCH', `/providers/${enc(id)}`, patch),
    /** Sets what a provider builds of a product (values per feature) and at what cost. */
    setProduct: (id: string, offer: ProviderProduct) =>
      this.request<Provider>('POST', `/providers/${enc(id)}/products`, offer),
    addWorkCenter: (id: string, center: Omit<ProviderCenter, 'id'>) =>
      this.request<Provider>('POST', `/providers/${enc(id)}/work-centers`, center, {
        idempotent: true,
      }),
    routeOrder: (orderId: string, providerId: string | null) =>
      this.request<{ routingStatus: string }>('POST', `/orders/${enc(orderId)}/route`, {
        providerId,
      }),
  };

  /** The provider view: orders routed to the signed-in provider staff member's provider. */
  readonly providerView = {
    orders: () => this.request<BuildOrder[]>('GET', '/provider/orders'),
    accept: (id: string) => this.request<BuildOrder>('POST', `/provider/orders/${enc(id)}/accept`),
    decline: (id: string, reason: string) =>
      this.request<{ id: string }>('POST', `/provider/orders/${enc(id)}/decline`, { reason }),
  };
}

const enc = encodeURIComponent;
const withToken = (path: string, token?: string | null) =>
  token ? `${path}?token=${enc(token)}` : path;
const query = (params: Record<string, string | undefined>) => {
  const q = Object.entries(params)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');
  return q ? `?${q}` : '';
};

/**
 * The customer-side calls (anonymous guests allowed): products, quotes, designs, orders.
 * Bound to one firm by its slug.
 */
export class ShopApi {
  constructor(
    readonly client: ApiClient,
    readonly tenant: string,
  ) {}
  #base(): string {
    return `/shop/${enc(this.tenant)}`;
  }
  products(): Promise<ShopProduct[]> {
    return this.client.request('GET', `${this.#base()}/products`);
  }
  product(slug: string): Promise<ShopProductDetail> {
    return this.client.request('GET', `${this.#base()}/products/${enc(slug)}`);
  }
  quote(
    input: {
      versionId: string;
      choices: Choices;
      personalization?: Personalization;
      /** A personal offer the customer uses (their own, checked by the server). */
      offerId?: string;
    },
    signal?: AbortSignal,
  ): Promise<ServerQuote> {
    return this.client.request('POST', `${this.#base()}/quote`, input, { signal });
  }
  /** The design's price and date at every provider able to build it, cheapest first. */
  providerQuotes(
    input: { versionId: string; choices: Choices; personalization?: Personalization },
    signal?: AbortSignal,
  ): Promise<{ quotes: ProviderQuote[] }> {
    return this.client.request('POST', `${this.#base()}/provider-quotes`, input, { signal });
  }
  createDesign(input: NewDesign): Promise<Design> {
    return this.client.request('POST', `${this.#base()}/designs`, input, { idempotent: true });
  }
  design(id: string, token?: string | null): Promise<Design> {
    return this.client.request('GET', withToken(`${this.#base()}/designs/${enc(id)}`, token));
  }
  saveVersion(
    id: string,
    token: string | null | undefined,
    input: { choices: Choices; personalization?: Personalization; note?: string },
  ): Promise<Design> {
    return this.client.request(
      'POST',
      withToken(`${this.#base()}/designs/${enc(id)}/versions`, token),
      input,
      { idempotent: true },
    );
  }
  restore(id: string, token: string | null | undefined, version: number): Promise<Design> {
    return this.client.request(
      'POST',
      withToken(`${this.#base()}/designs/${enc(id)}/restore`, token),
      { version },
      { idempotent: true },
    );
  }
  /** The owner makes a read-only share link (replacing an earlier one). */
  share(id: string, token: string | null | undefined): Promise<ShareLink> {
    return this.client.request(
      'POST',
      withToken(`${this.#base()}/designs/${enc(id)}/share`, token),
    );
  }
  /** The owner revokes the read-only share link. */
  revokeShare(id: string, token: string | null | undefined): Promise<void> {
    return this.client.request(
      'DELETE',
      withToken(`${this.#base()}/designs/${enc(id)}/share`, token),
    );
  }
  sharedDesign(id: string, share: string): Promise<SharedDesign> {
    return this.client.request(
      'GET',
      `${this.#base()}/shared-designs/${enc(id)}?share=${encodeURIComponent(share)}`,
    );
  }
  /** Comments on a shared design (anyone with the read-only link). */
  sharedComments(id: string, share: string): Promise<DesignComment[]> {
    return this.client.request(
      'GET',
      `${this.#base()}/shared-designs/${enc(id)}/comments?share=${encodeURIComponent(share)}`,
    );
  }
  /** A signed-in customer comments on a shared design. */
  comment(id: string, share: string, body: string): Promise<DesignComment> {
    return this.client.request(
      'POST',
      `${this.#base()}/shared-designs/${enc(id)}/comments?share=${encodeURIComponent(share)}`,
      { body },
      { idempotent: true },
    );
  }
  /** The owner reads the comments others left through the read-only link. */
  designComments(id: string, token: string | null | undefined): Promise<DesignComment[]> {
    return this.client.request(
      'GET',
      withToken(`${this.#base()}/designs/${enc(id)}/comments`, token),
    );
  }
  /** The owner deletes a comment others left on their design. */
  deleteComment(id: string, token: string | null | undefined, commentId: string): Promise<void> {
    return this.client.request(
      'DELETE',
      withToken(`${this.#base()}/designs/${enc(id)}/comments/${enc(commentId)}`, token),
    );
  }
  /** "Make it mine": a copy of the shared design's choices, owned by the visitor. */
  remix(id: string, share: string, input: { name?: string } = {}): Promise<Design> {
    return this.client.request(
      'POST',
      `${this.#base()}/shared-designs/${enc(id)}/remix?share=${encodeURIComponent(share)}`,
      input,
      { idempotent: true },
    );
  }
  order(input: NewOrder): Promise<CustomerOrder> {
    return this.client.request('POST', `${this.#base()}/orders`, input, { idempotent: true });
  }
  getOrder(id: string, token?: string | null): Promise<CustomerOrder> {
    return this.client.request('GET', withToken(`${this.#base()}/orders/${enc(id)}`, token));
  }
  /** A guest confirms an order with the token from the emailed link. */
  confirmOrder(id: string, token: string): Promise<CustomerOrder> {
    return this.client.request('POST', `${this.#base()}/orders/${enc(id)}/confirm`, { token });
  }
  /** Kept by the server only for a signed-in customer with personalization consent. */
  rememberNeeds(product: string, answers: Record<string, string>): Promise<{ recorded: boolean }> {
    return this.client.request('PUT', `${this.#base()}/needs-answers`, { product, answers });
  }
  lastNeeds(
    product: string,
  ): Promise<{ personalized: boolean; answers: Record<string, string> | null }> {
    return this.client.request('GET', `${this.#base()}/needs-answers${query({ product })}`);
  }
}

/** The app's shared client (same origin; the dev server proxies /api). */
export const api = new ApiClient();
