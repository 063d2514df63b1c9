import { expect } from 'chai';
import { stepProblems } from '../../../client/src/features/incidents/wizard-checks.js';

describe('client: the incident wizard checks step 1 before moving on', () => {
  const now = new Date('2026-03-10T12:00:00Z'); // 13:00 German time
  const entered = { title: 'Phishing-Welle', startedAt: '2026-03-10T08:00', detectedAt: '2026-03-10T09:00', awarenessAt: '2026-03-10T10:00' };

  it('passes a titled step with times in order (German time), and never blocks later steps', () => {
    expect(stepProblems(entered, 0, now)).to.deep.equal([]);
    expect(stepProblems({ ...entered, title: '' }, 1, now)).to.deep.equal([]);
  });

  it('says the short title is missing, also when it is only blanks', () => {
    expect(stepProblems({ ...entered, title: '  ' }, 0, now)).to.deep.equal([{ field: 'title', key: 'wizard.error.titleRequired' }]);
  });

  it('reads the times as German time: 13:04 is now, 13:10 is beyond the clock skew', () => {
    expect(stepProblems({ ...entered, awarenessAt: '2026-03-10T13:04' }, 0, now)).to.deep.equal([]);
    expect(stepProblems({ ...entered, awarenessAt: '2026-03-10T13:10' }, 0, now)).to.deep.equal([{ field: 'awarenessAt', key: 'fieldProblem.timeInFuture' }]);
  });

  it('marks a detection before the start and an awareness before the detection', () => {
    expect(stepProblems({ ...entered, detectedAt: '2026-03-10T07:00', awarenessAt: '2026-03-10T06:00' }, 0, now)).to.deep.equal([
      { field: 'detectedAt', key: 'fieldProblem.notBeforeStart' },
      { field: 'awarenessAt', key: 'fieldProblem.notBeforeDetection' },
    ]);
  });
});
