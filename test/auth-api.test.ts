import { readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COOKIE_NAME, LINK_REQUESTS_PER_WINDOW } from '#domain/sign-in';
import { emailsTo } from './support/engines.ts';
import { CapturingLog, FakeClock } from './support/fakes.ts';
import { startTestStack } from './support/stack.ts';

/*
 * The therapist's sign-in through the local stack (the API handler behind the local gateway, DynamoDB Local,
 * aws-ses-v2-local and the SMS outbox): the link, the cookie and its CSRF token, revoking, and the bearer token.
 */

const START = new Date('2026-11-27T18:00:00Z');
const clock = new FakeClock(START);
const log = new CapturingLog();
const THERAPIST_PHONE = '+13108960696';
const THERAPIST_EMAIL = 'chris@ohara-massage.example';
const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
let ctx: Awaited<ReturnType<typeof startTestStack>>;
let quarter = 0;

beforeAll(async () => {
  ctx = await startTestStack({ clock, log });
});
afterAll(async () => {
  await ctx?.stack.stop();
});
beforeEach(() => {
  // Each test in a quarter hour of its own, so the link limit of one does not reach the next.
  quarter += 1;
  clock.set(new Date(START.getTime() + quarter * 15 * 60_000));
});

type Browser = { cookie?: string; csrf?: string };

/** A request as the page makes it: same origin, with the cookie and (when given) the CSRF token; never a bearer token. */
const browserCall = (b: Browser, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${ctx.stack.url}${path}`, {
    method,
    headers: {
      origin: ctx.stack.url,
      'sec-fetch-site': 'same-origin',
      'user-agent': UA,
      ...(b.cookie ? { cookie: `${COOKIE_NAME}=${b.cookie}` } : {}),
      ...(b.csrf ? { 'x-csrf-token': b.csrf } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const texts = (): { to: string; body: string }[] =>
  existsSync(ctx.stack.outboxFile) ? readFileSync(ctx.stack.outboxFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { to: string; body: string }) : [];

/** Asks for a link as the page does; the token from the text the therapist got. */
async function askForLink(): Promise<string> {
  const before = texts().length;
  const response = await browserCall({}, 'POST', '/auth/link');
  expect(response.status).toBe(202);
  const sent = texts().slice(before);
  expect(sent.map((t) => t.to)).toEqual([THERAPIST_PHONE]);
  return /#\/sign-in\/([A-Za-z0-9_-]{43})/.exec(sent[0]?.body ?? '')?.[1] as string;
}

async function signIn(): Promise<Browser> {
  const response = await browserCall({}, 'POST', '/auth/link/redeem', { token: await askForLink() });
  expect(response.status).toBe(200);
  const cookie = /^__Host-aftercare-session=([^;]+);/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: cookie as string, csrf: csrfToken };
}

const sessionCount = async () => ((await (await ctx.call('GET', '/sessions?days=3')).json()) as { sessions: unknown[] }).sessions.length;
const newSession = () => ({
  client: { name: 'Jordan Lee', phone: '(310) 555-0142', email: 'jordan@example.com' },
  endedAt: new Date(clock.now().getTime() - 10 * 60_000).toISOString(),
  consent: { sms: true, email: true },
  // Entered again by several tests: not a duplicate.
  force: true,
});

describe('POST /auth/link', () => {
  it('texts and emails a one-time link to the therapist\'s phone and email, and says so in words', async () => {
    const response = await browserCall({}, 'POST', '/auth/link');
    expect(response.status).toBe(202);
    expect(((await response.json()) as { message: string }).message).toBe("A sign-in link is on its way to the therapist's phone and email. It works once, for 10 minutes.");
    const text = texts().at(-1);
    expect(text).toMatchObject({ to: THERAPIST_PHONE });
    expect(text?.body).toMatch(new RegExp(`^Aftercare sign-in for Chris O'Hara Massage: ${ctx.stack.config.publicBaseUrl}/#/sign-in/[A-Za-z0-9_-]{43} It works once, for 10 minutes\\.$`));
    const email = (await emailsTo(THERAPIST_EMAIL, ctx.stack.sesUrl)).at(-1);
    expect(email?.subject).toBe('Your Aftercare sign-in link');
    expect(email?.body.text).toContain(/(http\S+#\/sign-in\/\S+)/.exec(text?.body ?? '')?.[1]);
  });

  it(`answers the same 202 past ${LINK_REQUESTS_PER_WINDOW} requests in a quarter hour, but sends no more`, async () => {
    const before = texts().length;
    const answers = [];
    for (let i = 0; i < LINK_REQUESTS_PER_WINDOW + 3; i += 1) answers.push(await (await browserCall({}, 'POST', '/auth/link')).text());
    expect(new Set(answers).size).toBe(1);
    expect(texts().length - before).toBe(LINK_REQUESTS_PER_WINDOW);
    clock.advanceMinutes(15);
    expect((await browserCall({}, 'POST', '/auth/link')).status).toBe(202);
    expect(texts().length - before).toBe(LINK_REQUESTS_PER_WINDOW + 1);
  });

  it('refuses a request made by another site\'s page, sending nothing', async () => {
    const before = texts().length;
    expect((await browserCall({}, 'POST', '/auth/link', undefined, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(texts()).toHaveLength(before);
  });
});

describe('POST /auth/link/redeem', () => {
  it('signs the browser in with a cookie that is exactly HttpOnly; Secure; SameSite=Strict, for 30 days, and names the device', async () => {
    const response = await browserCall({}, 'POST', '/auth/link/redeem', { token: await askForLink() });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') as string;
    expect(cookie).toMatch(/^__Host-aftercare-session=[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}; Path=\/; Max-Age=2592000; HttpOnly; Secure; SameSite=Strict$/);
    const body = (await response.json()) as { csrfToken: string; device: Record<string, unknown> };
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.device).toMatchObject({ label: 'Safari on iPhone', method: 'link', createdAt: clock.now().toISOString() });
    expect(JSON.stringify(body)).not.toContain(cookie.split('.')[1]?.split(';')[0]);
  });

  it('refuses a replayed link with a 400 in words, signing nobody in', async () => {
    const token = await askForLink();
    expect((await browserCall({}, 'POST', '/auth/link/redeem', { token })).status).toBe(200);
    const replay = await browserCall({}, 'POST', '/auth/link/redeem', { token });
    expect(replay.status).toBe(400);
    expect(replay.headers.get('set-cookie')).toBeNull();
    expect(((await replay.json()) as { problems: { message: string }[] }).problems[0]?.message).toBe(
      'This sign-in link has been used already or has expired (links work once, for 10 minutes). Ask for a new one.',
    );
  });

  it('signs nobody in when a link previewer fetches the link, nor when another site posts the token', async () => {
    const token = await askForLink();
    const preview = await fetch(`${ctx.stack.config.publicBaseUrl}/#/sign-in/${token}`, { headers: { 'user-agent': 'facebookexternalhit/1.1' } });
    expect(preview.status).toBe(200);
    expect(preview.headers.get('set-cookie')).toBeNull();
    const forged = await browserCall({}, 'POST', '/auth/link/redeem', { token }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('set-cookie')).toBeNull();
    // The link still works for the therapist.
    expect((await browserCall({}, 'POST', '/auth/link/redeem', { token })).status).toBe(200);
  });

  it('refuses a link opened after its 10 minutes', async () => {
    const token = await askForLink();
    clock.advanceMinutes(10);
    const late = await browserCall({}, 'POST', '/auth/link/redeem', { token });
    expect(late.status).toBe(400);
    expect(late.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a token that is not one, or none, with a 400 naming it', async () => {
    for (const body of [{ token: 'guess' }, {}, { token: 42 }, 'null']) {
      const response = await browserCall({}, 'POST', '/auth/link/redeem', body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { problems: { field: string }[] }).problems[0]?.field).toBe('token');
    }
    expect((await browserCall({}, 'POST', '/auth/link/redeem')).status).toBe(400);
  });
});

describe('a browser signed in by its cookie', () => {
  it('reads the therapist\'s routes without a token, and GET /auth/session names it with its CSRF token', async () => {
    const browser = await signIn();
    expect((await browserCall({ cookie: browser.cookie }, 'GET', '/sessions')).status).toBe(200);
    expect((await browserCall({ cookie: browser.cookie }, 'GET', '/escalations')).status).toBe(200);
    const session = (await (await browserCall({ cookie: browser.cookie }, 'GET', '/auth/session')).json()) as { signedIn: boolean; via: string; csrfToken: string; devices: { current: boolean }[] };
    expect(session).toMatchObject({ signedIn: true, via: 'cookie', csrfToken: browser.csrf });
    expect(session.devices.filter((d) => d.current)).toHaveLength(1);
  });

  it('is refused with a 403, changing nothing, when an unsafe request lacks the CSRF token, carries another, or comes from another site', async () => {
    const browser = await signIn();
    const before = await sessionCount();
    for (const attempt of [
      browserCall({ cookie: browser.cookie }, 'POST', '/sessions', newSession()),
      browserCall({ cookie: browser.cookie, csrf: 'x'.repeat(43) }, 'POST', '/sessions', newSession()),
      browserCall(browser, 'POST', '/sessions', newSession(), { origin: 'https://evil.example' }),
      browserCall(browser, 'POST', '/sessions', newSession(), { 'sec-fetch-site': 'cross-site' }),
      browserCall({ cookie: browser.cookie }, 'POST', '/auth/sign-out-everywhere'),
    ]) {
      const response = await attempt;
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: string }).error).toBe('forbidden');
    }
    expect(await sessionCount()).toBe(before);
    expect((await browserCall({ cookie: browser.cookie }, 'GET', '/sessions')).status).toBe(200);
    // With its token, the same request goes through.
    expect((await browserCall(browser, 'POST', '/sessions', newSession())).status).toBe(201);
    expect(await sessionCount()).toBe(before + 1);
  });

  it('stays signed in while used (sliding 30 days) and is signed out after 30 days unused', async () => {
    const browser = await signIn();
    clock.advanceMinutes(29 * 24 * 60);
    expect((await browserCall(browser, 'GET', '/sessions')).status).toBe(200);
    clock.advanceMinutes(29 * 24 * 60);
    expect((await browserCall(browser, 'GET', '/sessions')).status).toBe(200);
    clock.advanceMinutes(30 * 24 * 60);
    const lapsed = await browserCall(browser, 'GET', '/sessions');
    expect(lapsed.status).toBe(401);
    expect(((await (await browserCall(browser, 'GET', '/auth/session')).json()) as { signedIn: boolean }).signedIn).toBe(false);
  });

  it('is refused once signed out, and a device signed out from another is refused too', async () => {
    const phone = await signIn();
    const laptop = await signIn();
    const { devices } = (await (await browserCall(laptop, 'GET', '/auth/session')).json()) as { devices: { id: string; current: boolean }[] };
    const phoneId = devices.find((d) => !d.current && phone.cookie?.startsWith(d.id))?.id as string;
    const removed = await browserCall(laptop, 'DELETE', `/auth/devices/${phoneId}`);
    expect(removed.status).toBe(200);
    expect((await browserCall(phone, 'GET', '/sessions')).status).toBe(401);
    expect((await browserCall(laptop, 'DELETE', `/auth/devices/${phoneId}`)).status).toBe(404);

    const out = await browserCall(laptop, 'POST', '/auth/sign-out');
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toBe('__Host-aftercare-session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict');
    expect((await browserCall(laptop, 'GET', '/sessions')).status).toBe(401);
  });

  it('signs every device out with sign-out-everywhere', async () => {
    const browsers = [await signIn(), await signIn(), await signIn()];
    const everywhere = await browserCall(browsers[0] as Browser, 'POST', '/auth/sign-out-everywhere');
    expect(everywhere.status).toBe(200);
    expect(((await everywhere.json()) as { signedOut: number }).signedOut).toBeGreaterThanOrEqual(3);
    for (const browser of browsers) expect((await browserCall(browser, 'GET', '/sessions')).status).toBe(401);
    expect(((await (await ctx.call('GET', '/auth/session')).json()) as { devices: unknown[] }).devices).toEqual([]);
  });

  it('is refused with a 401, and nothing read, for a cookie the server never made', async () => {
    const forged = { cookie: `${'A'.repeat(16)}.${'B'.repeat(43)}`, csrf: 'C'.repeat(43) };
    expect((await browserCall(forged, 'GET', '/sessions')).status).toBe(401);
    expect((await browserCall({ cookie: 'garbage' }, 'GET', '/sessions')).status).toBe(401);
  });
});

describe('the bearer token', () => {
  it('still works for scripts, with no CSRF token, and lists the signed-in devices', async () => {
    const before = await sessionCount();
    expect((await ctx.call('POST', '/sessions', newSession())).status).toBe(201);
    expect(await sessionCount()).toBe(before + 1);
    expect((await ctx.call('GET', '/auth/session')).status).toBe(200);
    expect((await ctx.call('GET', '/sessions', undefined, { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
  });

  it('answers a browser that is not signed in with signedIn: false, not an error', async () => {
    const response = await browserCall({}, 'GET', '/auth/session');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ signedIn: false });
    expect((await browserCall({}, 'GET', '/sessions')).status).toBe(401);
  });
});

describe('passkeys', () => {
  it('may be added only when signed in', async () => {
    expect((await browserCall({}, 'POST', '/auth/passkeys/register/options')).status).toBe(401);
    const browser = await signIn();
    expect((await browserCall({ cookie: browser.cookie }, 'POST', '/auth/passkeys/register/options')).status).toBe(403);
    const options = await browserCall(browser, 'POST', '/auth/passkeys/register/options');
    expect(options.status).toBe(200);
    const body = (await options.json()) as { challengeId: string; options: { rp: { id: string }; challenge: string; authenticatorSelection: Record<string, string> } };
    expect(body.options.rp.id).toBe('localhost');
    expect(body.options.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' });
  });

  it('uses each challenge once: an answer that does not verify spends it, and a second try is told to start again', async () => {
    const options = (await (await browserCall({}, 'POST', '/auth/passkeys/sign-in/options')).json()) as { challengeId: string; options: { rpId: string } };
    expect(options.options.rpId).toBe('localhost');
    const bogus = { challengeId: options.challengeId, response: { id: 'nope', rawId: 'nope', type: 'public-key', response: {}, clientExtensionResults: {} } };
    const first = await browserCall({}, 'POST', '/auth/passkeys/sign-in', bogus);
    expect(first.status).toBe(403);
    expect(first.headers.get('set-cookie')).toBeNull();
    const again = await browserCall({}, 'POST', '/auth/passkeys/sign-in', bogus);
    expect(again.status).toBe(400);
    expect(((await again.json()) as { problems: { message: string }[] }).problems[0]?.message).toBe('has been used or has expired: start again from the passkey button');
    expect((await browserCall({}, 'POST', '/auth/passkeys/sign-in', { response: {} })).status).toBe(400);
  });
});

describe('odd input', () => {
  it('gets a 4xx, never a 500, on every sign-in route, and signs nobody in', async () => {
    const browser = await signIn();
    const bodies = ['null', '[]', '"text"', '{"challengeId":{"$gt":""}}', '{"token":["a"]}', '{"challengeId":"AAAAAAAAAAAAAAAAAAAAAA","response":{"id":"x","rawId":"x","type":"public-key","response":{"clientDataJSON":"%%%","attestationObject":7}}}', 'not json'];
    const routes = ['/auth/link/redeem', '/auth/passkeys/register', '/auth/passkeys/sign-in'];
    for (const path of routes) {
      expect((await browserCall(browser, 'POST', path, undefined, { 'content-type': 'application/json' })).status, `${path} without a body`).toBe(400);
      for (const body of bodies) {
        const odd = await fetch(`${ctx.stack.url}${path}`, {
          method: 'POST',
          headers: { origin: ctx.stack.url, cookie: `${COOKIE_NAME}=${browser.cookie}`, 'x-csrf-token': browser.csrf as string, 'content-type': 'application/json' },
          body,
        });
        expect(odd.status, `${path} ${body}`).toBeGreaterThanOrEqual(400);
        expect(odd.status, `${path} ${body}`).toBeLessThan(500);
        expect(odd.headers.get('set-cookie'), `${path} ${body}`).toBeNull();
      }
    }
    expect((await browserCall(browser, 'DELETE', `/auth/devices/${'z'.repeat(64)}`)).status).toBe(404);
    expect((await browserCall(browser, 'DELETE', `/auth/devices/${'z'.repeat(65)}`)).status).toBe(404);
  });
});

describe('the log', () => {
  it('holds no sign-in token, cookie secret, or the therapist\'s phone or email', async () => {
    const browser = await signIn();
    const lines = log.lines.join('\n');
    expect(lines).toContain('signed in');
    expect(lines).not.toContain(browser.cookie?.split('.')[1]);
    expect(lines).not.toContain(browser.csrf);
    expect(lines).not.toMatch(/\+1310896|chris@ohara|#\/sign-in\//);
  });
});
