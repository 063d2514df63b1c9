/**
 * Two mandatory tests where @secvisogram/csaf-validator-lib 2.0.x disagrees with the OASIS CSAF
 * 2.0 validator test corpus (csaf_2.0/test/validator/data); found by the conformance test over
 * ../shared/data. They replace / complement the library's tests in `csaf.verify.ts`.
 *
 * - 6.1.21 Missing Item in Revision History: the library sorts by date only, so two revisions
 *   with the same date may come out as "2, 1" and the document is wrongly rejected (OASIS valid
 *   examples 6-1-14-12, 6-1-16-16, 6-1-16-17). Here ties are ordered by version number.
 * - 6.1.26 Prohibited Document Category Name: the spec compares the category, with `-`, `_` and
 *   white space removed and case-insensitively, with the *values* of the other profiles as well
 *   as their names. The library only checks the names, so `csafsecurityadvisory` passed (OASIS
 *   failing example 6-1-26-04).
 */
type TestResult = { isValid: boolean; errors: { instancePath: string; message: string }[] };
type Revision = { number: string; date: string };

function revisionHistory(doc: unknown): Revision[] | undefined {
  const history = (doc as { document?: { tracking?: { revision_history?: unknown } } } | null)?.document?.tracking?.revision_history;
  if (!Array.isArray(history)) return undefined;
  const valid = history.every((r) => typeof (r as Revision | null)?.number === 'string' && typeof (r as Revision | null)?.date === 'string');
  return valid ? (history as Revision[]) : undefined;
}

/** CSAF 2.0 §6.1.21 with ties in `date` ordered by the (major) version number. */
export function mandatoryTest_6_1_21(doc: unknown): TestResult {
  const history = revisionHistory(doc);
  if (!history) return { isValid: true, errors: [] };
  const sorted = history
    .map((r) => ({ time: Date.parse(r.date), major: Number.parseInt(r.number, 10) }))
    .sort((a, b) => (a.time === b.time || Number.isNaN(a.time) || Number.isNaN(b.time) ? a.major - b.major : a.time - b.time));
  const numbers = [...new Set(sorted.map((r) => r.major))];
  const errors: TestResult['errors'] = [];
  const first = numbers[0];
  if (first !== undefined && first !== 0 && first !== 1) {
    errors.push({ instancePath: '/document/tracking/revision_history', message: 'revision history does not start with a version of 0 or 1 when sorted by date' });
  }
  numbers.forEach((number, i) => {
    const expected = i + (first ?? 0);
    if (number > expected) errors.push({ instancePath: '/document/tracking/revision_history', message: `major version ${expected} was omitted` });
  });
  return { isValid: errors.length === 0, errors };
}

const PROFILE_VALUES = ['csaf_base', 'csaf_security_incident_response', 'csaf_informational_advisory', 'csaf_security_advisory', 'csaf_vex'];
const normalize = (value: string): string => value.replace(/[-_\s]+/g, '').toLowerCase();
const OTHER_PROFILES = PROFILE_VALUES.filter((v) => v !== 'csaf_base').map(normalize);

/** CSAF 2.0 §6.1.26, the part the library misses: a category that is another profile's value in disguise. */
export function mandatoryTest_6_1_26_values(doc: unknown): TestResult {
  const category = (doc as { document?: { category?: unknown } } | null)?.document?.category;
  if (typeof category !== 'string' || PROFILE_VALUES.includes(category)) return { isValid: true, errors: [] };
  if (!OTHER_PROFILES.includes(normalize(category))) return { isValid: true, errors: [] };
  return { isValid: false, errors: [{ instancePath: '/document/category', message: 'value prohibited (matches another profile)' }] };
}
