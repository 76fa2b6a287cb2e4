// Plain rules of ideas: texts are plain text (markup refused, naming the field), which status
// may follow which, and the views customers and staff read (never the author's id or email).
import { ValidationFailed, type FieldError } from '../http/errors.ts';
import type { IdeaStatus } from './ideas.schema.ts';

export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 2000;
export const DISPLAY_NAME_MAX = 60;
export const ANSWER_MAX = 2000;
export const DEFAULT_AUTHOR_NAME = 'A customer';

/**
 * Markup: an HTML/XML tag, comment or declaration (`<b>`, `</p>`, `<!--`, `<?xml`) or an HTML
 * character reference (`&lt;`, `&#60;`). Plain comparisons such as "a < b" or "2<3" are text.
 */
const MARKUP = /<[A-Za-z/!?]|&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

export function hasMarkup(text: string): boolean {
  return MARKUP.test(text);
}

/** Refuses (400) every field of `fields` that holds markup, naming each. */
export function assertPlainText(fields: Record<string, string | undefined | null>): void {
  const errors: FieldError[] = [];
  for (const [field, value] of Object.entries(fields))
    if (typeof value === 'string' && hasMarkup(value))
      errors.push({
        field,
        message: 'must be plain text (no markup such as <tags> or &entities;)',
      });
  if (errors.length) throw new ValidationFailed(errors);
}

/**
 * Which status may follow which: open → planned → done, or declined from open or planned; staff
 * may reopen a declined or planned idea. Done is final. Staying in the same status (to change
 * only the answer) is always allowed.
 */
export const NEXT_STATUSES: Record<IdeaStatus, readonly IdeaStatus[]> = {
  open: ['planned', 'done', 'declined'],
  planned: ['open', 'done', 'declined'],
  declined: ['open'],
  done: [],
};

export function mayMove(from: IdeaStatus, to: IdeaStatus): boolean {
  return from === to || NEXT_STATUSES[from].includes(to);
}

export type IdeaRow = {
  id: string;
  productId: string;
  productSlug: string;
  productName: string;
  customerId: string;
  authorName: string;
  title: string;
  description: string;
  status: IdeaStatus;
  answer: string | null;
  answeredAt: Date | null;
  hiddenAt: Date | null;
  createdAt: Date;
  votes: number;
  voted: boolean;
};

/** What everyone reads: the chosen display name, never who the author is. */
export function publicIdeaView(row: IdeaRow, viewerCustomerId: string | null) {
  return {
    id: row.id,
    productSlug: row.productSlug,
    productName: row.productName,
    title: row.title,
    description: row.description,
    author: row.authorName,
    status: row.status,
    answer: row.answer,
    answeredAt: row.answeredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    votes: row.votes,
    voted: row.voted,
    mine: viewerCustomerId !== null && row.customerId === viewerCustomerId,
  };
}

/** Staff read the same (with the moderation state); the author stays pseudonymous. */
export function staffIdeaView(row: IdeaRow) {
  const { mine: _mine, voted: _voted, ...rest } = publicIdeaView(row, null);
  return { ...rest, hidden: row.hiddenAt !== null, hiddenAt: row.hiddenAt?.toISOString() ?? null };
}
