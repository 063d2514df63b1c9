import type { Translate } from '../../i18n';
import type { ApiError } from '../../lib/api';

/** The server's minimum (server/auth/password-policy.ts); length counts characters, not bytes. */
export const PASSWORD_MIN_LENGTH = 12;

/** The local checks before sending a new password: length and the repeated entry. */
export function checkNewPassword(t: Translate, password: string, repeat: string): { password?: string; repeat?: string } {
  if (!password) return { password: t('password.error.required') };
  if ([...password.normalize('NFC')].length < PASSWORD_MIN_LENGTH) return { password: t('password.error.tooShort') };
  if (password !== repeat) return { repeat: t('password.error.mismatch') };
  return {};
}

/** The server's refusal of a new password in the reader's language (it answers in English). */
export function newPasswordProblem(t: Translate, error: ApiError): string | null {
  if (error.code !== 'VALIDATION_FAILED') return null;
  const message = error.errors.map((item) => item.message).join(' ') || (error.detail ?? '');
  if (/commonly used/i.test(message)) return t('password.error.common');
  if (/e-mail/i.test(message)) return t('password.error.email');
  if (/at least/i.test(message)) return t('password.error.tooShort');
  return null;
}
