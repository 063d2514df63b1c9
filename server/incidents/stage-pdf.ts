/**
 * PDF rendering of one stage submission, for the reporter's records and onward reporting to the
 * BSI/BBK Meldestelle, in the reader's language (German or English). Text is set in the embedded
 * Unicode font (server/platform/pdf/fonts.ts), so names like "Łódź" or "ẞ" print as written; every
 * page carries the TLP label at the top, as TLP 2.0 asks of printed material. The legal references
 * (§ BSIG, Art. NIS2) stay as the law names them.
 */
import PDFDocument from 'pdfkit';
import { PDF_FONT, useUnicodeFonts } from '../platform/pdf/fonts.js';
import type { StageExport } from './use-cases/stages.js';
import { berlinLabel } from './berlin-time.js';

export type PdfLanguage = 'de' | 'en';

const STAGE_TITLES: Record<PdfLanguage, Record<string, string>> = {
  de: {
    early_warning: 'Frühe Erstmeldung (§ 32 Abs. 1 Nr. 1 BSIG, Art. 23 Abs. 4 lit. a NIS2)',
    notification: 'Meldung (§ 32 Abs. 1 Nr. 2 BSIG, Art. 23 Abs. 4 lit. b NIS2)',
    intermediate: 'Zwischenmeldung (§ 32 Abs. 1 Nr. 3 BSIG, Art. 23 Abs. 4 lit. c NIS2)',
    progress: 'Fortschrittsmeldung (§ 32 Abs. 2 BSIG, Art. 23 Abs. 4 lit. e NIS2)',
    final: 'Abschlussmeldung (§ 32 Abs. 1 Nr. 4 BSIG, Art. 23 Abs. 4 lit. d NIS2)',
  },
  en: {
    early_warning: 'Early warning (§ 32(1) no. 1 BSIG, Art. 23(4)(a) NIS2)',
    notification: 'Incident notification (§ 32(1) no. 2 BSIG, Art. 23(4)(b) NIS2)',
    intermediate: 'Intermediate report (§ 32(1) no. 3 BSIG, Art. 23(4)(c) NIS2)',
    progress: 'Progress report (§ 32(2) BSIG, Art. 23(4)(e) NIS2)',
    final: 'Final report (§ 32(1) no. 4 BSIG, Art. 23(4)(d) NIS2)',
  },
};

const WORDS = {
  de: {
    yes: 'ja', no: 'nein', unknown: 'unbekannt', none: 'keine',
    title: 'Titel', description: 'Beschreibung', startedAt: 'Beginn (UTC)', detectedAt: 'Entdeckt (UTC)', affectedServices: 'Betroffene Dienste', affectedSystems: 'Betroffene Systeme',
    impact: 'Auswirkung', confidentiality: 'Vertraulichkeit', integrity: 'Integrität', availability: 'Verfügbarkeit', peopleAffected: 'Betroffene Personen', customersAffected: 'Betroffene Kunden',
    crossBorder: 'Grenzüberschreitend', suspectedMalicious: 'Verdacht auf rechtswidrige oder böswillige Handlung', ransomware: 'Ransomware', handlingStatus: 'Bearbeitungsstand', sector: 'Sektor', entityType: 'Einrichtungsart', contact: 'Kontakt',
    physicalPersons: 'KRITIS-DachG § 18 – betroffene Personen', durationSoFar: 'Dauer bisher (h)', durationExpected: 'Dauer erwartet (h)', area: 'Gebiet', isolated: 'isoliert', notIsolated: 'nicht isoliert',
    incident: 'Vorfall', reporter: 'Meldende Einrichtung', awareness: 'Kenntniserlangung', submitted: 'Übermittelt', revision: 'Fassung', correction: (revision: number, of: string) => `${revision} (Korrektur von ${of})`,
    bsiAck: 'Eingangsbestätigung BSI', bsiAckText: (reference: string, at: string) => `Aktenzeichen ${reference}, bestätigt ${at}`, bsiAckMissing: 'noch nicht erfasst', bsiNote: 'Vermerk zur Eingangsbestätigung',
    stageHeading: 'Angaben dieser Stufe', summary: 'Zusammenfassung', severity: 'Schweregrad', impactAssessment: 'Auswirkungen', threatType: 'Art der Bedrohung', rootCause: 'Ursache',
    mitigationsApplied: 'Ergriffene Abhilfemaßnahmen', mitigationsOngoing: 'Laufende Abhilfemaßnahmen', crossBorderImpact: 'Grenzüberschreitende Auswirkungen', indicators: 'Kompromittierungsindikatoren',
    reportHeading: 'Meldung (Stand dieser Stufe)', deadlinesHeading: 'Fristen (Europe/Berlin)', notRunning: 'noch nicht laufend', submittedAt: (at: string) => `übermittelt ${at}`,
    footer: (at: string) => `Erstellt ${at} mit Lagebild (CERT-Thüringen).`,
  },
  en: {
    yes: 'yes', no: 'no', unknown: 'unknown', none: 'none',
    title: 'Title', description: 'Description', startedAt: 'Started (UTC)', detectedAt: 'Detected (UTC)', affectedServices: 'Affected services', affectedSystems: 'Affected systems',
    impact: 'Impact', confidentiality: 'confidentiality', integrity: 'integrity', availability: 'availability', peopleAffected: 'People affected', customersAffected: 'Customers affected',
    crossBorder: 'Cross-border', suspectedMalicious: 'Suspected unlawful or malicious act', ransomware: 'Ransomware', handlingStatus: 'Handling status', sector: 'Sector', entityType: 'Entity type', contact: 'Contact',
    physicalPersons: 'KRITIS-DachG § 18 – persons affected', durationSoFar: 'Duration so far (h)', durationExpected: 'Expected duration (h)', area: 'Area', isolated: 'isolated', notIsolated: 'not isolated',
    incident: 'Incident', reporter: 'Reporting entity', awareness: 'Became aware', submitted: 'Submitted', revision: 'Revision', correction: (revision: number, of: string) => `${revision} (correction of ${of})`,
    bsiAck: 'BSI acknowledgement of receipt', bsiAckText: (reference: string, at: string) => `reference ${reference}, acknowledged ${at}`, bsiAckMissing: 'not recorded yet', bsiNote: 'Note on the acknowledgement',
    stageHeading: 'Details of this stage', summary: 'Summary', severity: 'Severity', impactAssessment: 'Impact', threatType: 'Type of threat', rootCause: 'Root cause',
    mitigationsApplied: 'Mitigations applied', mitigationsOngoing: 'Ongoing mitigations', crossBorderImpact: 'Cross-border impact', indicators: 'Indicators of compromise',
    reportHeading: 'Report (as of this stage)', deadlinesHeading: 'Deadlines (Europe/Berlin)', notRunning: 'not running yet', submittedAt: (at: string) => `submitted ${at}`,
    footer: (at: string) => `Created ${at} with Lagebild (CERT-Thüringen).`,
  },
} as const;

type Words = (typeof WORDS)[PdfLanguage];

function line(doc: PDFKit.PDFDocument, label: string, value: unknown): void {
  if (value === undefined || value === null || value === '') return;
  const scalar = (item: unknown) => (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean' ? String(item) : JSON.stringify(item));
  const text = Array.isArray(value) ? value.map(scalar).join(', ') : scalar(value);
  doc.font(PDF_FONT.bold).fontSize(10).text(`${label}: `, { continued: true }).font(PDF_FONT.regular).text(text);
}

function tri(words: Words, value: unknown): string | undefined {
  return value === 'yes' || value === 'no' || value === 'unknown' ? words[value] : undefined;
}

function reportLines(doc: PDFKit.PDFDocument, words: Words, report: Record<string, unknown>): void {
  const impact = report.impact as { confidentiality?: boolean; integrity?: boolean; availability?: boolean } | undefined;
  line(doc, words.title, report.title);
  line(doc, words.description, report.description);
  line(doc, words.startedAt, report.startedAt);
  line(doc, words.detectedAt, report.detectedAt);
  line(doc, words.affectedServices, report.affectedServices);
  line(doc, words.affectedSystems, report.affectedSystems);
  if (impact) line(doc, words.impact, [impact.confidentiality ? words.confidentiality : '', impact.integrity ? words.integrity : '', impact.availability ? words.availability : ''].filter(Boolean).join(', ') || words.none);
  line(doc, words.peopleAffected, report.peopleAffected);
  line(doc, words.customersAffected, report.customersAffected);
  line(doc, words.crossBorder, tri(words, report.crossBorder));
  line(doc, words.suspectedMalicious, tri(words, report.suspectedMalicious));
  line(doc, words.ransomware, tri(words, report.ransomware));
  line(doc, words.handlingStatus, report.handlingStatus);
  line(doc, words.sector, report.sector);
  line(doc, words.entityType, report.entityType);
  const contact = report.contact as { name?: string; email?: string; phone?: string } | undefined;
  if (contact) line(doc, words.contact, [contact.name, contact.email, contact.phone].filter(Boolean).join(', '));
  const physical = report.physical as Record<string, unknown> | undefined;
  if (physical) {
    line(doc, words.physicalPersons, `${String(physical.affectedPersons)} (${String(physical.affectedShare)} %)`);
    line(doc, words.durationSoFar, physical.durationSoFarHours);
    line(doc, words.durationExpected, physical.expectedDurationHours);
    line(doc, words.area, `${String(physical.area)} (${physical.areaIsolated ? words.isolated : words.notIsolated})`);
  }
}

/** Renders the stage export as a PDF document in the reader's language. */
export async function renderStagePdf(stage: StageExport, language: PdfLanguage = 'de'): Promise<Buffer> {
  const words = WORDS[language];
  const titles = STAGE_TITLES[language];
  const doc = new PDFDocument({ size: 'A4', margin: 56, lang: language === 'de' ? 'de-DE' : 'en-GB', info: { Title: `${titles[stage.stage] ?? stage.stage} – ${stage.incidentId}`, Author: 'Lagebild / CERT-Thüringen' } });
  useUnicodeFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const header = () => doc.font(PDF_FONT.bold).fontSize(9).fillColor('#cc8800').text(stage.tlp, { align: 'right' }).fillColor('black');
  doc.on('pageAdded', header);
  header();
  doc.font(PDF_FONT.bold).fontSize(15).text(titles[stage.stage] ?? stage.stage);
  doc.moveDown(0.5);
  line(doc, words.incident, stage.incidentId);
  line(doc, words.reporter, `${stage.reportingOrganization.name}${stage.reportingOrganization.sector ? ` (${stage.reportingOrganization.sector})` : ''}`);
  line(doc, words.awareness, `${berlinLabel(new Date(stage.awareness.utc), language)} (UTC ${stage.awareness.utc})`);
  line(doc, words.submitted, stage.submitted ? `${berlinLabel(new Date(stage.submitted.utc), language)} (UTC ${stage.submitted.utc})` : '');
  line(doc, words.revision, stage.correctsId ? words.correction(stage.revision, stage.correctsId) : String(stage.revision));
  const ack = stage.bsiAcknowledgement;
  line(doc, words.bsiAck, ack ? words.bsiAckText(ack.bsiReference, berlinLabel(new Date(ack.acknowledged.utc), language)) : words.bsiAckMissing);
  if (ack) line(doc, words.bsiNote, ack.note);
  doc.moveDown(0.5).font(PDF_FONT.bold).fontSize(12).text(words.stageHeading);
  const content = stage.content as Record<string, unknown>;
  line(doc, words.summary, content.summary);
  line(doc, words.severity, content.severityAssessment);
  line(doc, words.impactAssessment, content.impactAssessment);
  line(doc, words.threatType, content.threatType);
  line(doc, words.rootCause, content.rootCause);
  line(doc, words.mitigationsApplied, content.mitigationsApplied);
  line(doc, words.mitigationsOngoing, content.mitigationsOngoing);
  line(doc, words.crossBorderImpact, content.crossBorderImpact);
  line(doc, words.indicators, content.indicatorsSummary);
  doc.moveDown(0.5).font(PDF_FONT.bold).fontSize(12).text(words.reportHeading);
  reportLines(doc, words, stage.report as Record<string, unknown>);
  doc.moveDown(0.5).font(PDF_FONT.bold).fontSize(12).text(words.deadlinesHeading);
  for (const deadline of stage.deadlines) {
    line(doc, titles[deadline.stage]?.split(' (')[0] ?? deadline.stage, `${deadline.dueUtc ? berlinLabel(new Date(deadline.dueUtc), language) : words.notRunning}${deadline.submittedUtc ? ` – ${words.submittedAt(berlinLabel(new Date(deadline.submittedUtc), language))}` : ''}`);
  }
  doc.moveDown(1).font(PDF_FONT.regular).fontSize(8).fillColor('gray').text(words.footer(berlinLabel(new Date(stage.exportedAt), language)));
  doc.end();
  return done;
}
