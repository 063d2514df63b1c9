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

type Params = NonNullable<FieldError['params']>;
/** A parameter as message text: the placeholders take strings, and a parameter the server left out reads as empty. */
export const paramText = (params: Params, name: string) => String(params[name] ?? '');

/** CPE problems the server's parser names (server/products/cpe.ts, `reason`); any other gets the general sentence. */
const CPE_REASONS: Record<string, (t: Translate, params: Params) => string> = {
  'attribute-count': (t, params) => t('fieldProblem.cpeAttributeCount', { found: paramText(params, 'found') }),
  'attribute-empty': (t, params) => t('fieldProblem.cpeAttributeEmpty', { attribute: paramText(params, 'attribute') }),
  wildcard: (t, params) => t('fieldProblem.cpeWildcard', { attribute: paramText(params, 'attribute'), character: paramText(params, 'character') }),
  character: (t, params) => t('fieldProblem.cpeCharacter', { attribute: paramText(params, 'attribute'), character: paramText(params, 'character') }),
  part: (t) => t('fieldProblem.cpePart'),
};

/**
 * The version checks' messages (VERSION_PROBLEMS in server/products/version.ts), which a zod pattern
 * issue brings without params. Written out, not imported: the import put the server's schema chunk
 * with zod into the first load (56 kB gzipped over its budget). test/unit/client/field-problems.test.ts
 * runs the server's schema through this, so the two cannot drift apart unnoticed.
 */
const VERSION_MESSAGES: Record<string, keyof typeof fieldProblemsDe> = {
  'Version must contain a letter or digit': 'fieldProblem.versionAlphanumeric',
  'Version must not contain control characters or < > = | ≤ ≥': 'fieldProblem.versionCharacters',
  'Version must not end with , ; or &': 'fieldProblem.versionEnd',
};

const OWN_CHECKS: Record<string, (t: Translate, params: Params) => string> = {
  'cve-id': (t) => t('fieldProblem.cveId'),
  cpe: (t, params) => (typeof params.reason === 'string' ? CPE_REASONS[params.reason]?.(t, params) : undefined) ?? t('fieldProblem.cpe'),
  // server/vulnerabilities/cvss.ts (CvssProblem)
  'cvss-prefix': (t) => t('fieldProblem.cvssPrefix'),
  'cvss-version': (t, params) => t('fieldProblem.cvssVersion', { version: paramText(params, 'version') }),
  'cvss-empty': (t) => t('fieldProblem.cvssEmpty'),
  'cvss-too-long': (t, params) => t('fieldProblem.cvssTooLong', { maximum: paramText(params, 'maximum') }),
  'cvss-empty-metric': (t) => t('fieldProblem.cvssEmptyMetric'),
  'cvss-malformed-metric': (t, params) => t('fieldProblem.cvssMalformedMetric', { part: paramText(params, 'part') }),
  'cvss-unknown-metric': (t, params) => t('fieldProblem.cvssUnknownMetric', { metric: paramText(params, 'metric'), version: paramText(params, 'version') }),
  'cvss-duplicate-metric': (t, params) => t('fieldProblem.cvssDuplicateMetric', { metric: paramText(params, 'metric') }),
  'cvss-invalid-value': (t, params) => t('fieldProblem.cvssInvalidValue', { value: paramText(params, 'value'), metric: paramText(params, 'metric'), expected: paramText(params, 'expected') }),
  'cvss-missing-metric': (t, params) => t('fieldProblem.cvssMissingMetric', { metrics: paramText(params, 'metrics') }),
  'cvss-unscorable': (t) => t('fieldProblem.cvssUnscorable'),
  // server/products/version-range.ts (rangeProblem)
  // server/feeds/feeds.routes.ts (a source's schedule and address)
  cron: (t) => t('fieldProblem.cron'),
  'http-url': (t) => t('fieldProblem.httpUrl'),
  'range-combined': (t) => t('fieldProblem.rangeCombined'),
  'range-bounds': (t) => t('fieldProblem.rangeBounds'),
  'range-empty': (t, params) => t('fieldProblem.rangeEmpty', { from: paramText(params, 'from'), upper: paramText(params, 'upper') }),
  purl: (t) => t('fieldProblem.purl'),
  'purl-type': (t, params) => t('fieldProblem.purlType', { types: paramText(params, 'types') }),
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
      if (params.format === 'regex') {
        const key = VERSION_MESSAGES[problem.message];
        if (key) return t(key);
        break;
      }
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
