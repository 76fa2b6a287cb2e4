// The co-creation gallery over HTTP (server: gallery/gallery.routes.ts): browsing a firm's
// gallery, one publication with its comments, likes, comments and reports, the remix starting
// point and its credit, community picks for the studio; the customer's own publications; and
// the console's moderation and adoption (owner and sales).
import type { Choices } from '@customerize/engine';
import { api } from './client.ts';

export type GallerySort = 'newest' | 'likes' | 'remixes';

export interface Publication {
  id: string;
  title: string;
  story: string;
  displayName: string;
  productSlug: string;
  productName: string;
  versionId: string;
  choices: Choices;
  price: { total: number; currency: string };
  publishedAt: string;
  likes: number;
  remixes: number;
  comments: number;
  communityPick: boolean;
  remixedFrom: { id: string; title: string; displayName: string } | null;
}

export interface OwnPublication extends Publication {
  designId: string;
  hidden: boolean;
  adopted: boolean;
  reward: { description: string; amount: number | null; currency: string | null } | null;
}

export interface StaffPublication extends Publication {
  customerId: string;
  hidden: boolean;
  hiddenAt: string | null;
  adoptedAt: string | null;
  rewardGranted: boolean;
}

export interface GalleryComment {
  id: string;
  displayName: string;
  body: string;
  createdAt: string;
}

export interface StaffGalleryComment extends GalleryComment {
  publicationId: string;
  publicationTitle: string;
  customerId: string;
  reports: number;
  hidden: boolean;
}

export interface RemixStart {
  publicationId: string;
  title: string;
  displayName: string;
  productSlug: string;
  versionId: string;
  choices: Choices;
  dropped: { feature: string; value: string | number | boolean; reason: string }[];
}

export interface CommunityPick {
  publicationId: string;
  productSlug: string;
  title: string;
  displayName: string;
  versionId: string;
  choices: Choices;
}

export interface NewPublication {
  designId: string;
  title: string;
  story: string;
  displayName?: string;
}

const enc = encodeURIComponent;

export function galleryApi(tenant: string) {
  const base = `/shop/${enc(tenant)}`;
  return {
    list: (q: { product?: string; sort?: GallerySort; limit?: number; offset?: number } = {}) => {
      const params = new URLSearchParams();
      if (q.product) params.set('product', q.product);
      if (q.sort) params.set('sort', q.sort);
      if (q.limit) params.set('limit', String(q.limit));
      if (q.offset) params.set('offset', String(q.offset));
      const qs = params.toString();
      return api.request<{ items: Publication[]; total: number; nextOffset: number | null }>(
        'GET',
        `${base}/gallery${qs ? `?${qs}` : ''}`,
      );
    },
    get: (id: string) =>
      api.request<{
        publication: Publication;
        comments: GalleryComment[];
        likedByMe: boolean;
        mine: boolean;
      }>('GET', `${base}/gallery-publications/${enc(id)}`),
    like: (id: string, liked: boolean) =>
      api.request<{ liked: boolean; likes: number }>(
        liked ? 'POST' : 'DELETE',
        `${base}/gallery-publications/${enc(id)}/like`,
      ),
    comment: (id: string, input: { body: string; displayName?: string }) =>
      api.request<GalleryComment>(
        'POST',
        `${base}/gallery-publications/${enc(id)}/comments`,
        input,
        {
          idempotent: true,
        },
      ),
    report: (commentId: string) =>
      api.request<{ reported: boolean }>(
        'POST',
        `${base}/gallery-comments/${enc(commentId)}/report`,
      ),
    remixStart: (id: string) =>
      api.request<RemixStart>('GET', `${base}/gallery-publications/${enc(id)}/remix`),
    creditRemix: (id: string, design: { designId: string; token?: string }) =>
      api.request<{ recorded: boolean; remixes: number }>(
        'POST',
        `${base}/gallery-publications/${enc(id)}/remixes`,
        design,
        { idempotent: true },
      ),
    communityPicks: (product: string) =>
      api.request<CommunityPick[]>('GET', `${base}/community-picks?product=${enc(product)}`),
  };
}

export const myPublications = {
  list: () => api.request<OwnPublication[]>('GET', '/account/publications'),
  publish: (input: NewPublication) =>
    api.request<OwnPublication>('POST', '/account/publications', input, { idempotent: true }),
  withdraw: (id: string) => api.request<void>('DELETE', `/account/publications/${enc(id)}`),
};

export const galleryStaff = {
  publications: () => api.request<StaffPublication[]>('GET', '/gallery/publications'),
  comments: () => api.request<StaffGalleryComment[]>('GET', '/gallery/comments'),
  hidePublication: (id: string, hidden: boolean) =>
    api.request<StaffPublication>(
      'POST',
      `/gallery/publications/${enc(id)}/${hidden ? 'hide' : 'show'}`,
    ),
  hideComment: (id: string, hidden: boolean) =>
    api.request<StaffGalleryComment>(
      'POST',
      `/gallery/comments/${enc(id)}/${hidden ? 'hide' : 'show'}`,
    ),
  adopt: (id: string, rewardAmount: number) =>
    api.request<StaffPublication>('POST', `/gallery/publications/${enc(id)}/adopt`, {
      rewardAmount,
    }),
  unadopt: (id: string) =>
    api.request<StaffPublication>('POST', `/gallery/publications/${enc(id)}/unadopt`),
};
