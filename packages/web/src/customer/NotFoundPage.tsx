// Any path no route matches.
import { usePageTitle } from '../ui/usePageTitle.ts';
import { Link } from '../router/router.tsx';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <div className="container page">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <p>
        <Link to="/">Go to the start</Link>
      </p>
    </div>
  );
}
