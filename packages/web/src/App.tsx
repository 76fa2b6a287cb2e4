// Root component: session for everyone, then the page the URL names (see routes.tsx).
// Customer pages share <CustomerLayout>; the console brings its own layout.

import { Suspense } from 'react';
import { usePath } from './router/router.tsx';
import { matchRoute } from './router/match.ts';
import { routes } from './routes.tsx';
import { SessionProvider } from './session.tsx';
import { CustomerLayout } from './customer/CustomerLayout.tsx';
import { NotFoundPage } from './customer/NotFoundPage.tsx';
import { Loading } from './ui/Loading.tsx';

export function App() {
  return (
    <SessionProvider>
      <CurrentPage />
    </SessionProvider>
  );
}

function CurrentPage() {
  const path = usePath();
  const match = matchRoute(routes, path);
  if (!match) {
    return (
      <CustomerLayout>
        <NotFoundPage />
      </CustomerLayout>
    );
  }
  const Page = match.route.page;
  if (match.route.area === 'console') {
    return (
      <Suspense fallback={<Loading label="Loading the console" fullPage />}>
        <Page params={match.params} />
      </Suspense>
    );
  }
  return (
    <CustomerLayout>
      <Page params={match.params} />
    </CustomerLayout>
  );
}
