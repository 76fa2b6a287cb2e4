// Staff sign-in for the console (shown at any /console address while signed out; after signing
// in, the page that was asked for renders). Firm = the tenant's slug, prefilled with `demo`.

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useSession } from '../session.tsx';
import { FormAlert, TextField, useSubmit } from '../ui/forms.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { Link } from '../router/router.tsx';

export function SignInPage() {
  usePageTitle('Staff sign-in');
  const { signIn } = useSession();
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);
  const [tenant, setTenant] = useState('demo');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  // Arriving here (page load, or after signing out) with nothing focused: start at Email, as the
  // firm is usually prefilled.
  useEffect(() => {
    if (document.activeElement !== document.body) return;
    form.current?.querySelector<HTMLInputElement>('input[name="email"]')?.focus();
  }, []);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      await signIn({ tenant: tenant.trim(), email: email.trim(), password, kind: 'staff' });
    });
  };

  const errors = submit.fieldErrors;
  return (
    <div className="signin">
      <main id="main" className="signin__main">
        <div className="card signin__card">
          <p className="signin__eyebrow">Customerize console</p>
          <h1>Staff sign-in</h1>
          <form ref={form} onSubmit={onSubmit} noValidate={false} className="form">
            <FormAlert error={submit.error} />
            <TextField
              label="Firm"
              name="tenant"
              required
              autoCapitalize="none"
              spellCheck={false}
              value={tenant}
              onChange={(e) => setTenant(e.target.value)}
              error={errors.tenant}
              hint="Your firm's short name."
            />
            <TextField
              label="Email"
              name="email"
              type="email"
              required
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={errors.email}
            />
            <TextField
              label="Password"
              name="password"
              type="password"
              required
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={errors.password}
            />
            <button
              type="submit"
              className="button button--primary button--block"
              disabled={submit.busy}
            >
              {submit.busy ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        </div>
        <p className="signin__back">
          <Link to="/">Back to the shop</Link>
        </p>
      </main>
    </div>
  );
}
