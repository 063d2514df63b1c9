/**
 * Presentation of UTC instants in Europe/Berlin (CET/CEST), with the platform's Intl time-zone
 * data: no extra library. Deadlines are computed in UTC (deadlines.ts) and only shown here.
 */
const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/** ISO 8601 local time with offset in Berlin, e.g. `2026-03-29T03:30:00+02:00`. */
export function toBerlinIso(date: Date): string {
  const parts = Object.fromEntries(PARTS.formatToParts(date).map((part) => [part.type, part.value]));
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

const LABELS = {
  de: new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' }),
};
const ZONE = {
  de: new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', timeZoneName: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', timeZoneName: 'short' }),
};

/** A human label in Berlin time with the zone abbreviation, e.g. `29.03.2026, 03:30 MESZ`. */
export function berlinLabel(date: Date, locale: 'de' | 'en' = 'de'): string {
  const zone = ZONE[locale].formatToParts(date).find((part) => part.type === 'timeZoneName')?.value ?? '';
  return `${LABELS[locale].format(date)} ${zone}`.trim();
}
