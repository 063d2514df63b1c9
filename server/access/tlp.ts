/**
 * TLP 2.0 levels as the policy sees them: order, comparison, parsing of the API spelling, and the
 * OASIS marking-definition ids for output (taken from `server/stix/tlp.ts`, never retyped here).
 */
import { z } from 'zod';
import { TLP2_MARKING_IDS, TLP_LEVELS, TLP_MARKING_DEFINITIONS, tlpLevelFromMarkingId, type TlpLevel } from '../stix/tlp.js';
import type { MarkingDefinition } from '../stix/marking-definition.js';

export { TLP_LEVELS, type TlpLevel } from '../stix/tlp.js';

/** Numeric rank of a level: clear 0 < green 1 < amber 2 < amber+strict 3 < red 4. */
export function tlpRank(level: TlpLevel): number {
  return TLP_LEVELS.indexOf(level);
}

/** Whether `a` restricts more people than `b`. */
export function isMoreRestrictive(a: TlpLevel, b: TlpLevel): boolean {
  return tlpRank(a) > tlpRank(b);
}

/** The most restrictive of the given levels (clear for none): a child shown in a container takes the stricter. */
export function mostRestrictive(...levels: TlpLevel[]): TlpLevel {
  return levels.reduce<TlpLevel>((worst, level) => (isMoreRestrictive(level, worst) ? level : worst), 'clear');
}

/** Whether changing from `before` to `after` makes the object visible to more principals (needs `tlp:downgrade`). */
export function isDowngrade(before: TlpLevel, after: TlpLevel): boolean {
  return isMoreRestrictive(before, after);
}

/** The API spelling of a level, as in DESIGN.md: `CLEAR`, `AMBER+STRICT`. */
export function tlpLabel(level: TlpLevel): string {
  return level.toUpperCase();
}

/**
 * Accepts `AMBER`, `amber`, `TLP:AMBER` (and so on) and yields the level; the API and queries speak
 * upper case, storage and the policy lower case.
 */
export const TlpInputSchema = z
  .string()
  .transform((value, ctx): TlpLevel => {
    const normalized = value.trim().toLowerCase().replace(/^tlp:/, '');
    const level = TLP_LEVELS.find((candidate) => candidate === normalized);
    if (level) return level;
    ctx.addIssue({ code: 'custom', message: 'Expected one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED' });
    return z.NEVER;
  })
  .meta({ description: 'TLP 2.0 label: CLEAR, GREEN, AMBER, AMBER+STRICT or RED', example: 'AMBER' });

/** The OASIS TLP 2.0 marking-definition id that every exported object of this level references. */
export function tlpMarkingId(level: TlpLevel): string {
  return TLP2_MARKING_IDS[level];
}

/** The OASIS TLP 2.0 marking-definition object of a level (bundles must carry it: it is not predefined). */
export function tlpMarkingDefinition(level: TlpLevel): MarkingDefinition {
  return TLP_MARKING_DEFINITIONS[level];
}

/**
 * An object's effective TLP on ingest: the most restrictive TLP marking among its
 * `object_marking_refs` (TLP 1.0, TLP 2.0 and OpenCTI's AMBER+STRICT ids). Undefined when it has none.
 */
export function effectiveTlp(objectMarkingRefs: readonly string[] | undefined): TlpLevel | undefined {
  const levels = (objectMarkingRefs ?? []).map(tlpLevelFromMarkingId).filter((level): level is TlpLevel => level !== undefined);
  return levels.length === 0 ? undefined : mostRestrictive(...levels);
}
