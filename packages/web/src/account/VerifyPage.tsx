// `/account/verify?token=…`: the landing of the verification email. Confirms the address once
// (the link is single use) and says which guest designs and orders became the customer's.
import { useEffect, useState } from 'react';
import type { PageProps } from '../routes.tsx';
import { Link } from '../router/router.tsx';
import { FormAlert } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { account, tokenFromUrl, type Verified } from './api.ts';

// One request per token even when React runs the effect twice (strict mode, remounts).
const pending = new Map<string, Promise<Verified>>();

export function VerifyPage(_props: PageProps) {
  usePageTitle('Confirm your email');
  const token = tokenFromUrl();
  const [result, setResult] = useState<Verified | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!token) return;
    let live = true;
    let once = pending.get(token);
    if (!once) {
      once = account.verify(token);
      pending.set(token, once);
    }
    once.then(
      (r) => live && setResult(r),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [token]);

  const designs = result?.claimed.designs ?? 0;
  const orders = result?.claimed.orders ?? 0;
  return (
    <div className="container page narrow">
      <h1>Confirm your email</h1>
      {!token ? (
        <p role="alert">This link is incomplete. Open the link from the email again.</p>
      ) : null}
      {token && !result && !error ? <Loading label="Confirming your email" /> : null}
      <FormAlert error={error} />
      {error ? (
        <p>
          <Link to="/account/signup">Sign up again</Link> to get a new link, or{' '}
          <Link to="/account/signin">sign in</Link> if you already confirmed.
        </p>
      ) : null}
      {result ? (
        <div className="card" role="status">
          <p>
            Thank you, <strong>{result.email}</strong> is confirmed and your account is ready.
          </p>
          {designs || orders ? (
            <p>
              We added {designs} design{designs === 1 ? '' : 's'} and {orders} order
              {orders === 1 ? '' : 's'} you made as a guest to your account.
            </p>
          ) : null}
          <p>
            <Link to="/account/signin">Sign in</Link>
          </p>
        </div>
      ) : null}
    </div>
  );
}

export default VerifyPage;
