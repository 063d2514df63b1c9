import { expect } from 'chai';
import { isoToLocal, localToIso } from '../../../client/src/features/incidents/model.js';

// Deadlines run on German time: what an operator types is German time on any device.
describe('client: datetime-local values read as German time (Europe/Berlin)', () => {
  it('reads winter and summer times with their own offsets, whatever zone this process runs in', () => {
    expect(localToIso('2026-01-15T12:00')).to.equal('2026-01-15T11:00:00.000Z');
    expect(localToIso('2026-07-15T12:00')).to.equal('2026-07-15T10:00:00.000Z');
    expect(localToIso('2026-07-15T12:00:30')).to.equal('2026-07-15T10:00:30.000Z');
  });

  it('reads the hour repeated in October as the earlier one and the hour skipped in March with UTC+1', () => {
    expect(localToIso('2026-10-25T02:30')).to.equal('2026-10-25T00:30:00.000Z');
    expect(localToIso('2026-10-25T03:30')).to.equal('2026-10-25T02:30:00.000Z');
    expect(localToIso('2026-03-29T01:59')).to.equal('2026-03-29T00:59:00.000Z');
    expect(localToIso('2026-03-29T02:30')).to.equal('2026-03-29T01:30:00.000Z');
    expect(localToIso('2026-03-29T03:00')).to.equal('2026-03-29T01:00:00.000Z');
  });

  it('refuses what is not a datetime-local value', () => {
    for (const value of ['', 'heute', '2026-02-30T10:00', '2026-13-01T10:00', '2026-01-01 10:00']) expect(localToIso(value), value).to.equal(undefined);
  });

  it('gives back the German wall clock of an instant', () => {
    expect(isoToLocal(new Date('2026-01-15T11:00:00.000Z'))).to.equal('2026-01-15T12:00');
    expect(isoToLocal(new Date('2026-07-15T10:00:00.000Z'))).to.equal('2026-07-15T12:00');
    for (const value of ['2026-03-28T12:00', '2026-10-25T03:30', '2026-12-31T23:59']) expect(isoToLocal(new Date(localToIso(value)!))).to.equal(value);
  });
});
