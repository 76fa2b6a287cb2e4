// `/console/punchout`: the punch-out credentials of the firm's companies (GET/POST
// /punchout-credentials, POST /punchout-credentials/:id/rotate, DELETE /punchout-credentials/:id).
// A company's procurement system signs in with a domain, an identity and a shared secret; the
// secret is shown once, right after giving or rotating the credentials, with a copy button — the
// server keeps only its hash. Rotating and withdrawing ask for confirmation first. Owners only
// (the server refuses others, and audits every change).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { companies as companiesApi, type Company } from '../api/companies.ts';
import { punchoutApi, type IssuedCredential, type PunchoutCredential } from '../api/punchout.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { CopyButton } from '../ui/CopyButton.tsx';
import { DateTime } from '../ui/format.tsx';
import { FormAlert, SelectField, TextField, useSubmit } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { canManageFirm, OWNERS_ONLY } from './permissions.ts';
import type { ConsolePageProps } from './routes.tsx';

type Member = { id: string; name: string; email: string; role: string | null };
type Pending = { kind: 'rotate' | 'withdraw'; credential: PunchoutCredential };

export function PunchoutCredentialsPage({ session }: ConsolePageProps) {
  usePageTitle('Punch-out', session.tenant.name);
  const canManage = canManageFirm(session);
  const data = useResource(async () => {
    const [list, credentials] = await Promise.all([
      companiesApi.list(),
      canManage ? punchoutApi.list() : Promise.resolve([]),
    ]);
    const people = await Promise.all(list.map((c) => companiesApi.get(c.id)));
    return {
      companies: list,
      members: new Map(list.map((c, i) => [c.id, people[i]!.people as Member[]])),
      credentials,
    };
  });
  const [issued, setIssued] = useState<{ credential: IssuedCredential; rotated: boolean } | null>(
    null,
  );
  const [pending, setPending] = useState<Pending | null>(null);
  const [status, setStatus] = useState('');
  const act = useSubmit();
  const table = useRef<HTMLDivElement>(null);

  const companyName = (id: string) => data.data?.companies.find((c) => c.id === id)?.name ?? id;
  const buyerName = (companyId: string, id: string) =>
    data.data?.members.get(companyId)?.find((m) => m.id === id)?.name ?? id;

  const confirm = () => {
    const p = pending;
    if (!p) return;
    void act
      .run(async () => {
        if (p.kind === 'rotate') {
          const credential = await punchoutApi.rotate(p.credential.id);
          setIssued({ credential, rotated: true });
          setStatus('');
        } else {
          await punchoutApi.withdraw(p.credential.id);
          data.setData((d) =>
            d ? { ...d, credentials: d.credentials.filter((c) => c.id !== p.credential.id) } : d,
          );
          setStatus(`Credentials ${p.credential.identity} were withdrawn.`);
        }
      })
      .then((ok) => {
        if (!ok) return;
        setPending(null);
        table.current?.focus();
      });
  };

  return (
    <>
      <PageHeader title="Punch-out">
        Let a company&apos;s procurement system (Ariba, Coupa, SAP SRM …) open its portal and send
        orders: give it a cXML / OCI identity and a shared secret. It signs in as the buyer you
        choose and orders at the company&apos;s contract prices.
      </PageHeader>

      {canManage ? null : <p className="notice">{OWNERS_ONLY}</p>}
      {data.error ? <FormAlert error={data.error} /> : null}

      {canManage && data.data ? (
        <CreateCredentialForm
          companies={data.data.companies}
          members={data.data.members}
          onCreated={(credential) => {
            setIssued({ credential, rotated: false });
            setStatus('');
            const { sharedSecret: _secret, ...listed } = credential;
            data.setData((d) => (d ? { ...d, credentials: [...d.credentials, listed] } : d));
          }}
        />
      ) : null}

      {issued ? (
        <NewSecret
          credential={issued.credential}
          rotated={issued.rotated}
          company={companyName(issued.credential.businessAccountId)}
          onDone={() => {
            setIssued(null);
            table.current?.focus();
          }}
        />
      ) : null}

      {canManage ? (
        <section className="section" aria-labelledby="credentials-title">
          <h2 id="credentials-title">Credentials</h2>
          <p role="status" className="status-text">
            {status}
          </p>
          {data.data ? (
            <div
              ref={table}
              className="table-wrap"
              role="region"
              aria-labelledby="credentials-title"
              tabIndex={0}
            >
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Company</th>
                    <th scope="col">Domain</th>
                    <th scope="col">Identity</th>
                    <th scope="col">Signs in as</th>
                    <th scope="col">Given</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.data.credentials.length === 0 ? (
                    <tr>
                      <td colSpan={6} className="table__empty">
                        No punch-out credentials yet.
                      </td>
                    </tr>
                  ) : null}
                  {data.data.credentials.map((c) => (
                    <tr key={c.id}>
                      <td>{companyName(c.businessAccountId)}</td>
                      <td>{c.domain}</td>
                      <td id={`credential-${c.id}`}>
                        <code>{c.identity}</code>
                      </td>
                      <td>{buyerName(c.businessAccountId, c.customerId)}</td>
                      <td>
                        <DateTime value={c.createdAt} />
                      </td>
                      <td className="table__actions">
                        <button
                          type="button"
                          className="button button--small"
                          aria-describedby={`credential-${c.id}`}
                          onClick={() => {
                            act.reset();
                            setPending({ kind: 'rotate', credential: c });
                          }}
                        >
                          New secret
                        </button>{' '}
                        <button
                          type="button"
                          className="button button--small button--danger-quiet"
                          aria-describedby={`credential-${c.id}`}
                          onClick={() => {
                            act.reset();
                            setPending({ kind: 'withdraw', credential: c });
                          }}
                        >
                          Withdraw
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : data.error ? null : (
            <Loading label="Loading punch-out credentials" />
          )}
        </section>
      ) : null}

      <ConfirmDialog
        open={pending !== null}
        title={pending?.kind === 'rotate' ? 'Give a new secret?' : 'Withdraw these credentials?'}
        confirmLabel={pending?.kind === 'rotate' ? 'Give a new secret' : 'Withdraw'}
        busy={act.busy}
        error={act.error}
        onConfirm={confirm}
        onCancel={() => setPending(null)}
      >
        <p>
          {pending?.kind === 'rotate'
            ? 'The current secret stops working at once, and so do carts punched out with it. Enter the new secret in the procurement system right away.'
            : 'The procurement system can no longer open the portal or send orders with them. This cannot be undone.'}{' '}
          (<code>{pending?.credential.identity}</code>)
        </p>
      </ConfirmDialog>
    </>
  );
}

function CreateCredentialForm({
  companies,
  members,
  onCreated,
}: {
  companies: Company[];
  members: Map<string, Member[]>;
  onCreated: (c: IssuedCredential) => void;
}) {
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);
  const [companyId, setCompanyId] = useState(companies[0]?.id ?? '');
  const buyers = (members.get(companyId) ?? []).filter((m) => m.role !== null);
  const [customerId, setCustomerId] = useState('');
  const [domain, setDomain] = useState('NetworkID');
  const [identity, setIdentity] = useState('');
  const buyer = buyers.some((b) => b.id === customerId) ? customerId : (buyers[0]?.id ?? '');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const created = await punchoutApi.create({
        businessAccountId: companyId,
        customerId: buyer,
        domain: domain.trim(),
        identity: identity.trim(),
      });
      setIdentity('');
      onCreated(created);
    });
  };

  if (companies.length === 0)
    return <p className="notice">Add a company first (Companies): credentials belong to one.</p>;
  return (
    <section className="section" aria-labelledby="give-credentials-title">
      <h2 id="give-credentials-title">Give a company credentials</h2>
      <form ref={form} onSubmit={onSubmit} className="card form form--inline">
        <FormAlert error={submit.error} />
        <SelectField
          label="Company"
          name="businessAccountId"
          value={companyId}
          onChange={(e) => setCompanyId(e.target.value)}
          options={companies.map((c) => ({ value: c.id, label: c.name }))}
          error={submit.fieldErrors.businessAccountId}
        />
        <SelectField
          label="Signs in as"
          name="customerId"
          value={buyer}
          onChange={(e) => setCustomerId(e.target.value)}
          options={buyers.map((b) => ({ value: b.id, label: `${b.name} (${b.email})` }))}
          error={submit.fieldErrors.customerId}
          hint="The company member whose portal opens and whose orders the system places."
        />
        <TextField
          label="Domain"
          name="domain"
          required
          maxLength={100}
          autoComplete="off"
          value={domain}
          onChange={(e) => setDomain(e.target.value)}
          error={submit.fieldErrors.domain}
          hint="The cXML credential domain, e.g. NetworkID or DUNS."
        />
        <TextField
          label="Identity"
          name="identity"
          required
          maxLength={200}
          autoComplete="off"
          value={identity}
          onChange={(e) => setIdentity(e.target.value)}
          error={submit.fieldErrors.identity}
          hint="The sender identity (or OCI user name) the system sends."
        />
        <div className="form__actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={submit.busy || buyer === ''}
          >
            {submit.busy ? 'Giving…' : 'Give credentials'}
          </button>
        </div>
      </form>
    </section>
  );
}

function NewSecret({
  credential,
  rotated,
  company,
  onDone,
}: {
  credential: IssuedCredential;
  rotated: boolean;
  company: string;
  onDone: () => void;
}) {
  const box = useRef<HTMLElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, [credential.sharedSecret]);
  return (
    <section
      ref={box}
      tabIndex={-1}
      className="secret"
      aria-labelledby="punchout-secret-title"
      aria-describedby="punchout-secret-warning"
    >
      <h2 id="punchout-secret-title">
        {rotated ? 'New shared secret' : 'Shared secret'} for {company} (
        <code>{credential.identity}</code>)
      </h2>
      <p id="punchout-secret-warning" className="secret__warning">
        <strong>Copy this secret now.</strong> It is shown only once: Customerize keeps only a
        fingerprint of it. Enter it in the procurement system as the Sender SharedSecret (cXML) or
        PASSWORD (OCI). If it is lost, give a new one.
      </p>
      <div className="secret__row">
        <label htmlFor="punchout-secret" className="visually-hidden">
          Shared secret
        </label>
        <input
          id="punchout-secret"
          ref={input}
          className="secret__value mono"
          readOnly
          value={credential.sharedSecret}
          onFocus={(e) => e.currentTarget.select()}
        />
        <CopyButton text={credential.sharedSecret} label="Copy secret" fallbackTarget={input} />
      </div>
      <button type="button" className="button" onClick={onDone}>
        I have stored it
      </button>
    </section>
  );
}
