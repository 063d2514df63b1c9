/** Client shapes of the Lagebericht API (server/situation/reports.schemas.ts). */
import type { Localized } from './model';

export type ReportTlp = 'clear' | 'green' | 'amber';
export type ReportSummary = { id: string; title: Localized; period: { from: string; to: string }; tlp: ReportTlp; status: 'draft' | 'published'; createdBy: string; createdAt: string; updatedAt: string; publishedAt: string | null; publishedBy: string | null };
export type ReportSections = { assessment: Localized; recommendations: Localized };
export type Report = ReportSummary & {
  sections: ReportSections;
  content: {
    levels: { atStart: { level: number; label: Localized }; changes: { level: number; label: Localized; reason: Localized | null; setAt: string }[] };
    advisories: { id: string; title: Localized; severity: string; tlp: string; publishedAt: string; cves: string[]; affected: number; acknowledged: number }[];
    restrictedAdvisories: number;
    incidents: { total: number; byReporter: { reporter: { de: string; en: string }; count: number }[]; items: { reporter: { de: string; en: string }; district: string | null; severity: string | null; reportedAt: string }[] };
    kev: { cves: string[]; title: string; published: string | null }[];
    intake: { items: number; kev: number; highEpss: number; bySource: { name: string; count: number }[] };
  };
};

export const REPORT_TLP_LABEL = { clear: 'CLEAR', green: 'GREEN', amber: 'AMBER' } as const;

const PLURALS = { de: new Intl.PluralRules('de-DE'), en: new Intl.PluralRules('en-GB') };

/** `.one` or `.other` of a message key by Intl.PluralRules. */
export function pluralForm(lang: 'de' | 'en', n: number): 'one' | 'other' {
  return PLURALS[lang].select(n) === 'one' ? 'one' : 'other';
}
