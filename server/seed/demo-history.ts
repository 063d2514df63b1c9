/**
 * A recent history for the demo community (LAGEBILD_DEMO_HISTORY, on with the demo by default), so a
 * newcomer's first `npm start` shows a working Lagebild: advisories of the last weeks at every TLP
 * and severity, answers of affected organizations, incidents in different stages with deadlines,
 * and a threat level. Everything goes through the same use cases as the API (policy, matching,
 * events, audit); only the timestamps are moved into the past afterwards.
 */
import { sql } from 'drizzle-orm';
import { acknowledge } from '../acknowledgements/acknowledgements.service.js';
import { AdvisoryContentSchema } from '../advisories/advisories.schemas.js';
import { createAdvisory, publishAdvisory } from '../advisories/advisories.service.js';
import { loadUserPrincipal, type UserPrincipal } from '../auth/principal.js';
import { createIncident, reportIncident, submitStage, transitionIncident, triageIncident } from '../incidents/incidents.service.js';
import { fixedClock } from '../platform/clock.js';
import { queryRows, type Database } from '../platform/db/client.js';
import { writeLevel } from '../situation/threat-level.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

type DemoAdvisory = {
  daysAgo: number;
  severity: 'kritisch' | 'hoch' | 'mittel' | 'niedrig';
  tlp: 'CLEAR' | 'GREEN' | 'AMBER' | 'AMBER+STRICT';
  audience?: string[];
  title: { de: string; en: string };
  summary: string;
  cves: string[];
  products: { vendor: string; product: string; versions?: { from?: string; below?: string }[] }[];
  recommendation: string;
  /** Organizations (by demo key) that answer, with their answer and after how many hours. */
  answers?: { org: string; status: 'mitigated' | 'not_affected' | 'in_progress' | 'affected'; afterHours: number }[];
};

const ADVISORIES: DemoAdvisory[] = [
  { daysAgo: 40, severity: 'hoch', tlp: 'CLEAR', title: { de: 'Schwachstellen in Microsoft Exchange Server', en: 'Vulnerabilities in Microsoft Exchange Server' }, summary: 'Mehrere Schwachstellen erlauben die Rechteausweitung auf Exchange-Servern.', cves: ['CVE-2024-21410'], products: [{ vendor: 'Microsoft', product: 'Exchange Server' }], recommendation: 'Installieren Sie das kumulative Update und aktivieren Sie Extended Protection.', answers: [{ org: 'erfurt', status: 'mitigated', afterHours: 20 }] },
  { daysAgo: 35, severity: 'mittel', tlp: 'GREEN', title: { de: 'Phishing-Welle mit gefälschten Rechnungen an Kommunen', en: 'Phishing wave with fake invoices to municipalities' }, summary: 'Gefälschte Rechnungen mit HTML-Anhängen zielen auf Kämmereien.', cves: [], products: [], recommendation: 'Sensibilisieren Sie die Beschäftigten der Finanzverwaltung und blockieren Sie HTML-Anhänge.' },
  { daysAgo: 30, severity: 'niedrig', tlp: 'CLEAR', title: { de: 'Aktualisierung für Mozilla Firefox', en: 'Update for Mozilla Firefox' }, summary: 'Mozilla schließt mehrere Schwachstellen im Browser.', cves: ['CVE-2025-1009'], products: [{ vendor: 'Mozilla', product: 'Firefox' }], recommendation: 'Verteilen Sie die aktuelle Firefox-ESR-Version.' },
  { daysAgo: 26, severity: 'kritisch', tlp: 'GREEN', title: { de: 'Aktiv ausgenutzte Schwachstelle in Ivanti Connect Secure', en: 'Actively exploited vulnerability in Ivanti Connect Secure' }, summary: 'Eine Schwachstelle ohne Authentifizierung wird aktiv ausgenutzt.', cves: ['CVE-2025-0282'], products: [{ vendor: 'Ivanti', product: 'Connect Secure', versions: [{ from: '22.0', below: '22.7R2.5' }] }], recommendation: 'Führen Sie das Integrity Checker Tool aus und aktualisieren Sie auf 22.7R2.5.', answers: [{ org: 'lk-gotha', status: 'in_progress', afterHours: 30 }] },
  { daysAgo: 21, severity: 'hoch', tlp: 'AMBER', audience: ['lk-gotha', 'shk'], title: { de: 'Angriffe auf Fernwartungszugänge von Kreisverwaltungen', en: 'Attacks on remote maintenance access of district administrations' }, summary: 'Angreifer nutzen schwache Passwörter an Fernwartungszugängen.', cves: [], products: [], recommendation: 'Erzwingen Sie MFA für alle Fernzugänge.' },
  { daysAgo: 17, severity: 'mittel', tlp: 'CLEAR', title: { de: 'Schwachstelle in OpenSSL', en: 'Vulnerability in OpenSSL' }, summary: 'Eine Schwachstelle kann zu einem Denial of Service führen.', cves: ['CVE-2024-5535'], products: [{ vendor: 'OpenSSL', product: 'OpenSSL' }], recommendation: 'Aktualisieren Sie OpenSSL über die Paketverwaltung.' },
  { daysAgo: 14, severity: 'kritisch', tlp: 'CLEAR', title: { de: 'CitrixBleed: Sitzungsübernahme in NetScaler ADC', en: 'CitrixBleed: session hijacking in NetScaler ADC' }, summary: 'Speicherinhalte mit Sitzungstokens können ohne Anmeldung ausgelesen werden.', cves: ['CVE-2023-4966'], products: [{ vendor: 'Citrix', product: 'NetScaler ADC', versions: [{ from: '13.1', below: '13.1-49.15' }] }], recommendation: 'Aktualisieren Sie auf 13.1-49.15 und beenden Sie alle aktiven Sitzungen.' },
  { daysAgo: 10, severity: 'hoch', tlp: 'GREEN', title: { de: 'Schwachstellen in FortiOS SSL-VPN', en: 'Vulnerabilities in FortiOS SSL VPN' }, summary: 'Ein Heap-Überlauf im SSL-VPN erlaubt Codeausführung.', cves: ['CVE-2024-21762'], products: [{ vendor: 'Fortinet', product: 'FortiOS', versions: [{ from: '7.2.0', below: '7.2.7' }] }], recommendation: 'Aktualisieren Sie auf FortiOS 7.2.7 oder deaktivieren Sie das SSL-VPN.', answers: [{ org: 'jena', status: 'mitigated', afterHours: 9 }] },
  { daysAgo: 8, severity: 'hoch', tlp: 'AMBER', audience: ['swnt', 'wvho'], title: { de: 'Angriffe auf Steuerungstechnik von Versorgern', en: 'Attacks on control systems of utilities' }, summary: 'Scans auf S7-Steuerungen aus bekannten Botnetzen.', cves: [], products: [{ vendor: 'Siemens', product: 'SIMATIC S7-1500 CPU' }], recommendation: 'Trennen Sie Steuerungsnetze vom Internet und prüfen Sie Firewall-Regeln.' },
  { daysAgo: 5, severity: 'mittel', tlp: 'GREEN', title: { de: 'Betrugsversuche per CEO-Fraud bei Sparkassen', en: 'CEO fraud attempts at savings banks' }, summary: 'Gefälschte Zahlungsanweisungen im Namen der Geschäftsführung.', cves: [], products: [], recommendation: 'Bestätigen Sie Zahlungsanweisungen über einen zweiten Kanal.' },
  { daysAgo: 3, severity: 'kritisch', tlp: 'GREEN', title: { de: 'Kritische Schwachstelle in Microsoft Exchange Server (Mai)', en: 'Critical vulnerability in Microsoft Exchange Server (May)' }, summary: 'Eine Schwachstelle erlaubt entfernte Codeausführung auf Exchange-Servern.', cves: ['CVE-2025-21400'], products: [{ vendor: 'Microsoft', product: 'Exchange Server' }], recommendation: 'Installieren Sie das Sicherheitsupdate umgehend.' },
  { daysAgo: 2, severity: 'niedrig', tlp: 'CLEAR', title: { de: 'Hinweise zur sicheren Konfiguration von Druckern', en: 'Notes on secure printer configuration' }, summary: 'Netzwerkdrucker mit Standardpasswörtern sind ein Einfallstor.', cves: [], products: [], recommendation: 'Ändern Sie Standardpasswörter und deaktivieren Sie nicht benötigte Dienste.' },
  { daysAgo: 1, severity: 'hoch', tlp: 'AMBER+STRICT', audience: ['erfurt'], title: { de: 'Verdächtige Anmeldungen am Bürgerportal Erfurt', en: 'Suspicious logins at the Erfurt citizen portal' }, summary: 'Anmeldeversuche aus einem bekannten Botnetz gegen das Bürgerportal.', cves: [], products: [], recommendation: 'Prüfen Sie die Anmeldeprotokolle und sperren Sie betroffene Konten.' },
];

async function principalOf(db: Database, email: string): Promise<UserPrincipal> {
  const [row] = await queryRows<{ id: string }>(db, sql`select id from users where email = ${email}`);
  const principal = row ? await loadUserPrincipal(db, row.id) : null;
  if (!principal) throw new Error(`demo history: no user ${email}`);
  return principal;
}

/** Seeds the history; `orgIds` maps demo keys to organization ids. */
export async function seedDemoHistory(db: Database, orgIds: ReadonlyMap<string, string>, dataDir: string, now = new Date()): Promise<{ advisories: number; incidents: number }> {
  const analyst = await principalOf(db, 'analyst@lagebild.test');
  const members: Record<string, string> = { erfurt: 'it@erfurt.lagebild.test', jena: 'it@jena.lagebild.test', 'lk-gotha': 'isb@lk-gotha.lagebild.test', waltershausen: 'it@waltershausen.lagebild.test', swnt: 'soc@swnt.lagebild.test' };
  for (const advisory of ADVISORIES) {
    const publishedAt = new Date(now.getTime() - advisory.daysAgo * DAY - 3 * HOUR);
    const content = AdvisoryContentSchema.parse({
      title: advisory.title,
      summary: { de: advisory.summary },
      body: { de: `## Beschreibung\n\n${advisory.summary}\n\n## Empfehlung\n\n${advisory.recommendation}` },
      severity: advisory.severity,
      cves: advisory.cves,
      products: advisory.products,
      recommendations: { de: advisory.recommendation },
      references: [],
      tlp: advisory.tlp,
      pap: 'GREEN',
      audience: { organizations: (advisory.audience ?? []).map((key) => orgIds.get(key)!).filter(Boolean), sharingGroups: [], users: [] },
    });
    const ctx = { db, principal: analyst, ip: null };
    const created = await createAdvisory(ctx, content);
    // The audience check in the answer is not used here, so what mail could do does not matter.
    await publishAdvisory(ctx, created.id, undefined, { mailEnabled: false });
    await db.execute(sql`update advisories set created_at = ${publishedAt}, updated_at = ${publishedAt}, published_at = ${publishedAt} where id = ${created.id}`);
    await db.execute(sql`update advisory_revisions set published_at = ${publishedAt} where advisory_id = ${created.id}`);
    await db.execute(sql`update advisory_affected set first_matched_at = ${publishedAt} where advisory_id = ${created.id}`);
    for (const answer of advisory.answers ?? []) {
      const email = members[answer.org];
      if (!email || !orgIds.get(answer.org)) continue;
      const principal = await principalOf(db, email);
      await acknowledge({ db, principal, ip: null }, created.id, { status: answer.status, organizationId: orgIds.get(answer.org) });
      await db.execute(sql`update acknowledgements set created_at = ${new Date(publishedAt.getTime() + answer.afterHours * HOUR)} where advisory_id = ${created.id} and organization_id = ${orgIds.get(answer.org)!}`);
    }
  }

  // An open ransomware incident at the utility (reported 5 h ago: the notification is due in 67 h)
  // and a phishing incident in Erfurt three weeks ago, contained, whose 72-hour notification Erfurt
  // submitted on the second day (its final report is due a month after awareness).
  const soc = await principalOf(db, 'soc@swnt.lagebild.test');
  const erfurt = await principalOf(db, 'it@erfurt.lagebild.test');
  const incidents = [
    { principal: soc, awareness: new Date(now.getTime() - 6 * HOUR), reported: new Date(now.getTime() - 5 * HOUR), to: ['acknowledged', 'investigating'] as const, severity: 'hoch' as const, draft: { title: 'Ransomware auf Abrechnungsservern', description: 'Verschlüsselte Dateien auf zwei Abrechnungsservern, Lösegeldforderung im Netzlaufwerk.', sector: 'energy', ransomware: 'yes', handlingStatus: 'ongoing' } },
    { principal: erfurt, awareness: new Date(now.getTime() - 22 * DAY), reported: new Date(now.getTime() - 22 * DAY + 2 * HOUR), to: ['acknowledged', 'investigating', 'contained'] as const, severity: 'mittel' as const, notification: { afterHours: 30, summary: 'Das Postfach wurde gesperrt, die Zugangsdaten wurden zurückgesetzt; 1.240 Empfänger der Phishing-Mails wurden informiert. Kein Zugriff auf Fachverfahren festgestellt.', rootCause: 'Zugangsdaten über eine gefälschte Anmeldeseite abgegriffen; das Postfach hatte keine Mehrfaktor-Anmeldung.' }, draft: { title: 'Kompromittiertes Postfach im Bürgeramt', description: 'Ein Postfach versandte Phishing-Mails an Bürgerinnen und Bürger.', sector: 'public_administration', ransomware: 'no', handlingStatus: 'contained' } },
  ];
  for (const incident of incidents) {
    const base = {
      startedAt: incident.awareness.toISOString(),
      detectedAt: incident.awareness.toISOString(),
      affectedServices: ['Fachverfahren'],
      affectedSystems: [],
      impact: { confidentiality: true, integrity: true, availability: true },
      crossBorder: 'no',
      suspectedMalicious: 'yes',
      contact: { name: incident.principal.name, email: incident.principal.email },
      entityType: 'none',
      ...incident.draft,
    };
    const clock = fixedClock(incident.reported);
    const reporterCtx = { db, principal: incident.principal, ip: null, clock, dataDir };
    const created = await createIncident(reporterCtx, { draft: base as never, awarenessAt: incident.awareness.toISOString() });
    await reportIncident(reporterCtx, created.id, undefined);
    const certCtx = { db, principal: analyst, ip: null, clock, dataDir };
    await triageIncident(certCtx, created.id, { severity: incident.severity });
    for (const state of incident.to) {
      clock.advance(HOUR);
      await transitionIncident(certCtx, created.id, state, undefined);
    }
    if ('notification' in incident && incident.notification) {
      const at = fixedClock(new Date(incident.awareness.getTime() + incident.notification.afterHours * HOUR));
      await submitStage({ ...reporterCtx, clock: at }, created.id, { stage: 'notification', summary: incident.notification.summary, severityAssessment: incident.severity, rootCause: incident.notification.rootCause, mitigationsApplied: 'Postfach gesperrt, Passwort zurückgesetzt, Mehrfaktor-Anmeldung aktiviert.' });
    }
  }

  await db.transaction((tx) =>
    writeLevel(
      tx,
      { level: 2, reason: { de: 'Aktive Ausnutzung von Schwachstellen in VPN-Gateways; ein Ransomware-Vorfall bei einem Energieversorger.', en: 'Active exploitation of VPN gateway vulnerabilities; a ransomware incident at an energy utility.' } },
      { userId: analyst.userId, name: analyst.name, label: analyst.email },
      new Date(now.getTime() - 4 * HOUR),
    ),
  );
  return { advisories: ADVISORIES.length, incidents: incidents.length };
}
