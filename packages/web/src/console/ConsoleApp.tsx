// Entry of the firm console (loaded lazily by ../routes.tsx for /console and /console/*).
// Not signed in → the sign-in form at the requested address, which then renders in place.
// Signed in as staff → <ConsoleLayout> around the page from ./routes.tsx.

import { matchRoute } from '../router/match.ts';
import { usePath } from '../router/router.tsx';
import { useSession } from '../session.tsx';
import { Loading } from '../ui/Loading.tsx';
import { describeError } from '../ui/forms.tsx';
import { consoleRoutes } from './routes.tsx';
import { ConsoleLayout } from './ConsoleLayout.tsx';
import { SignInPage } from './SignInPage.tsx';
import { ConsoleNotFound } from './ConsoleNotFound.tsx';
import { ProviderView } from './ProviderView.tsx';

export default function ConsoleApp() {
  const { state, refresh, signOut } = useSession();
  const path = usePath();

  if (state.status === 'loading') return <Loading label="Loading the console" fullPage />;
  if (state.status === 'error') {
    const { title, detail } = describeError(state.error);
    return (
      <div className="centered-card">
        <div className="card">
          <h1>Console unavailable</h1>
          <div className="alert alert--error" role="alert">
            <p className="alert__title">{title}</p>
            {detail ? <p>{detail}</p> : null}
          </div>
          <button type="button" className="button" onClick={() => void refresh()}>
            Try again
          </button>
        </div>
      </div>
    );
  }
  if (state.status === 'signed-out') return <SignInPage />;
  if (state.session.user.kind === 'provider') return <ProviderView session={state.session} />;
  if (state.session.user.kind !== 'staff') {
    return (
      <div className="centered-card">
        <div className="card">
          <h1>Staff only</h1>
          <p>
            You are signed in as a customer ({state.session.user.email}). The console is for the
            firm&apos;s staff.
          </p>
          <button type="button" className="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </div>
    );
  }

  const match = matchRoute(consoleRoutes, path);
  const Page = match?.route.page;
  return (
    <ConsoleLayout session={state.session}>
      {Page && match ? <Page params={match.params} session={state.session} /> : <ConsoleNotFound />}
    </ConsoleLayout>
  );
}
