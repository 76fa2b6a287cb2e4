// `/ideas`: options customers suggested for the firm's products ("a longer frame"), most votes
// or newest first, per product (?product=slug, from a product's studio page) and status. A
// signed-in customer who consented to co-creation suggests one (shown under a name they choose,
// never their own) and votes; the firm's answer and status show with each idea. Texts are
// rendered as text (React escapes them), never as HTML. ?idea=id (the emailed link) marks one.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { ideasApi, IDEA_STATUS_LABELS, type Idea, type IdeaStatus } from '../api/ideas.ts';
import type { PageProps } from '../routes.tsx';
import { privacy } from '../privacy/api.ts';
import { Link, navigate, useSearch } from '../router/router.tsx';
import { useSession } from '../session.tsx';
import { useStorefront } from '../studio/storefront.ts';
import { DateTime } from '../ui/format.tsx';
import { FormAlert, SelectField, TextField, useSubmit } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';

export function IdeasPage(_props: PageProps) {
  usePageTitle('Ideas');
  const search = new URLSearchParams(useSearch());
  const product = search.get('product') ?? '';
  const status = (search.get('status') ?? '') as IdeaStatus | '';
  const sort = search.get('sort') === 'newest' ? 'newest' : 'votes';
  const marked = search.get('idea');
  const storefront = useStorefront();
  const tenant = storefront?.tenant.slug;
  const { state } = useSession();
  const customer = state.status === 'signed-in' && state.session.user.kind === 'customer';
  const [version, setVersion] = useState(0);
  const list = useResource(async () =>
    tenant ? (await ideasApi.list(tenant, { product, status, sort })).items : undefined,
  );
  const { reload } = list;
  useEffect(() => {
    void reload();
  }, [reload, tenant, product, status, sort, version, state.status]);

  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    const q = next.toString();
    navigate(`/ideas${q ? `?${q}` : ''}`, { replace: true });
  };
  const replace = (idea: Idea) =>
    list.setData((rows) => rows?.map((r) => (r.id === idea.id ? idea : r)));
  const here = window.location.pathname + window.location.search;

  return (
    <div className="container page">
      <header>
        <p className="eyebrow">
          <Link to={product ? `/p/${encodeURIComponent(product)}` : '/'}>
            {product ? 'Back to the studio' : 'All products'}
          </Link>
        </p>
        <h1>Ideas</h1>
        <p className="lead">
          Missing an option? Suggest it, and vote for the ideas of others. We answer each one and
          tell you when it is planned or done.
        </p>
      </header>
      <div className="button-row" role="group" aria-label="Show ideas">
        <SelectField
          label="Status"
          value={status}
          onChange={(e) => setParam('status', e.target.value)}
          options={[
            { value: '', label: 'All' },
            ...(Object.keys(IDEA_STATUS_LABELS) as IdeaStatus[]).map((s) => ({
              value: s,
              label: IDEA_STATUS_LABELS[s],
            })),
          ]}
        />
        <SelectField
          label="Order"
          value={sort}
          onChange={(e) => setParam('sort', e.target.value === 'votes' ? '' : e.target.value)}
          options={[
            { value: 'votes', label: 'Most votes' },
            { value: 'newest', label: 'Newest' },
          ]}
        />
        {product ? (
          <p>
            For <strong>{product}</strong>{' '}
            <button type="button" className="link-button" onClick={() => setParam('product', '')}>
              show all products
            </button>
          </p>
        ) : null}
      </div>
      {state.status === 'loading' ? null : customer && tenant ? (
        <Participation
          tenant={tenant}
          product={product}
          onSuggested={() => setVersion((v) => v + 1)}
        />
      ) : (
        <p>
          <Link to={`/account/signin?next=${encodeURIComponent(here)}`}>Sign in</Link> to suggest an
          option or vote.
        </p>
      )}
      <FormAlert error={list.error} />
      {list.loading && !list.data ? <Loading label="Loading the ideas" /> : null}
      {list.data?.length === 0 ? <p>No ideas yet. Be the first!</p> : null}
      {list.data?.length ? (
        <ol className="cards ideas" aria-label="Ideas">
          {list.data.map((idea) => (
            <IdeaCard
              key={idea.id}
              idea={idea}
              marked={idea.id === marked}
              canVote={customer && tenant !== undefined}
              onVote={async (vote) => {
                if (!tenant) return;
                replace(
                  vote
                    ? await ideasApi.vote(tenant, idea.id)
                    : await ideasApi.unvote(tenant, idea.id),
                );
              }}
            />
          ))}
        </ol>
      ) : null}
    </div>
  );
}

function IdeaCard({
  idea,
  marked,
  canVote,
  onVote,
}: {
  idea: Idea;
  marked: boolean;
  canVote: boolean;
  onVote: (vote: boolean) => Promise<void>;
}) {
  const titleId = useId();
  const submit = useSubmit();
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (marked) ref.current?.scrollIntoView({ block: 'center' });
  }, [marked]);
  return (
    <li
      ref={ref}
      className={`card idea${marked ? ' idea--marked' : ''}`}
      aria-labelledby={titleId}
      data-testid="idea"
    >
      <h2 id={titleId} className="idea__title">
        {idea.title}
      </h2>
      <p className="muted">
        {idea.productName} · by {idea.author}
        {idea.mine ? ' (you)' : ''} · <DateTime value={idea.createdAt} /> ·{' '}
        <span data-testid="idea-status">{IDEA_STATUS_LABELS[idea.status]}</span>
      </p>
      <p className="idea__description">{idea.description}</p>
      {idea.answer ? (
        <div className="idea__answer" data-testid="idea-answer">
          <p>
            <strong>Our answer</strong>
            {idea.answeredAt ? (
              <>
                {' '}
                · <DateTime value={idea.answeredAt} />
              </>
            ) : null}
          </p>
          <p>{idea.answer}</p>
        </div>
      ) : null}
      <p>
        <span data-testid="idea-votes">
          {idea.votes} {idea.votes === 1 ? 'vote' : 'votes'}
        </span>{' '}
        {canVote && !idea.mine ? (
          <button
            type="button"
            className="button button--small"
            aria-pressed={idea.voted}
            disabled={submit.busy}
            aria-label={`${idea.voted ? 'Take back your vote for' : 'Vote for'} “${idea.title}”`}
            onClick={() => void submit.run(() => onVote(!idea.voted))}
          >
            {idea.voted ? 'Voted' : 'Vote'}
          </button>
        ) : null}
      </p>
      <FormAlert error={submit.error} />
    </li>
  );
}

/** Consent to co-creation (asked here, with its notice), then the suggestion form. */
function Participation({
  tenant,
  product,
  onSuggested,
}: {
  tenant: string;
  product: string;
  onSuggested: () => void;
}) {
  const consents = useResource(() => privacy.consents());
  const submit = useSubmit();
  const coCreation = consents.data?.purposes.find((p) => p.purpose === 'co-creation');
  if (consents.error) return <FormAlert error={consents.error} />;
  if (!coCreation) return <Loading label="Loading your choices" />;
  if (!coCreation.given)
    return (
      <section className="card stack" aria-labelledby="ideas-consent">
        <h2 id="ideas-consent">Take part</h2>
        <p id="ideas-consent-notice">{coCreation.notice.text}</p>
        <FormAlert error={submit.error} />
        <div className="button-row">
          <button
            type="button"
            className="button button--primary"
            aria-describedby="ideas-consent-notice"
            disabled={submit.busy}
            onClick={() =>
              void submit.run(async () => {
                await privacy.setConsent({
                  purpose: 'co-creation',
                  given: true,
                  screen: 'ideas',
                  noticeVersion: coCreation.notice.version,
                });
                await consents.reload();
              })
            }
          >
            Agree and take part
          </button>
        </div>
        <p className="muted">
          You can withdraw it at any time in{' '}
          <Link to="/account/privacy">your privacy settings</Link>; your ideas are then hidden and
          your votes no longer count.
        </p>
      </section>
    );
  return <SuggestForm tenant={tenant} product={product} onSuggested={onSuggested} />;
}

function SuggestForm({
  tenant,
  product,
  onSuggested,
}: {
  tenant: string;
  product: string;
  onSuggested: () => void;
}) {
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);
  const id = useId();
  const products = useResource(() => api.shop(tenant).products());
  const [productSlug, setProductSlug] = useState(product);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [sent, setSent] = useState(false);
  useEffect(() => setProductSlug(product), [product]);
  const send = (event: FormEvent) => {
    event.preventDefault();
    setSent(false);
    void submit
      .run(async () => {
        await ideasApi.suggest(tenant, {
          product: productSlug.trim(),
          title: title.trim(),
          description: description.trim(),
          ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        });
      })
      .then((ok) => {
        if (!ok) return;
        setTitle('');
        setDescription('');
        setSent(true);
        onSuggested();
      });
  };
  return (
    <form ref={form} onSubmit={send} className="card stack" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Suggest an option</h2>
      <SelectField
        label="Product"
        required
        value={productSlug}
        onChange={(e) => setProductSlug(e.target.value)}
        error={submit.fieldErrors['product']}
        options={[
          { value: '', label: 'Choose a product' },
          ...(products.data ?? []).map((p) => ({ value: p.slug, label: p.name })),
        ]}
      />
      <TextField
        label="Your idea"
        required
        maxLength={120}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={submit.fieldErrors['title']}
      />
      <div className={`field${submit.fieldErrors['description'] ? ' field--invalid' : ''}`}>
        <label htmlFor={`${id}-d`}>What it is and why you want it</label>
        <textarea
          id={`${id}-d`}
          rows={3}
          required
          maxLength={2000}
          value={description}
          aria-invalid={submit.fieldErrors['description'] ? true : undefined}
          onChange={(e) => setDescription(e.target.value)}
        />
        {submit.fieldErrors['description'] ? (
          <p className="field__error">{submit.fieldErrors['description']}</p>
        ) : null}
      </div>
      <TextField
        label="Show my idea as"
        maxLength={60}
        value={displayName}
        placeholder="A customer"
        onChange={(e) => setDisplayName(e.target.value)}
        error={submit.fieldErrors['displayName']}
        hint="Others see this name, never your own name or email."
      />
      <FormAlert error={submit.error} />
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={submit.busy}>
          Suggest it
        </button>
      </div>
      <p role="status" className="status-text">
        {sent ? 'Thank you: your idea is shown below.' : ''}
      </p>
    </form>
  );
}
