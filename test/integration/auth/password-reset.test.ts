import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { readableText } from '../../support/receivers.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

describe('password rules, change and reset by e-mailed token (real SMTP on 127.0.0.1)', () => {
  const mails: { to: string; body: string }[] = [];
  let smtp: SMTPServer;
  let server: TestServer;
  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let body = '';
        stream.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address).join(','), body: readableText(body) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    server = await startTestServer({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
  });
  after(async () => {
    await server.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('rejects short and common passwords on change, and accepts a long uncommon one', async () => {
    const { agent, csrfToken } = await loginAs(server.url, 'it@erfurt.lagebild.test');
    const change = (newPassword: string, currentPassword = 'Lagebild-Test-2026!') =>
      agent.post('/api/v1/me/password').set('x-csrf-token', csrfToken).send({ currentPassword, newPassword });
    expect((await change('kurz-123')).body.errors[0].path).to.equal('newPassword');
    const common = await change('passwort1234');
    expect(common.status).to.equal(400);
    expect(common.body.errors[0].message).to.contain('commonly used');
    expect((await change('zwei Krähen auf dem Domplatz')).status).to.equal(204);
    expect((await change('noch ein anderes Passwort', 'falsch-falsch-falsch')).status).to.equal(401);
  });

  it('mails a single-use reset token that sets a new password', async () => {
    const email = 'isb@lk-gotha.lagebild.test';
    const requested = await request(server.url).post('/api/v1/password-reset').send({ email });
    expect(requested.status).to.equal(202);
    const unknown = await request(server.url).post('/api/v1/password-reset').send({ email: 'niemand@lagebild.test' });
    expect(unknown.status).to.equal(202);
    const deadline = Date.now() + 5000;
    while (!mails.some((mail) => mail.to === email) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const mail = mails.find((m) => m.to === email);
    expect(mails.filter((m) => m.to === 'niemand@lagebild.test')).to.have.length(0);
    const token = /Token: ([A-Za-z0-9_-]{43})/.exec(mail?.body ?? '')?.[1];
    expect(token, mail?.body).to.be.a('string');
    const confirm = await request(server.url).post('/api/v1/password-reset/confirm').send({ token, newPassword: 'Wartburg im Nebel 1521' });
    expect(confirm.status, JSON.stringify(confirm.body)).to.equal(204);
    const reused = await request(server.url).post('/api/v1/password-reset/confirm').send({ token, newPassword: 'Wartburg im Nebel 1522' });
    expect(reused.body.code).to.equal('RESET_TOKEN_INVALID');
    await loginAs(server.url, email, 'Wartburg im Nebel 1521');
  });

  it('lists my sessions with the current one flagged, and revokes another', async () => {
    const first = await loginAs(server.url, 'soc@swnt.lagebild.test');
    const second = await loginAs(server.url, 'soc@swnt.lagebild.test');
    const list = await second.agent.get('/api/v1/sessions').set('user-agent', 'test-agent');
    expect(list.status).to.equal(200);
    const current = list.body.items.filter((item: { current: boolean }) => item.current);
    expect(current).to.have.length(1);
    const other = list.body.items.find((item: { current: boolean }) => !item.current);
    expect((await second.agent.delete(`/api/v1/sessions/${other.id}`).set('x-csrf-token', second.csrfToken)).status).to.equal(204);
    expect((await first.agent.get('/api/v1/me')).status).to.equal(401);
    expect((await second.agent.get('/api/v1/me')).status).to.equal(200);
  });
});
