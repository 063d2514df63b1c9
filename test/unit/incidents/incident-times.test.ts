import { expect } from 'chai';
import { CLOCK_SKEW_MS, incidentTimeProblems } from '../../../server/incidents/incident-times.js';

describe('incidents: the times come in order and not from the future', () => {
  const now = new Date('2026-03-10T12:00:00Z');

  it('accepts times in order, equal times, and times left out', () => {
    expect(incidentTimeProblems({ startedAt: '2026-03-09T22:00:00Z', detectedAt: '2026-03-10T06:00:00Z', awarenessAt: '2026-03-10T09:30:00Z' }, now)).to.deep.equal([]);
    expect(incidentTimeProblems({ startedAt: '2026-03-10T06:00:00Z', detectedAt: '2026-03-10T06:00:00Z', awarenessAt: '2026-03-10T06:00:00Z' }, now)).to.deep.equal([]);
    expect(incidentTimeProblems({}, now)).to.deep.equal([]);
    expect(incidentTimeProblems({ awarenessAt: null, startedAt: undefined }, now)).to.deep.equal([]);
  });

  it('names the later time and the one it must not precede', () => {
    expect(incidentTimeProblems({ startedAt: '2026-03-10T08:00:00Z', detectedAt: '2026-03-10T07:00:00Z' }, now)).to.deep.equal([{ field: 'detectedAt', key: 'time-order', earlier: 'startedAt' }]);
    expect(incidentTimeProblems({ detectedAt: '2026-03-10T08:00:00Z', awarenessAt: '2026-03-10T07:59:00Z' }, now)).to.deep.equal([{ field: 'awarenessAt', key: 'time-order', earlier: 'detectedAt' }]);
    // Without a detection time, awareness is compared with the start.
    expect(incidentTimeProblems({ startedAt: new Date('2026-03-10T08:00:00Z'), awarenessAt: new Date('2026-03-10T07:00:00Z') }, now)).to.deep.equal([{ field: 'awarenessAt', key: 'time-order', earlier: 'startedAt' }]);
  });

  it('allows a few minutes of clock skew, not more', () => {
    expect(incidentTimeProblems({ awarenessAt: new Date(now.getTime() + CLOCK_SKEW_MS) }, now)).to.deep.equal([]);
    expect(incidentTimeProblems({ awarenessAt: new Date(now.getTime() + CLOCK_SKEW_MS + 60_000) }, now)).to.deep.equal([{ field: 'awarenessAt', key: 'time-in-future' }]);
    expect(incidentTimeProblems({ startedAt: '2027-01-01T00:00:00Z', detectedAt: '2026-03-10T07:00:00Z' }, now)).to.deep.equal([{ field: 'startedAt', key: 'time-in-future' }, { field: 'detectedAt', key: 'time-order', earlier: 'startedAt' }]);
  });
});
