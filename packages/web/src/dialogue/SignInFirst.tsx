// What a customer page shows to someone not signed in as a customer: a way to sign in that
// comes back here afterwards.
import { Link } from '../router/router.tsx';

export function SignInFirst({ title }: { title: string }) {
  const here = window.location.pathname + window.location.search;
  return (
    <div className="container page">
      <h1>{title}</h1>
      <p>
        Please <Link to={`/account/signin?next=${encodeURIComponent(here)}`}>sign in</Link> or{' '}
        <Link to="/account/signup">create an account</Link> first.
      </p>
    </div>
  );
}
