import { expect } from 'chai';
import { fieldProblemText } from '../../../client/src/lib/field-problems.js';
import { fieldProblemsDe, fieldProblemsEn } from '../../../client/src/lib/field-problems.messages.js';
import { zodIssuesToProblems } from '../../../server/platform/http/validate.js';
import { CveIdSchema } from '../../../server/vulnerabilities/cve-id.js';
import { CpeSchema } from '../../../server/products/cpe.js';
import { CvssVectorSchema } from '../../../server/vulnerabilities/cvss.js';
import { VersionRangeSchema } from '../../../server/products/version-range.js';
import { AgsSchema } from '../../../server/organizations/organizations.schemas.js';
import { incidentTimeMessage, incidentTimeProblems } from '../../../server/incidents/incident-times.js';
import { z } from 'zod';

// The client's {placeholder} substitution (i18n/index.tsx `format`).
const translator =
  (messages: Record<keyof typeof fieldProblemsDe, string>) =>
  (key: keyof typeof fieldProblemsDe, params: Record<string, string | number> = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
const de = translator(fieldProblemsDe);
const en = translator(fieldProblemsEn);

/** The API's problems for `value` under `schema`, as the client receives them. */
function problems(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a failure');
  return zodIssuesToProblems(result.error.issues);
}

describe("client: the API's field problems in the reader's language", () => {
  it('words limits from the issue code and its numbers', () => {
    const [tooLong] = problems(z.object({ title: z.string().max(300) }), { title: 'x'.repeat(301) });
    expect(tooLong).to.deep.include({ path: 'title', code: 'too_big' });
    expect(fieldProblemText(de, tooLong!)).to.equal('Höchstens 300 Zeichen (zu lang).');
    expect(fieldProblemText(en, tooLong!)).to.equal('At most 300 characters (too long).');
    const [empty] = problems(z.string().min(1), '');
    expect(fieldProblemText(de, empty!)).to.equal('Darf nicht leer sein.');
    const [many] = problems(z.array(z.string()).max(2), ['a', 'b', 'c']);
    expect(fieldProblemText(en, many!)).to.equal('At most 2 entries.');
    const [email] = problems(z.email(), 'kein-at');
    expect(fieldProblemText(de, email!)).to.equal('Keine gültige E-Mail-Adresse.');
  });

  it('words our own checks (CVE ID, CPE) by their key', () => {
    const [cve] = problems(CveIdSchema, 'CVE-123');
    expect(cve!.params).to.deep.equal({ key: 'cve-id' });
    expect(fieldProblemText(de, cve!)).to.match(/^Keine CVE-Kennung/);
    const [cpe] = problems(CpeSchema, 'not-a-cpe');
    expect(fieldProblemText(de, cpe!)).to.match(/^Keine gültige CPE/);
    expect(fieldProblemText(en, cpe!)).to.match(/^Not a valid CPE/);
  });

  it('words the AGS check by its key, in German and in English', () => {
    const [ags] = problems(AgsSchema, '1606');
    expect(ags).to.deep.include({ code: 'custom', params: { key: 'ags' } });
    expect(fieldProblemText(de, ags!)).to.equal('Der AGS (Amtlicher Gemeindeschlüssel) besteht aus genau acht Ziffern.');
    expect(fieldProblemText(en, ags!)).to.equal('The AGS (official municipality key) has exactly eight digits.');
    expect(AgsSchema.safeParse('16067029').success).to.equal(true);
  });

  it('words the incident time checks by their key (in the future, before the start or the detection)', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    const asProblem = (problem: ReturnType<typeof incidentTimeProblems>[number]) => {
      const params: Record<string, string> = problem.key === 'time-order' ? { key: problem.key, earlier: problem.earlier } : { key: problem.key };
      return { path: problem.field, message: incidentTimeMessage(problem), code: 'custom', params };
    };
    const [future] = incidentTimeProblems({ awarenessAt: '2026-03-11T12:00:00Z' }, now).map(asProblem);
    expect(fieldProblemText(de, future!)).to.match(/^Dieser Zeitpunkt liegt in der Zukunft/);
    expect(fieldProblemText(en, future!)).to.match(/^This time is in the future/);
    const [beforeStart, beforeDetection] = incidentTimeProblems({ startedAt: '2026-03-10T08:00:00Z', detectedAt: '2026-03-10T07:00:00Z', awarenessAt: '2026-03-10T06:00:00Z' }, now).map(asProblem);
    expect(fieldProblemText(de, beforeStart!)).to.equal('Darf nicht vor dem Beginn des Vorfalls liegen.');
    expect(fieldProblemText(en, beforeDetection!)).to.equal('Must not be before the detection.');
  });

  it('words every CVSS parse problem by its key, in German and English', () => {
    const cases: [string, string, string][] = [
      ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 'Ein CVSS-Vektor beginnt mit „CVSS:3.0/“, „CVSS:3.1/“ oder „CVSS:4.0/“ (CVSS v2 wird nicht unterstützt).', 'A CVSS vector starts with'],
      ['CVSS:2.0/AV:N', 'CVSS-Version 2.0 wird nicht unterstützt; möglich sind 3.0, 3.1 und 4.0.', 'CVSS version 2.0 is not supported'],
      ['   ', 'Der CVSS-Vektor ist leer.', 'The CVSS vector is empty.'],
      ['CVSS:3.1/AV:N//AC:L', 'Der CVSS-Vektor enthält eine leere Metrik (ein „/“ zu viel).', 'The CVSS vector contains an empty metric'],
      ['CVSS:3.1/AVN', '„AVN“ ist keine CVSS-Metrik – erwartet wird die Form KÜRZEL:WERT, z. B. AV:N.', '"AVN" is not a CVSS metric'],
      ['CVSS:3.1/XX:N', 'Die Metrik „XX“ gibt es in CVSS 3.1 nicht.', 'CVSS 3.1 has no metric "XX".'],
      ['CVSS:3.1/AV:N/AV:N', 'Die Metrik AV (Attack Vector) steht mehrfach im Vektor.', 'The metric AV (Attack Vector) appears more than once'],
      ['CVSS:3.1/AV:Q', '„Q“ ist kein Wert der Metrik AV (Attack Vector); möglich sind: N, A, L, P.', '"Q" is not a value of the metric AV (Attack Vector)'],
      ['CVSS:3.1/AV:N/AC:L', 'Es fehlen Basis-Metriken: PR (Privileges Required), UI (User Interaction), S (Scope), C (Confidentiality), I (Integrity), A (Availability).', 'Base metrics are missing: PR'],
    ];
    for (const [vector, german, english] of cases) {
      const [problem] = problems(CvssVectorSchema, vector);
      expect(fieldProblemText(de, problem!), vector).to.equal(german);
      expect(fieldProblemText(en, problem!), vector).to.match(new RegExp(`^${english.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
  });

  it("says what is wrong in a CPE where the parser knows it, else what a CPE looks like", () => {
    const text = (cpe: string) => fieldProblemText(de, problems(CpeSchema, cpe)[0]!);
    expect(text('cpe:2.3:a:citrix:adc')).to.match(/^Eine CPE 2.3 hat 11 Attribute nach „cpe:2.3:“, diese hat 3\./);
    expect(text('cpe:2.3:a::adc:*:*:*:*:*:*:*:*')).to.equal('Das CPE-Attribut „vendor“ ist leer – schreiben Sie * (beliebig) oder - (entfällt).');
    expect(text('cpe:2.3:x:citrix:adc:*:*:*:*:*:*:*:*')).to.match(/^Der Teil einer CPE ist „a“/);
    expect(text('cpe:2.3:a:cit*rix:adc:*:*:*:*:*:*:*:*')).to.match(/^Platzhalter wie \* sind im CPE-Attribut „vendor“ nur am Anfang oder Ende erlaubt/);
    expect(text('citrix adc')).to.equal(fieldProblemsDe['fieldProblem.cpe']);
  });

  it('words the problems of a version range and its versions', () => {
    const text = (range: unknown, t = de) => problems(VersionRangeSchema, range).map((problem) => fieldProblemText(t, problem));
    expect(text({ from: '2.0', below: '1.0' })).to.deep.equal(['Dieser Bereich enthält keine Version: 2.0 liegt nicht unter 1.0.']);
    expect(text({ from: '2.0', below: '1.0' }, en)).to.deep.equal(['This range contains no version: 2.0 is not below 1.0.']);
    expect(text({ all: true, exact: '1.0' })).to.deep.equal([fieldProblemsDe['fieldProblem.rangeCombined']]);
    expect(text({})).to.deep.equal([fieldProblemsDe['fieldProblem.rangeBounds']]);
    expect(text({ exact: '1.0,' })).to.deep.equal(['Eine Version darf nicht auf , ; oder & enden.']);
    expect(text({ exact: '--' }, en)).to.deep.equal(['A version contains at least one letter or digit.']);
  });

  it("keeps the server's wording for a check it has no words for", () => {
    expect(fieldProblemText(de, { path: 'x', message: 'NUL characters are not allowed' })).to.equal('NUL characters are not allowed');
    expect(fieldProblemText(de, { path: 'x', message: 'odd', code: 'custom', params: { key: 'unknown' } })).to.equal('odd');
  });
});
