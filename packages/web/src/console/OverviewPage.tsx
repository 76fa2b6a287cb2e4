// `/console`: who is signed in, for which firm. (Deliberately no second link to each section:
// the section <nav> is the one way there, so every link name on a page stays unique.)
import { Link } from '../router/router.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { PageHeader } from '../ui/PageHeader.tsx';
import { ROLE_LABELS, type StaffRole } from '../api/types.ts';
import type { ConsolePageProps } from './routes.tsx';

export function OverviewPage({ session }: ConsolePageProps) {
  usePageTitle('Overview', session.tenant.name);
  const { user, tenant } = session;
  const firstName = (user.name || user.email).split(/\s+/)[0];
  return (
    <>
      <PageHeader title="Overview">Welcome, {firstName}.</PageHeader>
      <div className="tiles">
        <section className="tile" aria-labelledby="firm-title">
          <h2 id="firm-title" className="tile__title">
            Your firm
          </h2>
          <dl className="facts">
            <dt>Name</dt>
            <dd>{tenant.name}</dd>
            <dt>Short name</dt>
            <dd className="mono">{tenant.slug}</dd>
          </dl>
          <p>
            <Link to="/">Open the customer site</Link>
          </p>
        </section>
        <section className="tile" aria-labelledby="you-title">
          <h2 id="you-title" className="tile__title">
            Signed in as
          </h2>
          <dl className="facts">
            <dt>Name</dt>
            <dd>{user.name || '—'}</dd>
            <dt>Email</dt>
            <dd>{user.email}</dd>
            <dt>Role</dt>
            <dd>{ROLE_LABELS[user.role as StaffRole] ?? user.role}</dd>
          </dl>
        </section>
      </div>
    </>
  );
}
