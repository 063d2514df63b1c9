import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ROOT_DIR } from '../../../config/index.js';
import { queryRows } from '../../../server/platform/db/client.js';
import { TLP2_MARKING_IDS } from '../../../server/stix/tlp.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';

// The OASIS STIX 2.1 JSON schemas, stored next to the repository (no network access in tests).
const OASIS_SCHEMAS = path('../shared/data/stix/oasis-cti-stix2-json-schemas/schemas');
const BUNDLE_SCHEMA_ID = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/common/bundle.json';
// ajv-formats is CommonJS; under NodeNext its callable default export sits on `.default`.
const addFormats = addFormatsModule.default;

function path(relative: string): string {
  return resolve(ROOT_DIR, relative);
}

function schemaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? schemaFiles(join(dir, entry.name)) : entry.name.endsWith('.json') ? [join(dir, entry.name)] : []));
}

/** A validator for STIX bundles, every `$ref` resolved from the local copies by their `$id`. OASIS patterns use `\-`, which the u flag rejects; ajv-formats has no idn-hostname (only domain-name SCOs use it, none are exported here). */
function oasisBundleValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false, formats: { 'idn-hostname': true } });
  addFormats(ajv);
  for (const file of schemaFiles(OASIS_SCHEMAS)) ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')) as object);
  const validate = ajv.getSchema(BUNDLE_SCHEMA_ID);
  if (!validate) throw new Error('bundle schema missing');
  return validate;
}

describe('GET /api/v1/advisories/:id/stix', () => {
  let server: TestServer;
  let analyst: Awaited<ReturnType<typeof loginAs>>;

  before(async () => {
    server = await startTestServer();
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
  });
  after(async () => server.close());

  it('exports report, vulnerability per CVE, course-of-action, identity and the TLP marking, all marked', async () => {
    const id = await publishedAdvisory(analyst, advisoryBody({ tlp: 'GREEN', cves: ['CVE-2023-4966', 'CVE-2023-4967'] }));
    const response = await analyst.agent.get(`/api/v1/advisories/${id}/stix`);
    expect(response.status).to.equal(200);
    const objects = response.body.objects as { type: string; id: string; object_marking_refs?: string[]; object_refs?: string[] }[];
    expect(objects.map((object) => object.type).sort()).to.deep.equal([
      'course-of-action',
      'identity',
      'language-content',
      'language-content',
      'marking-definition',
      'report',
      'vulnerability',
      'vulnerability',
    ]);
    for (const object of objects.filter((candidate) => candidate.type !== 'marking-definition')) {
      expect(object.object_marking_refs, object.type).to.deep.equal([TLP2_MARKING_IDS.green]);
    }
    expect(objects.find((object) => object.type === 'marking-definition')!.id).to.equal(TLP2_MARKING_IDS.green);
    const report = objects.find((object) => object.type === 'report')!;
    expect(report.id).to.equal(`report--${id}`);
    expect(report.object_refs).to.have.length(4);
    const again = await analyst.agent.get(`/api/v1/advisories/${id}/stix`);
    expect(again.body).to.deep.equal(response.body);
  });

  it('carries the English texts as language-content objects, and none without English', async () => {
    const body = advisoryBody({ recommendations: { de: 'Sofort aktualisieren.', en: 'Update at once.' } });
    const id = await publishedAdvisory(analyst, body);
    const objects = (await analyst.agent.get(`/api/v1/advisories/${id}/stix`)).body.objects as Record<string, unknown>[];
    const report = objects.find((object) => object.type === 'report')!;
    const course = objects.find((object) => object.type === 'course-of-action')!;
    const translations = objects.filter((object) => object.type === 'language-content');
    const forReport = translations.find((object) => object.object_ref === report.id)!;
    expect(forReport.object_modified).to.equal(report.modified);
    expect(forReport.contents).to.deep.equal({ en: { name: 'Critical vulnerability in NetScaler ADC', description: 'A vulnerability lets remote attackers run code.\n\nThe **vulnerability** affects the gateway.' } });
    const forCourse = translations.find((object) => object.object_ref === course.id)!;
    expect(forCourse.contents).to.deep.equal({ en: { name: 'Recommendations: Critical vulnerability in NetScaler ADC', description: 'Update at once.' } });

    const germanOnly = advisoryBody({ title: { de: 'Nur Deutsch' }, summary: { de: 'Kurz.' }, body: { de: 'Text.' } });
    const germanId = await publishedAdvisory(analyst, germanOnly);
    const germanObjects = (await analyst.agent.get(`/api/v1/advisories/${germanId}/stix`)).body.objects as Record<string, unknown>[];
    expect(germanObjects.filter((object) => object.type === 'language-content')).to.deep.equal([]);
  });

  it('validates against the OASIS STIX 2.1 JSON schemas', async function () {
    if (!existsSync(OASIS_SCHEMAS)) this.skip();
    const validate = oasisBundleValidator();
    const orgs = await organizationIds(analyst.agent);
    for (const tlp of ['CLEAR', 'AMBER+STRICT']) {
      const audience = tlp === 'CLEAR' ? undefined : { organizations: [orgs.get('Stadt Jena')], sharingGroups: [], users: [] };
      const id = await publishedAdvisory(analyst, advisoryBody({ tlp, ...(audience ? { audience } : {}) }));
      const response = await analyst.agent.get(`/api/v1/advisories/${id}/stix`);
      expect(validate(response.body), JSON.stringify(validate.errors?.slice(0, 5))).to.equal(true);
    }
  });

  it('audits exports of AMBER and RED, not of CLEAR or GREEN', async () => {
    const green = await publishedAdvisory(analyst, advisoryBody({ tlp: 'GREEN' }));
    const red = await publishedAdvisory(analyst, advisoryBody({ tlp: 'RED', audience: { organizations: [], sharingGroups: [], users: [analyst.userId] } }));
    for (const id of [green, red]) expect((await analyst.agent.get(`/api/v1/advisories/${id}/stix`)).status).to.equal(200);
    const rows = await queryRows<{ object_id: string; tlp: string }>(server.database.db, sql`select object_id, tlp from audit_log where action = 'advisory.exported' and object_id in (${green}, ${red})`);
    expect(rows).to.deep.equal([{ object_id: red, tlp: 'red' }]);
  });

  it('does not export drafts (409)', async () => {
    const draft = await analyst.agent.post('/api/v1/advisories').set('X-CSRF-Token', analyst.csrfToken).send(advisoryBody());
    expect((await analyst.agent.get(`/api/v1/advisories/${draft.body.id}/stix`)).status).to.equal(409);
  });
});
