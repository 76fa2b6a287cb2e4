// `/console/inbox/:id`: one conversation as staff see it: the history, reply with attachments,
// assignment and status, and for each change the customer asked for, "Propose revised design".
// Opening it marks it read for the staff (and the server audits the read).
import { useState } from 'react';
import type { ConsolePageProps } from '../routes.tsx';
import { api } from '../../api/client.ts';
import { Link } from '../../router/router.tsx';
import { FormAlert, SelectField, useSubmit } from '../../ui/forms.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useResource } from '../../ui/useResource.ts';
import {
  dialogue,
  type ConversationDetail,
  type ConversationStatus,
  type Revision,
} from '../../dialogue/api.ts';
import { Compose } from '../../dialogue/Compose.tsx';
import { MessageList } from '../../dialogue/MessageList.tsx';
import { REVISION_STATUS_LABELS } from '../../dialogue/RevisionCard.tsx';
import { DesignCompare } from '../../dialogue/DesignCompare.tsx';
import {
  designVersion,
  loadDesignContext,
  type DesignContext,
} from '../../dialogue/designContext.ts';
import { ProposeRevision } from './ProposeRevision.tsx';
import { STATUS_LABELS } from './labels.ts';
import '../../dialogue/dialogue.css';

export function InboxConversationPage({ params, session }: ConsolePageProps) {
  const id = params.id ?? '';
  const detail = useResource(() => dialogue.get(id));
  const staff = useResource(() => api.users.list());
  usePageTitle(detail.data?.conversation.topic ?? 'Conversation');
  const subject = detail.data?.conversation.subject;
  const designId = subject?.kind === 'design' ? subject.id : null;
  const [revisionRound, setRevisionRound] = useState(0);
  const reload = () => {
    void detail.reload();
    setRevisionRound((n) => n + 1);
  };

  if (detail.error) {
    return (
      <>
        <PageHeader title="Conversation" />
        <FormAlert error={detail.error} />
        <Link to="/console/inbox">Back to the inbox</Link>
      </>
    );
  }
  if (!detail.data) return <Loading label="Loading the conversation" />;
  const { conversation, messages, revisions } = detail.data;

  return (
    <div className="inbox stack">
      <PageHeader title={conversation.topic} />
      <p>
        <Link to="/console/inbox">Back to the inbox</Link>
        {designId ? (
          <>
            {' · '}about design <code>{designId.slice(0, 8)}</code>
          </>
        ) : null}
        {subject?.kind === 'order' && subject.id ? (
          <>
            {' · '}
            <Link to={`/console/orders/${subject.id}`}>about an order</Link>
          </>
        ) : null}
      </p>
      <Controls
        detail={detail.data}
        staffOptions={(staff.data ?? []).map((u) => ({ value: u.id, label: u.name || u.email }))}
        me={session.user.id}
        onChanged={(c) => detail.setData((d) => (d ? { ...d, conversation: c } : d))}
      />
      <MessageList messages={messages} viewer="staff" />
      {designId && revisions.length ? (
        <Revisions
          key={`${designId}:${revisionRound}`}
          designId={designId}
          revisions={revisions}
          onChanged={reload}
        />
      ) : null}
      <h2>Reply</h2>
      <Compose
        label="Reply to the customer"
        submitLabel="Send reply"
        onSend={async (body, attachments) => {
          await dialogue.write(conversation.id, body, attachments);
          await detail.reload();
        }}
      />
    </div>
  );
}

function Controls({
  detail,
  staffOptions,
  me,
  onChanged,
}: {
  detail: ConversationDetail;
  staffOptions: Array<{ value: string; label: string }>;
  me: string;
  onChanged: (c: ConversationDetail['conversation']) => void;
}) {
  const submit = useSubmit();
  const c = detail.conversation;
  const options =
    staffOptions.some((o) => o.value === c.assignedStaffId) || !c.assignedStaffId
      ? staffOptions
      : [...staffOptions, { value: c.assignedStaffId, label: 'Someone else' }];
  return (
    <div className="inbox__controls">
      <SelectField
        label="Assigned to"
        value={c.assignedStaffId ?? ''}
        disabled={submit.busy}
        onChange={(e) => {
          const staffId = e.target.value || null;
          void submit.run(async () => onChanged(await dialogue.assign(c.id, staffId)));
        }}
        options={[{ value: '', label: 'Nobody' }, ...options]}
      />
      {c.assignedStaffId !== me ? (
        <button
          type="button"
          className="button button--ghost"
          disabled={submit.busy}
          onClick={() => void submit.run(async () => onChanged(await dialogue.assign(c.id, me)))}
        >
          Assign to me
        </button>
      ) : null}
      <SelectField
        label="Status"
        value={c.status}
        disabled={submit.busy}
        onChange={(e) => {
          const status = e.target.value as ConversationStatus;
          void submit.run(async () => onChanged(await dialogue.setStatus(c.id, status)));
        }}
        options={(Object.keys(STATUS_LABELS) as ConversationStatus[]).map((s) => ({
          value: s,
          label: STATUS_LABELS[s],
        }))}
      />
      <FormAlert error={submit.error} />
    </div>
  );
}

/** The design's change requests, with the design and its product loaded once for all. */
function Revisions({
  designId,
  revisions,
  onChanged,
}: {
  designId: string;
  revisions: Revision[];
  onChanged: () => void;
}) {
  const context = useResource(() => loadDesignContext(designId));
  return (
    <>
      {revisions.map((r) => (
        <StaffRevision
          key={r.id}
          revision={r}
          context={context.data}
          contextError={context.error}
          onChanged={onChanged}
        />
      ))}
    </>
  );
}

function StaffRevision({
  revision,
  context,
  contextError,
  onChanged,
}: {
  revision: Revision;
  context: DesignContext | undefined;
  contextError: unknown;
  onChanged: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const base = context ? designVersion(context.design, revision.baseVersion) : undefined;
  const open = revision.status === 'requested' || revision.status === 'proposed';
  return (
    <section className="card stack" aria-label={`Change request: ${revision.request}`}>
      <p>
        <span className="badge">{REVISION_STATUS_LABELS[revision.status]}</span> The customer asked
        on version {revision.baseVersion}: <q>{revision.request}</q>
      </p>
      {revision.status === 'declined' ? <p>Declined because: {revision.declineReason}</p> : null}
      {revision.status === 'accepted' ? (
        <p>Accepted: it became version {revision.acceptedVersion} of the design.</p>
      ) : null}
      {revision.proposal && context && base && !editing ? (
        <DesignCompare
          model={context.loaded.product.model}
          caption="The customer’s version and the proposal"
          current={{
            label: `Version ${base.number}`,
            choices: base.choices,
            price: base.quote ?? null,
          }}
          proposed={{ label: 'Proposed', choices: revision.proposal.choices }}
        />
      ) : null}
      <FormAlert error={contextError} />
      {open && !editing ? (
        <div className="button-row">
          <button
            type="button"
            className="button"
            disabled={!context}
            onClick={() => setEditing(true)}
          >
            {revision.status === 'proposed'
              ? 'Propose another revised design'
              : 'Propose revised design'}
          </button>
        </div>
      ) : null}
      {editing && context ? (
        <ProposeRevision
          revision={revision}
          context={context}
          onCancel={() => setEditing(false)}
          onProposed={() => {
            setEditing(false);
            onChanged();
          }}
        />
      ) : null}
    </section>
  );
}

export default InboxConversationPage;
