// `/console/inbox`: the firm's conversations with customers. Tabs Unassigned / Mine / All with
// their unread counts, a status filter, and the response-time figures (median and 90th
// percentile time to the first reply, per week of the customer's first message). The server
// orders the conversations by the customer's priority, then the reply due time (service levels);
// overdue ones are flagged.
import { useEffect, useRef, useState } from 'react';
import type { ConsolePageProps } from '../routes.tsx';
import { Link } from '../../router/router.tsx';
import { FormAlert, SelectField } from '../../ui/forms.tsx';
import { DateTime } from '../../ui/format.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useResource } from '../../ui/useResource.ts';
import {
  dialogue,
  type ConversationStatus,
  type InboxView,
  type ResponseTimeWeek,
} from '../../dialogue/api.ts';
import { priorityLabel } from '../../api/service-levels.ts';
import { STATUS_LABELS } from './labels.ts';
import { TabList } from './TabList.tsx';
import '../../dialogue/dialogue.css';

const VIEWS: Array<{ view: InboxView; label: string }> = [
  { view: 'unassigned', label: 'Unassigned' },
  { view: 'mine', label: 'Mine' },
  { view: 'all', label: 'All' },
];

export function InboxPage(_props: ConsolePageProps) {
  usePageTitle('Inbox');
  const [view, setView] = useState<InboxView>('unassigned');
  const [status, setStatus] = useState<ConversationStatus | ''>('');
  const inbox = useResource(() => dialogue.inbox(view, status || undefined));
  // The first load runs on mount; later ones when the tab or the filter changes.
  const firstRun = useRef(true);
  const { reload } = inbox;
  useEffect(() => {
    if (firstRun.current) {
      firstRun.current = false;
      return;
    }
    void reload();
  }, [view, status, reload]);

  return (
    <>
      <PageHeader title="Inbox" />
      <TabList
        label="Which conversations"
        idPrefix="inbox"
        tabs={VIEWS.map((v) => ({
          id: v.view,
          label: `${v.label}${inbox.data ? ` (${inbox.data.unread[v.view]} unread)` : ''}`,
        }))}
        selected={view}
        onSelect={setView}
      />
      <div className="inbox__filters">
        <SelectField
          label="Status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as ConversationStatus | '');
          }}
          options={[
            { value: '', label: 'Any status' },
            { value: 'open', label: STATUS_LABELS.open },
            { value: 'waiting', label: STATUS_LABELS.waiting },
            { value: 'closed', label: STATUS_LABELS.closed },
          ]}
        />
      </div>
      <FormAlert error={inbox.error} />
      {inbox.loading && !inbox.data ? <Loading label="Loading the inbox" /> : null}
      <div role="tabpanel" id="inbox-panel" aria-labelledby={`inbox-${view}`}>
        {inbox.data && inbox.data.conversations.length === 0 ? <p>No conversations here.</p> : null}
        {inbox.data?.conversations.length ? (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Conversations</caption>
              <thead>
                <tr>
                  <th scope="col">Priority</th>
                  <th scope="col">Reply due</th>
                  <th scope="col">Topic</th>
                  <th scope="col">About</th>
                  <th scope="col">Status</th>
                  <th scope="col">Unread</th>
                  <th scope="col">Last message</th>
                </tr>
              </thead>
              <tbody>
                {inbox.data.conversations.map((c) => (
                  <tr key={c.id} className={c.overdue ? 'inbox__overdue' : undefined}>
                    <td>{priorityLabel(c.priority)}</td>
                    <td>
                      {c.responseDueAt ? <DateTime value={c.responseDueAt} /> : '—'}
                      {c.overdue ? <span className="badge badge--warn"> Overdue</span> : null}
                    </td>
                    <td>
                      <Link to={`/console/inbox/${c.id}`}>{c.topic}</Link>
                    </td>
                    <td>{c.subject.kind === 'customer' ? 'General' : c.subject.kind}</td>
                    <td>{STATUS_LABELS[c.status]}</td>
                    <td>{c.unread}</td>
                    <td>
                      <DateTime value={c.lastMessageAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
      <ResponseTimes />
    </>
  );
}

function minutes(m: number | null): string {
  if (m === null) return '—';
  if (m < 60) return `${Math.round(m)} min`;
  if (m < 60 * 48) return `${(m / 60).toFixed(1)} h`;
  return `${(m / 60 / 24).toFixed(1)} days`;
}

function ResponseTimes() {
  const weeks = useResource(() => dialogue.responseTimes(12));
  return (
    <section aria-labelledby="response-times" className="stack inbox__section">
      <h2 id="response-times">Time to first reply</h2>
      <FormAlert error={weeks.error} />
      {weeks.data?.length === 0 ? <p>No customer messages in the last 12 weeks.</p> : null}
      {weeks.data?.length ? <ResponseTable rows={weeks.data} /> : null}
    </section>
  );
}

function ResponseTable({ rows }: { rows: ResponseTimeWeek[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Time to first reply per week</caption>
        <thead>
          <tr>
            <th scope="col">Week</th>
            <th scope="col">Answered</th>
            <th scope="col">Unanswered</th>
            <th scope="col">Median</th>
            <th scope="col">90th percentile</th>
            <th scope="col">Target met / missed</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.week}>
              <th scope="row">{r.week}</th>
              <td>{r.answered}</td>
              <td>{r.unanswered}</td>
              <td>{minutes(r.medianMinutes)}</td>
              <td>{minutes(r.p90Minutes)}</td>
              <td>{r.withTarget === 0 ? '—' : `${r.metTarget} / ${r.missedTarget}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default InboxPage;
