import { expect } from 'chai';
import { adminDe, adminEn } from '../../../client/src/features/admin/admin.messages.js';
import type { Translate } from '../../../client/src/i18n/index.js';
import { pluralWording, wording, worded } from '../../../client/src/lib/wording.js';
import { wordsOf } from '../../support/words.js';

const roles = { de: { 'role.org_admin': 'Administration der Organisation' }, en: { 'role.org_admin': 'Organization administrator' } };
const tOf = (lang: 'de' | 'en') => wordsOf(lang, lang === 'de' ? adminDe : adminEn, roles[lang]).t as Translate;

/** What state keeps (a wording) is worded in the language of the moment it is shown. */
describe('client: wordings kept in state, worded at render time', () => {
  it('words the same wording in German and in English', () => {
    const saved = wording('contacts.saved');
    expect(worded(tOf('de'), saved)).to.equal(adminDe['contacts.saved']);
    expect(worded(tOf('en'), saved)).to.equal(adminEn['contacts.saved']);
    expect(worded(tOf('de'), null)).to.equal(null);
  });

  it('words a wording inside a parameter in the same language (a role by its label)', () => {
    const changed = wording('members.roleChanged', { name: 'Anna Schulz', role: wording('role.org_admin') });
    expect(worded(tOf('de'), changed)).to.equal('Die Rolle von Anna Schulz ist jetzt „Administration der Organisation“.');
    expect(worded(tOf('en'), changed)).to.equal('The role of Anna Schulz is now "Organization administrator".');
  });

  it('chooses the singular for exactly one and the plural otherwise, in both languages', () => {
    expect(worded(tOf('de'), pluralWording('members.bulk.removed', 1))).to.equal('1 Mitglied entfernt.');
    expect(worded(tOf('en'), pluralWording('members.bulk.removed', 1))).to.equal('1 member removed.');
    expect(worded(tOf('de'), pluralWording('members.bulk.removed', 3))).to.equal(adminDe['members.bulk.removed.other'].replace('{n}', '3'));
    expect(worded(tOf('en'), pluralWording('members.bulk.removed', 0))).to.equal(adminEn['members.bulk.removed.other'].replace('{n}', '0'));
  });
});
