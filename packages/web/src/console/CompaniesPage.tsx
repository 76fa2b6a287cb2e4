// `/console/companies`: the firm's business customers (issue 12) — each company with the link to
// its portal, the configurations it approved and its locations / cost centers
// (GET /business-accounts, GET /business-accounts/:id).
import { approvalSummary, companies, type Company } from '../api/companies.ts';
import { LocationsTable } from '../customer/CompanyPortalPage.tsx';
import { FormAlert } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';

export function CompaniesPage({ session }: ConsolePageProps) {
  usePageTitle('Companies', session.tenant.name);
  const list = useResource(() => companies.list());
  return (
    <>
      <PageHeader title="Companies">
        Business customers with their own portal: what each approved for its people, and where they
        order for.
      </PageHeader>
      <FormAlert error={list.error} />
      {list.loading && !list.data ? <Loading label="Loading the companies" /> : null}
      {list.data?.length === 0 ? <p>No companies yet.</p> : null}
      {list.data?.map((c) => (
        <CompanySection key={c.id} company={c} />
      ))}
    </>
  );
}

function CompanySection({ company }: { company: Company }) {
  const detail = useResource(() => companies.get(company.id));
  return (
    <section className="section" aria-labelledby={`company-${company.id}`}>
      <h2 id={`company-${company.id}`}>{company.name}</h2>
      <p>
        {company.portalPath ? (
          <>
            Portal: <a href={company.portalPath}>{company.portalPath}</a>
          </>
        ) : (
          'No portal address yet.'
        )}
      </p>
      <FormAlert error={detail.error} />
      {detail.data ? (
        <>
          <h3>Approved configurations</h3>
          {detail.data.configurations.length === 0 ? (
            <p>None yet.</p>
          ) : (
            <ul>
              {detail.data.configurations.map(({ configuration: a, product }) => (
                <li key={a.id}>
                  <strong>{a.name}</strong> ({product.name},{' '}
                  {a.kind === 'fixed' ? 'fixed design' : 'space'}): {approvalSummary(a)}
                </li>
              ))}
            </ul>
          )}
          <LocationsTable portal={detail.data} />
        </>
      ) : null}
    </section>
  );
}
