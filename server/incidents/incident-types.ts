/**
 * Incident types and the CERT's response checklist templates per type. The reporter names a type
 * in the report; the CERT may reclassify it in triage, which adds the new type's template tasks
 * (done tasks stay done). Labels in German and English travel with the tasks.
 */

export const INCIDENT_TYPES = ['ransomware', 'malware', 'phishing', 'account_compromise', 'ddos', 'data_breach', 'intrusion', 'physical', 'outage', 'other'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

/** A template task: a stable key and its label in both languages. */
export type TaskTemplate = { key: string; label: { de: string; en: string } };

const task = (key: string, de: string, en: string): TaskTemplate => ({ key, label: { de, en } });

/** Every incident: the CERT's duties under NIS2 Art. 23(5) and to the community. */
const COMMON: readonly TaskTemplate[] = [
  task('reporter_answered', 'Eingang bestätigt und erste Rückmeldung an den Melder', 'Receipt acknowledged and initial feedback sent to the reporter'),
  task('severity_assessed', 'Schweregrad und Betroffenheit bewertet', 'Severity and impact assessed'),
  task('bsi_informed', 'BSI-Meldestelle informiert bzw. Meldung des Betreibers geprüft', "BSI reporting office informed or the operator's report checked"),
  task('indicators_reviewed', 'Indikatoren geprüft (Warnlisten, eigene Infrastruktur)', 'Indicators reviewed (warninglists, own infrastructure)'),
  task('indicators_shared', 'Bereinigte Indikatoren geteilt', 'Sanitized indicators shared'),
  task('sector_warned', 'Sektor bzw. Verbund gewarnt', 'Sector or network warned'),
];

const CLOSING: readonly TaskTemplate[] = [task('final_report_reviewed', 'Abschlussmeldung geprüft, Erkenntnisse festgehalten', 'Final report reviewed, lessons recorded')];

const BY_TYPE: Readonly<Record<IncidentType, readonly TaskTemplate[]>> = {
  ransomware: [
    task('backups_isolated', 'Datensicherungen geprüft und isoliert', 'Backups checked and isolated'),
    task('police_informed', 'Polizei (ZAC Thüringen) informiert', 'Police (ZAC Thüringen) informed'),
    task('ransom_note_collected', 'Erpresserschreiben und Verschlüsselungsmerkmale gesichert', 'Ransom note and encryption traits collected'),
    task('decryptor_checked', 'Entschlüsselungswerkzeuge geprüft (No More Ransom)', 'Decryptors checked (No More Ransom)'),
  ],
  malware: [task('samples_secured', 'Proben gesichert und analysiert', 'Samples secured and analysed'), task('persistence_checked', 'Persistenz und seitliche Ausbreitung geprüft', 'Persistence and lateral movement checked')],
  phishing: [
    task('mail_samples_collected', 'Mails mit Kopfzeilen gesichert', 'Mails with headers collected'),
    task('links_blocked', 'Sperrung der Links und Absender empfohlen', 'Blocking of links and senders recommended'),
    task('credentials_reset', 'Zugangsdaten betroffener Konten zurückgesetzt', 'Credentials of affected accounts reset'),
  ],
  account_compromise: [task('credentials_reset', 'Zugangsdaten betroffener Konten zurückgesetzt', 'Credentials of affected accounts reset'), task('mfa_checked', 'Zwei-Faktor-Anmeldung geprüft', 'Two-factor login checked')],
  ddos: [task('provider_contacted', 'Provider bzw. DDoS-Schutzdienst eingebunden', 'Provider or DDoS protection engaged'), task('traffic_samples', 'Verkehrsmitschnitte und Quell-Adressen gesichert', 'Traffic samples and source addresses secured')],
  data_breach: [task('dpa_notified', 'Meldung an die Datenschutzaufsicht geprüft (Art. 33 DSGVO, 72 h)', 'Notification to the data protection authority checked (GDPR Art. 33, 72 h)'), task('data_scope_assessed', 'Umfang der abgeflossenen Daten bewertet', 'Scope of the exfiltrated data assessed')],
  intrusion: [task('evidence_secured', 'Beweise gesichert (Images, Protokolle)', 'Evidence secured (images, logs)'), task('persistence_checked', 'Persistenz und seitliche Ausbreitung geprüft', 'Persistence and lateral movement checked')],
  physical: [task('bbk_informed', 'BBK eingebunden (KRITIS-DachG § 18)', 'BBK involved (KRITIS-DachG § 18)'), task('supply_impact_assessed', 'Versorgungsauswirkung und Gebiet bewertet', 'Supply impact and area assessed')],
  outage: [task('root_cause_requested', 'Ursache beim Betreiber erfragt', 'Root cause requested from the operator')],
  other: [],
};

/** The template tasks of a type, in checklist order. */
export function checklistTemplate(type: IncidentType | null): TaskTemplate[] {
  const seen = new Set<string>();
  return [...COMMON, ...BY_TYPE[type ?? 'other'], ...CLOSING].filter((item) => (seen.has(item.key) ? false : (seen.add(item.key), true)));
}

/** The label of a template key (any type), or undefined for unknown keys. */
export function templateLabel(key: string): { de: string; en: string } | undefined {
  for (const item of [...COMMON, ...CLOSING, ...Object.values(BY_TYPE).flat()]) if (item.key === key) return item.label;
  return undefined;
}
