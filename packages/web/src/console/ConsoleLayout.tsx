// Frame of every signed-in console page: skip link, top bar (firm, who is signed in, Sign out),
// the section <nav> (aria-current on the current page; a sidebar on wide screens, a scrollable
// strip on phones) and <main id="main">, focused after each navigation.

import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Session } from '../api/types.ts';
import { ROLE_LABELS, type StaffRole } from '../api/types.ts';
import { Link, navigate, useRouteFocus } from '../router/router.tsx';
import { useSession } from '../session.tsx';
import { consoleNav } from './routes.tsx';

export function ConsoleLayout({ session, children }: { session: Session; children: ReactNode }) {
  const main = useRef<HTMLElement>(null);
  useRouteFocus(main);
  // Right after signing in, the sign-in button that had focus is gone: start at the page.
  useEffect(() => {
    if (document.activeElement === document.body) main.current?.focus();
  }, []);
  const { signOut } = useSession();
  const [signingOut, setSigningOut] = useState(false);
  const roleLabel = ROLE_LABELS[session.user.role as StaffRole] ?? session.user.role;

  const onSignOut = async () => {
    setSigningOut(true);
    try {
      await signOut();
    } catch {
      // The session is dropped locally either way; the server expires it on its own.
    } finally {
      setSigningOut(false);
      navigate('/console', { replace: true });
    }
  };

  return (
    <div className="shell shell--console">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar topbar--console">
        <div className="topbar__inner topbar__inner--wide">
          <Link to="/console" className="brand">
            <span className="brand__mark" aria-hidden="true">
              {session.tenant.name.slice(0, 1).toUpperCase()}
            </span>
            <span className="brand__name">{session.tenant.name}</span>
            <span className="brand__tag">Console</span>
          </Link>
          <div className="whoami">
            <span className="whoami__text">
              <span className="whoami__name">{session.user.name || session.user.email}</span>
              <span className="whoami__role">{roleLabel}</span>
            </span>
            <button
              type="button"
              className="button button--ghost"
              onClick={() => void onSignOut()}
              disabled={signingOut}
            >
              Sign out
            </button>
          </div>
        </div>
      </header>
      <div className="console-body">
        <nav aria-label="Console" className="sidenav">
          <ul>
            {consoleNav.map((item) => (
              <li key={item.to}>
                <Link to={item.to} matchPrefix={item.to !== '/console'}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" ref={main} tabIndex={-1} className="console-main">
          {children}
        </main>
      </div>
    </div>
  );
}
