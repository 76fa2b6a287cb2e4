// A polite loading indicator; `fullPage` centres it in the viewport.
export function Loading({ label = 'Loading', fullPage }: { label?: string; fullPage?: boolean }) {
  return (
    <div className={fullPage ? 'loading loading--page' : 'loading'} role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}…</span>
    </div>
  );
}
