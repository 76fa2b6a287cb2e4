// `/account/signin`: customers sign in with email and password at the storefront's firm, then
// return to where they came from (`?next=`).
import { useRef, useState, type FormEvent } from 'react';
import type { PageProps } from '../routes.tsx';
import { useSession } from '../session.tsx';
import { Link, navigate } from '../router/router.tsx';
import { FormAlert, TextField, useSubmit } from '../ui/forms.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { loadStorefront } from '../studio/storefront.ts';
import { ApiError } from '../api/client.ts';
import { account, nextPath } from './api.ts';

/** The sign-in answer for a right password whose email link has not been followed yet. */
function isNotVerified(error: unknown): boolean {
  return error instanceof ApiError && (error.type ?? '').endsWith('/email-not-verified');
}

export function SignInPage(_props: PageProps) {
  usePageTitle('Sign in');
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);
  const resend = useSubmit();
  const [resent, setResent] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setResent(false);
    void submit.run(async () => {
      const shop = await loadStorefront();
      await signIn({ tenant: shop.tenant.slug, email: email.trim(), password, kind: 'customer' });
      navigate(nextPath(), { replace: true });
    });
  };

  return (
    <div className="container page narrow">
      <h1>Sign in</h1>
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
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          error={submit.fieldErrors.password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <FormAlert error={submit.error} />
        {isNotVerified(submit.error) && (
          <div className="stack">
            <button
              type="button"
              className="button button--ghost"
              disabled={resend.busy}
              onClick={() =>
                void resend.run(async () => {
                  const shop = await loadStorefront();
                  await account.resendVerification({
                    tenant: shop.tenant.slug,
                    email: email.trim(),
                  });
                  setResent(true);
                })
              }
            >
              Send the link again
            </button>
            {resent && (
              <p role="status">We sent the link again to {email.trim()}. Check your email.</p>
            )}
            <FormAlert error={resend.error} />
          </div>
        )}
        <button type="submit" className="button" disabled={submit.busy}>
          Sign in
        </button>
        <p>
          <Link to="/account/reset">Forgot your password?</Link> ·{' '}
          <Link to="/account/signup">Create an account</Link>
        </p>
      </form>
    </div>
  );
}

export default SignInPage;
