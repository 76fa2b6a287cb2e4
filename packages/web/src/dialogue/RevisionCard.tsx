// One revision in a conversation, as the customer sees it: what they asked, and once the firm
// proposed a revised design, the version they asked about next to the proposal (features, price,
// date) with Accept / Decline-with-reason. Deciding is final (the server answers 409 twice).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Revision } from './api.ts';
import { dialogue } from './api.ts';
import type { DesignContext } from './designContext.ts';
import { designVersion } from './designContext.ts';
import { DesignCompare, type PriceDate } from './DesignCompare.tsx';
import { FormAlert, useSubmit } from '../ui/forms.tsx';
import { DateTime } from '../ui/format.tsx';
import { Link } from '../router/router.tsx';

export const REVISION_STATUS_LABELS: Record<Revision['status'], string> = {
  requested: 'Change requested',
  proposed: 'Revised design proposed',
  accepted: 'Accepted',
  declined: 'Declined',
};

/** The proposal's price and date, asked of the server (which is the authority on both). */
function useProposalPrice(context: DesignContext | undefined, revision: Revision) {
  const [price, setPrice] = useState<PriceDate | null>(null);
  const proposal = revision.proposal;
  useEffect(() => {
    if (!context || !proposal) return;
    const base = designVersion(context.design, revision.baseVersion);
    const versionId = base?.versionId ?? context.loaded.detail.version.id;
    let live = true;
    context.loaded.shop
      .quote({ versionId, choices: proposal.choices })
      .then((q) => {
        if (live) setPrice({ total: q.total, currency: q.currency, promisedDate: q.promisedDate });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [context, proposal, revision.baseVersion]);
  return price;
}

export function RevisionCard({
  revision,
  context,
  onChanged,
}: {
  revision: Revision;
  context: DesignContext | undefined;
  onChanged: () => void;
}) {
  const price = useProposalPrice(context, revision);
  const base = context ? designVersion(context.design, revision.baseVersion) : undefined;
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);

  const accept = () =>
    void submit.run(async () => {
      await dialogue.accept(revision.id);
      onChanged();
    });
  const decline = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      await dialogue.decline(revision.id, reason.trim());
      setDeclining(false);
      onChanged();
    });
  };

  return (
    <section className="revision card" aria-label={`Revision: ${revision.request}`}>
      <p className="revision__status">
        <span className="badge">{REVISION_STATUS_LABELS[revision.status]}</span>{' '}
        <DateTime value={revision.createdAt} />
      </p>
      <p>
        <strong>You asked:</strong> {revision.request}
      </p>
      {revision.proposal && context && base ? (
        <>
          <DesignCompare
            model={context.loaded.product.model}
            caption="Your design and the firm’s proposal"
            current={{
              label: `Your version ${revision.baseVersion}`,
              choices: base.choices,
              price: base.quote ?? null,
            }}
            proposed={{ label: 'Proposed', choices: revision.proposal.choices, price }}
          />
          {revision.proposal.note ? <p>Note: {revision.proposal.note}</p> : null}
        </>
      ) : null}
      {revision.status === 'accepted' && revision.acceptedVersion !== null ? (
        <p>
          You accepted it: it is now version {revision.acceptedVersion} of your design.{' '}
          <Link to={`/designs/${revision.designId}`}>Open the design to order it</Link>
        </p>
      ) : null}
      {revision.status === 'declined' ? <p>You declined it: {revision.declineReason}</p> : null}
      <FormAlert error={submit.error} />
      {revision.status === 'proposed' ? (
        declining ? (
          <form ref={form} onSubmit={decline} className="stack">
            <div className="field">
              <label htmlFor={`reason-${revision.id}`}>Why are you declining?</label>
              <textarea
                id={`reason-${revision.id}`}
                required
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                rows={3}
              />
            </div>
            <div className="button-row">
              <button type="submit" className="button" disabled={submit.busy || !reason.trim()}>
                Decline the proposal
              </button>
              <button
                type="button"
                className="button button--ghost"
                onClick={() => setDeclining(false)}
              >
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <div className="button-row">
            <button
              type="button"
              className="button button--primary"
              onClick={accept}
              disabled={submit.busy}
            >
              Accept the revised design
            </button>
            <button
              type="button"
              className="button button--ghost"
              onClick={() => setDeclining(true)}
              disabled={submit.busy}
            >
              Decline…
            </button>
          </div>
        )
      ) : null}
    </section>
  );
}
