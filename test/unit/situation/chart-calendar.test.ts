import { expect } from 'chai';
import { berlinWeekStart, lastMonths, lastWeekStarts } from '../../../server/situation/charts.js';

describe('situation charts: Berlin calendar weeks and months', () => {
  it('counts twelve distinct Mondays back late on a Sunday in winter, across the change from CEST', () => {
    // Sunday 6 December 2026, 23:30 CET: twelve weeks back lies in summer time.
    const weeks = lastWeekStarts(new Date('2026-12-06T22:30:00Z'), 12);
    expect(weeks).to.have.length(12);
    expect(new Set(weeks).size).to.equal(12);
    expect(weeks.at(-1)).to.equal('2026-11-30');
    expect(weeks[0]).to.equal('2026-09-14');
    for (const week of weeks) expect(new Date(`${week}T00:00:00Z`).getUTCDay(), week).to.equal(1);
  });

  it('puts the first minutes of a Berlin Monday into the new week, and a Sunday evening into the old one', () => {
    expect(berlinWeekStart(new Date('2026-12-06T23:15:00Z'))).to.equal('2026-12-07');
    expect(berlinWeekStart(new Date('2026-12-06T22:59:00Z'))).to.equal('2026-11-30');
    // Summer time: Monday 00:30 CEST is Sunday 22:30 UTC.
    expect(berlinWeekStart(new Date('2026-07-05T22:30:00Z'))).to.equal('2026-07-06');
  });

  it('ends the month series with the Berlin month, also in the last UTC hour of the previous one', () => {
    // 1 December 2026, 00:30 CET is still 30 November in UTC.
    expect(lastMonths(new Date('2026-11-30T23:30:00Z'), 3)).to.deep.equal(['2026-10', '2026-11', '2026-12']);
    expect(lastMonths(new Date('2027-01-15T12:00:00Z'), 2)).to.deep.equal(['2026-12', '2027-01']);
  });
});
