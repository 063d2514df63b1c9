import { expect } from 'chai';
import { generate } from 'otplib';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../support/config.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

describe('TOTP second factor (/api/v1/me/mfa/totp)', () => {
  let server: TestServer;
  const email = 'it@jena.lagebild.test';
  let secret = '';
  let recoveryCodes: string[] = [];
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it('enrols with a QR code and a first code, and hands out recovery codes once', async () => {
    const { agent, csrfToken } = await loginAs(server.url, email);
    const start = await agent.post('/api/v1/me/mfa/totp').set('x-csrf-token', csrfToken);
    expect(start.status).to.equal(201);
    expect(start.body.qrCodeDataUrl).to.match(/^data:image\/png;base64,/);
    expect(start.body.otpauthUri).to.match(/^otpauth:\/\/totp\//);
    secret = start.body.secret as string;
    const wrong = await agent.post('/api/v1/me/mfa/totp/confirm').set('x-csrf-token', csrfToken).send({ code: '000000' });
    expect(wrong.status).to.equal(401);
    const confirm = await agent.post('/api/v1/me/mfa/totp/confirm').set('x-csrf-token', csrfToken).send({ code: await generate({ secret }) });
    expect(confirm.status).to.equal(200);
    recoveryCodes = confirm.body.recoveryCodes as string[];
    expect(recoveryCodes).to.have.length(10);
  });

  it('requires the code at login (TOTP_REQUIRED), accepts a recovery code once, and refuses a wrong code', async () => {
    const without = await request(server.url).post('/api/v1/session').send({ email, password: DEMO_PASSWORD });
    expect(without.status).to.equal(401);
    expect(without.body.code).to.equal('TOTP_REQUIRED');
    const wrong = await request(server.url).post('/api/v1/session').send({ email, password: DEMO_PASSWORD, totp: '123456' });
    expect(wrong.body.code).to.be.oneOf(['TOTP_INVALID']);
    const recovery = await request(server.url).post('/api/v1/session').send({ email, password: DEMO_PASSWORD, recoveryCode: recoveryCodes[0] });
    expect(recovery.status).to.equal(200);
    const again = await request(server.url).post('/api/v1/session').send({ email, password: DEMO_PASSWORD, recoveryCode: recoveryCodes[0] });
    expect(again.body.code).to.equal('TOTP_INVALID');
  });

  it('audits enrolment', async () => {
    const admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    const audit = await admin.agent.get('/api/v1/audit').query({ action: 'mfa.totp.enabled' });
    expect(audit.body.items).to.have.length(1);
  });
});
