import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COOKIE_NAME } from '#domain/sign-in';
import { buildWeb } from '../../web/build.ts';
import { emailsTo } from '../support/engines.ts';
import { FakeClock } from '../support/fakes.ts';
import { startTestStack } from '../support/stack.ts';
import { inboundSms } from '../support/twilio.ts';

/*
 * The therapist's sign-in that lasts, in Chromium, on a phone (375 × 812) and on a small phone with 200 % text
 * (320 px wide; the root font size set to 200 % through the CSSOM by an init script, as the page's CSP refuses an
 * injected <style>): sign in by the link texted and emailed to the therapist, add a passkey with Chromium's virtual
 * authenticator (DevTools protocol WebAuthn.*), close the tab, open the alert's link in a new tab and land on the
 * session signed in; sign out; sign in with the passkey in a fresh browser. No screen scrolls sideways.
 */

// 10:00 in Los Angeles: inside sending hours, so the client's 2 h text goes out and the alert follows the reply.
const NOW = new Date('2026-11-27T18:00:00Z');
const clock = new FakeClock(NOW);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const THERAPIST_PHONE = '+13108960696';
const THERAPIST_EMAIL = 'chris@ohara-massage.example';
const CLIENT_PHONE = '+13105550142';

let ctx: Awaited<ReturnType<typeof startTestStack>>;
let browser: Browser;
let alertUrl: string;
let sessionId: string;
const problems: string[] = [];

type Outboxed = { to: string; body: string };
const texts = (): Outboxed[] =>
  readFileSync(ctx.stack.outboxFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Outboxed);

const SIGN_IN_LINK = /(http:\/\/\S+\/#\/sign-in\/[A-Za-z0-9_-]{43})/;

const layouts = [
  { name: 'a 375 × 812 phone', viewport: { width: 375, height: 812 }, bigText: false },
  { name: 'a 320 px phone with 200 % text', viewport: { width: 320, height: 640 }, bigText: true },
];
type Layout = (typeof layouts)[number];

async function newContext(layout: Layout): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: layout.viewport, timezoneId: 'America/Los_Angeles', locale: 'en-US' });
  await context.clock.setFixedTime(NOW);
  if (layout.bigText) {
    await context.addInitScript(() => {
      const twice = () => document.documentElement?.style.setProperty('font-size', '200%', 'important');
      if (document.documentElement) twice();
      else document.addEventListener('DOMContentLoaded', twice);
    });
  }
  return context;
}

async function newTab(context: BrowserContext): Promise<Page> {
  const tab = await context.newPage();
  tab.setDefaultTimeout(12_000);
  tab.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  tab.on('pageerror', (error) => problems.push(error.message));
  return tab;
}

/** The phone's built-in authenticator (Face ID, a fingerprint): resident keys, user verification that succeeds. */
async function virtualAuthenticator(tab: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await tab.context().newCDPSession(tab);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

/** Nothing on the screen is wider than it: no sideways scrolling. */
async function expectNoSidewaysScroll(tab: Page, screen: string, layout: Layout) {
  const { scrollWidth, innerWidth, rootFont, wide } = await tab.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    rootFont: getComputedStyle(document.documentElement).fontSize,
    // The innermost elements that reach past the right edge, to say what is too wide.
    wide: Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !Array.from(e.children).some((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5))
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${Array.from(e.classList).join('.')} "${(e.textContent ?? '').trim().slice(0, 30)}"`),
  }));
  expect(rootFont, `${screen}: the text size`).toBe(layout.bigText ? '32px' : '16px');
  expect(innerWidth).toBe(layout.viewport.width);
  expect(scrollWidth, `${screen} scrolls sideways (${wide.join('; ')})`).toBeLessThanOrEqual(innerWidth);
}

beforeAll(async () => {
  await buildWeb();
  ctx = await startTestStack({ clock });
  // A client's session whose 2 h text has gone, then her reply with a warning sign: the therapist's alert text.
  const entered = await ctx.call('POST', '/sessions', {
    client: { name: 'Jordan Lee', phone: '(310) 555-0142', email: 'jordan@example.com' },
    endedAt: new Date(NOW.getTime() - 121 * 60_000).toISOString(),
    modality: 'deep tissue',
    consent: { sms: true, email: true },
  });
  sessionId = ((await entered.json()) as { id: string }).id;
  await ctx.stack.sweep();
  expect((await inboundSms(ctx.stack.url, CLIENT_PHONE, 'sharp pain in my shoulder since this morning')).status).toBe(200);
  const alert = texts().find((t) => t.to === THERAPIST_PHONE && t.body.includes('/#/sessions/'));
  alertUrl = /(http:\/\/\S+\/#\/sessions\/[0-9a-f-]{36})/.exec(alert?.body ?? '')?.[1] as string;
  expect(alertUrl).toContain(sessionId);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 30_000,
  });
});

afterAll(async () => {
  await browser?.close();
  await ctx?.stack.stop();
});

describe.each(layouts)('the therapist signing in on %s', (layout) => {
  let context: BrowserContext;
  let passkey: Record<string, unknown>;

  it('signs in by the link texted and emailed to the therapist, and adds a passkey', async () => {
    context = await newContext(layout);
    const first = await newTab(context);
    await first.goto(ctx.stack.url);
    await first.getByRole('button', { name: 'Send me a sign-in link' }).waitFor();
    // The three ways in, in this order: the link, a passkey, the token (with a username for password managers).
    const order = await first.locator('#sign-in button:visible').allTextContents();
    expect(order).toEqual(['Send me a sign-in link', 'Sign in with a passkey', 'Sign in']);
    expect(await first.getByLabel('Username').getAttribute('autocomplete')).toBe('username');
    expect(await first.getByLabel('Therapist token').getAttribute('autocomplete')).toBe('current-password');
    await expectNoSidewaysScroll(first, 'the sign-in screen', layout);

    const textsBefore = texts().length;
    await first.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await first.getByText(/Check your phone or email/).waitFor();
    await expectNoSidewaysScroll(first, 'the sign-in screen after sending the link', layout);
    const sent = texts().slice(textsBefore);
    expect(sent.map((t) => t.to)).toEqual([THERAPIST_PHONE]);
    const link = SIGN_IN_LINK.exec(sent[0]?.body ?? '')?.[1] as string;
    expect(link).toBeDefined();
    // The same link by email, in the SES viewer.
    const emails = await emailsTo(THERAPIST_EMAIL, ctx.stack.sesUrl);
    expect(emails.at(-1)?.subject).toBe('Your Aftercare sign-in link');
    expect(emails.at(-1)?.body.text).toContain(link);
    await first.close();

    // The therapist taps the link: a new tab, whose phone has Face ID.
    const tab = await newTab(context);
    const { cdp, authenticatorId } = await virtualAuthenticator(tab);
    await tab.goto(link);
    await tab.getByRole('button', { name: 'Sign in on this device' }).waitFor();
    await expectNoSidewaysScroll(tab, 'the sign-in link’s landing', layout);
    await tab.getByRole('button', { name: 'Sign in on this device' }).click();
    await tab.getByRole('button', { name: 'New session' }).waitFor();
    expect(new URL(tab.url()).hash).toBe('');
    await tab.getByRole('heading', { name: 'Sign in faster next time' }).waitFor();
    await expectNoSidewaysScroll(tab, 'the page with the passkey offer', layout);

    // The session cookie: for this host only, never readable by script, never sent cross-site; Secure on localhost too.
    const cookie = (await context.cookies()).find((c) => c.name === COOKIE_NAME);
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect(await tab.evaluate(() => document.cookie)).toBe('');
    expect(await tab.evaluate(() => sessionStorage.length)).toBe(0);

    await tab.getByRole('button', { name: 'Add a passkey' }).click();
    await tab.getByText(/Passkey added \(Chrome on Linux computer\)/).waitFor();
    await expectNoSidewaysScroll(tab, 'the page after adding a passkey', layout);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });
    passkey = credentials[0] as unknown as Record<string, unknown>;
    await tab.close();
  });

  it('opens the alert’s link in a new tab straight onto the session, still signed in', async () => {
    const tab = await newTab(context);
    await tab.goto(alertUrl);
    await tab.locator(`[data-session="${sessionId}"][aria-current="true"]`).waitFor();
    await tab.getByRole('heading', { name: 'Conversation with Jordan Lee' }).waitFor();
    expect(await tab.locator('#sign-in').isHidden()).toBe(true);
    await expectNoSidewaysScroll(tab, 'the session opened from the alert', layout);

    await tab.getByRole('button', { name: 'Devices' }).click();
    await tab.getByRole('heading', { name: 'Signed-in devices' }).waitFor();
    const devices = tab.locator('#device-list [data-device]');
    expect(await devices.count()).toBe(1);
    expect(await devices.first().textContent()).toContain('This device');
    expect(await devices.first().textContent()).toContain('Signed in by a link');
    await expectNoSidewaysScroll(tab, 'the signed-in devices', layout);

    await tab.getByRole('button', { name: 'Sign out', exact: true }).click();
    await tab.getByRole('button', { name: 'Send me a sign-in link' }).waitFor();
    await expectNoSidewaysScroll(tab, 'the sign-in screen after signing out', layout);
    // Signed out on the server too: the cookie no longer opens anything, even in another tab.
    const again = await newTab(context);
    await again.goto(alertUrl);
    await again.getByRole('button', { name: 'Send me a sign-in link' }).waitFor();
    expect(await again.locator('#app').isHidden()).toBe(true);
    const session = (await (await ctx.call('GET', '/auth/session')).json()) as { devices: unknown[] };
    expect(session.devices).toEqual([]);
    await context.close();
  });

  it('signs in with the passkey in a fresh browser, and opens the alert’s link signed in', async () => {
    const fresh = await newContext(layout);
    const tab = await newTab(fresh);
    const { cdp, authenticatorId } = await virtualAuthenticator(tab);
    // The same phone: its passkey, as the authenticator keeps it.
    await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: passkey as never });
    await tab.goto(ctx.stack.url);
    await tab.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await tab.getByRole('button', { name: 'New session' }).waitFor();
    expect(await tab.locator('#passkey-offer').isHidden()).toBe(true);
    await expectNoSidewaysScroll(tab, 'the page after a passkey sign-in', layout);

    const next = await newTab(fresh);
    await tab.close();
    await next.goto(alertUrl);
    await next.getByRole('heading', { name: 'Conversation with Jordan Lee' }).waitFor();
    await next.getByRole('button', { name: 'Devices' }).click();
    expect(await next.locator('#device-list [data-device]').first().textContent()).toContain('Signed in with a passkey');
    await next.getByRole('button', { name: 'Sign out everywhere' }).waitFor();
    next.once('dialog', (dialog) => void dialog.accept());
    await next.getByRole('button', { name: 'Sign out everywhere' }).click();
    await next.getByText('You are signed out on this device.').waitFor();
    await expectNoSidewaysScroll(next, 'the sign-in screen after signing out everywhere', layout);
    await fresh.close();
  });

  it('logged no error in the browser', () => {
    expect(problems).toEqual([]);
  });
});
