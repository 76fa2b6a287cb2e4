// `/console/users`: the firm's staff (GET/POST /users, PATCH/DELETE /users/:id).
// Change a role or disable someone in their row; add someone with the form below the table.
// You cannot change your own role, disable or remove yourself here (ask another owner).
import { useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { ROLE_LABELS, STAFF_ROLES, type StaffRole, type StaffUser } from '../api/types.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { DateTime } from '../ui/format.tsx';
import { FormAlert, SelectField, TextField, useSubmit } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';
import { canManageFirm, OWNERS_ONLY } from './permissions.ts';

const roleOptions = STAFF_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export function UsersPage({ session }: ConsolePageProps) {
  usePageTitle('Users', session.tenant.name);
  const users = useResource(() => api.users.list());
  const [rowError, setRowError] = useState<unknown>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [removing, setRemoving] = useState<StaffUser | null>(null);
  const remove = useSubmit();
  const canManage = canManageFirm(session);
  // Where focus goes when the row whose button had it is removed.
  const table = useRef<HTMLDivElement>(null);

  const replace = (updated: StaffUser) =>
    users.setData((list) => list?.map((u) => (u.id === updated.id ? updated : u)));

  const patch = async (user: StaffUser, change: Partial<StaffUser>, done: string) => {
    setBusyId(user.id);
    setRowError(null);
    setStatus('');
    try {
      replace(await api.users.update(user.id, change));
      setStatus(done);
    } catch (e) {
      setRowError(e);
    } finally {
      setBusyId(null);
    }
  };

  const confirmRemove = () => {
    const user = removing;
    if (!user) return;
    void remove
      .run(async () => {
        await api.users.remove(user.id);
      })
      .then((ok) => {
        if (!ok) return;
        users.setData((list) => list?.filter((u) => u.id !== user.id));
        setRemoving(null);
        setStatus(`${user.name || user.email} was removed.`);
        table.current?.focus();
      });
  };

  return (
    <>
      <PageHeader title="Users">
        The people on your staff who can sign in to this console.
      </PageHeader>
      <p role="status" className="status-text">
        {status}
      </p>
      <FormAlert error={rowError} />
      {users.data ? (
        <div
          ref={table}
          className="table-wrap"
          role="region"
          aria-labelledby="staff-caption"
          tabIndex={0}
        >
          <table className="table">
            <caption id="staff-caption" className="visually-hidden">
              Staff members
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => {
                const self = user.id === session.user.id;
                const locked = self || !canManage;
                const who = user.name || user.email;
                const busy = busyId === user.id;
                return (
                  <tr key={user.id} className={user.disabled ? 'row--muted' : undefined}>
                    <td id={`user-${user.id}`}>
                      {user.name || <span className="muted">—</span>}
                      {self ? <span className="badge badge--info">You</span> : null}
                    </td>
                    <td id={`user-${user.id}-email`}>{user.email}</td>
                    <td>
                      <label className="visually-hidden" htmlFor={`role-${user.id}`}>
                        Role of {who}
                      </label>
                      <select
                        id={`role-${user.id}`}
                        className="select--compact"
                        value={user.role}
                        disabled={locked || busy}
                        onChange={(e) =>
                          void patch(
                            user,
                            { role: e.target.value as StaffRole },
                            `${who} is now ${ROLE_LABELS[e.target.value as StaffRole]}.`,
                          )
                        }
                      >
                        {roleOptions.map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      {user.disabled ? (
                        <span className="badge badge--muted">Disabled</span>
                      ) : (
                        <span className="badge badge--ok">Active</span>
                      )}
                    </td>
                    <td>
                      <DateTime value={user.createdAt} withTime={false} />
                    </td>
                    <td className="table__actions">
                      {locked ? null : (
                        <>
                          <button
                            type="button"
                            className="button button--small"
                            disabled={busy}
                            aria-describedby={`user-${user.id} user-${user.id}-email`}
                            onClick={() =>
                              void patch(
                                user,
                                { disabled: !user.disabled },
                                user.disabled
                                  ? `${who} can sign in again.`
                                  : `${who} can no longer sign in.`,
                              )
                            }
                          >
                            {user.disabled ? 'Enable' : 'Disable'}
                          </button>
                          <button
                            type="button"
                            className="button button--small button--danger-quiet"
                            disabled={busy}
                            aria-describedby={`user-${user.id} user-${user.id}-email`}
                            onClick={() => {
                              remove.reset();
                              setRemoving(user);
                            }}
                          >
                            Remove
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : users.error ? (
        <FormAlert error={users.error} />
      ) : (
        <Loading label="Loading staff" />
      )}
      {canManage ? (
        <AddUserForm
          onAdded={(user) => {
            users.setData((list) => (list ? [...list, user] : [user]));
            setStatus(`${user.name || user.email} was added.`);
          }}
        />
      ) : (
        <p className="notice">{OWNERS_ONLY}</p>
      )}
      <ConfirmDialog
        open={removing !== null}
        title="Remove this staff member?"
        confirmLabel="Remove"
        busy={remove.busy}
        error={remove.error}
        onConfirm={confirmRemove}
        onCancel={() => setRemoving(null)}
      >
        <p>
          {removing ? <strong>{removing.name || removing.email}</strong> : null} will no longer be
          able to sign in, and this cannot be undone. To stop access for now, disable them instead.
        </p>
      </ConfirmDialog>
    </>
  );
}

function AddUserForm({ onAdded }: { onAdded: (user: StaffUser) => void }) {
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);
  const empty = { name: '', email: '', role: 'designer' as StaffRole, password: '' };
  const [draft, setDraft] = useState(empty);
  const set = (key: keyof typeof empty) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const user = await api.users.create({
        name: draft.name.trim(),
        email: draft.email.trim(),
        role: draft.role,
        password: draft.password,
      });
      setDraft(empty);
      onAdded(user);
    });
  };

  const err = submit.fieldErrors;
  return (
    <section className="section" aria-labelledby="add-user-title">
      <h2 id="add-user-title">Add a staff member</h2>
      <form ref={form} onSubmit={onSubmit} className="card form form--grid">
        <FormAlert error={submit.error} />
        <TextField
          label="Name"
          name="name"
          required
          autoComplete="off"
          value={draft.name}
          onChange={set('name')}
          error={err.name}
        />
        <TextField
          label="Email"
          name="email"
          type="email"
          required
          autoComplete="off"
          value={draft.email}
          onChange={set('email')}
          error={err.email}
        />
        <SelectField
          label="Role"
          name="role"
          required
          value={draft.role}
          onChange={set('role')}
          options={roleOptions}
          error={err.role}
          hint="Owners can change settings, staff and keys."
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          required
          autoComplete="new-password"
          value={draft.password}
          onChange={set('password')}
          error={err.password}
          hint="Their first password; give it to them privately."
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={submit.busy}>
            {submit.busy ? 'Adding…' : 'Add staff member'}
          </button>
        </div>
      </form>
    </section>
  );
}
