// Dates as people read them, in their own locale; the machine-readable value stays in <time>
// and the full date and time is in its tooltip.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(iso: string, withTime = true): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return (withTime ? dateTime : dateOnly).format(d);
}

export function DateTime({
  value,
  empty = '—',
  withTime = true,
}: {
  value: string | null;
  empty?: string;
  withTime?: boolean;
}) {
  if (!value) return <span className="muted">{empty}</span>;
  return (
    <time dateTime={value} title={withTime ? undefined : formatDateTime(value)}>
      {formatDateTime(value, withTime)}
    </time>
  );
}
