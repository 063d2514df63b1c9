/**
 * The CERT's threat level (Lagestufe 1–4) for Thuringia's administration and operators. Setting it
 * writes the history row, the audit entry and the live event in one transaction, so the header of
 * every logged-in user follows without reload and nothing is announced that was not stored.
 */
import { desc } from 'drizzle-orm';
import { emitEvent } from '../access/event-declaration.js';
import { recordAudit } from '../audit/record-audit.js';
import { requireUser, type Principal } from '../auth/principal.js';
import type { Database, Executor } from '../platform/db/client.js';
import type { SetLevelBody, ThreatLevel, ThreatLevelDto } from './situation.schemas.js';
import { LEVEL_CHANGED } from './situation.events.js';
import { situationLevels, type SituationLevelRow } from './situation.table.js';

/** The live event every logged-in user receives when the level changes (situation.events.ts declares it). */
export const LEVEL_CHANGED_EVENT = LEVEL_CHANGED.type;

/** Names and meanings of the four levels, after the BSI's IT threat situation wording. */
export const LEVEL_TEXT: Record<ThreatLevel, { label: { de: string; en: string }; description: { de: string; en: string } }> = {
  1: {
    label: { de: 'Lagestufe 1 – Normal', en: 'Level 1 – Normal' },
    description: { de: 'Keine besonderen Auffälligkeiten; Regelbetrieb.', en: 'No particular anomalies; normal operation.' },
  },
  2: {
    label: { de: 'Lagestufe 2 – Erhöht', en: 'Level 2 – Elevated' },
    description: { de: 'Verstärkte Beobachtung von Auffälligkeiten; einzelne Einrichtungen betroffen.', en: 'Increased observation of anomalies; individual organizations affected.' },
  },
  3: {
    label: { de: 'Lagestufe 3 – Hoch', en: 'Level 3 – High' },
    description: { de: 'Geschäftskritische Lage; der Regelbetrieb ist bei mehreren Einrichtungen beeinträchtigt.', en: 'Business-critical situation; normal operation is impaired at several organizations.' },
  },
  4: {
    label: { de: 'Lagestufe 4 – Sehr hoch', en: 'Level 4 – Very high' },
    description: { de: 'Extrem kritische Lage; Ausfall vieler Dienste, Krisenstab einberufen.', en: 'Extremely critical situation; many services down, crisis team convened.' },
  },
};

function asLevel(value: number): ThreatLevel {
  return (value >= 1 && value <= 4 ? value : 1) as ThreatLevel;
}

/** A level row as the API gives it. */
export function presentLevel(row: SituationLevelRow): ThreatLevelDto {
  const text = LEVEL_TEXT[asLevel(row.level)];
  return {
    id: row.id,
    level: row.level,
    label: text.label,
    description: text.description,
    reason: { de: row.reason.de, ...(row.reason.en ? { en: row.reason.en } : {}) },
    setAt: row.setAt.toISOString(),
    setBy: { id: row.setByUserId, name: row.setByName },
  };
}

/** Before the CERT ever set a level: level 1, not set by anyone. */
function initialLevel(): ThreatLevelDto {
  return { id: null, level: 1, ...LEVEL_TEXT[1], reason: null, setAt: null, setBy: null };
}

/** The current level (the newest row). */
export async function currentLevel(db: Executor): Promise<ThreatLevelDto> {
  const [row] = await db.select().from(situationLevels).orderBy(desc(situationLevels.setAt), desc(situationLevels.id)).limit(1);
  return row ? presentLevel(row) : initialLevel();
}

/** The history, newest first. */
export async function levelHistory(db: Executor, limit: number): Promise<ThreatLevelDto[]> {
  const rows = await db.select().from(situationLevels).orderBy(desc(situationLevels.setAt), desc(situationLevels.id)).limit(limit);
  return rows.map(presentLevel);
}

/** Writes a level row with its audit entry and live event inside the caller's transaction. */
export async function writeLevel(tx: Executor, input: SetLevelBody, by: { userId: string | null; name: string; label: string; ip?: string | null }, setAt = new Date()): Promise<ThreatLevelDto> {
  const reason = { de: input.reason.de, ...(input.reason.en ? { en: input.reason.en } : {}) };
  const [row] = await tx.insert(situationLevels).values({ level: input.level, reason, setByUserId: by.userId, setByName: by.name, setAt }).returning();
  if (!row) throw new Error('situation level insert returned no row');
  const level = presentLevel(row);
  await recordAudit(tx, { userId: by.userId, label: by.label, ip: by.ip ?? null }, { action: 'situation.level_changed', objectType: 'situation_level', objectId: row.id, details: { level: input.level } }, setAt);
  await emitEvent(tx, LEVEL_CHANGED, row.id, level);
  return level;
}

/** Sets the level (the route demands `situation:level`). */
export async function setLevel(db: Database, principal: Principal, input: SetLevelBody, ip: string | null): Promise<ThreatLevelDto> {
  const user = requireUser(principal);
  return db.transaction((tx) => writeLevel(tx, input, { userId: user.userId, name: user.name, label: user.email, ip }));
}
