import request from 'supertest';
import type { TestApp } from './test-app';

/** A browser-like session (cookies kept between requests). */
export type WebAgent = ReturnType<typeof request.agent>;

/** The CSRF token of a page's form (the hidden `_csrf` field). */
export const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

/** Logs `email` in through the demo login page, as a browser would (cookie + CSRF); fails the test if refused. */
export async function webLogin(t: TestApp, email: string): Promise<WebAgent> {
  const agent = request.agent(t.app.getHttpServer());
  const form = await agent.get('/login');
  expect((await agent.post('/login').type('form').send({ email, _csrf: csrfOf(form.text) })).status).toBe(303);
  return agent;
}
