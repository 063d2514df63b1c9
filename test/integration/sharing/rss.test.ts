import { expect } from 'chai';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import request from 'supertest';
import { advisoryBody, publishedAdvisory } from '../../support/advisories.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'item' || name === 'entry' });

describe('RSS 2.0 and Atom feeds of CLEAR advisories at /feeds/advisories.{rss,atom}', () => {
  let server: TestServer;
  let clearId: string;
  let germanOnlyId: string;
  const hostile = 'Schwachstelle <script>alert(1)</script> & "Zitat" \u0001 ]]> in Produkt';

  before(async () => {
    server = await startTestServer();
    const author = await loginAs(server.url, 'cert-admin@lagebild.test');
    clearId = await publishedAdvisory(author, advisoryBody({ tlp: 'CLEAR', pap: 'CLEAR', title: { de: hostile, en: 'Vulnerability <b>bold</b> & more' } }));
    germanOnlyId = await publishedAdvisory(author, advisoryBody({ tlp: 'CLEAR', pap: 'CLEAR', title: { de: 'Nur deutsch' }, summary: { de: 'Nur deutsche Zusammenfassung.' } }));
    await publishedAdvisory(author, advisoryBody({ tlp: 'GREEN', title: { de: 'Grünes Geheimnis' } }));
    const withdrawnId = await publishedAdvisory(author, advisoryBody({ tlp: 'CLEAR', pap: 'CLEAR', title: { de: 'Zurückgezogene Meldung' } }));
    await author.agent.post(`/api/v1/advisories/${withdrawnId}/withdraw`).set('x-csrf-token', author.csrfToken).send({});
    const draft = await author.agent.post('/api/v1/advisories').set('x-csrf-token', author.csrfToken).send(advisoryBody({ tlp: 'CLEAR', pap: 'CLEAR', title: { de: 'Entwurf' } }));
    expect(draft.status).to.equal(201);
  });
  after(async () => server.close());

  it('serves well-formed RSS 2.0 with only published CLEAR advisories, escaped, linking to the web client', async () => {
    const response = await request(server.url).get('/feeds/advisories.rss').buffer(true);
    expect(response.status).to.equal(200);
    expect(response.type).to.equal('application/rss+xml');
    expect(XMLValidator.validate(response.text)).to.equal(true);
    expect(response.text).to.not.contain('<script>');
    const rss = parser.parse(response.text).rss;
    expect(rss['@version']).to.equal('2.0');
    expect(rss.channel.language).to.equal('de');
    const items = rss.channel.item as { title: string; link: string; guid: { '#text': string }; pubDate: string; description: string }[];
    expect(items.map((item) => item.guid['#text']).sort()).to.deep.equal([`urn:uuid:${clearId}`, `urn:uuid:${germanOnlyId}`].sort());
    const hostileItem = items.find((item) => item.guid['#text'] === `urn:uuid:${clearId}`)!;
    expect(hostileItem.title).to.equal(hostile.replace('\u0001', ''));
    expect(hostileItem.link).to.match(new RegExp(`/warnmeldungen/${clearId}$`));
    expect(Number.isNaN(Date.parse(hostileItem.pubDate))).to.equal(false);
  });

  it('serves English with ?lang=en, falling back to German where no English text exists', async () => {
    const response = await request(server.url).get('/feeds/advisories.rss?lang=en').buffer(true);
    const channel = parser.parse(response.text).rss.channel;
    expect(channel.language).to.equal('en');
    const titles = (channel.item as { title: string }[]).map((item) => item.title);
    expect(titles).to.include('Vulnerability <b>bold</b> & more');
    expect(titles).to.include('Nur deutsch');
    expect((await request(server.url).get('/feeds/advisories.rss?lang=fr')).status).to.equal(400);
  });

  it('serves well-formed Atom 1.0 with ids, dates and alternate links', async () => {
    for (const lang of ['de', 'en']) {
      const response = await request(server.url).get(`/feeds/advisories.atom?lang=${lang}`).buffer(true);
      expect(response.status).to.equal(200);
      expect(response.type).to.equal('application/atom+xml');
      expect(XMLValidator.validate(response.text)).to.equal(true);
      const feed = parser.parse(response.text).feed;
      expect(feed['@xmlns']).to.equal('http://www.w3.org/2005/Atom');
      expect(feed['@xml:lang']).to.equal(lang);
      const entries = feed.entry as { id: string; updated: string; published: string; link: { '@href': string } }[];
      expect(entries.map((entry) => entry.id).sort()).to.deep.equal([`urn:uuid:${clearId}`, `urn:uuid:${germanOnlyId}`].sort());
      for (const entry of entries) {
        expect(entry.updated).to.match(/^\d{4}-\d{2}-\d{2}T/);
        expect(entry.link['@href']).to.match(/\/warnmeldungen\/[0-9a-f-]{36}$/);
      }
      expect(feed.updated).to.equal([...entries.map((entry) => entry.updated)].sort().at(-1));
    }
  });

  it('stays CLEAR-only even for a logged-in CERT member', async () => {
    const analyst = await loginAs(server.url, 'analyst@lagebild.test');
    for (const path of ['/feeds/advisories.rss', '/feeds/advisories.atom']) {
      const response = await analyst.agent.get(path).buffer(true);
      expect(response.text).to.not.contain('Grünes Geheimnis');
      expect(response.text).to.not.contain('Zurückgezogene Meldung');
      expect(response.text).to.not.contain('Entwurf');
    }
  });
});
