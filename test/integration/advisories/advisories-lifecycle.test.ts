import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../server/platform/db/client.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

describe('advisory lifecycle', () => {
  let server: TestServer;
  let analyst: Session;

  before(async () => {
    server = await startTestServer();
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
  });
  after(async () => server.close());

  async function count(table: string): Promise<number> {
    const [row] = await queryRows<{ n: number }>(server.database.db, sql.raw(`select count(*)::int as n from ${table}`));
    return Number(row!.n);
  }

  it('POST /api/v1/advisories answers 422 listing every problem with its path, and stores nothing', async () => {
    const before = await count('advisories');
    const response = await analyst.agent
      .post('/api/v1/advisories')
      .set('X-CSRF-Token', analyst.csrfToken)
      .send(advisoryBody({ title: { de: '' }, severity: 'katastrophal', cves: ['CVE-2024-1', 'CVE-2023-4966'], cvss: ['CVSS:3.1/AV:X'], references: ['http://insecure.example'], tlp: 'PURPLE', products: [{ vendor: '', product: 'X', cpe: 'cpe:nonsense' }] }));
    expect(response.status).to.equal(422);
    expect(response.body.code).to.equal('UNPROCESSABLE_CONTENT');
    const paths = (response.body.errors as { path: string }[]).map((problem) => problem.path);
    for (const path of ['title.de', 'severity', 'cves.0', 'cvss.0', 'references.0', 'tlp', 'products.0.vendor', 'products.0.cpe']) expect(paths, path).to.include(path);
    expect(await count('advisories')).to.equal(before);
  });

  it('rejects an audience the label would ignore, and unknown recipients, with 422', async () => {
    const misplaced = await analyst.agent.post('/api/v1/advisories').set('X-CSRF-Token', analyst.csrfToken).send(advisoryBody({ tlp: 'AMBER', audience: { organizations: [], sharingGroups: [], users: [analyst.userId] } }));
    expect(misplaced.status).to.equal(422);
    expect(misplaced.body.errors[0].path).to.equal('audience.users');
    const unknown = await analyst.agent.post('/api/v1/advisories').set('X-CSRF-Token', analyst.csrfToken).send(advisoryBody({ tlp: 'RED', audience: { organizations: [], sharingGroups: [], users: ['00000000-0000-4000-8000-000000000999'] } }));
    expect(unknown.status).to.equal(422);
    expect(unknown.body.errors[0].path).to.equal('audience.users.0');
  });

  it('forbids members outside the CERT to create or publish (403 problem+json)', async () => {
    const member = await loginAs(server.url, 'isb@lk-gotha.lagebild.test');
    const response = await member.agent.post('/api/v1/advisories').set('X-CSRF-Token', member.csrfToken).send(advisoryBody());
    expect(response.status).to.equal(403);
    expect(response.headers['content-type']).to.match(/application\/problem\+json/);
    const id = await publishedAdvisory(analyst, advisoryBody());
    expect((await member.agent.post(`/api/v1/advisories/${id}/withdraw`).set('X-CSRF-Token', member.csrfToken).send()).status).to.equal(403);
  });

  it('publishes with an audit entry and an outbox event in the same transaction', async () => {
    const id = await publishedAdvisory(analyst, advisoryBody({ tlp: 'GREEN' }));
    const audit = await queryRows<{ action: string; tlp: string }>(server.database.db, sql`select action, tlp from audit_log where object_id = ${id}`);
    expect(audit).to.deep.equal([{ action: 'advisory.published', tlp: 'green' }]);
    const events = await queryRows<{ type: string; subject_kind: string; subject_id: string; payload: { id: string } }>(server.database.db, sql`select type, subject_kind, subject_id, payload from events where payload->>'id' = ${id}`);
    expect(events.map((event) => event.type)).to.deep.equal(['advisory.published']);
    // The event names its subject; the audience is the advisory's own, decided at delivery.
    expect(events[0]).to.include({ subject_kind: 'advisory', subject_id: id });
  });

  it('revises into version 2, lists both versions, diffs them, withdraws, and refuses to publish again (409)', async () => {
    const id = await publishedAdvisory(analyst, advisoryBody());
    const send = (method: 'post' | 'patch', path: string, body?: object) => analyst.agent[method](`/api/v1/advisories/${id}${path}`).set('X-CSRF-Token', analyst.csrfToken).send(body);
    const patched = await send('patch', '', { severity: 'hoch', title: { de: 'Schwachstelle in NetScaler ADC (aktualisiert)', en: 'Critical vulnerability in NetScaler ADC' } });
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    expect(patched.body.version).to.equal(1);
    expect(patched.body.pendingRevision.severity).to.equal('hoch');
    const unnoted = await send('post', '/publish');
    expect(unnoted.status, 'a revision says what changed').to.equal(422);
    expect(unnoted.body.code).to.equal('CHANGE_NOTE_REQUIRED');
    const published = await send('post', '/publish', { changeNote: { de: 'Schweregrad nach Herstellerangaben gesenkt', en: '  ' } });
    expect(published.status, JSON.stringify(published.body)).to.equal(200);
    expect(published.body).to.include({ version: 2, status: 'revised', severity: 'hoch' });
    const versions = await analyst.agent.get(`/api/v1/advisories/${id}/versions`);
    expect((versions.body.items as { version: number }[]).map((item) => item.version)).to.deep.equal([1, 2]);
    // Version 1 has no note; a blank English note is dropped rather than stored.
    expect((versions.body.items as { changeNote: unknown }[]).map((item) => item.changeNote)).to.deep.equal([null, { de: 'Schweregrad nach Herstellerangaben gesenkt' }]);
    const first = await analyst.agent.get(`/api/v1/advisories/${id}/versions/1`);
    expect(first.body.severity).to.equal('kritisch');
    const diff = await analyst.agent.get(`/api/v1/advisories/${id}/diff`).query({ from: 1, to: 2 });
    expect(diff.body.changes).to.deep.equal([
      { path: 'title.de', kind: 'changed', before: 'Kritische Schwachstelle in NetScaler ADC', after: 'Schwachstelle in NetScaler ADC (aktualisiert)' },
      { path: 'severity', kind: 'changed', before: 'kritisch', after: 'hoch' },
    ]);
    expect((await send('post', '/publish', { changeNote: { de: 'nichts' } })).status, 'nothing prepared').to.equal(409);
    const withdrawn = await send('post', '/withdraw', { reason: 'Herstellerangaben zurückgezogen' });
    expect(withdrawn.body.status).to.equal('withdrawn');
    const again = await send('post', '/publish');
    expect(again.status).to.equal(409);
    expect(again.body.code).to.equal('INVALID_STATE');
    expect((await send('patch', '', { severity: 'niedrig' })).status).to.equal(409);
    const events = await queryRows<{ type: string }>(server.database.db, sql`select type from events where payload->>'id' = ${id} order by seq`);
    expect(events.map((event) => event.type)).to.deep.equal(['advisory.published', 'advisory.revised', 'advisory.withdrawn']);
  });

  it('needs tlp:downgrade to lower the TLP after publication (403 TLP_DOWNGRADE_NOT_ALLOWED), and audits it', async () => {
    // Version 1 goes to Jena only: Erfurt sees nothing of it, later only version 2 (GREEN).
    const jena = (await organizationIds(analyst.agent)).get('Stadt Jena');
    const id = await publishedAdvisory(analyst, advisoryBody({ tlp: 'AMBER', audience: { organizations: [jena], sharingGroups: [], users: [] } }));
    const refused = await analyst.agent.patch(`/api/v1/advisories/${id}`).set('X-CSRF-Token', analyst.csrfToken).send({ tlp: 'GREEN', audience: { organizations: [], sharingGroups: [], users: [] } });
    expect(refused.status).to.equal(403);
    expect(refused.body.code).to.equal('TLP_DOWNGRADE_NOT_ALLOWED');
    const admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    expect((await admin.agent.patch(`/api/v1/advisories/${id}`).set('X-CSRF-Token', admin.csrfToken).send({ tlp: 'GREEN', audience: { organizations: [], sharingGroups: [], users: [] } })).status).to.equal(200);
    expect((await admin.agent.post(`/api/v1/advisories/${id}/publish`).set('X-CSRF-Token', admin.csrfToken).send({ changeNote: { de: 'Angaben aktualisiert', en: 'Details updated' } })).body.tlp).to.equal('GREEN');
    const audit = await queryRows<{ action: string }>(server.database.db, sql`select action from audit_log where object_id = ${id} order by id`);
    expect(audit.map((row) => row.action)).to.deep.equal(['advisory.published', 'advisory.revised', 'advisory.tlp_downgraded']);
    const member = await loginAs(server.url, 'it@erfurt.lagebild.test');
    expect((await member.agent.get(`/api/v1/advisories/${id}/versions`)).body.items.map((item: { version: number }) => item.version)).to.deep.equal([2]);
  });

  it('finds "Schwachstelle" when searching "Schwachstellen", with escaped, highlighted snippets', async () => {
    const id = await publishedAdvisory(
      analyst,
      advisoryBody({ title: { de: 'Schwachstelle im Bürgerportal <script>alert(1)</script>' }, summary: { de: 'Eine Schwachstelle im Formularserver.' }, body: { de: 'Details <img src=x onerror=alert(1)>' }, cves: [] }),
    );
    const search = await analyst.agent.get('/api/v1/search').query({ q: 'Schwachstellen Bürgerportal' });
    expect(search.status).to.equal(200);
    const hit = (search.body.items as { id: string; snippet: string }[]).find((item) => item.id === id)!;
    expect(hit.snippet).to.contain('<mark>Schwachstelle</mark>');
    // ts_headline drops what its parser takes for tags; whatever text remains is escaped.
    expect(hit.snippet).not.to.match(/<(?!\/?mark>)/);
    // Title and summary match: the snippet is taken from them alone.
    expect(hit.snippet).not.to.contain('Details');
    // A word only the body has: the snippet comes from the body, its remaining text escaped.
    const inBody = (await analyst.agent.get('/api/v1/search').query({ q: 'Details' })).body.items as { id: string; snippet: string }[];
    const bodyHit = inBody.find((item) => item.id === id)!;
    expect(bodyHit.snippet).to.contain('<mark>Details</mark>');
    expect(bodyHit.snippet).not.to.match(/<(?!\/?mark>)/);
    expect(bodyHit.snippet).to.contain('&lt;img');
    const english = await analyst.agent.get('/api/v1/search').query({ q: 'vulnerabilities' });
    expect((english.body.items as unknown[]).length).to.be.greaterThan(0);
    const detail = await analyst.agent.get(`/api/v1/advisories/${id}`);
    // Raw HTML is shown as text: no img element and no handler attribute, the words kept.
    expect(detail.body.bodyHtml.de).not.to.match(/<img|<[^>]*\sonerror\s*=/);
    expect(detail.body.bodyHtml.de).to.contain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('ranks a hit in the title above a hit in the body, whatever the age or revision count', async () => {
    const word = `Rangfolge${Date.now()}`;
    const titleHit = await publishedAdvisory(analyst, advisoryBody({ title: { de: `${word} im Titel der Warnmeldung` }, summary: { de: 'Zusammenfassung ohne das Wort.' }, body: { de: 'Text ohne das Wort.' }, cves: [] }));
    // Newer and revised twice: a higher version and a later date must not outrank relevance.
    const bodyHit = await publishedAdvisory(analyst, advisoryBody({ title: { de: 'Eine andere Warnmeldung' }, summary: { de: 'Zusammenfassung ohne das Wort.' }, body: { de: `Weiter unten im Text erscheint ${word} einmal.` }, cves: [] }));
    for (const note of ['erste', 'zweite']) {
      await analyst.agent.patch(`/api/v1/advisories/${bodyHit}`).set('X-CSRF-Token', analyst.csrfToken).send({ summary: { de: `Zusammenfassung, ${note} Überarbeitung.` } });
      expect((await analyst.agent.post(`/api/v1/advisories/${bodyHit}/publish`).set('X-CSRF-Token', analyst.csrfToken).send({ changeNote: { de: `${note} Überarbeitung` } })).status).to.equal(200);
    }
    const search = await analyst.agent.get('/api/v1/search').query({ q: word });
    expect((search.body.items as { id: string }[]).map((item) => item.id)).to.deep.equal([titleHit, bodyHit]);
  });

  it('puts hits of the last 90 days before older ones, each ranked, and pages across the boundary', async () => {
    const word = `Archiv${Date.now()}`;
    const oldTitleHit = await publishedAdvisory(analyst, advisoryBody({ title: { de: `${word} im Titel` }, cves: [] }));
    const recentBodyHit = await publishedAdvisory(analyst, advisoryBody({ title: { de: 'Aktuelle Warnmeldung' }, body: { de: `Im Text: ${word}.` }, cves: [] }));
    const recentTitleHit = await publishedAdvisory(analyst, advisoryBody({ title: { de: `${word} aktuell im Titel` }, cves: [] }));
    await server.database.db.execute(sql`update advisories set created_at = now() - interval '200 days' where id = ${oldTitleHit}`);
    const all = await analyst.agent.get('/api/v1/search').query({ q: word });
    expect((all.body.items as { id: string }[]).map((item) => item.id)).to.deep.equal([recentTitleHit, recentBodyHit, oldTitleHit]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await analyst.agent.get('/api/v1/search').query({ q: word, kind: 'advisory', limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...(page.body.items as { id: string }[]).map((item) => item.id));
      cursor = page.body.next ?? undefined;
    } while (cursor);
    expect(seen).to.deep.equal([recentTitleHit, recentBodyHit, oldTitleHit]);
  });

  it('filters the list by severity, CVE, vendor, product, TLP, source, status and dates, with cursor pages', async () => {
    const id = await publishedAdvisory(analyst, advisoryBody({ severity: 'niedrig', cves: ['CVE-2024-3400'], products: [{ vendor: 'Palo Alto Networks', product: 'PAN-OS', versions: [] }], source: 'bsi-wid' }));
    const list = (query: Record<string, string | number>) => analyst.agent.get('/api/v1/advisories').query(query);
    const filters: Record<string, string>[] = [{ severity: 'niedrig' }, { cve: 'cve-2024-3400' }, { vendor: 'palo alto networks' }, { product: 'PAN-OS' }, { source: 'bsi-wid' }];
    for (const query of filters) {
      const response = await list(query);
      expect((response.body.items as { id: string }[]).map((item) => item.id), JSON.stringify(query)).to.deep.equal([id]);
    }
    expect((await list({ tlp: 'green', status: 'published', from: '2000-01-01', to: '2999-12-31' })).body.items.length).to.be.greaterThan(0);
    expect((await list({ to: '2000-01-01' })).body.items).to.deep.equal([]);
    const first = await list({ limit: 1 });
    expect(first.body.next).to.be.a('string');
    const second = await list({ limit: 1, cursor: first.body.next });
    expect(second.body.items[0].id).not.to.equal(first.body.items[0].id);
    expect((await list({ severity: 'katastrophal' })).status).to.equal(400);
  });
});
