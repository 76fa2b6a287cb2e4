// Title block of a console page: the page's <h1> and a one-line description.
import type { ReactNode } from 'react';

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {children ? <p className="page-header__lead">{children}</p> : null}
    </div>
  );
}
