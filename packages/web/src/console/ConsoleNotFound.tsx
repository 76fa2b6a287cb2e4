// A /console/… path no console route matches.
import { Link } from '../router/router.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';

export function ConsoleNotFound() {
  usePageTitle('Page not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no console page at this address. <Link to="/console">Go to the overview</Link>.
      </p>
    </>
  );
}
