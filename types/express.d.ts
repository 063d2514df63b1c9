import type { Principal } from '../server/auth/principal.js';

declare global {
  namespace Express {
    interface Request {
      /** Set by the authenticate middleware for every request; anonymous when nobody is logged in. */
      principal: Principal;
    }
  }
}

export {};
