// Pages loaded on first visit (their own chunk), so the studio's first load stays small.
// Customer pages render without a Suspense boundary of their own, so each lazy page brings one.
import { lazy, Suspense, type ComponentType } from 'react';
import { Loading } from '../ui/Loading.tsx';

export function lazyPage<P extends object>(
  load: () => Promise<{ default: ComponentType<P> }>,
): ComponentType<P> {
  const Page = lazy(load);
  return function LazyPage(props: P) {
    return (
      <Suspense fallback={<Loading label="Loading" />}>
        <Page {...props} />
      </Suspense>
    );
  };
}
