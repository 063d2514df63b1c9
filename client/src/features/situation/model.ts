/** Client shapes of GET /api/v1/situation (server/situation/situation.schemas.ts). */
export type Localized = { de: string; en?: string };
export type Instant = { utc: string; berlin: string; label: string };
export type ThreatLevel = { id: string | null; level: number; label: Localized; description: Localized; reason: Localized | null; setAt: string | null; setBy: { id: string | null; name: string } | null };
export type Exposure = { advisory: { id: string; title: Localized; severity: string }; organization: { id: string; name: string }; dueAt: string | null; overdue: boolean; answered: boolean; status: string | null };
export type OpenIncident = { id: string; title: string | null; organization: { id: string; name: string }; sector: string | null; district: string | null; triageState: string; severity: string | null; reported: Instant | null; next: { stage: string; due: Instant; overdue: boolean } | null };
export type DistrictTile = { key: string; name: string; short: string; kind: string; col: number; row: number; organizations: number; openExposures: number; unanswered: number; overdue: number; openIncidents: number };
export type Situation = {
  role: 'cert' | 'district' | 'reporter' | 'organization';
  level: ThreatLevel;
  charts: {
    advisoriesPerWeek: { week: string; kritisch: number; hoch: number; mittel: number; niedrig: number }[];
    incidentsPerMonth?: { month: string; bySector: Record<string, number>; total: number }[];
    medianAcknowledgeHours?: { month: string; hours: number | null; answers: number }[];
  };
  incidents?: OpenIncident[];
  criticalAdvisories?: { advisory: { id: string; title: Localized; severity: string }; affected: number; acknowledged: number; open: number; overdue: number }[];
  unanswered?: Exposure[];
  intake?: { date: string; newItems: number; newKev: number; highEpss: number };
  feedHealth?: { id: string; name: string; type: string; enabled: boolean; lastStatus: string | null; lastRunAt: string | null; lastSuccessAt: string | null; failing: boolean }[];
  districts?: DistrictTile[];
  municipalities?: { id: string; name: string; districtName: string; openExposures: number; unanswered: number; overdue: number }[];
};

export function pick(text: Localized | null | undefined, lang: string): string {
  if (!text) return '';
  return lang === 'en' ? (text.en ?? text.de) : text.de;
}

const BERLIN_WITH_ZONE = {
  de: new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }),
};

/** A legal deadline in Berlin time with its zone, in the UI language (the server's `label` is always German: "… MEZ"). */
export function berlinDeadline(instant: Instant, lang: string): string {
  return BERLIN_WITH_ZONE[lang === 'en' ? 'en' : 'de'].format(new Date(instant.utc));
}
