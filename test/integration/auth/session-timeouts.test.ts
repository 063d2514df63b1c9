import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { fixedClock } from '../../../server/platform/clock.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

const MINUTE = 60_000;

/** A settings file with the given session timeouts, for LAGEBILD_SETTINGS. */
function settingsFile(idleTimeoutMinutes: number, absoluteTimeoutHours: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lagebild-settings-')), 'settings.json');
  writeFileSync(file, JSON.stringify({ session: { idleTimeoutMinutes, absoluteTimeoutHours } }));
  return file;
}

// The server runs on a fixed clock that the tests move; the session cookie itself stays valid in
// the test client, so each refusal below is the server's own timeout decision.
describe('session idle and absolute timeouts', () => {
  describe('idle timeout (1 minute)', () => {
    const clock = fixedClock(new Date());
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ clock, env: { LAGEBILD_SETTINGS: settingsFile(1, 12) } });
    });
    after(async () => server.close());

    it('keeps a session alive while it is used and ends it after a minute without requests', async () => {
      const { agent } = await loginAs(server.url, 'it@jena.lagebild.test');
      clock.advance(50_000);
      expect((await agent.get('/api/v1/me')).status).to.equal(200);
      clock.advance(50_000);
      expect((await agent.get('/api/v1/me')).status, 'activity extends the session').to.equal(200);
      clock.advance(MINUTE + 1_000);
      const expired = await agent.get('/api/v1/me');
      expect(expired.status).to.equal(401);
      expect(expired.body.code).to.equal('UNAUTHENTICATED');
    });
  });

  describe('absolute timeout (1 hour)', () => {
    const clock = fixedClock(new Date());
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ clock, env: { LAGEBILD_SETTINGS: settingsFile(120, 1) } });
    });
    after(async () => server.close());

    it('ends a session an hour after login however busy it is', async () => {
      const { agent } = await loginAs(server.url, 'analyst@lagebild.test');
      for (let minute = 10; minute <= 50; minute += 10) {
        clock.advance(10 * MINUTE);
        expect((await agent.get('/api/v1/me')).status, `${minute} min after login`).to.equal(200);
      }
      clock.advance(11 * MINUTE);
      expect((await agent.get('/api/v1/me')).status, '61 min after login').to.equal(401);
    });

    it('counts from the latest login: a new login starts a new hour', async () => {
      const first = await loginAs(server.url, 'it@jena.lagebild.test');
      clock.advance(50 * MINUTE);
      const second = await loginAs(server.url, 'it@jena.lagebild.test');
      clock.advance(20 * MINUTE);
      expect((await first.agent.get('/api/v1/me')).status).to.equal(401);
      expect((await second.agent.get('/api/v1/me')).status).to.equal(200);
    });
  });
});
