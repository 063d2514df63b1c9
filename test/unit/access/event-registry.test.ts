/**
 * The event registry (server/events.ts): every name is `<noun>.<past verb>`, every live event is in
 * the client catalog and every catalog name is declared live, and every declared event reaches its
 * audience only through the closed union of server/access/delivery.ts.
 */
import { expect } from 'chai';
import { CLIENT_EVENT_TYPES } from '../../../server/realtime/events.js';
import { EVENT_DECLARATIONS, eventDeclaration } from '../../../server/events.js';

// Past participles: regular ones, and the irregular ones we use.
const PAST = /^(?:[a-z]+ed|read|sent|withdrawn)$/;

describe('event registry', () => {
  it('names every event <noun>.<past verb> and declares each type once', () => {
    const types = EVENT_DECLARATIONS.map((declaration) => declaration.type);
    expect(new Set(types).size).to.equal(types.length);
    for (const type of types) {
      const parts = type.split('.');
      expect(parts.length, type).to.be.at.least(2);
      expect(parts.at(-1), type).to.match(PAST);
    }
  });

  it('keeps the client catalog and the live declarations the same set', () => {
    const live = EVENT_DECLARATIONS.filter((declaration) => declaration.live).map((declaration) => declaration.type);
    expect([...live].sort()).to.deep.equal([...CLIENT_EVENT_TYPES].sort());
  });

  it('declares internal events without an audience, and no live event without one', () => {
    expect(eventDeclaration('principal.changed')?.audience).to.equal(null);
    for (const declaration of EVENT_DECLARATIONS.filter((entry) => entry.live)) expect(declaration.audience, declaration.type).to.be.a('function');
    expect(eventDeclaration('advisory.affects_you'), 'renamed to advisory.matched').to.equal(undefined);
  });
});
