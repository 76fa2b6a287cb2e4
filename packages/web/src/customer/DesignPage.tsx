// `/designs/:id`: one saved design, opened in the studio (filled in by the studio work).
import type { PageProps } from '../routes.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { Link } from '../router/router.tsx';

export function DesignPage({ params }: PageProps) {
  usePageTitle('Your design');
  return (
    <div className="container page">
      <h1>Your design</h1>
      <p className="muted">Design reference {params.id}</p>
      <div className="studio-placeholder">
        <p>This design cannot be opened yet: the studio is not available on this site.</p>
        <p>
          <Link to="/">Back to the start</Link>
        </p>
      </div>
    </div>
  );
}
