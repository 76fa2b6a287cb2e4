// Punch-out credentials over HTTP (the server's punchout routes, owners only): a company's
// procurement system signs in with a domain, an identity and a shared secret that the server
// keeps only as a hash — the secret is in the answer to giving or rotating, never again.
import { api } from './client.ts';

export interface PunchoutCredential {
  id: string;
  businessAccountId: string;
  domain: string;
  identity: string;
  /** The company buyer a punch-out signs in as. */
  customerId: string;
  createdAt: string;
}

export interface IssuedCredential extends PunchoutCredential {
  /** Shown once: in the answer that made it. */
  sharedSecret: string;
}

const enc = encodeURIComponent;

export const punchoutApi = {
  list: () => api.request<PunchoutCredential[]>('GET', '/punchout-credentials'),
  create: (input: {
    businessAccountId: string;
    customerId: string;
    domain: string;
    identity: string;
  }) => api.request<IssuedCredential>('POST', '/punchout-credentials', input, { idempotent: true }),
  rotate: (id: string) =>
    api.request<IssuedCredential>('POST', `/punchout-credentials/${enc(id)}/rotate`, undefined, {
      idempotent: true,
    }),
  withdraw: (id: string) => api.request<void>('DELETE', `/punchout-credentials/${enc(id)}`),
};
