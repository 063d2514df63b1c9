import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { stixObjects } from '../../server/stix-objects/stix-objects.table.js';
import { freePort } from './simplesamlphp.js';
import { startTestServer, type TestServer } from './server.js';
import type { loginAs } from './session.js';

// Two Lagebild instances in one process: A publishes (TAXII, CSAF provider, MISP feed), B consumes
// through its own feed sources, configured and run through B's API like a CERT admin would.

type Session = Awaited<ReturnType<typeof loginAs>>;

export type InboxItem = { id: string; externalId: string; tlp: string; revision: string | null; cves: string[]; cvss: string[]; products: { vendor: string; product: string; versions: unknown[]; cpe?: string }[]; title: { de: string | null; en: string | null }; summary: { de?: string; en?: string }; source: { key: string } };
export type FeedRun = { status: string; counts: { new: number; updated: number; unchanged: number; failed: number }; problems: unknown[]; error: string | null };

/**
 * Instance A on a fixed free port with BASE_URL set to it: TAXII discovery and the CSAF provider
 * metadata publish absolute links built from BASE_URL, which B follows.
 */
export async function startPublishingInstance(): Promise<TestServer> {
  const port = await freePort();
  return startTestServer({ port, env: { BASE_URL: `http://127.0.0.1:${port}` } });
}

/** Creates a feed source through B's API (as its CERT admin), enabled, with a yearly schedule; returns its id. */
export async function createSource(admin: Session, body: Record<string, unknown>): Promise<string> {
  const created = await admin.agent
    .post('/api/v1/feeds')
    .set('x-csrf-token', admin.csrfToken)
    .send({ schedule: '0 3 1 1 *', enabled: true, allowPrivateNetwork: true, ...body });
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  return created.body.id as string;
}

/** `POST /api/v1/feeds/:id/run`; the run must succeed. */
export async function runSource(admin: Session, id: string): Promise<FeedRun> {
  const run = await admin.agent.post(`/api/v1/feeds/${id}/run`).set('x-csrf-token', admin.csrfToken);
  expect(run.status, JSON.stringify(run.body)).to.equal(200);
  expect(run.body.status, JSON.stringify(run.body)).to.equal('succeeded');
  return run.body as FeedRun;
}

/** Every inbox item of one source (all states), read through B's inbox API `GET /api/v1/feed-items`. */
export async function inboxItems(session: Session, sourceKey: string): Promise<InboxItem[]> {
  const items: InboxItem[] = [];
  let next: string | undefined;
  do {
    const response = await session.agent.get('/api/v1/feed-items').query({ source: sourceKey, state: 'all', limit: 100, ...(next ? { cursor: next } : {}) });
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    for (const card of response.body.items as { items: InboxItem[] }[]) items.push(...card.items.filter((item) => item.source.key === sourceKey));
    next = response.body.next ?? undefined;
  } while (next);
  return items;
}

/** The stored versions of one STIX object in an instance's stix_objects table. */
export async function storedStix(server: TestServer, stixId: string) {
  return server.database.db
    .select({ stixId: stixObjects.stixId, tlp: stixObjects.tlp, feedSourceId: stixObjects.feedSourceId, source: stixObjects.source, body: stixObjects.body })
    .from(stixObjects)
    .where(eq(stixObjects.stixId, stixId));
}
