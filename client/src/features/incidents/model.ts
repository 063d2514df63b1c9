/** Types of the incident API as the client reads them, and time helpers (Europe/Berlin). */
export type Instant = { utc: string; berlin: string; label: string } | null;

export type Deadline = { stage: string; basis: string; state: 'pending' | 'submitted' | 'waiting'; due: Instant; submitted: Instant; overdue: boolean };

export type BsiAcknowledgement = { bsiReference: string; acknowledged: NonNullable<Instant>; note: string | null; recordedBy: string | null; recorded: NonNullable<Instant> };

export type Stage = { id: string; stage: string; revision: number; correctsId: string | null; submitted: Instant; content: { summary: string } & Record<string, unknown>; bsiAcknowledgement: BsiAcknowledgement | null };

export type Incident = {
  id: string;
  status: 'draft' | 'reported';
  title: string | null;
  reportingOrganization: { id: string; name: string };
  draft: Record<string, unknown>;
  report: Record<string, unknown> | null;
  awareness: Instant;
  deadlines: Deadline[];
  nextDue: Instant;
  stages: Stage[];
  triage: {
    state: string;
    severity: string | null;
    assigneeUserId: string | null;
    assignee: { id: string; name: string | null } | null;
    incidentType: string | null;
    allowedTransitions: string[];
    closedAt: string | null;
    sla: {
      acknowledgeDue: Instant;
      acknowledged: Instant;
      feedbackDue: Instant;
      feedback: Instant;
      acknowledgeBreached: boolean;
      feedbackBreached: boolean;
      next: { kind: 'acknowledge' | 'feedback'; due: NonNullable<Instant>; breached: boolean } | null;
    } | null;
  };
  abilities: { triage: boolean; edit: boolean; submitStages: boolean; share: boolean };
  reported: Instant;
  createdAt: string;
  updatedAt: string;
};

/** The pending deadline that is due next (what `nextDue` names), with its stage. */
export function nextDeadline(incident: Pick<Incident, 'deadlines'>): (Deadline & { due: NonNullable<Instant> }) | null {
  const pending = incident.deadlines.filter((deadline): deadline is Deadline & { due: NonNullable<Instant> } => deadline.state === 'pending' && deadline.due !== null);
  pending.sort((a, b) => a.due.utc.localeCompare(b.due.utc));
  return pending[0] ?? null;
}

export type Message = {
  id: string;
  tlp: string;
  body: string;
  fromCert: boolean;
  author: { name: string | null; organizationName: string | null };
  createdAt: string;
  attachments: { id: string; fileName: string; size: number }[];
  readBy: { userId: string; name: string }[];
  readByMe: boolean;
};

/** `tlpExplicit` false: pasted without a label, it goes out at the TLP of the package it is shared in. */
export type Indicator = { id: string; observableType: string; value: string; tlp: string; tlpExplicit: boolean };
export type Page<T> = { items: T[]; next: string | null };

const BERLIN = {
  de: new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' }),
};

/** An instant shown in Berlin time (the server's label is German; this follows the UI language). */
export function berlinText(utc: string, lang: 'de' | 'en'): string {
  return `${BERLIN[lang].format(new Date(utc))} (Europe/Berlin)`;
}

/** "2 d 3 h", "5 h 10 min", "12 min": a countdown that is readable aloud. */
export function duration(ms: number, lang: 'de' | 'en'): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const d = lang === 'de' ? 'T' : 'd';
  if (days > 0) return `${days} ${d} ${hours} h`;
  if (hours > 0) return `${hours} h ${rest} min`;
  return `${rest} min`;
}

/** `datetime-local` value (browser local time) → ISO instant. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export const SEVERITIES = ['niedrig', 'mittel', 'hoch', 'kritisch'] as const;
export const TRIAGE_STATES = ['new', 'acknowledged', 'investigating', 'contained', 'closed'] as const;
export const INCIDENT_TYPES = ['ransomware', 'malware', 'phishing', 'account_compromise', 'ddos', 'data_breach', 'intrusion', 'physical', 'outage', 'other'] as const;
export const SECTORS = ['energy', 'water', 'finance', 'health', 'transport', 'food', 'digital_infrastructure', 'waste', 'public_administration', 'other'] as const;

/** A flag of the share check. */
export type ShareFlag = { category: string; list: string | null; listName: string | null; matched: string | null; reason: { de: string; en: string } };
export type ShareCandidate = { indicatorId: string; type: string; value: string; tlp: string; tlpExplicit: boolean; flags: ShareFlag[]; blocked: boolean; selectedByDefault: boolean };
