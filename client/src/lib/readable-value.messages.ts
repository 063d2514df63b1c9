/** Words for values shown as text in key/value lists (lib/readable-value.ts). */
export const readableValueDe = {
  'readable.yes': 'ja',
  'readable.no': 'nein',
  'readable.none': '–',
  'readable.empty': 'keine',
  'readable.more': '{shown} und {n} weitere',
  'readable.pair': '{label}: {value}',
};

export const readableValueEn: Record<keyof typeof readableValueDe, string> = {
  'readable.yes': 'yes',
  'readable.no': 'no',
  'readable.none': '–',
  'readable.empty': 'none',
  'readable.more': '{shown} and {n} more',
  'readable.pair': '{label}: {value}',
};
