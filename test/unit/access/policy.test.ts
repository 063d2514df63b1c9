import { expect } from 'chai';
import { ANONYMOUS, systemPrincipal, type Principal } from '../../../server/auth/principal.js';
import { canEdit, canPublish, canView } from '../../../server/access/policy.js';
import { assertCan, assertCanView } from '../../../server/access/assert.js';
import { AppError } from '../../../server/platform/errors.js';
import { TLP_LEVELS } from '../../../server/access/tlp.js';
import { EXPECTED_DRAFT, EXPECTED_PUBLISHED, PERSONAS, accessObject, syntheticPrincipal, type Persona } from '../../access/tlp-truth-table.js';

function principalOf(persona: Persona): Principal {
  return persona === 'anonymous' ? ANONYMOUS : syntheticPrincipal(persona);
}

function codeOf(action: () => void): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
}

describe('canView', () => {
  for (const tlp of TLP_LEVELS) {
    for (const persona of PERSONAS) {
      const published = EXPECTED_PUBLISHED[tlp][persona];
      it(`${published ? 'shows' : 'hides'} a published TLP:${tlp.toUpperCase()} object to ${persona}`, () => {
        expect(canView(principalOf(persona), accessObject(tlp))).to.equal(published);
      });
      const draft = EXPECTED_DRAFT[tlp][persona];
      it(`${draft ? 'shows' : 'hides'} a TLP:${tlp.toUpperCase()} draft to ${persona}`, () => {
        expect(canView(principalOf(persona), accessObject(tlp, 'draft'))).to.equal(draft);
      });
    }
  }

  it('keeps a withdrawn object visible under its label', () => {
    expect(canView(syntheticPrincipal('subOrgMember'), accessObject('amber', 'withdrawn'))).to.equal(true);
    expect(canView(syntheticPrincipal('otherMember'), accessObject('amber', 'withdrawn'))).to.equal(false);
  });

  it('lets the system principal see everything, drafts and RED included', () => {
    for (const tlp of TLP_LEVELS) expect(canView(systemPrincipal('test'), accessObject(tlp, 'draft'))).to.equal(true);
  });

  it('does not count a CERT role held outside the CERT as CERT access', () => {
    const member = syntheticPrincipal('otherMember');
    const claimsCert = { ...member, roles: ['cert_analyst' as const] };
    expect(canView(claimsCert, accessObject('amber'))).to.equal(false);
    expect(canView(claimsCert, accessObject('green', 'draft'))).to.equal(false);
  });

  it('shows a RED draft to a CERT writer who is a named recipient', () => {
    const object = accessObject('red', 'draft');
    object.audience.users.push(syntheticPrincipal('certAnalyst').userId);
    expect(canView(syntheticPrincipal('certAnalyst'), object)).to.equal(true);
  });
});

describe('canEdit / canPublish', () => {
  it('lets CERT writers edit and publish what they see, and nobody else', () => {
    expect(canEdit(syntheticPrincipal('certAnalyst'), accessObject('amber'))).to.equal(true);
    expect(canPublish(syntheticPrincipal('certAnalyst'), accessObject('amber'))).to.equal(true);
    expect(canEdit(syntheticPrincipal('audienceMember'), accessObject('amber'))).to.equal(false);
    expect(canPublish(syntheticPrincipal('audienceMember'), accessObject('amber'))).to.equal(false);
    expect(canEdit(syntheticPrincipal('certAnalyst'), accessObject('red'))).to.equal(false);
  });
});

describe('assertCanView / assertCan', () => {
  it('throws NOT_FOUND for an invisible object, never FORBIDDEN', () => {
    expect(codeOf(() => assertCanView(syntheticPrincipal('otherMember'), accessObject('amber')))).to.equal('NOT_FOUND');
    expect(codeOf(() => assertCan(syntheticPrincipal('otherMember'), 'publish', accessObject('red')))).to.equal('NOT_FOUND');
    expect(codeOf(() => assertCanView(syntheticPrincipal('otherMember'), undefined))).to.equal('NOT_FOUND');
  });

  it('throws FORBIDDEN only when the object is visible but the action is not allowed', () => {
    expect(codeOf(() => assertCan(syntheticPrincipal('audienceMember'), 'publish', accessObject('amber')))).to.equal('FORBIDDEN');
    expect(codeOf(() => assertCan(syntheticPrincipal('certAnalyst'), 'publish', accessObject('amber')))).to.equal(undefined);
  });
});
