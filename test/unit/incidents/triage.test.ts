import { expect } from 'chai';
import { AppError } from '../../../server/platform/errors.js';
import { TRIAGE_STATES, assertTransition, canTransition, slaTimers } from '../../../server/incidents/triage.js';

describe('incident triage state machine', () => {
  it('follows new → acknowledged → investigating → contained → closed', () => {
    expect(canTransition('new', 'acknowledged')).to.equal(true);
    expect(canTransition('acknowledged', 'investigating')).to.equal(true);
    expect(canTransition('investigating', 'contained')).to.equal(true);
    expect(canTransition('contained', 'closed')).to.equal(true);
  });

  it('rejects skipping acknowledgement and every move to the same state with INVALID_STATE', () => {
    for (const state of TRIAGE_STATES) expect(canTransition(state, state), state).to.equal(false);
    for (const to of ['investigating', 'contained', 'closed'] as const) {
      expect(() => assertTransition('new', to)).to.throw(AppError).with.property('code', 'INVALID_STATE');
    }
    expect(() => assertTransition('closed', 'new')).to.throw(AppError);
  });

  it('computes SLA timers by severity and marks breaches', () => {
    const reportedAt = new Date('2026-05-12T08:00:00.000Z');
    const open = slaTimers({ reportedAt, severity: 'kritisch', acknowledgedAt: null, feedbackAt: null }, new Date('2026-05-12T09:30:00.000Z'));
    expect(open.acknowledgeDueAt.toISOString()).to.equal('2026-05-12T09:00:00.000Z');
    expect(open.acknowledgeBreached).to.equal(true);
    expect(open.feedbackDueAt.toISOString()).to.equal('2026-05-13T08:00:00.000Z');
    expect(open.feedbackBreached).to.equal(false);
    const met = slaTimers({ reportedAt, severity: null, acknowledgedAt: new Date('2026-05-12T20:00:00.000Z'), feedbackAt: null }, new Date('2026-05-20T00:00:00.000Z'));
    expect(met.acknowledgeBreached).to.equal(false);
    expect(met.feedbackBreached).to.equal(true);
  });
});
