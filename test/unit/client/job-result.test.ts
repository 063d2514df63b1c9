import { expect } from 'chai';
import { describeJobRun, maintenanceReason, type RunForOutcome } from '../../../client/src/features/operations/job-result.js';
import { jobResultDe, jobResultEn } from '../../../client/src/features/operations/job-result.messages.js';
import { feedsDe, feedsEn } from '../../../client/src/features/feeds/feeds.messages.js';
import { labelsDe, labelsEn } from '../../../client/src/lib/labels.messages.js';
import { readableValueDe, readableValueEn } from '../../../client/src/lib/readable-value.messages.js';
import { wordsOf } from '../../support/words.js';
import { DEFAULT_THRESHOLDS, maintenanceDue } from '../../../server/platform/db/embedded-maintenance.js';

const de = wordsOf('de', jobResultDe, feedsDe, labelsDe, readableValueDe);
const en = wordsOf('en', jobResultEn, feedsEn, labelsEn, readableValueEn);

const succeeded = (name: string, result: Record<string, unknown> | null): RunForOutcome => ({ name, status: 'succeeded', error: null, result });
const lines = (outcome: ReturnType<typeof describeJobRun>) => outcome.items.map((item) => `${item.label}: ${item.value}`);

describe("client: what a scheduled job's run did, in words", () => {
  it('words every reason the embedded database maintenance gives (server wording in, German and English out)', () => {
    const due = maintenanceDue({ table: 'public.feed_items', reltuples: 1000, dead: 5000, insertedSinceVacuum: 9000, modifiedSinceAnalyze: 7000, xidAge: 300_000_000, mxidAge: 500_000_000 }, DEFAULT_THRESHOLDS);
    expect(due.reasons).to.have.length(5);
    const german = due.reasons.map((reason) => maintenanceReason(de, reason));
    expect(german).to.deep.equal([
      '5.000 tote Zeilenversionen (Grenze 250)',
      '9.000 neue Zeilen seit dem letzten VACUUM (Grenze 1.200)',
      'Transaktions-IDs 300.000.000 Transaktionen alt, müssen eingefroren werden (Grenze 200.000.000)',
      'Multixact-IDs 500.000.000 alt, müssen eingefroren werden (Grenze 400.000.000)',
      '7.000 geänderte Zeilen seit der letzten Analyse (Grenze 150)',
    ]);
    expect(maintenanceReason(en, due.reasons[0]!)).to.equal('5,000 dead row versions (limit 250)');
    expect(maintenanceReason(de, 'a reason worded otherwise')).to.equal('a reason worded otherwise');
  });

  it('says which tables database.maintenance vacuumed or analyzed and why, or that there was nothing to do', () => {
    const run = succeeded('database.maintenance', {
      tables: [
        { table: 'public.feed_items', vacuum: true, analyze: true, reasons: ['5000 dead rows > 250', '7000 rows changed since the last analysis > 150'], ms: 1250 },
        { table: 'public.sessions', vacuum: false, analyze: true, reasons: ['80 rows changed since the last analysis > 52'], ms: 12 },
      ],
      ms: 1400,
    });
    const outcome = describeJobRun(de, run);
    expect(outcome.summary).to.equal('2 Tabellen gepflegt (1,4\u00a0s).');
    expect(lines(outcome)).to.deep.equal([
      'public.feed_items: VACUUM und ANALYZE in 1,3\u00a0s, weil: 5.000 tote Zeilenversionen (Grenze 250); 7.000 geänderte Zeilen seit der letzten Analyse (Grenze 150)',
      'public.sessions: ANALYZE in 12\u00a0ms, weil: 80 geänderte Zeilen seit der letzten Analyse (Grenze 52)',
    ]);
    expect(describeJobRun(en, run).summary).to.equal('2 tables maintained (1.4\u00a0s).');
    expect(describeJobRun(de, succeeded('database.maintenance', { tables: [{ table: 'public.x', vacuum: true, analyze: false, reasons: [], ms: 3 }], ms: 5 })).summary).to.equal('1 Tabelle gepflegt (5\u00a0ms).');
    expect(describeJobRun(de, succeeded('database.maintenance', { tables: [], ms: 40 }))).to.deep.equal({ summary: 'Nichts zu tun: keine Tabelle brauchte VACUUM oder ANALYZE (40\u00a0ms).', items: [] });
  });

  it("words a feed run's counts, its error and what was stored, and links to the source's runs", () => {
    const run = succeeded('feeds.cisa-kev', {
      acquired: true,
      run: { id: 'r1', sourceId: 'c0ffee00-0000-4000-8000-000000000001', status: 'partial', newCount: 5, updatedCount: 2, unchangedCount: 1200, failedCount: 1, error: 'timeout: no answer within 30000 ms', problems: [{ ref: 'a.json', message: 'no answer' }], counts: { noun: 'entries', records: 1208, stixObjects: { new: 10, updated: 0, unchanged: 3 }, quarantined: 0 } },
    });
    const outcome = describeJobRun(de, run);
    expect(outcome.summary).to.equal('teilweise: 5 neu, 2 geändert, 1.200 unverändert, 1 fehlerhaft.');
    expect(lines(outcome)).to.deep.equal(['Fehler: Zeitüberschreitung (no answer within 30000 ms)', 'Von der Quelle geliefert: 1.208', 'STIX-Objekte: 10 neu, 0 geändert, 3 unverändert', 'Probleme einzelner Dokumente: 1']);
    expect(outcome.link).to.deep.equal({ to: '/quellen?runs=c0ffee00-0000-4000-8000-000000000001', label: 'Läufe der Quelle ansehen' });
    expect(describeJobRun(en, run).summary).to.equal('partial: 5 new, 2 updated, 1,200 unchanged, 1 failed.');
    expect(describeJobRun(de, succeeded('feeds.cisa-kev', { acquired: false })).summary).to.equal('Übersprungen: eine andere Instanz ruft diese Quelle gerade ab.');
  });

  it('counts reminders and escalations in singular and plural, and names the weekly report it drafted', () => {
    expect(describeJobRun(de, succeeded('incidents.deadline-reminders', { reminders: 0 })).summary).to.equal('Keine Meldefrist stand an; keine Erinnerung verschickt.');
    expect(describeJobRun(de, succeeded('incidents.deadline-reminders', { reminders: 1 })).summary).to.equal('1 Fristerinnerung verschickt.');
    expect(describeJobRun(en, succeeded('incidents.deadline-reminders', { reminders: 3 })).summary).to.equal('3 deadline reminders sent.');
    expect(describeJobRun(de, succeeded('matching.escalation', { escalated: 2, reminded: 1 })).summary).to.equal('2 Warnmeldungen eskaliert, 1 Erinnerung verschickt.');
    expect(describeJobRun(de, succeeded('matching.escalation', { escalated: 0, reminded: 0 })).summary).to.equal('Keine unbeantwortete Warnmeldung war fällig.');
    // The week of Monday 27 April 2026 (Berlin summer time: midnight is 22:00 UTC the day before).
    const report = describeJobRun(de, succeeded('situation.weekly-report', { reportId: 'rep-1', from: '2026-04-26T22:00:00.000Z', to: '2026-05-03T22:00:00.000Z' }));
    expect(report.summary).to.equal('Entwurf des Lageberichts für 27.04.2026 bis 03.05.2026 angelegt.');
    expect(report.link).to.deep.equal({ to: '/lageberichte/rep-1', label: 'Entwurf öffnen' });
  });

  it('counts the digests e-mailed and the live events pruned', () => {
    expect(describeJobRun(de, succeeded('notifications.daily-digest', { digests: 0 })).summary).to.equal('Keine Benachrichtigung wartete auf eine Zusammenfassung; keine E-Mail verschickt.');
    expect(describeJobRun(de, succeeded('notifications.weekly-digest', { digests: 1 })).summary).to.equal('1 Zusammenfassung per E-Mail verschickt.');
    expect(describeJobRun(en, succeeded('notifications.daily-digest', { digests: 4 })).summary).to.equal('4 digests e-mailed.');
    expect(describeJobRun(de, succeeded('events.prune', { deleted: 1200, retentionDays: 30 })).summary).to.equal('1.200 Live-Ereignisse gelöscht, die älter als 30 Tage waren.');
    expect(describeJobRun(en, succeeded('events.prune', { deleted: 1, retentionDays: 30 })).summary).to.equal('1 live event older than 30 days deleted.');
  });

  it('shows a failed run its error, a timeout in words, and a run without result as such', () => {
    expect(describeJobRun(de, { name: 'matching.escalation', status: 'failed', error: 'Datenbank nicht erreichbar', result: null }).summary).to.equal('Datenbank nicht erreichbar');
    expect(describeJobRun(de, { name: 'feeds.nvd', status: 'timed_out', error: 'timed out after 1800000 ms', result: null }).summary).to.equal('Nach 30\u00a0min 0\u00a0s abgebrochen (Zeitlimit des Auftrags).');
    expect(describeJobRun(en, { name: 'events.prune', status: 'running', error: null, result: null }).summary).to.equal('Still running; the result shows here once the run ends.');
    expect(describeJobRun(de, succeeded('notifications.daily-digest', null)).summary).to.equal('Erfolgreich beendet; dieser Auftrag meldet keine Zahlen.');
  });

  it('shows a result of a shape it does not know as readable key/value lines, never as JSON', () => {
    const unknown = describeJobRun(de, succeeded('archive.compact', { deleted: 1500, cutoff: '2026-01-01T00:00:00.000Z', nested: { dryRun: false, tables: ['a', 'b'] } }));
    expect(unknown.summary).to.equal('');
    expect(unknown.items.map((item) => item.label)).to.deep.equal(['deleted', 'cutoff', 'nested']);
    expect(unknown.items[0]!.value).to.equal('1.500');
    expect(unknown.items[2]!.value).to.equal('dryRun: nein, tables: a, b');
    // A known job whose result has another shape (an older or newer server) falls back the same way.
    const odd = describeJobRun(de, succeeded('database.maintenance', { vacuumed: 3 }));
    expect(lines(odd)).to.deep.equal(['vacuumed: 3']);
    for (const item of [...unknown.items, ...odd.items]) expect(item.value).not.to.match(/[{}"]/);
  });
});
