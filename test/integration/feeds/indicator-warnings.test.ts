/**
 * Issue 16: indicators from feeds are checked against the warninglists at ingestion. Real MISP
 * events of ../shared/data/misp (CERT-FR/ANSSI feed) go through the real import into a running
 * server's database: an event whose attributes hit a list (an AWS address) carries the flag on its
 * card with list, category and reason; a copy of a real event with 8.8.8.8, a private address and
 * the empty-file MD5 added as IDS attributes is flagged three times; promoting it needs an explicit
 * override with a reason (422 INDICATORS_FLAGGED without, audited with). Skipped without ../shared.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFeedsCli } from '../../../server/feeds/cli.js';
import { platformFeedHttp } from '../../../server/feeds/http-factory.js';
import { createLogger } from '../../../server/platform/logger.js';
import { sharedDataDir } from '../../support/feed-sources.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

type Warning = { stixId: string; type: string; value: string; flags: { list: string; listName: string; category: string; reason: { de: string; en: string } }[] };
type Item = { id: string; externalId: string; kind: string; warnings: Warning[] };
type Card = { items: Item[]; related: Item[] };

const AWS_EVENT = '5eeb348a-cb74-40eb-9678-7c1d0aba047c';
const CLEAN_EVENT = '5e396a1e-68e4-4db5-8810-ca350aba047c';
const DOCTORED_UUID = '0b2e3c1d-4f5a-4b6c-8d7e-9f0a1b2c3d4e';

describe('feed indicators checked against warninglists on ingest', function () {
  this.timeout(180_000);
  let server: TestServer;
  let analyst: Awaited<ReturnType<typeof loginAs>>;
  let admin: Awaited<ReturnType<typeof loginAs>>;
  let dir: string;
  const http = platformFeedHttp({ proxy: { httpsProxy: undefined, noProxy: undefined } });

  before(async function () {
    const shared = sharedDataDir();
    if (!shared) this.skip();
    const misp = join(shared, 'misp', 'feed-cert-fr-anssi');
    dir = mkdtempSync(join(tmpdir(), 'feed-warnings-'));
    // A real event with three well-known false positives added as IDS attributes.
    const doctored = JSON.parse(readFileSync(join(misp, `${CLEAN_EVENT}.json`), 'utf8')) as { Event: Record<string, unknown> & { Attribute?: Record<string, unknown>[] } };
    const extra = [
      { type: 'ip-dst', value: '8.8.8.8', uuid: '6a1b2c3d-0000-4000-8000-000000000001' },
      { type: 'ip-dst', value: '10.20.30.40', uuid: '6a1b2c3d-0000-4000-8000-000000000002' },
      { type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e', uuid: '6a1b2c3d-0000-4000-8000-000000000003' },
    ].map((attribute) => ({ ...attribute, category: 'Network activity', to_ids: true, timestamp: '1591441400', distribution: '5', comment: '' }));
    doctored.Event = { ...doctored.Event, uuid: DOCTORED_UUID, info: 'Doctored copy with well-known values', Attribute: [...(doctored.Event.Attribute ?? []), ...extra] };
    writeFileSync(join(dir, `${DOCTORED_UUID}.json`), JSON.stringify(doctored));

    server = await startTestServer();
    let out = '';
    let err = '';
    const exit = await runFeedsCli(['import', join(misp, `${AWS_EVENT}.json`), join(misp, `${CLEAN_EVENT}.json`), join(dir, `${DOCTORED_UUID}.json`)], {
      database: server.database,
      config: { feedCredentials: {} },
      logger: createLogger('silent', false),
      feedHttp: http,
      out: (text) => (out += text),
      err: (text) => (err += text),
      progress: false,
    });
    expect(exit, out + err).to.equal(0);
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    admin = await loginAs(server.url, 'cert-admin@lagebild.test');
  });
  after(async () => {
    await server?.close();
    await http.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function item(externalId: string): Promise<Item> {
    const page = await analyst.agent.get('/api/v1/feed-items').query({ state: 'all', q: externalId });
    expect(page.status).to.equal(200);
    const found = (page.body.items as Card[]).flatMap((card) => card.items).find((entry) => entry.externalId === externalId);
    expect(found, externalId).to.not.equal(undefined);
    return found!;
  }

  it('flags the real AWS address of a CERT-FR event on its card and leaves a clean event unflagged', async () => {
    const aws = await item(AWS_EVENT);
    expect(aws.kind).to.equal('indicators');
    const hit = aws.warnings.find((warning) => warning.value === '34.213.221.29');
    expect(hit, JSON.stringify(aws.warnings)).to.not.equal(undefined);
    expect(hit!.type).to.equal('ipv4');
    expect(hit!.stixId).to.match(/^indicator--/);
    expect(hit!.flags[0]).to.include({ list: 'amazon-aws', category: 'benign-service' });
    expect(hit!.flags[0]!.reason.de).to.contain('Amazon AWS');
    expect(hit!.flags[0]!.reason.en).to.be.a('string').and.not.equal('');
    expect((await item(CLEAN_EVENT)).warnings).to.deep.equal([]);

    const one = await analyst.agent.get(`/api/v1/feed-items/${aws.id}`);
    expect(one.body.warnings).to.deep.equal(aws.warnings);
    const filtered = await analyst.agent.get('/api/v1/feed-items').query({ state: 'all', warnings: 'true' });
    const ids = (filtered.body.items as Card[]).flatMap((card) => card.items.map((entry) => entry.externalId));
    expect(ids).to.include.members([AWS_EVENT, DOCTORED_UUID]);
    expect(ids).to.not.include(CLEAN_EVENT);
  });

  it('flags 8.8.8.8, a private address and the empty-file MD5 with their lists and categories', async () => {
    const doctored = await item(DOCTORED_UUID);
    const byValue = new Map(doctored.warnings.map((warning) => [warning.value, warning]));
    expect(byValue.get('8.8.8.8')!.flags.map((flag) => flag.category)).to.include('benign-service');
    expect(byValue.get('10.20.30.40')!.flags.map((flag) => flag.list)).to.include('rfc1918');
    expect(byValue.get('d41d8cd98f00b204e9800998ecf8427e')!.flags.map((flag) => flag.category)).to.include('test-or-empty-hash');
    expect(byValue.get('d41d8cd98f00b204e9800998ecf8427e')!.type).to.equal('md5');
  });

  it('refuses to promote a flagged card without an override, and audits the override reason', async () => {
    const doctored = await item(DOCTORED_UUID);
    const refused = await admin.agent.post(`/api/v1/feed-items/${doctored.id}/promote`).set('x-csrf-token', admin.csrfToken).send({});
    expect(refused.status, JSON.stringify(refused.body)).to.equal(422);
    expect(refused.headers['content-type']).to.match(/problem\+json/);
    expect(refused.body.type).to.match(/indicators-flagged/);
    expect(refused.body.errors.map((error: { message: string }) => error.message).join(' ')).to.contain('8.8.8.8');
    expect((await item(DOCTORED_UUID)).warnings).to.have.length(3);

    const tooShort = await admin.agent.post(`/api/v1/feed-items/${doctored.id}/promote`).set('x-csrf-token', admin.csrfToken).send({ warningOverride: { reason: 'ok' } });
    expect(tooShort.status).to.equal(400);

    const reason = 'Resolver abused as exfiltration target in this campaign';
    const promoted = await admin.agent.post(`/api/v1/feed-items/${doctored.id}/promote`).set('x-csrf-token', admin.csrfToken).send({ warningOverride: { reason } });
    expect(promoted.status, JSON.stringify(promoted.body)).to.equal(201);
    const audit = await admin.agent.get('/api/v1/audit').query({ action: 'feed_item.promoted' });
    const entry = (audit.body.items as { objectId: string; details: { warningOverride?: { reason: string; flagged: { value: string }[] } } }[]).find((row) => row.objectId === doctored.id);
    expect(entry?.details.warningOverride?.reason).to.equal(reason);
    expect(entry!.details.warningOverride!.flagged.map((flag) => flag.value)).to.include('8.8.8.8');
  });
});
