import { expect } from 'chai';
import { effectiveTlp, isDowngrade, isMoreRestrictive, mostRestrictive, TlpInputSchema, tlpLabel, tlpMarkingId } from '../../../server/access/tlp.js';
import { OPENCTI_AMBER_STRICT_MARKING_ID, TLP1_MARKING_IDS } from '../../../server/stix/tlp.js';

describe('access/tlp', () => {
  it('orders clear < green < amber < amber+strict < red', () => {
    expect(isMoreRestrictive('amber+strict', 'amber')).to.equal(true);
    expect(isMoreRestrictive('green', 'red')).to.equal(false);
    expect(mostRestrictive('green', 'red', 'amber')).to.equal('red');
    expect(mostRestrictive()).to.equal('clear');
  });

  it('calls a change to a less restrictive label a downgrade', () => {
    expect(isDowngrade('amber', 'green')).to.equal(true);
    expect(isDowngrade('green', 'amber')).to.equal(false);
    expect(isDowngrade('red', 'red')).to.equal(false);
  });

  it('parses the API spellings and rejects anything else', () => {
    expect(TlpInputSchema.parse('AMBER+STRICT')).to.equal('amber+strict');
    expect(TlpInputSchema.parse('tlp:clear')).to.equal('clear');
    expect(TlpInputSchema.safeParse('WHITE').success).to.equal(false);
    expect(tlpLabel('amber+strict')).to.equal('AMBER+STRICT');
  });

  it('takes the most restrictive TLP marking of an ingested object, TLP 1.0 and OpenCTI ids included', () => {
    expect(effectiveTlp([TLP1_MARKING_IDS.white, tlpMarkingId('amber')])).to.equal('amber');
    expect(effectiveTlp([OPENCTI_AMBER_STRICT_MARKING_ID])).to.equal('amber+strict');
    expect(effectiveTlp(['marking-definition--00000000-0000-4000-8000-000000000000'])).to.equal(undefined);
  });
});
