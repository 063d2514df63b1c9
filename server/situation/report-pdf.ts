/**
 * The Lagebericht as a PDF in the reader's language (German by default). DejaVu Sans is embedded
 * because pdfkit's standard fonts only cover WinAnsi, and a report quotes names, CVE titles and
 * reasons in any script; every page carries the TLP label at the top, as TLP 2.0 asks of print.
 */
import PDFDocument from 'pdfkit';
import { PDF_FONT, useUnicodeFonts } from '../platform/pdf/fonts.js';
import type { SituationReportDto } from './reports.schemas.js';


type Lang = 'de' | 'en';

const TEXT = {
  de: {
    title: 'Lagebericht', period: 'Zeitraum', status: { draft: 'Entwurf – nicht veröffentlicht', published: 'Veröffentlicht' }, publisher: 'CERT-Thüringen',
    level: 'Lagestufe', levelAtStart: 'Zu Beginn des Zeitraums', noLevelChange: 'Die Lagestufe blieb im Zeitraum unverändert.', changedAt: 'geändert am',
    assessment: 'Bewertung des CERT', recommendations: 'Empfehlungen', noText: 'Keine Angaben.',
    advisories: 'Warnmeldungen', noAdvisories: 'Im Zeitraum wurden keine Warnmeldungen veröffentlicht.',
    coverage: (affected: number, acknowledged: number) => (affected === 0 ? 'keine betroffene Einrichtung' : `${acknowledged} von ${affected} betroffenen Einrichtungen haben geantwortet`),
    restricted: (n: number) => `Dazu ${n === 1 ? 'eine Warnmeldung' : `${n} Warnmeldungen`} unter TLP:AMBER an einzelne Empfänger (hier nicht aufgeführt).`,
    incidents: 'Gemeldete Vorfälle', noIncidents: 'Im Zeitraum wurden keine Vorfälle gemeldet.',
    incidentCount: (n: number) => (n === 1 ? 'Ein Vorfall wurde gemeldet' : `${n} Vorfälle wurden gemeldet`),
    severityLabel: 'Schweregrad',
    kev: 'Neu in CISA KEV (aktiv ausgenutzt)', noKev: 'Keine neuen Einträge im Zeitraum.',
    intake: 'Eingang', intakeLine: (items: number, kev: number, epss: number) => `${items} neue Meldungen aus den Quellen, davon ${kev} KEV-Einträge; ${epss} nennen eine CVE mit EPSS ≥ 0,5.`,
    severity: { kritisch: 'kritisch', hoch: 'hoch', mittel: 'mittel', niedrig: 'niedrig' } as Record<string, string>,
    page: 'Seite',
  },
  en: {
    title: 'Situation report', period: 'Period', status: { draft: 'Draft – not published', published: 'Published' }, publisher: 'CERT-Thüringen',
    level: 'Threat level', levelAtStart: 'At the start of the period', noLevelChange: 'The threat level did not change in the period.', changedAt: 'changed on',
    assessment: "The CERT's assessment", recommendations: 'Recommendations', noText: 'None given.',
    advisories: 'Advisories', noAdvisories: 'No advisories were published in the period.',
    coverage: (affected: number, acknowledged: number) => (affected === 0 ? 'no affected organization' : `${acknowledged} of ${affected} affected organizations answered`),
    restricted: (n: number) => `In addition, ${n === 1 ? 'one advisory' : `${n} advisories`} at TLP:AMBER to individual recipients (not listed here).`,
    incidents: 'Reported incidents', noIncidents: 'No incidents were reported in the period.',
    incidentCount: (n: number) => (n === 1 ? 'One incident was reported' : `${n} incidents were reported`),
    severityLabel: 'severity',
    kev: 'New in CISA KEV (actively exploited)', noKev: 'No new entries in the period.',
    intake: 'Intake', intakeLine: (items: number, kev: number, epss: number) => `${items} new items from the sources, ${kev} of them KEV entries; ${epss} name a CVE with EPSS ≥ 0.5.`,
    severity: { kritisch: 'critical', hoch: 'high', mittel: 'medium', niedrig: 'low' } as Record<string, string>,
    page: 'Page',
  },
} as const;

const TLP_COLOR: Record<string, string> = { clear: '#000000', green: '#33a02c', amber: '#cc8800' };

function pick(text: { de: string; en?: string | undefined } | null | undefined, lang: Lang): string {
  if (!text) return '';
  return lang === 'en' && text.en ? text.en : text.de;
}

function dateLabel(iso: string, lang: Lang, withTime = false): string {
  return new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { timeZone: 'Europe/Berlin', dateStyle: 'medium', ...(withTime ? { timeStyle: 'short' } : {}) }).format(new Date(iso));
}

/** The report's title in both languages ("Lagebericht 30.11.2026 – 06.12.2026"). */
export function reportTitle(period: { from: string; to: string }): { de: string; en: string } {
  // The period ends exclusively at `to`: the title names the last day inside it.
  const last = new Date(Date.parse(period.to) - 1).toISOString();
  return { de: `${TEXT.de.title} ${dateLabel(period.from, 'de')} – ${dateLabel(last, 'de')}`, en: `${TEXT.en.title} ${dateLabel(period.from, 'en')} – ${dateLabel(last, 'en')}` };
}

/** Renders the report as a PDF in `lang`. */
export async function renderReportPdf(report: SituationReportDto, lang: Lang): Promise<Buffer> {
  const t = TEXT[lang];
  const title = pick(report.title, lang);
  const doc = new PDFDocument({ size: 'A4', margin: 56, bufferPages: true, lang: lang === 'de' ? 'de-DE' : 'en-GB', info: { Title: title, Author: 'Lagebild / CERT-Thüringen', Subject: `TLP:${report.tlp.toUpperCase()}` } });
  useUnicodeFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const label = `TLP:${report.tlp.toUpperCase()}`;
  const header = () => doc.font(PDF_FONT.bold).fontSize(9).fillColor(TLP_COLOR[report.tlp] ?? '#000000').text(label, 56, 30, { align: 'right' }).fillColor('black').text('', 56, 56);
  doc.on('pageAdded', header);
  header();
  const heading = (text: string) => doc.moveDown(0.8).font(PDF_FONT.bold).fontSize(13).text(text).moveDown(0.3).font(PDF_FONT.regular).fontSize(10);
  const para = (text: string) => doc.font(PDF_FONT.regular).fontSize(10).text(text, { paragraphGap: 4 });

  doc.font(PDF_FONT.bold).fontSize(18).text(title);
  doc.font(PDF_FONT.regular).fontSize(10).fillColor('#444444').text(`${t.publisher} · ${t.status[report.status]}${report.publishedAt ? ` ${dateLabel(report.publishedAt, lang, true)}` : ''} · ${label}`).fillColor('black');
  para(`${t.period}: ${dateLabel(report.period.from, lang, true)} – ${dateLabel(report.period.to, lang, true)}`);

  heading(t.level);
  const levels = report.content.levels;
  para(`${t.levelAtStart}: ${pick(levels.atStart.label, lang)}`);
  if (levels.changes.length === 0) para(t.noLevelChange);
  for (const change of levels.changes) para(`• ${pick(change.label, lang)} – ${t.changedAt} ${dateLabel(change.setAt, lang, true)}${change.reason ? `: ${pick(change.reason, lang)}` : ''}`);

  heading(t.assessment);
  para(pick(report.sections.assessment, lang) || t.noText);
  heading(t.recommendations);
  para(pick(report.sections.recommendations, lang) || t.noText);

  heading(t.advisories);
  if (report.content.advisories.length === 0) para(t.noAdvisories);
  for (const advisory of report.content.advisories) {
    doc.font(PDF_FONT.bold).fontSize(10).text(`${pick(advisory.title, lang)}`, { continued: false });
    para(`${t.severity[advisory.severity] ?? advisory.severity} · TLP:${advisory.tlp.toUpperCase()} · ${dateLabel(advisory.publishedAt, lang)}${advisory.cves.length ? ` · ${advisory.cves.join(', ')}` : ''} · ${t.coverage(advisory.affected, advisory.acknowledged)}`);
  }
  if (report.content.restrictedAdvisories > 0) para(t.restricted(report.content.restrictedAdvisories));

  heading(t.incidents);
  const incidents = report.content.incidents;
  if (incidents.total === 0) para(t.noIncidents);
  else para(`${t.incidentCount(incidents.total)}: ${incidents.byReporter.map((entry) => `${entry.count} × ${pick(entry.reporter, lang)}`).join(', ')}.`);
  for (const item of incidents.items) {
    const details = [item.district, item.severity ? `${t.severityLabel} ${t.severity[item.severity] ?? item.severity}` : null].filter(Boolean).join(', ');
    para(`• ${dateLabel(item.reportedAt, lang)}: ${pick(item.reporter, lang)}${details ? ` (${details})` : ''}`);
  }

  heading(t.kev);
  if (report.content.kev.length === 0) para(t.noKev);
  for (const entry of report.content.kev) para(`• ${entry.cves.join(', ')}${entry.cves.length ? ' – ' : ''}${entry.title}`);

  heading(t.intake);
  const intake = report.content.intake;
  para(t.intakeLine(intake.items, intake.kev, intake.highEpss));
  for (const source of intake.bySource) para(`• ${source.name}: ${source.count}`);

  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    // The footer sits in the bottom margin; without this pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    doc.font(PDF_FONT.regular).fontSize(8).fillColor('#444444').text(`${title} · ${t.page} ${index + 1}/${range.count} · ${label}`, 56, doc.page.height - 40, { align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
