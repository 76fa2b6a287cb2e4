// `/account/privacy`: the customer's privacy centre. Each purpose with its notice text and a
// switch (giving and withdrawing are the same single click), the reward offered for opting in
// and the ones granted; what the firm holds, by purpose; "Download my data" (JSON); "Erase my
// data" with a confirmation and the server's account of what was kept and why.
import { useRef, useState } from 'react';
import type { PageProps } from '../routes.tsx';
import { useSession } from '../session.tsx';
import { Link } from '../router/router.tsx';
import { FormAlert, useSubmit } from '../ui/forms.tsx';
import { DateTime } from '../ui/format.tsx';
import { Loading } from '../ui/Loading.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { formatMoney } from '../studio/format.ts';
import { SignInFirst } from '../dialogue/SignInFirst.tsx';
import { account, type Reward } from '../account/api.ts';
import {
  privacy,
  PURPOSE_LABELS,
  type ConsentHistoryEntry,
  type ErasureReport,
  type Incentive,
  type PurposeState,
} from './api.ts';
import '../dialogue/dialogue.css';

export function PrivacyCentrePage(_props: PageProps) {
  usePageTitle('Privacy centre');
  const { state } = useSession();
  const [report, setReport] = useState<ErasureReport | null>(null);
  if (report) return <ErasedReport report={report} />;
  if (state.status === 'loading') return <Loading label="Loading" />;
  if (state.status !== 'signed-in' || state.session.user.kind !== 'customer') {
    return <SignInFirst title="Privacy centre" />;
  }
  return <Centre onErased={setReport} />;
}

function offerText(o: Incentive | Reward): string {
  const money = o.amount !== null && o.currency ? ` (${formatMoney(o.amount, o.currency)})` : '';
  return `${o.description}${money}`;
}

function Centre({ onErased }: { onErased: (r: ErasureReport) => void }) {
  const consents = useResource(() => privacy.consents());
  const holdings = useResource(() => privacy.holdings());
  const rewards = useResource(() => account.rewards());
  const [granted, setGranted] = useState<string[]>([]);

  return (
    <div className="container page">
      <h1>Privacy centre</h1>
      <p>
        What we use your data for, what we hold, and your rights to a copy and to erasure. Buying
        never depends on what you choose here. <Link to="/account/profile">Your details</Link>
      </p>
      <section aria-labelledby="purposes" className="stack">
        <h2 id="purposes">What your data is used for</h2>
        <FormAlert error={consents.error} />
        {!consents.data && !consents.error ? <Loading label="Loading your choices" /> : null}
        {consents.data?.purposes.map((p) => (
          <PurposeCard
            key={p.purpose}
            state={p}
            last={consents.data?.history.filter((h) => h.purpose === p.purpose).at(-1)}
            onChanged={(c, newRewards) => {
              consents.setData(() => c);
              setGranted(newRewards);
              void holdings.reload();
              void rewards.reload();
            }}
          />
        ))}
        {granted.length ? <p role="status">Thank you: your reward was added below.</p> : null}
      </section>
      <section aria-labelledby="rewards" className="stack">
        <h2 id="rewards">Your rewards</h2>
        <FormAlert error={rewards.error} />
        {rewards.data?.length === 0 ? <p>No rewards yet.</p> : null}
        {rewards.data?.length ? (
          <ul>
            {rewards.data.map((r) => (
              <li key={r.id}>
                {offerText(r)}: <strong>{r.status}</strong> (granted{' '}
                <DateTime value={r.grantedAt} withTime={false} />)
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <section aria-labelledby="holdings" className="stack">
        <h2 id="holdings">What we hold about you</h2>
        <FormAlert error={holdings.error} />
        {holdings.data ? (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Data held, by purpose</caption>
              <thead>
                <tr>
                  <th scope="col">Purpose</th>
                  <th scope="col">What</th>
                  <th scope="col">How many</th>
                </tr>
              </thead>
              <tbody>
                {holdings.data.map((h) => (
                  <tr key={`${h.purpose}:${h.what}`}>
                    <td>{PURPOSE_LABELS[h.purpose] ?? h.purpose}</td>
                    <td>{h.what}</td>
                    <td>{h.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <DownloadData />
      <EraseData onErased={onErased} />
      {consents.data?.history.length ? (
        <details>
          <summary>History of your choices</summary>
          <ul>
            {consents.data.history.map((h, i) => (
              <li key={i}>
                <DateTime value={h.at} />: {h.action} {PURPOSE_LABELS[h.purpose] ?? h.purpose}{' '}
                (notice version {h.noticeVersion}, on {h.screen})
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

function PurposeCard({
  state,
  last,
  onChanged,
}: {
  state: PurposeState;
  /** The customer's latest choice for this purpose, if any. */
  last: ConsentHistoryEntry | undefined;
  onChanged: (c: Awaited<ReturnType<typeof privacy.consents>>, rewards: string[]) => void;
}) {
  const submit = useSubmit();
  const id = `purpose-${state.purpose}`;
  // The switch moves at once; it moves back if the server refuses.
  const [pending, setPending] = useState<boolean | null>(null);
  const checked = pending ?? state.given;
  const toggle = () => {
    const given = !checked;
    setPending(given);
    void submit
      .run(async () => {
        const r = await privacy.setConsent({
          purpose: state.purpose,
          given,
          screen: 'privacy-centre',
          noticeVersion: state.notice.version,
        });
        onChanged(r.consents, r.rewardsGranted);
      })
      .finally(() => setPending(null));
  };
  const offers = state.offers.filter((o) => o.active);
  return (
    <div className="card stack" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{PURPOSE_LABELS[state.purpose] ?? state.purpose}</h3>
      <p id={`${id}-notice`}>{state.notice.text}</p>
      {offers.length ? (
        <p>
          <strong>Offered for sharing:</strong> {offers.map(offerText).join('; ')}
        </p>
      ) : null}
      {state.optional ? (
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            checked={checked}
            disabled={submit.busy}
            aria-describedby={`${id}-notice`}
            onChange={toggle}
          />{' '}
          {`Allow ${(PURPOSE_LABELS[state.purpose] ?? state.purpose).toLowerCase()}`}
        </label>
      ) : (
        <p className="muted">
          Needed to run your account and orders; it ends when you erase your data.
        </p>
      )}
      {last ? (
        <p className="muted">
          {last.action === 'given' ? 'Allowed' : 'Withdrawn'} on <DateTime value={last.at} />{' '}
          (notice version {last.noticeVersion})
        </p>
      ) : null}
      <FormAlert error={submit.error} />
    </div>
  );
}

function DownloadData() {
  const submit = useSubmit();
  const link = useRef<HTMLAnchorElement>(null);
  const download = () =>
    void submit.run(async () => {
      const data = await privacy.exportData();
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = link.current!;
      a.href = url;
      a.download = `my-data-${new Date().toISOString().slice(0, 10)}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
  return (
    <section aria-labelledby="download" className="stack">
      <h2 id="download">A copy of your data</h2>
      <p>Everything we hold about you, as a JSON file you can keep or take elsewhere.</p>
      <FormAlert error={submit.error} />
      <button type="button" className="button" onClick={download} disabled={submit.busy}>
        Download my data
      </button>
      <a ref={link} hidden aria-hidden="true" tabIndex={-1}>
        download
      </a>
    </section>
  );
}

function EraseData({ onErased }: { onErased: (r: ErasureReport) => void }) {
  const [confirming, setConfirming] = useState(false);
  const submit = useSubmit();
  const { refresh } = useSession();
  return (
    <section aria-labelledby="erase" className="stack">
      <h2 id="erase">Erase my data</h2>
      <p>
        Deletes your account, messages, designs and preferences. Orders are kept for the firm&apos;s
        accounts without your name or contact details. This cannot be undone.
      </p>
      <FormAlert error={submit.error} />
      <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
        Erase my data
      </button>
      <ConfirmDialog
        open={confirming}
        title="Erase your data?"
        confirmLabel="Yes, erase my data"
        busy={submit.busy}
        error={submit.error}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          void submit.run(async () => {
            const report = await privacy.erase();
            setConfirming(false);
            onErased(report);
            await refresh();
          })
        }
      >
        <p>Your account ends and you are signed out. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}

function ErasedReport({ report }: { report: ErasureReport }) {
  return (
    <div className="container page">
      <h1>Your data was erased</h1>
      <div className="card stack" role="status">
        <p>
          Erased on <DateTime value={report.erasedAt} />. What we had to keep, and why:
        </p>
        {report.kept.length ? (
          <ul>
            {report.kept.map((k) => (
              <li key={k.what}>
                <strong>
                  {k.what} ({k.count})
                </strong>
                : {k.why}
              </li>
            ))}
          </ul>
        ) : (
          <p>Nothing.</p>
        )}
      </div>
    </div>
  );
}

export default PrivacyCentrePage;
