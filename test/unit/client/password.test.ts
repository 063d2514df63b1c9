import { expect } from 'chai';
import { checkNewPassword, newPasswordProblem } from '../../../client/src/features/auth/password.js';
import { authDe, authEn } from '../../../client/src/features/auth/auth.messages.js';
import { passwordProblem } from '../../../server/auth/password-policy.js';

/** The answer of the API refusing `message` for newPassword, as lib/api.ts keeps it. */
const refusal = (message: string) => ({ code: 'VALIDATION_FAILED', detail: `The new password ${message}.`, errors: [{ path: 'newPassword', message }] });

describe('client: the checks of a new password', () => {
  it('answers with message keys, not text, so the message follows a language switch', () => {
    expect(checkNewPassword('', '')).to.deep.equal({ password: { key: 'password.error.required' } });
    expect(checkNewPassword('kurz', 'kurz')).to.deep.equal({ password: { key: 'password.error.tooShort' } });
    expect(checkNewPassword('lang genug und gut', 'lang genug und gu')).to.deep.equal({ repeat: { key: 'password.error.mismatch' } });
    expect(checkNewPassword('lang genug und gut', 'lang genug und gut')).to.deep.equal({});
  });

  it('counts characters, not bytes (an emoji is one)', () => {
    expect(checkNewPassword('🔒'.repeat(12), '🔒'.repeat(12))).to.deep.equal({});
  });

  it("names each of the server's password rules by its key, worded in German and English", () => {
    const cases = [
      [passwordProblem('short'), 'password.error.tooShort'],
      [passwordProblem('x'.repeat(1025)), 'password.error.tooLong'],
      [passwordProblem('password1234'), 'password.error.common'],
      [passwordProblem('anna.schmidt@example.de', { email: 'anna.schmidt@example.de' }), 'password.error.email'],
    ] as const;
    for (const [message, key] of cases) {
      expect(message, key).to.be.a('string');
      const problem = newPasswordProblem(refusal(message!));
      expect(problem, message!).to.deep.equal({ key });
      expect(authDe[key]).to.not.equal(authEn[key]);
    }
  });

  it('leaves other answers to the caller', () => {
    expect(newPasswordProblem({ code: 'INVALID_CREDENTIALS', errors: [] })).to.equal(null);
    expect(newPasswordProblem(refusal('is something new'))).to.equal(null);
  });
});
