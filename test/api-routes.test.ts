import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryStores } from '#adapters/memory/stores';
import { pageRoutes } from '#adapters/http/routes/page';
import { linkRoutes } from '#adapters/http/routes/links';
import { sessionRoutes } from '#adapters/http/routes/sessions';
import { inboxRoutes } from '#adapters/http/routes/inbox';
import { authRoutes } from '#adapters/http/routes/auth';
import { bookingRoutes } from '#adapters/http/routes/bookings';
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import { createCoreDeps } from '#app/deps';
import { parseConfig } from '#config';
import { createApiHandler } from '#functions/api';
import { ROUTE_GROUPS } from '../lib/app-stack.ts';
import { CapturingLog, FakeClock, FakeEmail, FakeSms } from './support/fakes.ts';

/**
 * The API Gateway routes each group of the API function's routes gets (and so its own throttle), checked against the
 * function's router: every route of the router is reached by an explicit route key or, on purpose, by `$default`;
 * the therapist's group asks for the token, the links' group and `$default` do not.
 */

const practice = JSON.parse(readFileSync('aftercare.config.json', 'utf8')) as Record<string, unknown>;
const config = parseConfig({ ...practice, publicBaseUrl: 'https://aftercare.example', apiToken: 'api-routes-token-0123456789abcdef' });
const api = createApiHandler(async () => ({
  ...createCoreDeps(config, memoryStores(), { clock: new FakeClock(new Date('2026-11-27T18:00:00Z')), log: new CapturingLog(), templates: loadTemplatesFromDir(defaultTemplatesDir()) }),
  sms: new FakeSms(),
  email: new FakeEmail(),
}));

const SAMPLE_ID = '7d8f2a4e-1c3b-4e5f-9a6b-0c1d2e3f4a5b';
/** A request API Gateway would send to a route key: its parameters filled in. */
const sample = (routeKey: string) => {
  const [method, path] = routeKey.split(' ') as [string, string];
  return { method, path: path.replace(/\{[^}]+\}/g, SAMPLE_ID) };
};
/** What reaches the API function through `$default`, on purpose: the page, its assets and manifest, the health check. */
const DEFAULT_SAMPLES = ['GET /', 'GET /app.js', 'GET /app.css', 'GET /icon.svg', 'GET /icon-192.png', 'GET /manifest.webmanifest', 'GET /health'].map(sample);

const groupOfApi = (name: keyof typeof ROUTE_GROUPS) => {
  const group = ROUTE_GROUPS[name];
  expect(group.handler).toBe('api');
  return group.routes.map(sample);
};

const statusWithoutToken = async ({ method, path }: { method: string; path: string }) =>
  (
    await api({
      version: '2.0',
      routeKey: `${method} ${path}`,
      rawPath: path,
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      requestContext: { http: { method, path } } as never,
    })
  ).statusCode;

describe('the API function’s routes in API Gateway', () => {
  it('reaches every route of the router through an explicit route key or, for the page and the health check, $default', () => {
    const explicit = Object.values(ROUTE_GROUPS).flatMap((group) => group.routes.filter((key) => key !== '$default').map(sample));
    for (const route of [...pageRoutes, ...inboxRoutes, ...sessionRoutes, ...linkRoutes, ...authRoutes, ...bookingRoutes]) {
      const reached = [...explicit, ...DEFAULT_SAMPLES].some((s) => s.method === route.method && route.path.test(s.path));
      expect(reached, `${route.method} ${String(route.path)}`).toBe(true);
    }
    for (const s of explicit) {
      if (s.path.startsWith('/webhooks/')) continue;
      const routed = [...pageRoutes, ...inboxRoutes, ...sessionRoutes, ...linkRoutes, ...authRoutes, ...bookingRoutes].some((route) => route.method === s.method && route.path.test(s.path));
      expect(routed, `${s.method} ${s.path} has a route key but no route`).toBe(true);
    }
  });

  it('asks for the API token on every route of the therapist’s group', async () => {
    for (const s of groupOfApi('therapist')) expect(await statusWithoutToken(s), `${s.method} ${s.path}`).toBe(401);
  });

  it('does not ask for it on the signed links or on what goes through $default', async () => {
    for (const s of [...groupOfApi('links'), ...DEFAULT_SAMPLES]) expect(await statusWithoutToken(s), `${s.method} ${s.path}`).not.toBe(401);
    expect(ROUTE_GROUPS.everythingElse.routes).toEqual(['$default']);
  });

  it('asks for a sign-in (token or cookie) on the sign-in group’s routes that act for the therapist, and not on those that sign in', async () => {
    const needed = new Set(['POST /auth/sign-out', 'POST /auth/sign-out-everywhere', 'GET /auth/devices', 'DELETE /auth/devices/{id}', 'POST /auth/passkeys/register/options', 'POST /auth/passkeys/register']);
    for (const key of ROUTE_GROUPS.signIn.routes) {
      const status = await statusWithoutToken(sample(key));
      if (needed.has(key)) expect(status, key).toBe(401);
      else expect(status, key).not.toBe(401);
      expect(status, key).toBeLessThan(500);
    }
  });
});
