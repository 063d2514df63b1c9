import 'express-session';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    csrfToken?: string;
    /** Epoch ms of login, for the absolute session timeout. */
    loginAt?: number;
  }
}
