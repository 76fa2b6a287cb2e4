// `/account`: the customer's own designs, orders and details (filled in by later work).
import type { PageProps } from '../routes.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { Link } from '../router/router.tsx';

export function AccountPage(_props: PageProps) {
  usePageTitle('Your account');
  return (
    <div className="container page">
      <h1>Your account</h1>
      <div className="studio-placeholder">
        <p>Customer accounts are not open on this site yet.</p>
        <p>
          Working for the firm? <Link to="/console">Go to the staff sign-in</Link>.
        </p>
      </div>
    </div>
  );
}
