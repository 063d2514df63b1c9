import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { auditActionLabel, auditDetailItems, auditObjectLabel } from '../../../client/src/features/admin/audit-labels.js';
import { auditDe, auditEn } from '../../../client/src/features/admin/audit.messages.js';
import { incidentsDe, incidentsEn } from '../../../client/src/features/incidents/incidents.messages.js';
import { readableValueDe, readableValueEn } from '../../../client/src/lib/readable-value.messages.js';
import { wordsOf } from '../../support/words.js';

const SERVER = fileURLToPath(new URL('../../../server/', import.meta.url));
// Incident states stand for the other dictionaries a detail's value is looked up in (audit-labels.ts).
const de = wordsOf('de', auditDe, readableValueDe, incidentsDe);
const en = wordsOf('en', auditEn, readableValueEn, incidentsEn);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Every action key the server passes to recordAudit/recordAuditNow: the quoted dotted keys in the
 * `action:` property (ternaries included) or the `const action = …` it uses, in the files that record.
 */
function recordedActions(): Set<string> {
  const actions = new Set<string>();
  for (const file of sourceFiles(SERVER)) {
    const text = readFileSync(file, 'utf8');
    if (!/recordAudit(Now)?\(/.test(text) || file.endsWith(join('audit', 'record-audit.ts'))) continue;
    for (const match of text.matchAll(/(?:\baction:|\bconst action =)\s*([^,;}\n]+(?:\?[^,;}\n]+:[^,;}\n]+)?)/g)) {
      for (const key of match[1]!.matchAll(/'([a-z_]+(?:\.[a-z_+]+)+)'/g)) actions.add(key[1]!);
    }
  }
  return actions;
}

describe('client: the audit trail in words', () => {
  it('has a German and an English label for every action the server records, and none for actions it does not', () => {
    const recorded = recordedActions();
    // The scan itself must keep finding the actions (a refactor of recordAudit calls must not silently empty it).
    for (const known of ['advisory.published', 'advisory.revised', 'session.login.failed', 'incident.task_reopened', 'incident.bsi_acknowledgement_corrected']) expect(recorded, known).to.include(known);
    expect(recorded.size).to.be.greaterThan(80);
    const labelled = Object.keys(auditDe)
      .filter((key) => key.startsWith('audit.action.'))
      .map((key) => key.slice('audit.action.'.length));
    expect([...recorded].filter((action) => !labelled.includes(action)), 'actions without a label').to.deep.equal([]);
    expect(labelled.filter((action) => !recorded.has(action)), 'labels of actions no code records').to.deep.equal([]);
    for (const action of recorded) {
      const key = `audit.action.${action}` as keyof typeof auditDe;
      expect(auditDe[key], action).to.be.a('string').and.not.equal('');
      expect(auditEn[key], action).to.be.a('string').and.not.equal(auditDe[key]);
    }
  });

  it('names actions and object types in the reader\'s language and shows what it does not know as sent', () => {
    expect(auditActionLabel(de, 'advisory.published')).to.equal('Warnmeldung veröffentlicht');
    expect(auditActionLabel(en, 'advisory.published')).to.equal('Advisory published');
    expect(auditActionLabel(de, 'session.login.failed')).to.equal('Anmeldung fehlgeschlagen');
    expect(auditActionLabel(de, 'quantum.entangled')).to.equal('quantum.entangled');
    expect(auditObjectLabel(de, 'feed_source')).to.equal('Feed-Quelle');
    expect(auditObjectLabel(en, 'api_token')).to.equal('API token');
    expect(auditObjectLabel(de, 'spaceship')).to.equal('spaceship');
  });

  it('words the details of a failed sign-in and a state change with labelled keys and translated values', () => {
    expect(auditDetailItems(de, { reason: 'wrong_password', trustedDevice: false })).to.deep.equal([
      { key: 'reason', label: 'Grund', value: 'falsches Passwort' },
      { key: 'trustedDevice', label: 'Bekanntes Gerät', value: 'nein' },
    ]);
    expect(auditDetailItems(en, { reason: 'wrong_password', trustedDevice: true }).map((item) => `${item.label}: ${item.value}`)).to.deep.equal(['Reason: wrong password', 'Known device: yes']);
    const transition = auditDetailItems(de, { from: 'new', to: 'investigating', withNote: true });
    expect(transition.map((item) => `${item.label}: ${item.value}`)).to.deep.equal(['Von: neu', 'Nach: in Untersuchung', 'Mit Notiz: ja']);
    // As jsonb gives the details back (keys shortest first): still read from, then to.
    const fromJsonb = auditDetailItems(de, { to: 'member', from: 'org_admin', organizationId: 'o-1' });
    expect(fromJsonb.map((item) => item.key)).to.deep.equal(['from', 'to', 'organizationId']);
    expect(auditDetailItems(de, { changes: [{ to: 'kritisch', from: 'hoch', field: 'severity' }] })[0]!.value).to.equal('Feld: severity, Von: hoch, Nach: kritisch');
    expect(auditDetailItems(de, { reason: 'logout_expired' })[0]!.value).to.equal('bei der Abmeldung: Antwort abgelaufen');
    expect(auditDetailItems(de, { method: 'password+totp' })[0]!.value).to.equal('Passwort und Authenticator-App');
  });

  it('reads nested details, lists, numbers and times as text, never as JSON', () => {
    const items = auditDetailItems(de, {
      changes: [{ field: 'severity', from: 'hoch', to: 'kritisch' }],
      tlp: ['amber', 'green'],
      ids: Array.from({ length: 12 }, (_, index) => `id-${index + 1}`),
      size: 1234567,
      expiresAt: '2026-05-04T08:00:00.000Z',
      warningOverride: { reason: 'bekannt gutartig', flagged: [] },
      version: null,
    });
    const byKey = Object.fromEntries(items.map((item) => [item.key, item]));
    expect(byKey.changes).to.deep.equal({ key: 'changes', label: 'Änderungen', value: 'Feld: severity, Von: hoch, Nach: kritisch' });
    expect(byKey.tlp!.value).to.equal('TLP:AMBER, TLP:GREEN');
    expect(byKey.ids!.value).to.equal('id-1, id-2, id-3, id-4, id-5 und 7 weitere');
    expect(byKey.size!.value).to.equal('1.234.567');
    expect(byKey.expiresAt!.value).to.match(/^04\.05\.2026, \d\d:\d\d$/);
    expect(byKey.warningOverride!.value).to.equal('Grund: bekannt gutartig, Markierte Werte: keine');
    expect(byKey.version!.value).to.equal('–');
    for (const item of items) expect(item.value, item.key).not.to.match(/[{}"[\]]/);
    expect(auditDetailItems(en, { size: 1234567 })[0]!.value).to.equal('1,234,567');
  });

  it('keeps a detail key it has no label for, with its value readable', () => {
    expect(auditDetailItems(de, { frobnicated: { depth: 3, deep: true } })).to.deep.equal([{ key: 'frobnicated', label: 'frobnicated', value: 'depth: 3, deep: ja' }]);
    expect(auditDetailItems(de, {})).to.deep.equal([]);
  });
});
