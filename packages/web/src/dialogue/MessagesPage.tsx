// `/account/messages` (the customer's conversations, newest activity first, unread counts; start
// a general one) and `/account/messages/:id` (one conversation).
import type { PageProps } from '../routes.tsx';
import { useSession } from '../session.tsx';
import { Link } from '../router/router.tsx';
import { FormAlert } from '../ui/forms.tsx';
import { DateTime } from '../ui/format.tsx';
import { Loading } from '../ui/Loading.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { serviceLevels } from '../api/service-levels.ts';
import { dialogue } from './api.ts';
import { ConversationPanel } from './ConversationPanel.tsx';
import { SignInFirst } from './SignInFirst.tsx';

export function MessagesPage(_props: PageProps) {
  usePageTitle('Messages');
  const { state } = useSession();
  if (state.status === 'loading') return <Loading label="Loading" />;
  if (state.status !== 'signed-in' || state.session.user.kind !== 'customer') {
    return <SignInFirst title="Messages" />;
  }
  return <ConversationList />;
}

function ConversationList() {
  const list = useResource(() => dialogue.list());
  const contact = useResource(() => serviceLevels.myContact());
  return (
    <div className="container page">
      <h1>Messages</h1>
      <p>
        <Link to="/account">Your account</Link>
      </p>
      {contact.data?.contact ? (
        <p data-testid="named-contact">Your contact: {contact.data.contact.name}</p>
      ) : null}
      <FormAlert error={list.error} />
      {list.data === undefined && !list.error ? <Loading label="Loading your messages" /> : null}
      {list.data?.length === 0 ? <p>You have no conversations yet.</p> : null}
      {list.data?.length ? (
        <ul className="stack">
          {list.data.map((c) => (
            <li key={c.id}>
              <Link to={`/account/messages/${c.id}`}>{c.topic}</Link>{' '}
              {c.unread ? <span className="badge">{c.unread} unread</span> : null}{' '}
              <span className="muted">
                · <DateTime value={c.lastMessageAt} />
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <ConversationPanel subject={{ kind: 'customer' }} topic="A question" />
    </div>
  );
}

export function ConversationPage({ params }: PageProps) {
  usePageTitle('Conversation');
  const id = params.id ?? '';
  const { state } = useSession();
  if (state.status === 'loading') return <Loading label="Loading" />;
  if (state.status !== 'signed-in' || state.session.user.kind !== 'customer') {
    return <SignInFirst title="Conversation" />;
  }
  return (
    <div className="container page">
      <p>
        <Link to="/account/messages">All messages</Link>
      </p>
      <ConversationPanel key={id} subject={{ kind: 'customer' }} conversationId={id} />
    </div>
  );
}

export default MessagesPage;
