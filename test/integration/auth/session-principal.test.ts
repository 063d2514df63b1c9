import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type session from 'express-session';
import { DatabaseSessionStore } from '../../../server/auth/session-store.js';
import { fixedClock } from '../../../server/platform/clock.js';
import type { DatabaseHandle } from '../../../server/platform/db/client.js';
import { memberships, users } from '../../../server/platform/db/schema.js';
import { seedDemoCommunity } from '../../../server/seed/seed.js';
import { DEMO_PASSWORD } from '../../support/config.js';
import { createTestDatabase } from '../../support/database.js';

const HOUR = 3_600_000;

// The store reads a session and its user's principal in one statement and hands the principal to
// the request that read it (authenticate). These tests pin down that nothing outlives that request.
describe('session store: the principal read with the session', () => {
  const clock = fixedClock(new Date());
  let database: DatabaseHandle;
  let store: DatabaseSessionStore;
  let analystId: string;

  const failure = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
  const read = (sid: string) => new Promise<session.SessionData | null>((resolve, reject) => store.get(sid, (error, data) => (error ? reject(failure(error)) : resolve(data ?? null))));
  const write = (sid: string, data: Partial<session.SessionData>) =>
    new Promise<void>((resolve, reject) => store.set(sid, { cookie: { originalMaxAge: HOUR }, ...data }, (error) => (error ? reject(failure(error)) : resolve())));

  before(async () => {
    database = await createTestDatabase();
    await database.migrate();
    await seedDemoCommunity(database.db, DEMO_PASSWORD);
    store = new DatabaseSessionStore(database.db, HOUR, clock);
    const [analyst] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, 'analyst@lagebild.test'));
    analystId = analyst!.id;
  });
  after(async () => database.close());

  it('returns the session data and keeps the principal for one take by the same user', async () => {
    await write('sid-1', { userId: analystId, loginAt: clock.now().getTime() });
    const data = await read('sid-1');
    expect(data?.userId).to.equal(analystId);
    const principal = store.takePrincipal('sid-1', analystId);
    expect(principal?.email).to.equal('analyst@lagebild.test');
    expect(principal?.isCert).to.equal(true);
    expect(principal?.roles).to.include('cert_analyst');
    expect(store.takePrincipal('sid-1', analystId), 'taken once').to.equal(undefined);
  });

  it('gives nothing for another user id or after the request moment has passed', async () => {
    await read('sid-1');
    expect(store.takePrincipal('sid-1', '00000000-0000-4000-8000-000000000000')).to.equal(undefined);
    await read('sid-1');
    clock.advance(3_000);
    expect(store.takePrincipal('sid-1', analystId)).to.equal(undefined);
  });

  it('reads a changed role on the very next read (nothing is cached across requests)', async () => {
    await read('sid-1');
    expect(store.takePrincipal('sid-1', analystId)?.roles).to.include('cert_analyst');
    await database.db.update(memberships).set({ role: 'read_only' }).where(eq(memberships.userId, analystId));
    try {
      await read('sid-1');
      expect(store.takePrincipal('sid-1', analystId)?.roles).to.deep.equal(['read_only']);
    } finally {
      await database.db.update(memberships).set({ role: 'cert_analyst' }).where(eq(memberships.userId, analystId));
    }
  });

  it('hands over null for a deactivated user, so the request ends the session', async () => {
    await database.db.update(users).set({ active: false }).where(eq(users.id, analystId));
    try {
      await read('sid-1');
      expect(store.takePrincipal('sid-1', analystId)).to.equal(null);
    } finally {
      await database.db.update(users).set({ active: true }).where(eq(users.id, analystId));
    }
  });

  it('reads no expired, unknown or destroyed session, and keeps nothing for them', async () => {
    expect(await read('sid-unknown')).to.equal(null);
    expect(store.takePrincipal('sid-unknown', analystId)).to.equal(undefined);
    clock.advance(2 * HOUR);
    expect(await read('sid-1'), 'past its expiry').to.equal(null);
    expect(store.takePrincipal('sid-1', analystId)).to.equal(undefined);
    await write('sid-2', { userId: analystId, loginAt: clock.now().getTime() });
    await read('sid-2');
    await new Promise<void>((resolve) => store.destroy('sid-2', () => resolve()));
    expect(store.takePrincipal('sid-2', analystId)).to.equal(undefined);
    expect(await read('sid-2')).to.equal(null);
  });

  it('reads a session without a user (before login) with no principal', async () => {
    await write('sid-3', { loginAt: clock.now().getTime() });
    expect(await read('sid-3')).to.not.equal(null);
    expect(store.takePrincipal('sid-3', analystId)).to.equal(undefined);
  });
});
