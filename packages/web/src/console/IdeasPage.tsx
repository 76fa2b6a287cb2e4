// `/console/ideas`: options customers suggested, most votes first (GET /ideas), hidden ones too.
// Owner and sales staff answer one publicly and set its status (open → planned → done, or
// declined) — its author is emailed — and hide or show it (moderation, in the audit log).
// Designers read the list (R&D's input for the next model version).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  canAnswerIdeas,
  canReadIdeas,
  ideasApi,
  IDEA_STATUS_LABELS,
  NEXT_IDEA_STATUSES,
  type IdeaStatus,
  type StaffIdea,
} from '../api/ideas.ts';
import { DateTime } from '../ui/format.tsx';
import { FormAlert, SelectField, useSubmit } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';

export function IdeasPage({ session }: ConsolePageProps) {
  usePageTitle('Ideas', session.tenant.name);
  const role = session.user.role;
  const allowed = canReadIdeas(role);
  const answering = canAnswerIdeas(role);
  const [status, setStatus] = useState<IdeaStatus | ''>('');
  const list = useResource(async () =>
    allowed ? (await ideasApi.staffList({ status, sort: 'votes', product: '' })).items : [],
  );
  const { reload } = list;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else void reload();
  }, [reload, status]);
  const replace = (next: StaffIdea) =>
    list.setData((rows) => rows?.map((r) => (r.id === next.id ? next : r)));
  return (
    <>
      <PageHeader title="Ideas">
        Options your customers miss, with their votes (only votes of customers who still consent
        count). Answer them publicly and mark what you plan; the author is told by email.
      </PageHeader>
      {!allowed ? <p>Owners, sales staff and designers read ideas.</p> : null}
      <SelectField
        label="Status"
        value={status}
        onChange={(e) => setStatus(e.target.value as IdeaStatus | '')}
        options={[
          { value: '', label: 'All' },
          ...(Object.keys(IDEA_STATUS_LABELS) as IdeaStatus[]).map((s) => ({
            value: s,
            label: IDEA_STATUS_LABELS[s],
          })),
        ]}
      />
      <FormAlert error={list.error} />
      {list.loading && !list.data ? <Loading label="Loading the ideas" /> : null}
      {allowed && list.data?.length === 0 ? <p>No ideas yet.</p> : null}
      {list.data?.length ? (
        <div className="table-wrap" role="region" aria-label="Ideas" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Votes</th>
                <th scope="col">Idea</th>
                <th scope="col">Product</th>
                <th scope="col">By</th>
                <th scope="col">Suggested</th>
                <th scope="col">Status and answer</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((idea) => (
                <tr key={idea.id} data-testid="staff-idea">
                  <td>{idea.votes}</td>
                  <td>
                    <strong>{idea.title}</strong>
                    <p className="muted">{idea.description}</p>
                  </td>
                  <td>{idea.productName}</td>
                  <td>{idea.author}</td>
                  <td>
                    <DateTime value={idea.createdAt} />
                  </td>
                  <td>
                    {answering ? (
                      <AnswerForm idea={idea} onChanged={replace} />
                    ) : (
                      <>
                        {IDEA_STATUS_LABELS[idea.status]}
                        {idea.answer ? <p>{idea.answer}</p> : null}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

function AnswerForm({
  idea,
  onChanged,
}: {
  idea: StaffIdea;
  onChanged: (idea: StaffIdea) => void;
}) {
  const submit = useSubmit();
  const [status, setStatus] = useState<IdeaStatus>(idea.status);
  const [answer, setAnswer] = useState(idea.answer ?? '');
  const [saved, setSaved] = useState(false);
  const choices = [idea.status, ...NEXT_IDEA_STATUSES[idea.status]];
  const save = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void submit
      .run(async () =>
        onChanged(await ideasApi.answer(idea.id, { status, answer: answer.trim() || null })),
      )
      .then((ok) => setSaved(ok));
  };
  const toggle = () =>
    void submit.run(async () =>
      onChanged(idea.hidden ? await ideasApi.show(idea.id) : await ideasApi.hide(idea.id)),
    );
  return (
    <form onSubmit={save} className="stack" aria-label={`Answer “${idea.title}”`}>
      <SelectField
        label="Status"
        value={status}
        onChange={(e) => setStatus(e.target.value as IdeaStatus)}
        options={choices.map((s) => ({ value: s, label: IDEA_STATUS_LABELS[s] }))}
      />
      <div className="field">
        <label htmlFor={`answer-${idea.id}`}>Public answer</label>
        <textarea
          id={`answer-${idea.id}`}
          rows={2}
          maxLength={2000}
          value={answer}
          aria-invalid={submit.fieldErrors['answer'] ? true : undefined}
          onChange={(e) => setAnswer(e.target.value)}
        />
        {submit.fieldErrors['answer'] ? (
          <p className="field__error">{submit.fieldErrors['answer']}</p>
        ) : null}
      </div>
      <FormAlert error={submit.error} />
      <div className="button-row">
        <button
          type="submit"
          className="button button--small button--primary"
          disabled={submit.busy}
        >
          Save answer
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={submit.busy}
          aria-label={`${idea.hidden ? 'Show again' : 'Hide'}: “${idea.title}”`}
          onClick={toggle}
        >
          {idea.hidden ? 'Show again' : 'Hide'}
        </button>
      </div>
      <p role="status" className="status-text">
        {idea.hidden ? 'Hidden from customers. ' : ''}
        {saved ? 'Saved; the author is told.' : ''}
      </p>
    </form>
  );
}
