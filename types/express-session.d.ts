import 'express-session';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    csrfToken?: string;
    /** Epoch ms of login, for the absolute session timeout. */
    loginAt?: number;
    /** User-Agent at login, shown in the user's session list. */
    userAgent?: string;
    /** Logged in with a one-time password: only the password change is allowed until it is done. */
    passwordChangeRequired?: boolean;
    /** How the session was established. */
    authMethod?: 'password' | 'saml';
    /** The IdP session behind a SAML login, needed for Single Logout. */
    saml?: { idp: string; nameID: string; nameIDFormat: string; sessionIndex?: string | undefined };
  }
}
