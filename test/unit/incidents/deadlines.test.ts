import { expect } from 'chai';
import { addCalendarMonth, addHours, computeDeadlines, nextDueAt, type DeadlineInput } from '../../../server/incidents/deadlines.js';
import { berlinLabel, toBerlinIso } from '../../../server/incidents/berlin-time.js';

const base: DeadlineInput = { awarenessAt: null, firstSubmittedAt: {}, intermediateRequestedDueAt: null, handlingEndedAt: null, ongoing: false };
const at = (iso: string) => new Date(iso);
const due = (input: DeadlineInput, stage: string) => computeDeadlines(input).find((deadline) => deadline.stage === stage)?.dueAt?.toISOString() ?? null;

describe('incident deadlines (NIS2 Art. 23 / BSIG § 32)', () => {
  it('puts the early warning exactly 24 h and the notification exactly 72 h after awareness', () => {
    const input = { ...base, awarenessAt: at('2026-05-12T08:15:00.000Z') };
    expect(due(input, 'early_warning')).to.equal('2026-05-13T08:15:00.000Z');
    expect(due(input, 'notification')).to.equal('2026-05-15T08:15:00.000Z');
    expect(toBerlinIso(at('2026-05-13T08:15:00.000Z'))).to.equal('2026-05-13T10:15:00+02:00');
  });

  it('counts 24 real hours across the March clock change (Berlin wall clock moves by one hour)', () => {
    const awareness = at('2026-03-28T11:00:00.000Z'); // 12:00 CET
    const early = addHours(awareness, 24);
    expect(early.toISOString()).to.equal('2026-03-29T11:00:00.000Z');
    expect(toBerlinIso(awareness)).to.equal('2026-03-28T12:00:00+01:00');
    expect(toBerlinIso(early)).to.equal('2026-03-29T13:00:00+02:00');
    expect(berlinLabel(early)).to.match(/MESZ$/);
  });

  it('counts 24 real hours across the October clock change', () => {
    const awareness = at('2026-10-24T22:30:00.000Z'); // 00:30 CEST on the 25th
    expect(toBerlinIso(awareness)).to.equal('2026-10-25T00:30:00+02:00');
    expect(toBerlinIso(addHours(awareness, 24))).to.equal('2026-10-25T23:30:00+01:00');
    expect(berlinLabel(addHours(awareness, 24), 'en')).to.match(/CET|GMT\+1/);
  });

  it('renders the ambiguous October hour with the right offset on each side', () => {
    expect(toBerlinIso(at('2026-10-25T00:30:00.000Z'))).to.equal('2026-10-25T02:30:00+02:00');
    expect(toBerlinIso(at('2026-10-25T01:30:00.000Z'))).to.equal('2026-10-25T02:30:00+01:00');
  });

  it('adds one calendar month in UTC, clamped to the month end, with leap years', () => {
    expect(addCalendarMonth(at('2026-01-31T10:00:00.000Z')).toISOString()).to.equal('2026-02-28T10:00:00.000Z');
    expect(addCalendarMonth(at('2028-01-31T10:00:00.000Z')).toISOString()).to.equal('2028-02-29T10:00:00.000Z');
    expect(addCalendarMonth(at('2026-03-31T23:59:59.999Z')).toISOString()).to.equal('2026-04-30T23:59:59.999Z');
    expect(addCalendarMonth(at('2026-12-15T06:00:00.000Z')).toISOString()).to.equal('2027-01-15T06:00:00.000Z');
    expect(addCalendarMonth(at('2026-02-28T12:00:00.000Z')).toISOString()).to.equal('2026-03-28T12:00:00.000Z');
  });

  it('starts the final report clock at the notification submission, not at awareness', () => {
    const input = { ...base, awarenessAt: at('2026-01-01T00:00:00.000Z'), firstSubmittedAt: { notification: at('2026-01-31T09:00:00.000Z') } };
    expect(due(input, 'final')).to.equal('2026-02-28T09:00:00.000Z');
    expect(computeDeadlines({ ...input, firstSubmittedAt: {} }).find((d) => d.stage === 'final')?.state).to.equal('waiting');
  });

  it('asks for a progress report while handling is ongoing and dates the final report from the end of handling', () => {
    const notification = at('2026-06-10T12:00:00.000Z');
    const ongoing = { ...base, awarenessAt: at('2026-06-08T12:00:00.000Z'), firstSubmittedAt: { notification }, ongoing: true };
    expect(due(ongoing, 'progress')).to.equal('2026-07-10T12:00:00.000Z');
    expect(due(ongoing, 'final')).to.equal(null);
    const ended = { ...ongoing, firstSubmittedAt: { notification, progress: at('2026-07-09T00:00:00.000Z') }, handlingEndedAt: at('2026-08-31T16:00:00.000Z') };
    expect(due(ended, 'final')).to.equal('2026-09-30T16:00:00.000Z');
  });

  it('asks for no progress report once the final report was sent, even while handling was marked ongoing', () => {
    const notification = at('2026-06-10T12:00:00.000Z');
    const ongoing = { ...base, awarenessAt: at('2026-06-08T12:00:00.000Z'), firstSubmittedAt: { notification, final: at('2026-06-11T09:00:00.000Z') }, ongoing: true };
    const deadlines = computeDeadlines(ongoing);
    expect(deadlines.map((d) => d.stage)).to.deep.equal(['early_warning', 'notification', 'final']);
    expect(deadlines.find((d) => d.stage === 'final')).to.include({ state: 'submitted' });
    expect(nextDueAt(deadlines.filter((d) => d.stage !== 'early_warning'))).to.equal(null);
    // A progress report sent before the final one stays in the list.
    const withProgress = { ...ongoing, firstSubmittedAt: { ...ongoing.firstSubmittedAt, progress: at('2026-06-10T20:00:00.000Z') } };
    expect(computeDeadlines(withProgress).map((d) => d.stage)).to.include('progress');
  });

  it('shows the intermediate report only when requested, and the next due time among pending stages', () => {
    const input = { ...base, awarenessAt: at('2026-05-12T08:00:00.000Z'), firstSubmittedAt: { early_warning: at('2026-05-12T09:00:00.000Z') } };
    expect(computeDeadlines(input).map((d) => d.stage)).to.not.include('intermediate');
    const requested = { ...input, intermediateRequestedDueAt: at('2026-05-14T08:00:00.000Z') };
    expect(due(requested, 'intermediate')).to.equal('2026-05-14T08:00:00.000Z');
    expect(nextDueAt(computeDeadlines(requested))?.toISOString()).to.equal('2026-05-14T08:00:00.000Z');
  });
});
