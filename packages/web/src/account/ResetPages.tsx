// Password reset: `/account/reset` asks for the email (the server answers the same for any
// address), `/account/reset-password?token=…` (the emailed link, single use, 1 hour) sets the new
// password and ends every session of the account.
import { useRef, useState, type FormEvent } from 'react';
import type { PageProps } from '../routes.tsx';
import { Link } from '../router/router.tsx';
import { FormAlert, TextField, useSubmit } from '../ui/forms.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { loadStorefront } from '../studio/storefront.ts';
import { account, MIN_PASSWORD_LENGTH, tokenFromUrl } from './api.ts';

export function ResetRequestPage(_props: PageProps) {
  usePageTitle('Reset your password');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const shop = await loadStorefront();
      await account.requestReset({ tenant: shop.tenant.slug, email: email.trim() });
      setSent(true);
    });
  };
  return (
    <div className="container page narrow">
      <h1>Reset your password</h1>
      {sent ? (
        <div className="card" role="status">
          <p>
            If <strong>{email.trim()}</strong> has an account, we sent it a link to set a new
            password. The link works once, for one hour.
          </p>
        </div>
      ) : (
        <form ref={form} onSubmit={onSubmit} className="card stack" noValidate>
          <TextField
            label="Email"
            type="email"
            autoComplete="email"
            required
            value={email}
            error={submit.fieldErrors.email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <FormAlert error={submit.error} />
          <button type="submit" className="button" disabled={submit.busy}>
            Send the link
          </button>
        </form>
      )}
    </div>
  );
}

export function ResetConfirmPage(_props: PageProps) {
  usePageTitle('Choose a new password');
  const token = tokenFromUrl();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    void submit.run(async () => {
      await account.confirmReset(token, password);
      setDone(true);
    });
  };
  return (
    <div className="container page narrow">
      <h1>Choose a new password</h1>
      {done ? (
        <div className="card" role="status">
          <p>Your password is changed and you were signed out everywhere.</p>
          <p>
            <Link to="/account/signin">Sign in</Link>
          </p>
        </div>
      ) : (
        <form ref={form} onSubmit={onSubmit} className="card stack" noValidate>
          <TextField
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
            value={password}
            error={submit.fieldErrors.password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <TextField
            label="Repeat the new password"
            type="password"
            autoComplete="new-password"
            required
            value={repeat}
            error={mismatch ? 'does not match the new password' : undefined}
            onChange={(e) => setRepeat(e.target.value)}
          />
          <FormAlert error={submit.error} />
          {submit.error ? (
            <p>
              <Link to="/account/reset">Ask for a new link</Link>
            </p>
          ) : null}
          <button type="submit" className="button" disabled={submit.busy || !token}>
            Set the new password
          </button>
        </form>
      )}
    </div>
  );
}
