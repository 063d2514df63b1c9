/**
 * The audience union, `canReceive` and the live pre-selection (server/access/delivery.ts,
 * candidates.ts) over every persona of the TLP truth table: the pre-selection never misses a
 * recipient, a whole-room emit never reaches anyone the policy denies, and each union member means
 * exactly what its name says.
 */
import { expect } from 'chai';
import { candidatesOf, wholeGroup, type OrganizationTree } from '../../../server/access/candidates.js';
import { canReceive, type DeliveryAudience } from '../../../server/access/delivery.js';
import { canView } from '../../../server/access/policy.js';
import { TLP_LEVELS } from '../../../server/access/tlp.js';
import { ANONYMOUS, type Principal } from '../../../server/auth/principal.js';
import { broadcastRoom } from '../../../server/realtime/broadcaster.js';
import { COMMUNITY_ROOM, PUBLIC_ROOM, roomsOf, roomsOfCandidates } from '../../../server/realtime/rooms.js';
import { EXPECTED_PUBLISHED, IDS, ORGANIZATIONS, PERSONAS, accessObject, syntheticPrincipal, type Persona } from '../../access/tlp-truth-table.js';

function principalOf(persona: Persona): Principal {
  return persona === 'anonymous' ? ANONYMOUS : syntheticPrincipal(persona);
}

const TREE: OrganizationTree = {
  children: new Map(ORGANIZATIONS.filter((org) => org.parent).map((org) => [IDS.org[org.parent!], [IDS.org[org.key]]])),
  certIds: [IDS.org.cert],
};

/** Every audience shape over the truth table's world. */
const entry = (name: string, audience: DeliveryAudience) => ({ name, audience });
const AUDIENCES: { name: string; audience: DeliveryAudience }[] = [
  ...TLP_LEVELS.map((tlp) => entry(`marked ${tlp}`, { kind: 'marked', object: accessObject(tlp) })),
  ...TLP_LEVELS.flatMap((before) =>
    TLP_LEVELS.map((after) => entry(`revoked ${before}→${after}`, { kind: 'marked', object: accessObject(before), except: { ...accessObject(after), audience: { organizations: [], sharingGroups: [], users: [] } } })),
  ),
  ...TLP_LEVELS.flatMap((emitted) => TLP_LEVELS.map((now) => entry(`carried ${emitted}, now ${now}`, { kind: 'marked', object: accessObject(now), carried: accessObject(emitted) }))),
  ...Object.entries(IDS.org).map(([key, id]) => entry(`incident of ${key}`, { kind: 'incident', reportingOrganizationId: id })),
  { name: 'cert', audience: { kind: 'cert' } },
  ...Object.entries(IDS.org).flatMap(([key, id]) =>
    [undefined, ...TLP_LEVELS].map((tlp) => entry(`organization ${key} within ${tlp ?? 'nothing'}`, { kind: 'organization', organizationId: id, ...(tlp ? { within: accessObject(tlp) } : {}) })),
  ),
  ...Object.entries(IDS.user).map(([key, id]) => entry(`user ${key}`, { kind: 'user', userId: id })),
  { name: 'members', audience: { kind: 'members' } },
  ...TLP_LEVELS.map((tlp) => entry(`members within ${tlp}`, { kind: 'members', within: accessObject(tlp) })),
];

describe('access: audiences at delivery', () => {
  it('marked: exactly the truth table of the label', () => {
    for (const tlp of TLP_LEVELS) for (const persona of PERSONAS) expect(canReceive(principalOf(persona), { kind: 'marked', object: accessObject(tlp) }), `${tlp} ${persona}`).to.equal(EXPECTED_PUBLISHED[tlp][persona]);
  });

  it('marked with except: those who could see the old object and cannot see the new one', () => {
    const narrowed = { ...accessObject('red'), audience: { organizations: [], sharingGroups: [], users: [] } };
    for (const persona of PERSONAS) {
      const principal = principalOf(persona);
      const expected = canView(principal, accessObject('amber')) && !canView(principal, narrowed);
      expect(canReceive(principal, { kind: 'marked', object: accessObject('amber'), except: narrowed }), persona).to.equal(expected);
    }
    expect(canReceive(principalOf('audienceMember'), { kind: 'marked', object: accessObject('amber'), except: accessObject('amber') }), 'widened again: nobody').to.equal(false);
  });

  it('marked with a carried version: only those who may see that version AND the object now', () => {
    for (const emitted of TLP_LEVELS) {
      for (const now of TLP_LEVELS) {
        for (const persona of PERSONAS) {
          const expected = EXPECTED_PUBLISHED[emitted][persona] && EXPECTED_PUBLISHED[now][persona];
          expect(canReceive(principalOf(persona), { kind: 'marked', object: accessObject(now), carried: accessObject(emitted) }), `${emitted}→${now} ${persona}`).to.equal(expected);
        }
      }
    }
    // Widened from AMBER+STRICT to AMBER: the sub-organization now sees the advisory, not the earlier version's payload.
    expect(canReceive(principalOf('subOrgMember'), { kind: 'marked', object: accessObject('amber'), carried: accessObject('amber+strict') })).to.equal(false);
    expect(wholeGroup({ kind: 'marked', object: accessObject('clear'), carried: accessObject('green') }), 'the narrower of both').to.equal('members');
    expect(wholeGroup({ kind: 'marked', object: accessObject('clear'), carried: accessObject('amber') })).to.equal(null);
  });

  it('cert: CERT members only; user: that user only; incident: the reporting organization directly and the CERT', () => {
    for (const persona of PERSONAS) {
      expect(canReceive(principalOf(persona), { kind: 'cert' }), persona).to.equal(persona === 'certAnalyst' || persona === 'author');
      expect(canReceive(principalOf(persona), { kind: 'user', userId: IDS.user.groupMember }), persona).to.equal(persona === 'groupMember');
      expect(canReceive(principalOf(persona), { kind: 'incident', reportingOrganizationId: IDS.org.district }), persona).to.equal(['certAnalyst', 'author', 'audienceMember'].includes(persona));
    }
  });

  it('organization: its direct members and the CERT, never wider than the object it is about', () => {
    for (const persona of PERSONAS) {
      const principal = principalOf(persona);
      const member = ['certAnalyst', 'author', 'audienceMember'].includes(persona);
      expect(canReceive(principal, { kind: 'organization', organizationId: IDS.org.district }), persona).to.equal(member);
      for (const tlp of TLP_LEVELS) {
        expect(canReceive(principal, { kind: 'organization', organizationId: IDS.org.district, within: accessObject(tlp) }), `${persona} ${tlp}`).to.equal(member && EXPECTED_PUBLISHED[tlp][persona]);
      }
    }
    expect(canReceive(principalOf('audienceMember'), { kind: 'organization', organizationId: IDS.org.district, within: accessObject('amber', 'draft') }), 'a draft reaches no organization').to.equal(false);
  });

  it('members: every logged-in user, never an anonymous socket; within an object only those who may see it', () => {
    for (const persona of PERSONAS) {
      const principal = principalOf(persona);
      expect(canReceive(principal, { kind: 'members' }), persona).to.equal(persona !== 'anonymous');
      for (const tlp of TLP_LEVELS) {
        expect(canReceive(principal, { kind: 'members', within: accessObject(tlp) }), `${persona} ${tlp}`).to.equal(persona !== 'anonymous' && EXPECTED_PUBLISHED[tlp][persona]);
      }
    }
    expect(broadcastRoom({ kind: 'members' })).to.equal(COMMUNITY_ROOM);
    expect(broadcastRoom({ kind: 'members', within: accessObject('clear') }), 'CLEAR, still members only').to.equal(COMMUNITY_ROOM);
    expect(broadcastRoom({ kind: 'members', within: accessObject('amber') })).to.equal(null);
  });

  for (const { name, audience } of AUDIENCES) {
    it(`pre-selection finds every recipient and a room emit widens nothing: ${name}`, () => {
      const rooms = new Set(roomsOfCandidates(candidatesOf(audience, TREE)));
      const room = broadcastRoom(audience);
      for (const persona of PERSONAS) {
        const principal = principalOf(persona);
        const socketRooms = roomsOf(principal);
        if (canReceive(principal, audience)) expect(socketRooms.some((entry) => rooms.has(entry)), `${persona} missed`).to.equal(true);
        if (room !== null && socketRooms.includes(room)) expect(canReceive(principal, audience), `${persona} in ${room}`).to.equal(true);
      }
    });
  }

  it('emits CLEAR to the public room, GREEN to the community room, and never a revocation or a non-TLP audience to a room', () => {
    expect(wholeGroup({ kind: 'marked', object: accessObject('clear') })).to.equal('everyone');
    expect(broadcastRoom({ kind: 'marked', object: accessObject('clear') })).to.equal(PUBLIC_ROOM);
    expect(broadcastRoom({ kind: 'marked', object: accessObject('green') })).to.equal(COMMUNITY_ROOM);
    for (const tlp of ['amber', 'amber+strict', 'red'] as const) expect(broadcastRoom({ kind: 'marked', object: accessObject(tlp) }), tlp).to.equal(null);
    expect(broadcastRoom({ kind: 'marked', object: accessObject('green', 'draft') }), 'draft').to.equal(null);
    expect(broadcastRoom({ kind: 'marked', object: accessObject('green'), except: accessObject('amber') })).to.equal(null);
    expect(broadcastRoom({ kind: 'cert' })).to.equal(null);
    expect(broadcastRoom({ kind: 'organization', organizationId: IDS.org.city, within: accessObject('clear') })).to.equal(null);
  });
});
