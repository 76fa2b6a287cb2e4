// `/console/api-keys`: keys for the firm's other systems (GET/POST /api-keys, DELETE /api-keys/:id).
// A new key's secret is shown once, right after creation, with a copy button; the server keeps
// only its hash, so it can never be shown again. Revoking asks for confirmation first.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import {
  ACCESS_LABELS,
  ROLE_LABELS,
  STAFF_ROLES,
  type ApiKey,
  type ApiKeyAccess,
  type CreatedApiKey,
  type StaffRole,
} from '../api/types.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { CopyButton } from '../ui/CopyButton.tsx';
import { DateTime } from '../ui/format.tsx';
import { FormAlert, SelectField, TextField, useSubmit } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';
import { canManageFirm, OWNERS_ONLY } from './permissions.ts';

const roleOptions = STAFF_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const roleLabel = (role: string) => ROLE_LABELS[role as StaffRole] ?? role;
const accessOptions = (['write', 'read'] as const).map((a) => ({
  value: a,
  label: ACCESS_LABELS[a],
}));

export function ApiKeysPage({ session }: ConsolePageProps) {
  usePageTitle('API keys', session.tenant.name);
  const keys = useResource(() => api.apiKeys.list());
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [status, setStatus] = useState('');
  const revoke = useSubmit();
  const canManage = canManageFirm(session);
  // Where focus goes when the control that had it disappears (secret dismissed, key revoked).
  const table = useRef<HTMLDivElement>(null);

  const confirmRevoke = () => {
    const key = revoking;
    if (!key) return;
    let revoked: ApiKey | undefined;
    void revoke
      .run(async () => {
        revoked = await api.apiKeys.revoke(key.id);
      })
      .then((ok) => {
        if (!ok) return;
        setRevoking(null);
        setStatus(`Key “${key.name}” was revoked.`);
        const row: ApiKey = revoked ?? { ...key, revokedAt: new Date().toISOString() };
        keys.setData((list) => list?.map((k) => (k.id === key.id ? row : k)));
        table.current?.focus();
      });
  };

  return (
    <>
      <PageHeader title="API keys">
        Keys let your other systems (shop, ERP, scripts) call the Customerize API with a role&apos;s
        rights. Send a key in the <code>Authorization: Bearer</code> header.
      </PageHeader>

      {canManage ? null : <p className="notice">{OWNERS_ONLY}</p>}

      {canManage ? (
        <CreateKeyForm
          onCreated={(key) => {
            setCreated(key);
            setStatus('');
            const { secret: _secret, ...listed } = key;
            keys.setData((list) => [
              ...(list ?? []),
              { ...listed, lastUsedAt: null, revokedAt: null },
            ]);
            void keys.reload();
          }}
        />
      ) : null}

      {created ? (
        <NewSecret
          apiKey={created}
          onDone={() => {
            setCreated(null);
            table.current?.focus();
          }}
        />
      ) : null}

      <section className="section" aria-labelledby="keys-title">
        <h2 id="keys-title">Keys</h2>
        <p role="status" className="status-text">
          {status}
        </p>
        {keys.data ? (
          <div
            ref={table}
            className="table-wrap"
            role="region"
            aria-labelledby="keys-title"
            tabIndex={0}
          >
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Access</th>
                  <th scope="col">Starts with</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.data.length === 0 ? (
                  <tr>
                    <td colSpan={8} className="table__empty">
                      No API keys yet.
                    </td>
                  </tr>
                ) : null}
                {keys.data.map((key) => (
                  <tr key={key.id} className={key.revokedAt ? 'row--muted' : undefined}>
                    <td id={`key-${key.id}`}>{key.name}</td>
                    <td>{roleLabel(key.role)}</td>
                    <td>{ACCESS_LABELS[key.access] ?? key.access}</td>
                    <td>
                      <code>{key.prefix}…</code>
                    </td>
                    <td>
                      <DateTime value={key.createdAt} />
                    </td>
                    <td>
                      <DateTime value={key.lastUsedAt} empty="Never" />
                    </td>
                    <td>
                      {key.revokedAt ? (
                        <span className="badge badge--muted">
                          Revoked <DateTime value={key.revokedAt} />
                        </span>
                      ) : (
                        <span className="badge badge--ok">Active</span>
                      )}
                    </td>
                    <td className="table__actions">
                      {key.revokedAt || !canManage ? null : (
                        <button
                          type="button"
                          className="button button--small button--danger-quiet"
                          aria-describedby={`key-${key.id}`}
                          onClick={() => {
                            revoke.reset();
                            setRevoking(key);
                          }}
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : keys.error ? (
          <FormAlert error={keys.error} />
        ) : (
          <Loading label="Loading keys" />
        )}
      </section>

      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this key?"
        confirmLabel="Revoke key"
        busy={revoke.busy}
        error={revoke.error}
        onConfirm={confirmRevoke}
        onCancel={() => setRevoking(null)}
      >
        <p>
          Systems using <strong>{revoking?.name}</strong> (<code>{revoking?.prefix}…</code>) will be
          refused from now on. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (key: CreatedApiKey) => void }) {
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('operations');
  const [access, setAccess] = useState<ApiKeyAccess>('write');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const key = await api.apiKeys.create({ name: name.trim(), role, access });
      setName('');
      onCreated(key);
    });
  };

  return (
    <section className="section" aria-labelledby="create-key-title">
      <h2 id="create-key-title">Create a key</h2>
      <form ref={form} onSubmit={onSubmit} className="card form form--inline">
        <FormAlert error={submit.error} />
        <TextField
          label="Key name"
          name="name"
          required
          maxLength={100}
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={submit.fieldErrors.name}
          hint="Say where it is used, e.g. “ERP export”."
        />
        <SelectField
          label="Role"
          name="role"
          value={role}
          onChange={(e) => setRole(e.target.value as StaffRole)}
          options={roleOptions}
          error={submit.fieldErrors.role}
          hint="The key can do what this role can."
        />
        <SelectField
          label="Access"
          name="access"
          value={access}
          onChange={(e) => setAccess(e.target.value as ApiKeyAccess)}
          options={accessOptions}
          error={submit.fieldErrors.access}
          hint="Read only: the key can read (e.g. orders for a report) but change nothing."
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={submit.busy}>
            {submit.busy ? 'Creating…' : 'Create key'}
          </button>
        </div>
      </form>
    </section>
  );
}

function NewSecret({ apiKey, onDone }: { apiKey: CreatedApiKey; onDone: () => void }) {
  const box = useRef<HTMLElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, [apiKey.id]);
  return (
    <section
      ref={box}
      tabIndex={-1}
      className="secret"
      aria-labelledby="secret-title"
      aria-describedby="secret-warning"
    >
      <h2 id="secret-title">New key “{apiKey.name}”</h2>
      <p id="secret-warning" className="secret__warning">
        <strong>Copy this secret now.</strong> It is shown only once: Customerize keeps only a
        fingerprint of it, so nobody can show it to you again. If you lose it, revoke the key and
        create a new one.
      </p>
      <div className="secret__row">
        <label htmlFor="new-secret" className="visually-hidden">
          Secret
        </label>
        <input
          id="new-secret"
          ref={input}
          className="secret__value mono"
          readOnly
          value={apiKey.secret}
          onFocus={(e) => e.currentTarget.select()}
        />
        <CopyButton text={apiKey.secret} label="Copy secret" fallbackTarget={input} />
      </div>
      <button type="button" className="button" onClick={onDone}>
        I have stored it
      </button>
    </section>
  );
}
