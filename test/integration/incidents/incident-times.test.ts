import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { reportDraft } from '../../support/incidents.js';

type Session = Awaited<ReturnType<typeof loginAs>>;
type Problem = { path: string; code: string; params: Record<string, string> };

describe('incident times: the API refuses them out of order or in the future, naming the field', () => {
  let server: TestServer;
  let soc: Session;
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

  before(async () => {
    server = await startTestServer();
    soc = await loginAs(server.url, 'soc@swnt.lagebild.test');
  });
  after(async () => server.close());

  const create = (body: Record<string, unknown>) => soc.agent.post('/api/v1/incidents').set('x-csrf-token', soc.csrfToken).send(body);

  it('refuses a detection before the start and an awareness before the detection with 400 field problems', async () => {
    const refused = await create({ draft: reportDraft({ startedAt: hoursAgo(3), detectedAt: hoursAgo(4) }), awarenessAt: hoursAgo(5) });
    expect(refused.status).to.equal(400);
    expect(refused.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(refused.body.code).to.equal('VALIDATION_FAILED');
    expect((refused.body.errors as Problem[]).map(({ path, code, params }) => ({ path, code, params }))).to.deep.equal([
      { path: 'draft.detectedAt', code: 'custom', params: { key: 'time-order', earlier: 'startedAt' } },
      { path: 'awarenessAt', code: 'custom', params: { key: 'time-order', earlier: 'detectedAt' } },
    ]);
  });

  it('refuses an awareness time in the future beyond a few minutes of clock skew, and accepts one within it', async () => {
    const future = await create({ draft: { title: 'Zukunft' }, awarenessAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.status).to.equal(400);
    expect(future.body.errors).to.deep.include({ path: 'awarenessAt', message: 'Lies in the future; enter a time that has passed', code: 'custom', params: { key: 'time-in-future' } });
    const skewed = await create({ draft: { title: 'Uhr geht vor' }, awarenessAt: new Date(Date.now() + 60_000).toISOString() });
    expect(skewed.status, JSON.stringify(skewed.body)).to.equal(201);
  });

  it('checks a patch against the stored times it touches, and lets an edit that does not touch them through', async () => {
    const created = await create({ draft: reportDraft({ startedAt: hoursAgo(6), detectedAt: hoursAgo(5) }), awarenessAt: hoursAgo(4) });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const path = `/api/v1/incidents/${created.body.id as string}`;
    const early = await soc.agent.patch(path).set('x-csrf-token', soc.csrfToken).send({ awarenessAt: hoursAgo(5.5) });
    expect(early.status).to.equal(400);
    expect((early.body.errors as Problem[]).map((problem) => [problem.path, problem.params.key, problem.params.earlier])).to.deep.equal([['awarenessAt', 'time-order', 'detectedAt']]);
    const later = await soc.agent.patch(path).set('x-csrf-token', soc.csrfToken).send({ draft: { startedAt: hoursAgo(4.5) } });
    expect(later.status, 'a start after the stored detection').to.equal(400);
    expect((later.body.errors as Problem[])[0]).to.include({ path: 'draft.detectedAt' });
    const title = await soc.agent.patch(path).set('x-csrf-token', soc.csrfToken).send({ draft: { title: 'Nur der Titel' } });
    expect(title.status, JSON.stringify(title.body)).to.equal(200);
  });
});
