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

const BERLIN_PARTS = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** What Berlin's wall clock shows at `instant`, to the minute, as milliseconds of a UTC date with those fields. */
function berlinWallClock(instant: number): number {
  const parts = Object.fromEntries(BERLIN_PARTS.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
}

/**
 * A `datetime-local` value read as German time (Europe/Berlin) → ISO instant. The reporting
 * deadlines run on German time and every time is shown in it, so what the operator types means
 * German time whatever zone the device is set to (servers and admin VMs often run on UTC, which
 * moved every deadline by one or two hours). Berlin is UTC+2 or UTC+1: the offset whose reading
 * gives back the typed time wins, summer time first — so the hour repeated in October is read as
 * the earlier one; a time in the hour skipped in March does not exist and is read with UTC+1.
 */
export function localToIso(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((field) => Number(field ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Date.UTC rolls 30 February or hour 25 over into the next day: such a value is no time at all.
  if (new Date(wall).toISOString().slice(0, 16) !== value.slice(0, 16) || second > 59) return undefined;
  const offsetHours = [2, 1].find((hours) => berlinWallClock(wall - hours * 3_600_000) === wall) ?? 1;
  return new Date(wall - offsetHours * 3_600_000 + second * 1_000).toISOString();
}

/** An instant as a `datetime-local` value in German time (the inverse of {@link localToIso}). */
export function isoToLocal(instant: Date): string {
  return new Date(berlinWallClock(instant.getTime())).toISOString().slice(0, 16);
}

export const SEVERITIES = ['niedrig', 'mittel', 'hoch', 'kritisch'] as const;
export const TRIAGE_STATES = ['new', 'acknowledged', 'investigating', 'contained', 'closed'] as const;
export const INCIDENT_TYPES = ['ransomware', 'malware', 'phishing', 'account_compromise', 'ddos', 'data_breach', 'intrusion', 'physical', 'outage', 'other'] as const;
export const SECTORS = ['energy', 'water', 'finance', 'health', 'transport', 'food', 'digital_infrastructure', 'waste', 'public_administration', 'other'] as const;

/** A flag of the share check. */
export type ShareFlag = { category: string; list: string | null; listName: string | null; matched: string | null; reason: { de: string; en: string } };
export type ShareCandidate = { indicatorId: string; type: string; value: string; tlp: string; tlpExplicit: boolean; flags: ShareFlag[]; blocked: boolean; selectedByDefault: boolean };
