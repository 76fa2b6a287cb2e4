// Dates as people read them, in their own locale (./dates.ts); the machine-readable value stays
// in <time> and the full date and time is in its tooltip.
import { formatDate, formatDateTime } from './dates.ts';

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
      {withTime ? formatDateTime(value) : formatDate(value)}
    </time>
  );
}
