import request from 'supertest';
import type { Express } from 'express';
import { DEMO_PASSWORD } from './config.js';

/** A logged-in supertest agent (cookie jar) with the session's CSRF token. */
export async function loginAs(app: Express | string, email: string, password = DEMO_PASSWORD): Promise<{ agent: ReturnType<typeof request.agent>; csrfToken: string; userId: string }> {
  const agent = request.agent(app);
  const response = await agent.post('/api/v1/session').send({ email, password });
  if (response.status !== 200) throw new Error(`login as ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  const body = response.body as { csrfToken: string; user: { id: string } };
  return { agent, csrfToken: body.csrfToken, userId: body.user.id };
}
