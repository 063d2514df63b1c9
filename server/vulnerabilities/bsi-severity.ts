/**
 * BSI-style (CERT-Bund) severity classes, as used in German advisories ("Risikoeinstufung").
 *
 * Isomorphic: only `zod`.
 */
import { z } from 'zod';

/** The four BSI severity classes from lowest to highest. */
export const BSI_SEVERITIES = ['niedrig', 'mittel', 'hoch', 'kritisch'] as const;

/** Zod enum of the BSI severity classes (German identifiers, as stored and exchanged). */
export const BsiSeveritySchema = z
  .enum(BSI_SEVERITIES)
  .describe('BSI severity class: niedrig (low), mittel (medium), hoch (high), kritisch (critical)');

/** A BSI severity class. */
export type BsiSeverity = z.infer<typeof BsiSeveritySchema>;

/** UI language of a label. */
export type SeverityLanguage = 'de' | 'en';

/** Display labels per class: German original and English translation. */
export const BSI_SEVERITY_LABELS: Readonly<Record<BsiSeverity, Readonly<Record<SeverityLanguage, string>>>> = {
  niedrig: { de: 'Niedrig', en: 'Low' },
  mittel: { de: 'Mittel', en: 'Medium' },
  hoch: { de: 'Hoch', en: 'High' },
  kritisch: { de: 'Kritisch', en: 'Critical' },
};

/** Display label of a BSI severity class in the given language. */
export function bsiSeverityLabel(severity: BsiSeverity, lang: SeverityLanguage): string {
  return BSI_SEVERITY_LABELS[severity][lang];
}

/**
 * Maps a CVSS base score (0.0–10.0, any CVSS version) to a BSI severity class using the CVSS
 * qualitative rating bands: < 4.0 niedrig, < 7.0 mittel, < 9.0 hoch, otherwise kritisch.
 *
 * A score of 0.0 maps to `niedrig` because the BSI scale has no "none" class; callers that must
 * distinguish "no impact" should check the score (or the CVSS `severity: 'none'`) themselves.
 *
 * @throws RangeError if the score is not a finite number between 0 and 10.
 */
export function severityFromCvss(score: number): BsiSeverity {
  if (!Number.isFinite(score) || score < 0 || score > 10) {
    throw new RangeError(`CVSS score must be between 0.0 and 10.0, got ${String(score)}`);
  }
  if (score < 4) return 'niedrig';
  if (score < 7) return 'mittel';
  if (score < 9) return 'hoch';
  return 'kritisch';
}

/** Orders BSI severity classes (negative if `a` is less severe than `b`), e.g. for sorting. */
export function compareBsiSeverity(a: BsiSeverity, b: BsiSeverity): number {
  return BSI_SEVERITIES.indexOf(a) - BSI_SEVERITIES.indexOf(b);
}
