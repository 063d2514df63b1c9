/**
 * Field-level problems of the API in the reader's language. The server's `message` is English;
 * its `code` (zod's issue code) and `params` (limits, or `key` naming one of our own checks) are
 * worded here, at render time, so a message follows a language switch. What is not known here
 * (a check without a key) keeps the server's wording.
 */
import type { fieldProblemsDe } from './field-problems.messages.js';

/** A field problem as lib/api.ts keeps it (structurally, so the tests can load this without the client's modules). */
type FieldError = { path?: string; message: string; code?: string; params?: Record<string, string | number | boolean> };
/** The i18n `t`, for this module's keys. */
type Translate = (key: keyof typeof fieldProblemsDe, params?: Record<string, string | number>) => string;

const OWN_CHECKS: Record<string, (t: Translate, params: NonNullable<FieldError['params']>) => string> = {
  'cve-id': (t) => t('fieldProblem.cveId'),
  cpe: (t) => t('fieldProblem.cpe'),
  purl: (t) => t('fieldProblem.purl'),
  'purl-type': (t, params) => t('fieldProblem.purlType', { types: String(params.types ?? '') }),
  ags: (t) => t('fieldProblem.ags'),
  'time-in-future': (t) => t('fieldProblem.timeInFuture'),
  'time-order': (t, params) => (params.earlier === 'startedAt' ? t('fieldProblem.notBeforeStart') : t('fieldProblem.notBeforeDetection')),
};

/** One problem's sentence. */
export function fieldProblemText(t: Translate, problem: FieldError): string {
  const params = problem.params ?? {};
  const number = (name: string) => { const value = params[name]; return typeof value === 'number' ? value : undefined; };
  switch (problem.code) {
    case 'too_big': {
      const maximum = number('maximum');
      if (maximum === undefined) break;
      if (params.origin === 'string') return t('fieldProblem.tooLong', { maximum });
      if (params.origin === 'array' || params.origin === 'set') return t('fieldProblem.tooManyItems', { maximum });
      return t('fieldProblem.tooBig', { maximum });
    }
    case 'too_small': {
      const minimum = number('minimum');
      if (minimum === undefined) break;
      if (params.origin === 'string') return minimum <= 1 ? t('fieldProblem.empty') : t('fieldProblem.tooShort', { minimum });
      if (params.origin === 'array' || params.origin === 'set') return t('fieldProblem.tooFewItems', { minimum });
      return t('fieldProblem.tooSmall', { minimum });
    }
    case 'invalid_type':
      return t('fieldProblem.missing');
    case 'invalid_format':
      if (params.format === 'email') return t('fieldProblem.email');
      if (params.format === 'url') return t('fieldProblem.url');
      // A pattern check names what it expects in its own message (e.g. the characters of a phone number).
      if (params.format === 'regex') break;
      return t('fieldProblem.format');
    case 'invalid_value':
      return t('fieldProblem.value');
    case 'custom': {
      const own = typeof params.key === 'string' ? OWN_CHECKS[params.key] : undefined;
      if (own) return own(t, params);
      break;
    }
  }
  return problem.message;
}

/** The problems' sentences, joined for one field. */
export function fieldProblemsText(t: Translate, problems: readonly FieldError[]): string {
  return problems.map((problem) => fieldProblemText(t, problem)).join(' ');
}
