import { expect } from 'chai';
import type request from 'supertest';

type Agent = ReturnType<typeof request.agent>;

/** A complete, valid advisory body; override any field. */
export function advisoryBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { de: 'Kritische Schwachstelle in NetScaler ADC', en: 'Critical vulnerability in NetScaler ADC' },
    summary: { de: 'Eine Schwachstelle erlaubt entfernten Angreifern die Ausführung von Code.', en: 'A vulnerability lets remote attackers run code.' },
    body: { de: '## Beschreibung\n\nDie **Schwachstelle** betrifft das Gateway.', en: 'The **vulnerability** affects the gateway.' },
    severity: 'kritisch',
    cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'],
    cves: ['CVE-2023-4966'],
    products: [{ vendor: 'Citrix', product: 'NetScaler ADC', versions: [{ from: '13.1', below: '13.1-49.15' }], cpe: 'cpe:2.3:a:citrix:netscaler_application_delivery_controller:13.1:*:*:*:*:*:*:*' }],
    recommendations: { de: 'Aktualisieren Sie umgehend auf Version 13.1-49.15.' },
    references: ['https://support.citrix.com/article/CTX579459'],
    tlp: 'GREEN',
    pap: 'GREEN',
    audience: { organizations: [], sharingGroups: [], users: [] },
    ...overrides,
  };
}

/** Organization ids by name, read through the API. */
export async function organizationIds(agent: Agent): Promise<Map<string, string>> {
  const response = await agent.get('/api/v1/organizations?limit=500');
  expect(response.status).to.equal(200);
  return new Map((response.body.items as { id: string; name: string }[]).map((org) => [org.name, org.id]));
}

/** Sharing group ids by name. */
export async function sharingGroupIds(agent: Agent): Promise<Map<string, string>> {
  const response = await agent.get('/api/v1/sharing-groups');
  expect(response.status).to.equal(200);
  return new Map((response.body.items as { id: string; name: string }[]).map((group) => [group.name, group.id]));
}

/** Creates and publishes an advisory as a CERT writer; returns its id. */
export async function publishedAdvisory(session: { agent: Agent; csrfToken: string }, body: Record<string, unknown>): Promise<string> {
  const created = await session.agent.post('/api/v1/advisories').set('X-CSRF-Token', session.csrfToken).send(body);
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  const id = created.body.id as string;
  const published = await session.agent.post(`/api/v1/advisories/${id}/publish`).set('X-CSRF-Token', session.csrfToken).send();
  expect(published.status, JSON.stringify(published.body)).to.equal(200);
  return id;
}
