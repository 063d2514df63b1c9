import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT_DIR } from '../../config/index.js';
import { AppError } from '../platform/errors.js';

/** NIST SP 800-63B / BSI ORP.4: length rules and a blocklist, no composition rules, no forced rotation. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

let blocklist: ReadonlySet<string> | undefined;

function commonPasswords(): ReadonlySet<string> {
  blocklist ??= new Set(
    readFileSync(join(ROOT_DIR, 'config', 'common-passwords.txt'), 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
  return blocklist;
}

/**
 * Why a new password is unacceptable, or null. Length counts code points (an emoji is one character,
 * as NIST asks); the blocklist comparison ignores case.
 */
export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return 'is one of the most commonly used passwords';
  if (context.email && lower.includes(context.email.toLowerCase().split('@')[0] ?? '\u0000') && lower.length - context.email.length < 4) {
    return 'must not be (a variant of) the e-mail address';
  }
  return null;
}

/** @throws VALIDATION_FAILED naming the field when the password breaks the rules. */
export function assertAcceptablePassword(password: string, field: string, context: { email?: string } = {}): void {
  const problem = passwordProblem(password, context);
  if (problem) throw new AppError('VALIDATION_FAILED', `The new password ${problem}.`, [{ path: field, message: problem }]);
}
