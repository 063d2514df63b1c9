/**
 * What goes into an e-mail or a webhook body. The TLP rules of outgoing channels live here:
 * - the TLP label starts every subject (`[TLP:AMBER] …`);
 * - TLP:RED content and anything marked VS-NfD (Verschlusssache – nur für den Dienstgebrauch) never
 *   leaves Lagebild by e-mail or webhook: only a link to it, which needs a login;
 * - mail to an address that is not a Lagebild user (an organization's second contact) is link-only
 *   as well, since the policy cannot vouch for that person.
 * Whether a recipient may get a message at all is decided by the planner through access/.
 */
import { escapeHtml } from '../advisories/advisories.markdown.js';

export type Language = 'de' | 'en';
type Localized = { de: string; en?: string | undefined };

/** The advisory fields an outgoing message may carry (from the outbox payloads). */
export type AdvisoryBrief = { id: string; tlp: string; severity: string; title: Localized; summary?: Localized | undefined; cves?: string[] | undefined; body?: Localized | undefined };

export type MailContent = { subject: string; text: string; html: string };
export type MessageKind = 'new' | 'revised' | 'affects_you' | 'escalation' | 'reminder';

const VS_NFD = /\bVS[\s\u2013-]*NfD\b|nur\s+f(?:ü|ue)r\s+den\s+dienstgebrauch/i;

/** Whether the advisory carries the German restricted classification VS-NfD anywhere in its text. */
export function isVsNfd(advisory: AdvisoryBrief): boolean {
  const texts = [advisory.title, advisory.summary, advisory.body].flatMap((text) => (text ? [text.de, text.en ?? ''] : []));
  return texts.some((text) => VS_NFD.test(text));
}

/** Whether the content may travel in an e-mail or webhook at all. */
export function contentMayLeave(advisory: AdvisoryBrief, recipientIsUser: boolean): boolean {
  return recipientIsUser && advisory.tlp.toUpperCase() !== 'RED' && !isVsNfd(advisory);
}

function pick(text: Localized | undefined, language: Language): string {
  if (!text) return '';
  return language === 'en' ? (text.en ?? text.de) : text.de;
}

const HEADINGS: Record<MessageKind, Record<Language, string>> = {
  new: { de: 'Neue Warnmeldung', en: 'New advisory' },
  revised: { de: 'Aktualisierte Warnmeldung', en: 'Updated advisory' },
  affects_you: { de: 'Betrifft Sie', en: 'Affects you' },
  escalation: { de: 'Eskalation: unbeantwortete kritische Warnmeldung', en: 'Escalation: unanswered critical advisory' },
  reminder: { de: 'Erinnerung: bitte Warnmeldung beantworten', en: 'Reminder: please answer the advisory' },
};

/** The link to an advisory in the web client. */
export function advisoryLink(baseUrl: string, id: string): string {
  return `${baseUrl}/warnmeldungen/${id}`;
}

/** A multipart mail about an advisory for one recipient. */
export function renderAdvisoryMail(input: { kind: MessageKind; advisory: AdvisoryBrief; language: Language; baseUrl: string; reasons?: string[]; organizationName?: string; recipientIsUser: boolean; changeNote?: Localized | undefined }): MailContent {
  const { advisory, language, kind } = input;
  const label = `[TLP:${advisory.tlp.toUpperCase().replace(/^TLP:/, '')}]`;
  const heading = HEADINGS[kind][language];
  const link = advisoryLink(input.baseUrl, advisory.id);
  const full = contentMayLeave(advisory, input.recipientIsUser);
  const lines: string[] = [];
  if (full) {
    lines.push(pick(advisory.title, language), '', pick(advisory.summary, language));
    if (input.changeNote) lines.push('', `${language === 'de' ? 'Was sich geändert hat' : 'What changed'}: ${pick(input.changeNote, language)}`);
    lines.push('', `${language === 'de' ? 'Schweregrad' : 'Severity'}: ${advisory.severity}`);
    if (advisory.cves && advisory.cves.length > 0) lines.push(`CVE: ${advisory.cves.join(', ')}`);
    if (input.reasons && input.reasons.length > 0) {
      lines.push('', language === 'de' ? `Warum ${input.organizationName ?? 'Ihre Organisation'} betroffen ist:` : `Why ${input.organizationName ?? 'your organization'} is affected:`);
      for (const reason of input.reasons) lines.push(`- ${reason}`);
    }
  } else {
    lines.push(
      language === 'de'
        ? 'Für Sie liegt eine Warnmeldung in Lagebild bereit. Wegen ihrer Einstufung enthält diese E-Mail keinen Inhalt; bitte melden Sie sich an, um sie zu lesen.'
        : 'An advisory is waiting for you in Lagebild. Because of its classification this e-mail carries no content; please log in to read it.',
    );
  }
  lines.push('', `${language === 'de' ? 'Öffnen' : 'Open'}: ${link}`, '', language === 'de' ? 'Bitte beachten Sie die TLP-Einstufung bei der Weitergabe.' : 'Please respect the TLP label when sharing.');
  const subjectTail = full ? `${heading}: ${pick(advisory.title, language)}` : `${heading} (${language === 'de' ? 'Inhalt nur in Lagebild' : 'content in Lagebild only'})`;
  const text = lines.join('\n');
  const html = `<!doctype html><html lang="${language}"><body><p><strong>${escapeHtml(label)}</strong> ${escapeHtml(heading)}</p>${lines
    .filter((line) => line !== '')
    .map((line) => (line.startsWith('http') || line.includes(link) ? `<p><a href="${escapeHtml(link)}">${escapeHtml(line)}</a></p>` : `<p>${escapeHtml(line)}</p>`))
    .join('')}</body></html>`;
  return { subject: `${label} ${subjectTail}`.slice(0, 300), text, html };
}

/** A webhook body: the event with the advisory's summary, or only id, label and link when content may not leave. */
export function renderWebhookBody(input: { seq: number; type: string; advisory: AdvisoryBrief; baseUrl: string; organizationId: string; reasons?: { de: string; en: string }[]; changeNote?: Localized | undefined; at: Date }): string {
  const { advisory } = input;
  const full = contentMayLeave(advisory, true);
  return JSON.stringify({
    id: `${input.seq}:${input.organizationId}`,
    event: input.type,
    seq: input.seq,
    organizationId: input.organizationId,
    createdAt: input.at.toISOString(),
    advisory: full
      ? { id: advisory.id, tlp: `TLP:${advisory.tlp}`, severity: advisory.severity, title: advisory.title, summary: advisory.summary, cves: advisory.cves ?? [], url: advisoryLink(input.baseUrl, advisory.id) }
      : { id: advisory.id, tlp: `TLP:${advisory.tlp}`, url: advisoryLink(input.baseUrl, advisory.id), contentWithheld: true },
    ...(input.reasons && full ? { reasons: input.reasons } : {}),
    ...(input.changeNote && full ? { changeNote: input.changeNote } : {}),
  });
}

/** The mail announcing a published Lagebericht (its PDF is attached when sent), from the report as it is then. */
export function renderReportMail(input: { reportId: string; title: { de: string; en: string }; tlp: string; language: Language; baseUrl: string }): { subject: string; text: string } {
  const link = `${input.baseUrl}/lageberichte/${input.reportId}`;
  const tlp = input.tlp.toUpperCase();
  return input.language === 'en'
    ? { subject: `[TLP:${tlp}] ${input.title.en}`, text: `CERT-Thüringen has published the situation report "${input.title.en}". The PDF is attached; it is also available in Lagebild: ${link}\n\nTLP:${tlp} – pass it on only as the label allows.` }
    : { subject: `[TLP:${tlp}] ${input.title.de}`, text: `Das CERT-Thüringen hat den „${input.title.de}“ veröffentlicht. Das PDF ist angehängt und in Lagebild abrufbar: ${link}\n\nTLP:${tlp} – geben Sie ihn nur so weiter, wie die Kennzeichnung es erlaubt.` };
}
