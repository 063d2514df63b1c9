/**
 * PDF rendering of one stage submission, for the reporter's records and onward reporting to the
 * BSI/BBK Meldestelle. pdfkit's standard Helvetica (WinAnsi) covers German text; every page carries
 * the TLP label at the top, as TLP 2.0 asks of printed material.
 */
import PDFDocument from 'pdfkit';
import type { StageExport } from './use-cases/stages.js';
import { berlinLabel } from './berlin-time.js';

const STAGE_TITLES: Record<string, string> = {
  early_warning: 'Frühe Erstmeldung (§ 32 Abs. 1 Nr. 1 BSIG, Art. 23 Abs. 4 lit. a NIS2)',
  notification: 'Meldung (§ 32 Abs. 1 Nr. 2 BSIG, Art. 23 Abs. 4 lit. b NIS2)',
  intermediate: 'Zwischenmeldung (§ 32 Abs. 1 Nr. 3 BSIG, Art. 23 Abs. 4 lit. c NIS2)',
  progress: 'Fortschrittsmeldung (§ 32 Abs. 2 BSIG, Art. 23 Abs. 4 lit. e NIS2)',
  final: 'Abschlussmeldung (§ 32 Abs. 1 Nr. 4 BSIG, Art. 23 Abs. 4 lit. d NIS2)',
};

const TRI: Record<string, string> = { yes: 'ja', no: 'nein', unknown: 'unbekannt' };

function line(doc: PDFKit.PDFDocument, label: string, value: unknown): void {
  if (value === undefined || value === null || value === '') return;
  const scalar = (item: unknown) => (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean' ? String(item) : JSON.stringify(item));
  const text = Array.isArray(value) ? value.map(scalar).join(', ') : scalar(value);
  doc.font('Helvetica-Bold').fontSize(10).text(`${label}: `, { continued: true }).font('Helvetica').text(text);
}

function reportLines(doc: PDFKit.PDFDocument, report: Record<string, unknown>): void {
  const impact = report.impact as { confidentiality?: boolean; integrity?: boolean; availability?: boolean } | undefined;
  line(doc, 'Titel', report.title);
  line(doc, 'Beschreibung', report.description);
  line(doc, 'Beginn (UTC)', report.startedAt);
  line(doc, 'Entdeckt (UTC)', report.detectedAt);
  line(doc, 'Betroffene Dienste', report.affectedServices);
  line(doc, 'Betroffene Systeme', report.affectedSystems);
  if (impact) line(doc, 'Auswirkung', [impact.confidentiality ? 'Vertraulichkeit' : '', impact.integrity ? 'Integrität' : '', impact.availability ? 'Verfügbarkeit' : ''].filter(Boolean).join(', ') || 'keine');
  line(doc, 'Betroffene Personen', report.peopleAffected);
  line(doc, 'Betroffene Kunden', report.customersAffected);
  line(doc, 'Grenzüberschreitend', TRI[String(report.crossBorder)]);
  line(doc, 'Verdacht auf rechtswidrige oder böswillige Handlung', TRI[String(report.suspectedMalicious)]);
  line(doc, 'Ransomware', TRI[String(report.ransomware)]);
  line(doc, 'Bearbeitungsstand', report.handlingStatus);
  line(doc, 'Sektor', report.sector);
  line(doc, 'Einrichtungsart', report.entityType);
  const contact = report.contact as { name?: string; email?: string; phone?: string } | undefined;
  if (contact) line(doc, 'Kontakt', [contact.name, contact.email, contact.phone].filter(Boolean).join(', '));
  const physical = report.physical as Record<string, unknown> | undefined;
  if (physical) {
    line(doc, 'KRITIS-DachG § 18 – betroffene Personen', `${String(physical.affectedPersons)} (${String(physical.affectedShare)} %)`);
    line(doc, 'Dauer bisher (h)', physical.durationSoFarHours);
    line(doc, 'Dauer erwartet (h)', physical.expectedDurationHours);
    line(doc, 'Gebiet', `${String(physical.area)} (${physical.areaIsolated ? 'isoliert' : 'nicht isoliert'})`);
  }
}

/** Renders the stage export as a PDF document. */
export async function renderStagePdf(stage: StageExport): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `${STAGE_TITLES[stage.stage] ?? stage.stage} – ${stage.incidentId}`, Author: 'Lagebild / CERT-Thüringen' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const header = () => doc.font('Helvetica-Bold').fontSize(9).fillColor('#cc8800').text(stage.tlp, { align: 'right' }).fillColor('black');
  doc.on('pageAdded', header);
  header();
  doc.font('Helvetica-Bold').fontSize(15).text(STAGE_TITLES[stage.stage] ?? stage.stage);
  doc.moveDown(0.5);
  line(doc, 'Vorfall', stage.incidentId);
  line(doc, 'Meldende Einrichtung', `${stage.reportingOrganization.name}${stage.reportingOrganization.sector ? ` (${stage.reportingOrganization.sector})` : ''}`);
  line(doc, 'Kenntniserlangung', `${stage.awareness.berlin} (UTC ${stage.awareness.utc})`);
  line(doc, 'Übermittelt', stage.submitted ? `${stage.submitted.label} (UTC ${stage.submitted.utc})` : '');
  line(doc, 'Fassung', stage.correctsId ? `${stage.revision} (Korrektur von ${stage.correctsId})` : String(stage.revision));
  const ack = stage.bsiAcknowledgement;
  line(doc, 'Eingangsbestätigung BSI', ack ? `Aktenzeichen ${ack.bsiReference}, bestätigt ${ack.acknowledged.label}` : 'noch nicht erfasst');
  if (ack) line(doc, 'Vermerk zur Eingangsbestätigung', ack.note);
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).text('Angaben dieser Stufe');
  const content = stage.content as Record<string, unknown>;
  line(doc, 'Zusammenfassung', content.summary);
  line(doc, 'Schweregrad', content.severityAssessment);
  line(doc, 'Auswirkungen', content.impactAssessment);
  line(doc, 'Art der Bedrohung', content.threatType);
  line(doc, 'Ursache', content.rootCause);
  line(doc, 'Ergriffene Abhilfemaßnahmen', content.mitigationsApplied);
  line(doc, 'Laufende Abhilfemaßnahmen', content.mitigationsOngoing);
  line(doc, 'Grenzüberschreitende Auswirkungen', content.crossBorderImpact);
  line(doc, 'Kompromittierungsindikatoren', content.indicatorsSummary);
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).text('Meldung (Stand dieser Stufe)');
  reportLines(doc, stage.report as Record<string, unknown>);
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).text('Fristen (Europe/Berlin)');
  for (const deadline of stage.deadlines) {
    line(doc, STAGE_TITLES[deadline.stage]?.split(' (')[0] ?? deadline.stage, `${deadline.dueBerlin ?? 'noch nicht laufend'}${deadline.submittedUtc ? ` – übermittelt ${berlinLabel(new Date(deadline.submittedUtc))}` : ''}`);
  }
  doc.moveDown(1).font('Helvetica').fontSize(8).fillColor('gray').text(`Erstellt ${berlinLabel(new Date(stage.exportedAt))} mit Lagebild (CERT-Thüringen).`);
  doc.end();
  return done;
}
