// A table that may be wider than a phone scrolls sideways inside this box (focusable, so the
// keyboard can scroll it too), never the page.
import type { ReactNode } from 'react';

export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
