import { expect } from 'chai';
import { ANONYMOUS, type Principal } from '../../../server/auth/principal.js';
import { canView, visibilityScope } from '../../../server/access/policy.js';
import { TLP_LEVELS } from '../../../server/access/tlp.js';
import { broadcastRoom, mayReceive } from '../../../server/realtime/broadcaster.js';
import { COMMUNITY_ROOM, PUBLIC_ROOM, roomsOf } from '../../../server/realtime/rooms.js';
import { PERSONAS, accessObject, syntheticPrincipal, type Persona } from '../../access/tlp-truth-table.js';

function principalOf(persona: Persona): Principal {
  return persona === 'anonymous' ? ANONYMOUS : syntheticPrincipal(persona);
}

// The room fast path of the broadcaster must never widen the policy: an event emitted to a whole room
// may only reach sockets the policy allows, for every persona of the TLP truth table.
describe('broadcast rooms follow the policy', () => {
  it('emits CLEAR to the public room, GREEN to the community room and checks everything narrower per socket', () => {
    expect(broadcastRoom({ tlp: 'clear' })).to.equal(PUBLIC_ROOM);
    expect(broadcastRoom({ tlp: 'green' })).to.equal(COMMUNITY_ROOM);
    for (const tlp of ['amber', 'amber+strict', 'red'] as const) expect(broadcastRoom({ tlp, organizations: [] }), tlp).to.equal(null);
    expect(broadcastRoom({ tlp: 'green', except: { tlp: 'amber', organizations: [] } }), 'a revocation is never a room broadcast').to.equal(null);
  });

  for (const tlp of TLP_LEVELS) {
    it(`never reaches a persona through a room that the policy denies (TLP:${tlp.toUpperCase()})`, () => {
      const object = accessObject(tlp);
      const room = broadcastRoom({ tlp, organizations: object.audience.organizations, sharingGroups: object.audience.sharingGroups, users: object.audience.users, authorOrganizationId: object.authorOrganizationId, authorUserId: object.authorUserId });
      if (room === null) return;
      for (const persona of PERSONAS) {
        const principal = principalOf(persona);
        if (roomsOf(principal).includes(room)) expect(canView(principal, object), `${persona} in ${room}`).to.equal(true);
      }
    });
  }

  it('asks canView for the scope: drafts are never broadcast to a room', () => {
    expect(visibilityScope({ ...accessObject('clear'), status: 'draft' })).to.equal('some');
    expect(visibilityScope({ ...accessObject('green'), status: 'draft' })).to.equal('some');
    expect(visibilityScope(accessObject('green'))).to.equal('members');
    expect(visibilityScope(accessObject('clear'))).to.equal('everyone');
  });

  it('delivers a revocation to those who could see the old audience and cannot see the new one', () => {
    const old = accessObject('amber');
    const audience = { tlp: 'amber' as const, organizations: old.audience.organizations, sharingGroups: old.audience.sharingGroups, users: [], authorOrganizationId: old.authorOrganizationId, authorUserId: old.authorUserId };
    const narrowed = { ...audience, tlp: 'red' as const, users: [] };
    for (const persona of PERSONAS) {
      const principal = principalOf(persona);
      const expected = canView(principal, old) && !canView(principal, { ...old, tlp: 'red', audience: { ...old.audience, users: [] } });
      expect(mayReceive(principal, { ...audience, except: narrowed }), persona).to.equal(expected);
    }
  });
});
