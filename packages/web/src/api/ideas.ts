// Ideas over HTTP (server: ideas/ideas.routes.ts): the firm's ideas by slug (anyone reads;
// signed-in customers with co-creation consent suggest and vote), and the staff side (list,
// answer with a status, hide or show). Module demand for operations (insights/module-demand).
import { api } from './client.ts';

export type IdeaStatus = 'open' | 'planned' | 'done' | 'declined';

export const IDEA_STATUS_LABELS: Record<IdeaStatus, string> = {
  open: 'Open',
  planned: 'Planned',
  done: 'Done',
  declined: 'Declined',
};

/** Which status may follow which (the server's rule, ideas/ideas.ts). */
export const NEXT_IDEA_STATUSES: Record<IdeaStatus, readonly IdeaStatus[]> = {
  open: ['planned', 'done', 'declined'],
  planned: ['open', 'done', 'declined'],
  declined: ['open'],
  done: [],
};

interface IdeaBase {
  id: string;
  productSlug: string;
  productName: string;
  title: string;
  description: string;
  author: string;
  status: IdeaStatus;
  answer: string | null;
  answeredAt: string | null;
  createdAt: string;
  votes: number;
}

export interface Idea extends IdeaBase {
  voted: boolean;
  mine: boolean;
}

export interface StaffIdea extends IdeaBase {
  hidden: boolean;
  hiddenAt: string | null;
}

export interface IdeaQuery {
  product?: string;
  status?: IdeaStatus | '';
  sort?: 'votes' | 'newest';
}

const enc = encodeURIComponent;

function query(q: IdeaQuery): string {
  const p = new URLSearchParams();
  if (q.product) p.set('product', q.product);
  if (q.status) p.set('status', q.status);
  if (q.sort) p.set('sort', q.sort);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const ideasApi = {
  list: (tenant: string, q: IdeaQuery) =>
    api.request<{ items: Idea[] }>('GET', `/shop/${enc(tenant)}/ideas${query(q)}`),
  suggest: (
    tenant: string,
    input: { product: string; title: string; description: string; displayName?: string },
  ) => api.request<Idea>('POST', `/shop/${enc(tenant)}/ideas`, input, { idempotent: true }),
  vote: (tenant: string, id: string) =>
    api.request<Idea>('POST', `/shop/${enc(tenant)}/ideas/${enc(id)}/vote`),
  unvote: (tenant: string, id: string) =>
    api.request<Idea>('DELETE', `/shop/${enc(tenant)}/ideas/${enc(id)}/vote`),

  staffList: (q: IdeaQuery) => api.request<{ items: StaffIdea[] }>('GET', `/ideas${query(q)}`),
  answer: (id: string, input: { status: IdeaStatus; answer?: string | null }) =>
    api.request<StaffIdea>('POST', `/ideas/${enc(id)}/answer`, input),
  hide: (id: string) => api.request<StaffIdea>('POST', `/ideas/${enc(id)}/hide`),
  show: (id: string) => api.request<StaffIdea>('POST', `/ideas/${enc(id)}/show`),
};

/** Owner and sales answer and moderate; designers read (the server's guards). */
export function canAnswerIdeas(role: string): boolean {
  return role === 'owner' || role === 'sales';
}
export function canReadIdeas(role: string): boolean {
  return canAnswerIdeas(role) || role === 'designer';
}

export interface ModuleDemand {
  method: 'linear-trend';
  historyWeeks: { start: string; end: string }[];
  forecastWeeks: { start: string; end: string }[];
  products: {
    productId: string;
    productName: string;
    history: number[];
    intercept: number;
    slope: number;
    forecast: number[];
  }[];
  parts: {
    sku: string;
    unit: string;
    description: string | null;
    history: number[];
    forecast: number[];
    total: number;
    perUnit: { productId: string; qty: number }[];
  }[];
}

export const moduleDemandApi = {
  get: (weeks: number, historyWeeks: number) =>
    api.request<ModuleDemand>(
      'GET',
      `/insights/module-demand?weeks=${weeks}&historyWeeks=${historyWeeks}`,
    ),
};

/** Owner, operations and sales read module demand (the server's guard). */
export function canReadModuleDemand(role: string): boolean {
  return role === 'owner' || role === 'operations' || role === 'sales';
}
