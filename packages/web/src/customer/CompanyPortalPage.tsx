// `/company/:slug`: a company's portal in the firm's shop (issue 12) — its name and logo, and only
// the configurations the company approved, each opening the normal studio inside its space. The
// company admin also sees the company's people and locations. Anyone who is not one of the
// company's signed-in people gets "not found", as the server answers.
import type { PageProps } from '../routes.tsx';
import { approvalSummary, approvedHref, companies, type CompanyPortal } from '../api/companies.ts';
import { Link } from '../router/router.tsx';
import { CompanySpendLimits } from './CompanySpendLimits.tsx';
import { PortalQuotes } from './PortalQuotes.tsx';
import { loadStorefront } from '../studio/storefront.ts';
import { formatMoney } from '../studio/format.ts';
import { FormAlert } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';

export function CompanyPortalPage({ params }: PageProps) {
  const slug = params.slug ?? '';
  const portal = useResource(async () => {
    const storefront = await loadStorefront();
    return companies.portal(storefront.tenant.slug, slug);
  });
  usePageTitle(portal.data?.company.name ?? 'Company portal');
  if (portal.error)
    return (
      <div className="container page">
        <h1>Company portal not available</h1>
        <FormAlert error={portal.error} />
        <p>
          Sign in with your company account to see your company’s portal.{' '}
          <Link to="/account/signin">Sign in</Link>
        </p>
      </div>
    );
  if (!portal.data) return <Loading label="Loading your company portal" />;
  return <Portal portal={portal.data} />;
}

function Portal({ portal }: { portal: CompanyPortal }) {
  const { company } = portal;
  return (
    <div className="container page company-portal">
      <header className="company-portal__head">
        {company.logoUrl ? (
          <img
            className="company-portal__logo"
            src={company.logoUrl}
            alt={`${company.name} logo`}
          />
        ) : null}
        <h1>{company.name}</h1>
        <p>What {company.name} approved for you to order.</p>
        <p>
          <Link to={`/company/${company.slug ?? ''}/approvals`}>
            {portal.role === 'approver' || portal.role === 'admin'
              ? 'Approvals'
              : 'Your orders waiting for approval'}
          </Link>
        </p>
      </header>
      <section aria-labelledby="approved-title" className="section">
        <h2 id="approved-title">Approved configurations</h2>
        {portal.configurations.length === 0 ? (
          <p>Nothing is approved yet. Your company admin approves what you can order.</p>
        ) : (
          <ul className="card-grid">
            {portal.configurations.map(({ configuration: c, product }) => (
              <li key={c.id} className="card">
                <h3>
                  <Link to={approvedHref(product.slug, c.id)}>{c.name}</Link>
                </h3>
                <p className="card__meta">
                  {product.name} ·{' '}
                  {c.kind === 'fixed' ? 'Standard design' : 'Choose within the range'}
                </p>
                <p className="card__text">{approvalSummary(c)}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <PortalQuotes portal={portal} />
      {portal.role === 'admin' ? <AdminSections portal={portal} /> : null}
    </div>
  );
}

function AdminSections({ portal }: { portal: CompanyPortal }) {
  return (
    <>
      <section aria-labelledby="people-title" className="section">
        <h2 id="people-title">People</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {portal.people.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.email}</td>
                <td>{p.role ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <LocationsTable portal={portal} />
      <CompanySpendLimits currency={portal.locations[0]?.currency ?? 'EUR'} />
    </>
  );
}

export function LocationsTable({ portal }: { portal: CompanyPortal }) {
  return (
    <section aria-labelledby="locations-title" className="section">
      <h2 id="locations-title">Locations and cost centers</h2>
      {portal.locations.length === 0 ? (
        <p>No locations yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Location</th>
              <th scope="col">Ships to</th>
              <th scope="col">Budget</th>
            </tr>
          </thead>
          <tbody>
            {portal.locations.map((l) => (
              <tr key={l.id}>
                <td>{l.name}</td>
                <td>
                  {[
                    l.shippingAddress.label,
                    ...l.shippingAddress.lines,
                    l.shippingAddress.city,
                  ].join(', ')}
                </td>
                <td>{l.budget === null ? 'No budget' : formatMoney(l.budget, l.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
