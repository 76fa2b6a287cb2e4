// `/account`: what this browser keeps for the customer — the designs saved here (a guest's
// designs are reached by their secret link, which this browser remembers) — and the way to
// compare them; and the way to the signed-in account pages (src/account, src/privacy).
import type { PageProps } from '../routes.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { DateTime } from '../ui/format.tsx';
import { Link } from '../router/router.tsx';
import { designHref, savedDesigns } from '../studio/savedDesigns.ts';

export function AccountPage(_props: PageProps) {
  usePageTitle('Your account');
  const designs = savedDesigns();
  return (
    <div className="container page">
      <h1>Your account</h1>
      <nav aria-label="Account">
        <ul className="saved-list">
          <li>
            <Link to="/account/signin">Sign in</Link> or{' '}
            <Link to="/account/signup">create an account</Link> — your guest designs and orders
            under the same email join it once you confirm the address.
          </li>
          <li>
            <Link to="/account/profile">Profile</Link>: name, contact channels, addresses.
          </li>
          <li>
            <Link to="/account/messages">Messages</Link> with the firm about your designs and
            orders.
          </li>
          <li>
            <Link to="/account/privacy">Privacy centre</Link>: what the firm holds, your consents,
            download or erase your data.
          </li>
        </ul>
      </nav>
      <section aria-labelledby="saved-title">
        <h2 id="saved-title">Designs saved in this browser</h2>
        {designs.length === 0 ? (
          <p className="muted">
            None yet. <Link to="/">Start a design</Link> and save it to find it here.
          </p>
        ) : (
          <>
            <ul className="saved-list">
              {designs.map((d) => (
                <li key={d.id}>
                  <Link to={designHref(d.id, d.token)}>{d.name}</Link>{' '}
                  <span className="muted">
                    · {d.productSlug} · saved <DateTime value={d.savedAt} />
                  </span>
                </li>
              ))}
            </ul>
            {designs.length >= 2 ? (
              <p>
                <Link to="/compare">Compare your designs</Link>
              </p>
            ) : null}
          </>
        )}
      </section>
      <p className="muted">
        Working for the firm? <Link to="/console">Go to the staff sign-in</Link>.
      </p>
    </div>
  );
}
