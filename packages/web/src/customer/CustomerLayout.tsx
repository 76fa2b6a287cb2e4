// Frame of every customer page: skip link, header with the firm's name and the customer
// navigation, <main id="main"> (focused after each navigation), footer with the staff entrance.
// The studio helper adds pages via ../routes.tsx and links here in `customerNav`.

import { useRef, type ReactNode } from 'react';
import { Link, useRouteFocus } from '../router/router.tsx';
import { useFirmName } from './useFirmName.ts';

export const customerNav: readonly { to: string; label: string }[] = [
  { to: '/', label: 'Design' },
  { to: '/compare', label: 'Compare' },
  { to: '/gallery', label: 'Gallery' },
  { to: '/account', label: 'Your account' },
];

export function CustomerLayout({ children }: { children: ReactNode }) {
  const main = useRef<HTMLElement>(null);
  useRouteFocus(main);
  const firm = useFirmName();
  return (
    <div className="shell shell--customer">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <Link to="/" className="brand">
            <span className="brand__mark" aria-hidden="true">
              {firm.slice(0, 1).toUpperCase()}
            </span>
            <span className="brand__name">{firm}</span>
          </Link>
          <nav aria-label="Main" className="topnav">
            <ul>
              {customerNav.map((item) => (
                <li key={item.to}>
                  <Link to={item.to} matchPrefix={item.to !== '/'}>
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="customer-main">
        {children}
      </main>
      <footer className="footer">
        <div className="footer__inner">
          <span>
            {firm} · powered by <a href="https://github.com/customerize">Customerize</a>
          </span>
          <Link to="/console">Staff sign-in</Link>
        </div>
      </footer>
    </div>
  );
}
