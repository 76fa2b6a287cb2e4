// Client calls and shapes of the dialogue API (docs/dialogue.md): conversations, messages with
// attachments, revisions of a design, the staff inbox and feedback. Uses the shared ApiClient,
// so CSRF, idempotency and problem+json errors work as everywhere else.
import { api } from '../api/client.ts';
import type { Choices } from '../api/types.ts';

export type ConversationStatus = 'open' | 'waiting' | 'closed';
export type SubjectKind = 'customer' | 'design' | 'order';

export interface ConversationSummary {
  id: string;
  customerId: string;
  subject: { kind: SubjectKind; id: string | null };
  topic: string;
  status: ConversationStatus;
  assignedStaffId: string | null;
  createdAt: string;
  lastMessageAt: string;
  firstStaffReplyAt: string | null;
  unread: number;
}

export interface AttachmentMeta {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface Message {
  id: string;
  author: { kind: 'customer' | 'staff' | 'system'; staffId: string | null };
  kind: string;
  body: string;
  revisionId: string | null;
  createdAt: string;
  attachments: AttachmentMeta[];
}

export interface Proposal {
  choices: Choices;
  personalization?: Record<string, string>;
  note?: string;
}

export interface Revision {
  id: string;
  designId: string;
  baseVersion: number;
  status: 'requested' | 'proposed' | 'accepted' | 'declined';
  request: string;
  proposal: Proposal | null;
  proposedAt: string | null;
  acceptedVersion: number | null;
  declineReason: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface ConversationDetail {
  conversation: ConversationSummary;
  messages: Message[];
  revisions: Revision[];
}

export interface NewAttachment {
  filename: string;
  contentType: string;
  dataBase64: string;
}

/** A conversation in the staff inbox, with the customer's service level (service levels). */
export interface InboxConversation extends ConversationSummary {
  priority: number;
  responseDueAt: string | null;
  overdue: boolean;
}

export interface InboxAnswer {
  conversations: InboxConversation[];
  unread: { unassigned: number; mine: number; all: number };
}

export type InboxView = 'unassigned' | 'mine' | 'all';

export interface ResponseTimeWeek {
  week: string;
  answered: number;
  unanswered: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  withTarget: number;
  metTarget: number;
  missedTarget: number;
}

export interface FeedbackItem {
  feature: string;
  option: string;
  rating: number;
  text?: string;
}

export interface NewFeedback {
  orderId: string;
  rating: number;
  text?: string;
  public: boolean;
  items?: FeedbackItem[];
}

export interface OptionRating {
  product: string;
  feature: string;
  option: string;
  ratings: number;
  average: number;
  distribution: number[];
}

const enc = encodeURIComponent;

export const dialogue = {
  list: () => api.request<ConversationSummary[]>('GET', '/conversations'),
  start: (input: {
    subject: { kind: SubjectKind; id?: string };
    topic: string;
    body: string;
    attachments?: NewAttachment[];
  }) => api.request<ConversationDetail>('POST', '/conversations', input, { idempotent: true }),
  get: (id: string) => api.request<ConversationDetail>('GET', `/conversations/${enc(id)}`),
  write: (id: string, body: string, attachments: NewAttachment[] = []) =>
    api.request<Message>(
      'POST',
      `/conversations/${enc(id)}/messages`,
      { body, ...(attachments.length ? { attachments } : {}) },
      { idempotent: true },
    ),
  assign: (id: string, staffId: string | null) =>
    api.request<ConversationSummary>('POST', `/conversations/${enc(id)}/assign`, { staffId }),
  setStatus: (id: string, status: ConversationStatus) =>
    api.request<ConversationSummary>('POST', `/conversations/${enc(id)}/status`, { status }),
  attachmentUrl: (id: string) => `/api/v1/attachments/${enc(id)}`,

  askRevision: (conversationId: string, request: string) =>
    api.request<Revision>(
      'POST',
      `/conversations/${enc(conversationId)}/revisions`,
      { request },
      { idempotent: true },
    ),
  propose: (
    revisionId: string,
    input: {
      message: string;
      choices: Choices;
      personalization?: Record<string, string>;
      note?: string;
    },
  ) => api.request<Revision>('POST', `/revisions/${enc(revisionId)}/proposal`, input),
  accept: (revisionId: string) =>
    api.request<Revision>('POST', `/revisions/${enc(revisionId)}/accept`, {}),
  decline: (revisionId: string, reason: string) =>
    api.request<Revision>('POST', `/revisions/${enc(revisionId)}/decline`, { reason }),

  inbox: (view: InboxView, status?: ConversationStatus) =>
    api.request<InboxAnswer>(
      'GET',
      `/inbox?view=${enc(view)}${status ? `&status=${enc(status)}` : ''}`,
    ),
  responseTimes: (weeks = 12) =>
    api.request<ResponseTimeWeek[]>('GET', `/inbox/response-times?weeks=${weeks}`),

  feedback: (input: NewFeedback) =>
    api.request<unknown>('POST', '/feedback', input, { idempotent: true }),
  optionRatings: (product?: string) =>
    api.request<OptionRating[]>(
      'GET',
      `/feedback/options${product ? `?product=${enc(product)}` : ''}`,
    ),
};

/** Reads a File as the JSON attachment the API takes (base64 of its bytes). */
export async function toAttachment(file: File): Promise<NewAttachment> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return {
    filename: file.name,
    contentType: file.type || 'application/octet-stream',
    dataBase64: btoa(binary),
  };
}

/** Attachment limits the server enforces (docs/dialogue.md), checked early for a clear message. */
export const ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'application/pdf',
  'text/plain',
] as const;
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;
