/** Strings of the dashboard's live advisory list. */
export const liveDe = {
  'live.loading': 'Warnmeldungen werden geladen …',
  'live.loadFailed': 'Die Warnmeldungen konnten nicht geladen werden.',
  'live.announce.published': 'Neue Warnmeldung: {title}',
  'live.announce.revised': 'Warnmeldung aktualisiert: {title}',
  'live.announce.withdrawn': 'Warnmeldung zurückgezogen: {title}',
  'live.badge.new': 'Neu',
  'live.badge.revised': 'Aktualisiert',
  'live.badge.withdrawn': 'Zurückgezogen',
  'live.announce.revoked': 'Eine Warnmeldung ist für Sie nicht mehr sichtbar.',
};

export const liveEn: Record<keyof typeof liveDe, string> = {
  'live.loading': 'Loading advisories …',
  'live.loadFailed': 'The advisories could not be loaded.',
  'live.announce.published': 'New advisory: {title}',
  'live.announce.revised': 'Advisory updated: {title}',
  'live.announce.withdrawn': 'Advisory withdrawn: {title}',
  'live.badge.new': 'New',
  'live.badge.revised': 'Updated',
  'live.badge.withdrawn': 'Withdrawn',
  'live.announce.revoked': 'An advisory is no longer visible to you.',
};
