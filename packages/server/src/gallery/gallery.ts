// Gallery rules over plain data: what counts as plain text, the public and private views (the
// public ones never carry the owner's customer id, email or name), and a publication's choices
// re-checked against the product's current version for a remix.
import {
  createSession,
  normalizeChoices,
  type CompiledModel,
  type Value,
} from '@customerize/engine';
import { ValidationFailed, type FieldError } from '../http/errors.ts';
import type { GalleryComment, Publication, PublicationWithCounts } from './gallery.store.ts';

export const TITLE_MAX = 120;
export const STORY_MAX = 2000;
export const DISPLAY_NAME_MAX = 40;
export const COMMENT_MAX = 1000;
/** Shown when a creator or commenter does not choose a name: never their own name. */
export const DEFAULT_DISPLAY_NAME = 'A customer';
/** The consent every gallery action needs (privacy/notices.ts). */
export const GALLERY_PURPOSE = 'co-creation' as const;

/** Markup (an HTML/XML tag, comment or declaration): the gallery takes plain text only. */
const MARKUP = /<\s*[a-z!/?][^>]*>?/i;

/**
 * Plain text of a field, trimmed, or a field error: markup is refused (never stripped, so what
 * is stored is exactly what the person wrote), and so are texts over `max` characters.
 */
export function plainText(
  field: string,
  value: string,
  opts: { max: number; min?: number },
): { text: string } | { error: FieldError } {
  const text = value.trim();
  if (MARKUP.test(text)) return { error: { field, message: 'must be plain text (no <tags>)' } };
  if (text.length > opts.max)
    return { error: { field, message: `must be at most ${opts.max} characters` } };
  if (text.length < (opts.min ?? 0))
    return { error: { field, message: `must be at least ${opts.min} character(s)` } };
  return { text };
}

/** Checks several plain-text fields at once; 400 naming every field that is not. */
export function plainTexts<K extends string>(
  fields: Record<K, { value: string; max: number; min?: number }>,
): Record<K, string> {
  const errors: FieldError[] = [];
  const out = {} as Record<K, string>;
  for (const [field, spec] of Object.entries(fields) as [
    K,
    { value: string; max: number; min?: number },
  ][]) {
    const r = plainText(field, spec.value, spec);
    if ('error' in r) errors.push(r.error);
    else out[field] = r.text;
  }
  if (errors.length) throw new ValidationFailed(errors);
  return out;
}

export function displayNameOf(raw: string | undefined): string {
  const name = raw?.trim() ?? '';
  return name === '' ? DEFAULT_DISPLAY_NAME : name;
}

export type PublicPublicationView = {
  id: string;
  title: string;
  story: string;
  displayName: string;
  productSlug: string;
  productName: string;
  versionId: string;
  choices: Record<string, Value>;
  price: { total: number; currency: string };
  publishedAt: string;
  likes: number;
  remixes: number;
  comments: number;
  communityPick: boolean;
  remixedFrom: { id: string; title: string; displayName: string } | null;
};

/** What anyone sees: the snapshot and its counts, signed with the chosen display name only. */
export function publicView(
  p: PublicationWithCounts,
  remixedFrom: Publication | null,
): PublicPublicationView {
  return {
    id: p.id,
    title: p.title,
    story: p.story,
    displayName: p.displayName,
    productSlug: p.productSlug,
    productName: p.productName,
    versionId: p.productVersionId,
    choices: p.choices,
    price: { total: p.priceTotal, currency: p.currency },
    publishedAt: p.publishedAt.toISOString(),
    likes: p.likes,
    remixes: p.remixes,
    comments: p.comments,
    communityPick: p.adoptedAt !== null,
    remixedFrom: remixedFrom
      ? { id: remixedFrom.id, title: remixedFrom.title, displayName: remixedFrom.displayName }
      : null,
  };
}

/** The owner's view: the public one plus its design, moderation and adoption state. */
export function ownView(
  p: PublicationWithCounts,
  remixedFrom: Publication | null,
  reward: { description: string; amount: number | null; currency: string | null } | null,
) {
  return {
    ...publicView(p, remixedFrom),
    designId: p.designId,
    hidden: p.hiddenAt !== null,
    adopted: p.adoptedAt !== null,
    reward,
  };
}

/** Staff see the owner's customer id (to act on it), audited by the routes. */
export function staffView(p: PublicationWithCounts) {
  return {
    ...publicView(p, null),
    customerId: p.customerId,
    hidden: p.hiddenAt !== null,
    hiddenAt: p.hiddenAt?.toISOString() ?? null,
    adoptedAt: p.adoptedAt?.toISOString() ?? null,
    rewardGranted: p.rewardGrantId !== null,
  };
}

export function publicCommentView(c: GalleryComment) {
  return {
    id: c.id,
    displayName: c.displayName,
    body: c.body,
    createdAt: c.createdAt.toISOString(),
  };
}

export type RemixStart = {
  choices: Record<string, Value>;
  dropped: { feature: string; value: Value; reason: string }[];
};

/**
 * A publication's choices as a starting point on `compiled` (the product's current version):
 * each value the engine no longer knows, or that the rules now exclude given the values
 * before it, is dropped and named, so the studio can tell the customer.
 */
export function remixStart(
  compiled: CompiledModel,
  choices: Record<string, Value>,
  customerInput: ReadonlySet<string>,
): RemixStart {
  const dropped: RemixStart['dropped'] = [];
  const own = Object.fromEntries(Object.entries(choices).filter(([f]) => !customerInput.has(f)));
  const { choices: known, errors } = normalizeChoices(compiled, own);
  for (const e of errors)
    dropped.push({
      feature: e.field,
      value: own[e.field] ?? '',
      reason:
        e.code === 'unknown-feature'
          ? 'this option no longer exists'
          : 'this value is no longer offered',
    });
  const session = createSession(compiled, known);
  const kept = session.choices();
  for (const [feature, value] of Object.entries(known))
    if (kept[feature] === undefined)
      dropped.push({
        feature,
        value,
        reason: 'the current rules exclude it with your other choices',
      });
  return { choices: kept, dropped };
}
