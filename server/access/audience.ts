/**
 * To whom an object is addressed, in addition to what its TLP label allows: named organizations,
 * sharing groups and (for TLP:RED only) named users. How TLP and audience combine is decided in
 * `policy.ts`; this file only describes and validates the audience itself.
 */
import { z } from 'zod';
import type { TlpLevel } from './tlp.js';

const IdListSchema = z.array(z.uuid()).max(500).default([]);

/** The audience as the API takes it; ids are de-duplicated. */
export const AudienceSchema = z
  .strictObject({ organizations: IdListSchema, sharingGroups: IdListSchema, users: IdListSchema })
  .transform((audience) => ({
    organizations: [...new Set(audience.organizations)],
    sharingGroups: [...new Set(audience.sharingGroups)],
    users: [...new Set(audience.users)],
  }));

export type Audience = z.output<typeof AudienceSchema>;

/** No one beyond what the label itself allows. */
export function emptyAudience(): Audience {
  return { organizations: [], sharingGroups: [], users: [] };
}

/**
 * Problems of an audience under a label, as `{ path, message }` relative to the audience. The
 * policy counts named users only for RED and organizations/sharing groups only for AMBER and
 * AMBER+STRICT (DESIGN.md TLP table); an audience entry that the policy would silently ignore is
 * rejected instead, so nobody believes an object reaches someone it does not.
 */
export function audienceProblems(tlp: TlpLevel, audience: Audience): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  if (tlp !== 'red' && audience.users.length > 0) {
    problems.push({ path: ['users'], message: 'Named users are recipients of TLP:RED only; address organizations or sharing groups instead' });
  }
  if (tlp === 'red' || tlp === 'clear' || tlp === 'green') {
    const message = tlp === 'red' ? 'TLP:RED goes to named users only' : `TLP:${tlp.toUpperCase()} reaches everyone it allows; an audience has no effect`;
    if (audience.organizations.length > 0) problems.push({ path: ['organizations'], message });
    if (audience.sharingGroups.length > 0) problems.push({ path: ['sharingGroups'], message });
  }
  return problems;
}
