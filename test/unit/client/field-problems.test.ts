import { expect } from 'chai';
import { fieldProblemText } from '../../../client/src/lib/field-problems.js';
import { fieldProblemsDe, fieldProblemsEn } from '../../../client/src/lib/field-problems.messages.js';
import { zodIssuesToProblems } from '../../../server/platform/http/validate.js';
import { CveIdSchema } from '../../../server/vulnerabilities/cve-id.js';
import { CpeSchema } from '../../../server/products/cpe.js';
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

  it("keeps the server's wording for a check it has no words for", () => {
    expect(fieldProblemText(de, { path: 'x', message: 'NUL characters are not allowed' })).to.equal('NUL characters are not allowed');
    expect(fieldProblemText(de, { path: 'x', message: 'odd', code: 'custom', params: { key: 'unknown' } })).to.equal('odd');
  });
});
