/**
 * "850 ms", "12,4 s", "3 min 5 s" in the reader's language; '' for no duration. A no-break space
 * keeps each number with its unit when a narrow table cell wraps.
 */
export function formatDuration(lang: string, ms: number | null): string {
  if (ms === null) return '';
  const number = (value: number, digits = 0) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: digits }).format(value);
  if (ms < 1_000) return `${number(ms)}\u00a0ms`;
  if (ms < 60_000) return `${number(ms / 1_000, 1)}\u00a0s`;
  return `${number(Math.floor(ms / 60_000))}\u00a0min ${number(Math.round((ms % 60_000) / 1_000))}\u00a0s`;
}
