// `/orders/:id`: one order, its status and the dialogue with the firm (filled in by later work).
import type { PageProps } from '../routes.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { Link } from '../router/router.tsx';

export function OrderPage({ params }: PageProps) {
  usePageTitle('Your order');
  return (
    <div className="container page">
      <h1>Your order</h1>
      <p className="muted">Order reference {params.id}</p>
      <div className="studio-placeholder">
        <p>Order tracking is not available on this site yet.</p>
        <p>
          <Link to="/">Back to the start</Link>
        </p>
      </div>
    </div>
  );
}
