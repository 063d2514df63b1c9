import { expect } from 'chai';
import request from 'supertest';
import { loginAs } from './session.js';

export const TAXII = 'application/taxii+json;version=2.1';
export const API_ROOT = '/taxii2/lagebild';

type Agent = ReturnType<typeof request.agent>;

/** Creates an API token as the demo user (personal, or a service token of `organizationId`); returns id and secret. */
export async function createToken(url: string, email: string, scopes: string[], organizationId?: string): Promise<{ id: string; token: string }> {
  const session = await loginAs(url, email);
  const created = await session.agent
    .post('/api/v1/tokens')
    .set('X-CSRF-Token', session.csrfToken)
    .send({ name: `taxii ${scopes.join(' ')}`, scopes, ...(organizationId ? { organizationId } : {}) });
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  return { id: created.body.id as string, token: created.body.token as string };
}

/** A TAXII GET with the TAXII Accept header and optional bearer token; the body is parsed JSON. */
export async function taxiiGet(url: string, path: string, token?: string, agent?: Agent) {
  const req = (agent ?? request(url)).get(path).set('Accept', TAXII);
  if (token) req.set('Authorization', `Bearer ${token}`);
  const response = await req.buffer(true).parse((res, done) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => done(null, text === '' ? {} : JSON.parse(text)));
  });
  return response;
}

/** A TAXII "Add Objects" POST of `objects` as an envelope. */
export async function taxiiPost(url: string, path: string, objects: unknown[], token?: string) {
  const req = request(url).post(path).set('Accept', TAXII).set('Content-Type', TAXII);
  if (token) req.set('Authorization', `Bearer ${token}`);
  return req.send(JSON.stringify({ objects }));
}

/** Every object of a collection, paging with `limit` through `next`; fails on a repeated id+version. */
export async function pageAll(url: string, collectionId: string, token: string | undefined, limit: number, query = ''): Promise<{ objects: Record<string, unknown>[]; pages: number }> {
  const objects: Record<string, unknown>[] = [];
  let next: string | undefined;
  let pages = 0;
  for (;;) {
    const params = new URLSearchParams(query);
    params.set('limit', String(limit));
    if (next) params.set('next', next);
    const response = await taxiiGet(url, `${API_ROOT}/collections/${collectionId}/objects/?${params.toString()}`, token);
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    pages += 1;
    const page = (response.body.objects ?? []) as Record<string, unknown>[];
    expect(page.length).to.be.at.most(limit);
    objects.push(...page);
    if (!response.body.more) return { objects, pages };
    expect(response.body.next).to.be.a('string');
    next = response.body.next as string;
    expect(pages, 'paging does not end').to.be.below(10_000);
  }
}
