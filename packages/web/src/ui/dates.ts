// Every date the web app shows, in one locale-aware format: "8 Dec 2026" (or the reader's
// locale's medium date), with the time added where the moment matters ("8 Dec 2026, 14:05").
// Calendar dates (YYYY-MM-DD: promised dates, capacity days) are read as that day wherever the
// reader is; instants (ISO timestamps, Date) are shown in the reader's time zone.

const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string | undefined, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${withTime}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      ...(withTime ? { timeStyle: 'short' } : {}),
    });
    formats.set(key, f);
  }
  return f;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toDate(value: string | Date): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const day = CALENDAR_DATE.exec(value);
  const d = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A day as people read it ("Dec 8, 2026" in en-US); unreadable input is shown as given. */
export function formatDate(iso: string | Date, locale?: string): string {
  const d = toDate(iso);
  return d ? format(locale, false).format(d) : String(iso);
}

/** A moment as people read it ("Dec 8, 2026, 2:05 PM" in en-US), in the reader's time zone. */
export function formatDateTime(iso: string | Date, locale?: string): string {
  const d = toDate(iso);
  return d ? format(locale, true).format(d) : String(iso);
}
