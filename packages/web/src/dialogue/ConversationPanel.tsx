// The customer's side of a conversation with the firm, about a design, an order, or in general.
// Mount it on a page with the subject: <ConversationPanel subject={{ kind: 'design', id }} />.
// It finds the customer's conversation about that subject (or offers to start one), shows the
// history, lets the customer write with attachments and, about a design, ask for a change and
// decide on the firm's proposals side by side. Guests are asked to sign in: conversations
// belong to an account.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.ts';
import { useSession } from '../session.tsx';
import { Link } from '../router/router.tsx';
import { FormAlert, TextField, useSubmit } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { useResource } from '../ui/useResource.ts';
import { dialogue, type ConversationDetail, type SubjectKind } from './api.ts';
import { Compose } from './Compose.tsx';
import { MessageList } from './MessageList.tsx';
import { RevisionCard } from './RevisionCard.tsx';
import { loadDesignContext, type DesignContext } from './designContext.ts';
import { FeedbackForm } from './FeedbackForm.tsx';
import { shopApi } from '../studio/storefront.ts';
import './dialogue.css';

export interface Subject {
  kind: SubjectKind;
  id?: string;
}

const DEFAULT_TOPICS: Record<SubjectKind, string> = {
  design: 'About my design',
  order: 'About my order',
  customer: 'A question',
};

export function ConversationPanel({
  subject,
  topic,
  conversationId,
}: {
  subject: Subject;
  /** Topic for a new conversation; a sensible default per subject kind. */
  topic?: string;
  /** Open this conversation directly (the messages page) instead of looking it up. */
  conversationId?: string;
}) {
  const { state } = useSession();
  const here =
    typeof window === 'undefined' ? '/' : window.location.pathname + window.location.search;
  if (state.status === 'loading') return <Loading label="Loading the conversation" />;
  if (state.status !== 'signed-in' || state.session.user.kind !== 'customer') {
    return (
      <section className="conversation card" aria-labelledby="conversation-title">
        <h2 id="conversation-title">Talk to the firm</h2>
        <p>
          <Link to={`/account/signin?next=${encodeURIComponent(here)}`}>Sign in</Link> or{' '}
          <Link to="/account/signup">create an account</Link> to ask questions or request changes.
        </p>
      </section>
    );
  }
  return (
    <>
      {subject.kind === 'order' && subject.id ? (
        <FeedbackWhenDelivered orderId={subject.id} />
      ) : null}
      <CustomerConversation
        subject={subject}
        topic={topic ?? DEFAULT_TOPICS[subject.kind]}
        conversationId={conversationId}
      />
    </>
  );
}

/** The feedback form, once the customer's order is delivered. */
function FeedbackWhenDelivered({ orderId }: { orderId: string }) {
  const order = useResource(async () => (await shopApi()).getOrder(orderId));
  return order.data?.status === 'delivered' ? <FeedbackForm order={order.data} /> : null;
}

function CustomerConversation({
  subject,
  topic,
  conversationId,
}: {
  subject: Subject;
  topic: string;
  conversationId: string | undefined;
}) {
  const found = useResource(async (): Promise<ConversationDetail | null> => {
    let id = conversationId;
    if (!id) {
      const mine = await dialogue.list();
      id = mine.find(
        (c) => c.subject.kind === subject.kind && (subject.id ?? null) === c.subject.id,
      )?.id;
    }
    return id ? dialogue.get(id) : null;
  });
  const designId =
    subject.kind === 'design'
      ? subject.id
      : found.data?.conversation.subject.kind === 'design'
        ? (found.data.conversation.subject.id ?? undefined)
        : undefined;
  const [round, setRound] = useState(0);
  const design = useDesignContext(designId, round);
  const reload = useCallback(() => {
    void found.reload();
    setRound((n) => n + 1);
  }, [found]);

  return (
    <section className="conversation card" aria-labelledby="conversation-title">
      <h2 id="conversation-title">{found.data?.conversation.topic ?? 'Talk to the firm'}</h2>
      {found.error ? <FormAlert error={found.error} /> : null}
      {design.error ? <FormAlert error={design.error} /> : null}
      {found.loading && found.data === undefined ? (
        <Loading label="Loading the conversation" />
      ) : null}
      {found.data === null ? (
        <StartConversation
          subject={subject}
          topic={topic}
          onStarted={(d) => found.setData(() => d)}
        />
      ) : null}
      {found.data ? (
        <Thread detail={found.data} context={design.context} onChanged={reload} />
      ) : null}
    </section>
  );
}

function StartConversation({
  subject,
  topic: initialTopic,
  onStarted,
}: {
  subject: Subject;
  topic: string;
  onStarted: (detail: ConversationDetail) => void;
}) {
  const [topic, setTopic] = useState(initialTopic);
  return (
    <div className="stack">
      <p>
        Ask the firm anything{subject.kind === 'design' ? ' about this design' : ''}; they answer
        here and by email.
      </p>
      <TextField
        label="Topic"
        required
        value={topic}
        onChange={(e) => setTopic(e.target.value)}
        maxLength={200}
      />
      <Compose
        submitLabel="Send to the firm"
        onSend={async (body, attachments) => {
          const detail = await dialogue.start({
            subject: subject.id ? { kind: subject.kind, id: subject.id } : { kind: subject.kind },
            topic: topic.trim() || initialTopic,
            body,
            attachments,
          });
          onStarted(detail);
        }}
      />
    </div>
  );
}

function Thread({
  detail,
  context,
  onChanged,
}: {
  detail: ConversationDetail;
  context: DesignContext | undefined;
  onChanged: () => void;
}) {
  const { conversation, messages, revisions } = detail;
  const aboutDesign = conversation.subject.kind === 'design';
  return (
    <div className="stack">
      <p className="muted">
        Status: {conversation.status === 'waiting' ? 'answered by the firm' : conversation.status}
      </p>
      <MessageList messages={messages} viewer="customer" />
      {revisions.length ? (
        <div className="stack">
          <h3>Changes you asked for</h3>
          {revisions.map((r) => (
            <RevisionCard key={r.id} revision={r} context={context} onChanged={onChanged} />
          ))}
        </div>
      ) : null}
      <Compose
        onSend={async (body, attachments) => {
          await dialogue.write(conversation.id, body, attachments);
          onChanged();
        }}
      />
      {aboutDesign ? <AskForChange conversationId={conversation.id} onAsked={onChanged} /> : null}
    </div>
  );
}

function AskForChange({
  conversationId,
  onAsked,
}: {
  conversationId: string;
  onAsked: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [request, setRequest] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);
  const send = (event: FormEvent) => {
    event.preventDefault();
    void submit
      .run(async () => {
        await dialogue.askRevision(conversationId, request.trim());
      })
      .then((ok) => {
        if (!ok) return;
        setRequest('');
        setOpen(false);
        onAsked();
      });
  };
  if (!open) {
    return (
      <div className="button-row">
        <button type="button" className="button button--ghost" onClick={() => setOpen(true)}>
          Ask for a change
        </button>
      </div>
    );
  }
  return (
    <form ref={form} onSubmit={send} className="stack">
      <div className="field">
        <label htmlFor="revision-request">What should change?</label>
        <textarea
          id="revision-request"
          rows={3}
          required
          placeholder="Can the frame be 1 cm longer?"
          value={request}
          onChange={(e) => setRequest(e.target.value)}
        />
      </div>
      <FormAlert error={submit.error} />
      <div className="button-row">
        <button type="submit" className="button" disabled={submit.busy || !request.trim()}>
          Send the change request
        </button>
        <button type="button" className="button button--ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * The design (with its versions) and its product, loaded when the design is known and again
 * after every change (`round`), so a just-accepted version shows up.
 */
function useDesignContext(
  designId: string | undefined,
  round: number,
): { context: DesignContext | undefined; error: unknown } {
  const [context, setContext] = useState<DesignContext | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!designId) return;
    let live = true;
    loadDesignContext(designId).then(
      (c) => {
        if (!live) return;
        setContext(c);
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [designId, round]);
  return { context, error };
}

/** True when `error` means "you may not see this" rather than a failure. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
