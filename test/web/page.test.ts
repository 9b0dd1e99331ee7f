import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkKeys } from '#app/deps';
import { signLink } from '#domain/links';
import { buildWeb } from '../../web/build.ts';
import { FakeClock } from '../support/fakes.ts';
import { startTestStack, TEST_TOKEN } from '../support/stack.ts';
import { inboundSms, postTwilio } from '../support/twilio.ts';

// 10:00 in Los Angeles (the practice's zone): inside sending hours. The browser's clock is set to the same moment.
const NOW = new Date('2026-11-27T18:00:00Z');
const clock = new FakeClock(NOW);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'docs/screenshots';
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };
const WAIT = { timeout: 12_000 };

let ctx: Awaited<ReturnType<typeof startTestStack>>;
let browser: Browser;
let page: Page;
const problems: string[] = [];

async function newPage(viewport = PHONE) {
  const browserContext = await browser.newContext({ viewport, timezoneId: 'America/Los_Angeles', locale: 'en-US' });
  await browserContext.clock.setFixedTime(NOW);
  const tab = await browserContext.newPage();
  tab.setDefaultTimeout(WAIT.timeout);
  tab.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  tab.on('pageerror', (error) => problems.push(error.message));
  tab.on('request', (request) => {
    if (!request.url().startsWith(ctx.stack.url)) problems.push(`request to another origin: ${request.url()}`);
  });
  return { browserContext, tab };
}

const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` });
const card = (name: string) => page.locator('#session-list [data-session]').filter({ has: page.getByRole('heading', { name }) }).first();
const step = (name: string, which: string) => card(name).locator(`[data-step="${which}"] .badge`);

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  mkdirSync(SHOTS, { recursive: true });
  await buildWeb();
  ctx = await startTestStack({ clock });
  // A returning client: a session yesterday, whose 24 h follow-up goes out at the first sweep.
  await ctx.call('POST', '/sessions', {
    client: { name: 'Morgan Avery', phone: '(310) 555-0177', email: 'morgan@example.com' },
    endedAt: new Date(NOW.getTime() - 25 * 3_600_000).toISOString(),
    modality: 'Swedish',
    consent: { sms: true, email: true },
  });
  await ctx.stack.sweep();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 30_000,
  });
  ({ tab: page } = await newPage());
});

afterAll(async () => {
  await browser?.close();
  await ctx?.stack.stop();
});

describe('the therapist page', () => {
  it('shows only the sign-in form without a token, and a wrong token signs out again having fetched nothing', async () => {
    const { browserContext, tab } = await newPage();
    const apiCalls: string[] = [];
    tab.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (!/^\/(app\.js|sw\.js|app\.css|icon\.svg|manifest\.webmanifest|[\w-]+\.png)?$/.test(path)) apiCalls.push(`${request.method()} ${path}`);
    });

    const response = await tab.goto(ctx.stack.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect.poll(() => tab.getByLabel('Therapist token').isVisible()).toBe(true);
    expect(await tab.locator('#app').isHidden()).toBe(true);
    expect(apiCalls).toEqual([]);

    await tab.getByLabel('Therapist token').fill('not-the-token');
    await tab.getByLabel('Therapist token').press('Enter');
    await tab.getByText('That token was not accepted. Sign in again.').waitFor();
    expect(await tab.locator('#app').isHidden()).toBe(true);
    expect(await tab.locator('#session-list').textContent()).toBe('');
    expect(apiCalls).toEqual(['GET /escalations']);
    expect(await tab.evaluate(() => sessionStorage.length)).toBe(0);

    // A stale token kept in the tab fares the same after a reload.
    await tab.evaluate(() => sessionStorage.setItem('aftercare.token', 'stale-token'));
    await tab.reload();
    await tab.getByText('That token was not accepted. Sign in again.').waitFor();
    expect(apiCalls).toEqual(['GET /escalations', 'GET /escalations']);
    await browserContext.close();
  });

  it('signs in and enters a session, with the API\'s validation message beside the field', async () => {
    await page.goto(ctx.stack.url);
    await shot('phone-sign-in');
    await page.getByLabel('Therapist token').fill(TEST_TOKEN);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // On a phone the form waits behind one button, below what needs the therapist.
    const newSession = page.getByRole('button', { name: 'New session' });
    await newSession.waitFor();
    expect(await page.getByRole('heading', { name: 'New session' }).isHidden()).toBe(true);
    await newSession.click();
    expect(await newSession.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('heading', { name: 'New session' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-name');
    expect(await page.locator('#practice').textContent()).toBe("Chris O'Hara Massage");
    expect(await page.locator('#consent-wording').textContent()).toContain('Reply STOP to opt out');
    expect(await page.locator('#consent-version').textContent()).toContain('2026-11-v1');
    await step('Morgan Avery', '24h').filter({ hasText: 'Sent' }).waitFor();
    expect(await step('Morgan Avery', '2h').textContent()).toBe('Skipped');

    await page.getByLabel('Client name').fill('Jordan Lee');
    await page.getByLabel('Mobile').fill('555');
    await page.getByLabel('Email', { exact: true }).fill('jordan@example.com');
    await page.getByLabel('Modality').fill('deep tissue');
    await page.getByLabel('Other time').check();
    // 07:59 in Los Angeles: 2 h 1 min before the clock, so the 2 h follow-up is due at the next sweep.
    await page.getByLabel(/Ended at/).fill('2026-11-27T07:59');
    await page.getByLabel('Texts').check();
    await page.getByLabel('Emails').check();
    await page.getByRole('button', { name: 'Save session' }).click();

    await page.locator('#f-phone-problem').filter({ hasText: "doesn't look right" }).waitFor();
    expect(await page.getByLabel('Mobile').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-email-problem').isHidden()).toBe(true);
    await shot('phone-new-session');

    await page.getByLabel('Mobile').fill('(310) 555-0142');
    await page.getByRole('button', { name: 'Save session' }).click();
    await page.getByText("Saved Jordan Lee's session.").waitFor();
    await step('Jordan Lee', '2h').filter({ hasText: 'Scheduled' }).waitFor();
    const sessions = (await (await ctx.call('GET', '/sessions?days=3')).json()) as { sessions: { client: { name: string }; endedAt: string; modality?: string; consent: { sms: { wordingVersion: string } } }[] };
    const jordan = sessions.sessions.filter((s) => s.client.name === 'Jordan Lee');
    expect(jordan).toHaveLength(1);
    expect(jordan[0]).toMatchObject({ endedAt: '2026-11-27T15:59:00.000Z', modality: 'deep tissue', consent: { sms: { wordingVersion: '2026-11-v1' } } });
  });

  it('shows the 2 h follow-up sent after a sweep', async () => {
    await ctx.stack.sweep();
    await step('Jordan Lee', '2h').filter({ hasText: 'Sent' }).waitFor();
    // 07:59 tomorrow is before 09:00: quiet hours move the 24 h one.
    expect(await step('Jordan Lee', '24h').textContent()).toBe('Deferred');
    expect(await card('Jordan Lee').locator('[data-step="2h"] time').textContent()).toBe('Fri 10:00 AM PST');
  });

  it('shows the 2 h follow-up delivered once Twilio reports delivery of the text', async () => {
    const sessions = (await (await ctx.call('GET', '/sessions?days=3')).json()) as {
      sessions: { client: { name: string }; messages: { channel: string; template?: string; providerId?: string }[] }[];
    };
    const text = sessions.sessions.find((s) => s.client.name === 'Jordan Lee')?.messages.find((m) => m.channel === 'sms' && m.template === '2h');
    const report = await postTwilio(ctx.stack.url, '/webhooks/twilio/status', { MessageSid: text?.providerId as string, MessageStatus: 'delivered', To: '+13105550142' });
    expect(report.status).toBe(204);
    await step('Jordan Lee', '2h').filter({ hasText: 'Delivered' }).waitFor();
    expect(await card('Jordan Lee').locator('[data-step="2h"] .detail').textContent()).toContain('Text delivered');
  });

  it('finds a returning client by name and fills in their details; quiet hours show as deferred', async () => {
    await page.getByLabel('Client name').fill('morg');
    await page.getByRole('button', { name: /Use Morgan Avery/ }).click();
    expect(await page.getByLabel('Client name').inputValue()).toBe('Morgan Avery');
    expect(await page.getByLabel('Mobile').inputValue()).toBe('(310) 555-0177');
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe('morgan@example.com');
    expect(await page.getByLabel('Texts').isChecked()).toBe(true);

    await page.getByLabel('15 min ago').check();
    await page.getByText("Client's time zone").click();
    // 2 h after 09:45 in Los Angeles is 04:45 in Tokyo: quiet hours there, so the follow-up waits until 09:00.
    await page.getByLabel('Time zone (for quiet hours)').fill('Asia/Tokyo');
    await page.getByLabel('Modality').focus();
    await page.keyboard.type('sports');
    await page.keyboard.press('Enter');
    await page.getByText("Saved Morgan Avery's session.").waitFor();
    await page.locator('#session-list [data-session]').first().locator('[data-step="2h"] .badge').filter({ hasText: 'Deferred' }).waitFor();
    await page.locator('section:has(#session-list)').screenshot({ path: `${SHOTS}/phone-sessions.png` });
  });

  it('replies "sharp pain" as the client, pins the escalation with a call link, and acknowledges it', async () => {
    await card('Jordan Lee').getByRole('button', { name: 'Conversation' }).click();
    await page.getByRole('heading', { name: 'Conversation with Jordan Lee' }).waitFor();
    await page.locator('#message-list .message.is-outbound').first().waitFor();
    clock.advanceMinutes(5);
    await page.getByLabel('Reply as this client (local demo)').fill('sharp pain in my shoulder since this morning');
    await page.getByRole('button', { name: 'Send as client' }).click();

    const escalation = page.locator('#escalation-list .escalation').filter({ hasText: 'Jordan Lee' });
    await escalation.waitFor();
    expect(await escalation.locator('blockquote').textContent()).toBe('sharp pain in my shoulder since this morning');
    expect(await escalation.getByRole('link', { name: 'Call (310) 555-0142' }).getAttribute('href')).toBe('tel:+13105550142');
    const inbound = page.locator('#message-list .message.is-inbound');
    await inbound.first().waitFor();
    expect(await inbound.first().locator('.label').textContent()).toBe('escalate');
    expect(await inbound.first().locator('.triage').textContent()).toContain('sharp pain');
    await step('Jordan Lee', '24h').filter({ hasText: 'Held' }).waitFor();
    await page.locator('#conversation').screenshot({ path: `${SHOTS}/phone-conversation.png` });

    // An urgent one, from the other client: listed first and in red.
    const morgan = (await (await ctx.call('GET', '/sessions?days=3')).json()) as { sessions: { id: string; client: { name: string } }[] };
    const morganId = morgan.sessions.find((s) => s.client.name === 'Morgan Avery')?.id;
    await ctx.call('POST', '/local/reply-as-client', { sessionId: morganId, text: 'my chest feels tight and I cant catch my breath' });
    await page.locator('#escalation-list .escalation.is-urgent').filter({ hasText: 'Morgan Avery' }).waitFor();
    expect(await page.locator('#escalation-list .escalation').first().textContent()).toContain('Urgent: call now');
    expect(await page.locator('#escalations').evaluate((el) => el.compareDocumentPosition(document.getElementById('session-form') as Node) & Node.DOCUMENT_POSITION_FOLLOWING)).toBeTruthy();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('phone-escalations');

    await page.setViewportSize(DESKTOP);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('desktop-overview');
    await page.locator('#columns').evaluate((el) => el.scrollIntoView());
    await shot('desktop-conversation');
    await page.setViewportSize(PHONE);

    // Acknowledging asks what happens to the held follow-ups (resume suggested, as it is not urgent) and for a note.
    await escalation.getByRole('button', { name: 'Acknowledge' }).click();
    const dialog = page.getByRole('dialog', { name: 'Acknowledge Jordan Lee' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Resume as gentle check-ins').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Back' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await escalation.count()).toBe(1);

    await escalation.getByRole('button', { name: 'Acknowledge' }).click();
    await dialog.getByLabel('Skip the rest').check();
    await dialog.getByLabel('Resume as gentle check-ins').check();
    await dialog.getByLabel('Note (optional)').fill('Called her: ice tonight, seeing her doctor tomorrow');
    await dialog.getByRole('button', { name: 'Acknowledge' }).click();
    await escalation.waitFor({ state: 'detached' });
    const open = (await (await ctx.call('GET', '/escalations')).json()) as { escalations: { clientName: string }[] };
    expect(open.escalations.map((e) => e.clientName)).toEqual(['Morgan Avery']);

    // The session's history shows who, how, when, the outcome and the note; the held follow-ups wait again.
    const history = card('Jordan Lee').locator('.history li');
    await history.waitFor();
    expect(await history.textContent()).toMatch(/^Escalation acknowledged by Chris O'Hara on the page, .*· follow-ups resumed as check-ins/);
    expect(await history.locator('blockquote').textContent()).toBe('Called her: ice tonight, seeing her doctor tomorrow');
    await step('Jordan Lee', '24h').filter({ hasNotText: 'Held' }).waitFor();
  });

  it('lists a question under Needs reply, answers it from the page with the text count shown as you type, and marks another handled', async () => {
    const ids = (await (await ctx.call('GET', '/sessions?days=3')).json()) as { sessions: { id: string; client: { name: string } }[] };
    const idOf = (name: string) => ids.sessions.find((s) => s.client.name === name)?.id as string;
    clock.advanceMinutes(5);
    await ctx.call('POST', '/local/reply-as-client', { sessionId: idOf('Jordan Lee'), text: 'can I take ibuprofen today?' });
    const jordan = page.locator('#inbox-list .inbox-item').filter({ hasText: 'Jordan Lee' });
    await jordan.waitFor();
    expect(await jordan.locator('blockquote').textContent()).toBe('can I take ibuprofen today?');
    expect(await jordan.getByRole('link', { name: '(310) 555-0142' }).getAttribute('href')).toBe('tel:+13105550142');
    expect(await jordan.textContent()).toContain('deep tissue session of Fri, Nov 27');
    // After the escalations, above the sessions.
    expect(await page.locator('#escalations').evaluate((el) => el.compareDocumentPosition(document.getElementById('inbox') as Node) & Node.DOCUMENT_POSITION_FOLLOWING)).toBeTruthy();
    expect(await page.locator('#inbox').evaluate((el) => el.compareDocumentPosition(document.getElementById('sessions-title') as Node) & Node.DOCUMENT_POSITION_FOLLOWING)).toBeTruthy();

    await jordan.getByRole('button', { name: 'Reply' }).click();
    await page.getByRole('heading', { name: 'Conversation with Jordan Lee' }).waitFor();
    // The answer box takes the focus once the conversation has loaded (a moment after its heading shows).
    await page.waitForFunction(() => document.activeElement?.id === 'answer-text');
    await page.keyboard.type('Yes, ibuprofen is fine');
    expect(await page.locator('#answer-count').textContent()).toBe('GSM-7 · 1 text · 22 of 160');
    await page.keyboard.type(' 👍');
    expect(await page.locator('#answer-count').textContent()).toMatch(/^UCS-2 .* · 1 text · 25 of 70$/);
    await page.getByLabel('Your answer').fill('Yes, ibuprofen is fine');
    clock.advanceMinutes(1);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('#answer-status').filter({ hasText: 'Sent by text.' }).waitFor();
    await jordan.waitFor({ state: 'detached' });
    const fromYou = page.locator('#message-list .message.is-from-you');
    await fromYou.waitFor();
    expect(await fromYou.locator('.meta strong').textContent()).toBe('Text from you');
    expect(await fromYou.locator('.body').textContent()).toBe('Yes, ibuprofen is fine');
    await page.getByRole('link', { name: 'Texts (SMS outbox)' }).waitFor();

    clock.advanceMinutes(5);
    await ctx.call('POST', '/local/reply-as-client', { sessionId: idOf('Morgan Avery'), text: 'is it ok to stretch tonight?' });
    const morgan = page.locator('#inbox-list .inbox-item').filter({ hasText: 'Morgan Avery' });
    await morgan.waitFor();
    await morgan.getByRole('button', { name: 'Mark handled' }).click();
    await morgan.waitFor({ state: 'detached' });
    const inbox = (await (await ctx.call('GET', '/inbox')).json()) as { items: unknown[] };
    expect(inbox.items).toEqual([]);
    const conversation = (await (await ctx.call('GET', '/conversations?phone=%2B13105550177')).json()) as { messages: { id: string; sessionId: string; body?: string }[] };
    const asked = conversation.messages.find((m) => m.body === 'is it ok to stretch tonight?');
    expect(await ctx.stack.core.inbox.get({ sessionId: asked?.sessionId as string, messageId: asked?.id as string })).toMatchObject({
      status: 'handled', handledBy: 'therapist', handledVia: 'mark-handled', handledAt: clock.now().toISOString(),
    });
  });

  it('works with the keyboard alone: cancel is a real button, and every control has a label', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await card('Jordan Lee').getByRole('button', { name: 'Cancel follow-ups' }).focus();
    await page.keyboard.press('Enter');
    await card('Jordan Lee').locator('.session-head .badge').filter({ hasText: 'Cancelled' }).waitFor();
    expect(await step('Jordan Lee', '48h').textContent()).toBe('Cancelled');
    expect(await step('Jordan Lee', '2h').textContent()).toBe('Delivered');

    // Tab walks the new-session form in order; arrow keys pick the "ended" quick pick.
    await page.getByLabel('Client name').focus();
    const visited: string[] = [];
    for (let i = 0; i < 12 && visited.at(-1) !== 'save'; i += 1) {
      await page.keyboard.press('Tab');
      visited.push(await page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return el?.id || (el?.name ? `${el.name}=${el.value}` : el?.tagName.toLowerCase() ?? '');
      }));
    }
    // The time zone field is open since the returning client's session above.
    expect(visited).toEqual(['f-phone', 'f-email', 'f-modality', 'ended=0', 'f-consent-sms', 'f-consent-email', 'f-language-en', 'summary', 'f-timezone', 'save']);
    await page.getByLabel('Now', { exact: true }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByLabel('15 min ago').isChecked()).toBe(true);

    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('input, button, select, textarea, a[href]'))
        .filter((el) => {
          const labels = (el as HTMLInputElement).labels;
          return !(labels && labels.length > 0) && !el.getAttribute('aria-label') && !(el.textContent ?? '').trim();
        })
        .map((el) => el.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    await page.getByRole('link', { name: 'Texts (SMS outbox)' }).waitFor();
    expect(await page.getByRole('link', { name: 'Emails (SES viewer)' }).getAttribute('href')).toBe(ctx.stack.sesUrl);
    // The outbox needs the token: the link fetches it with the token and shows it in a new tab.
    const [outbox] = await Promise.all([page.waitForEvent('popup'), page.getByRole('link', { name: 'Texts (SMS outbox)' }).click()]);
    await outbox.waitForURL(/^blob:/);
    expect(await outbox.locator('body').textContent()).toContain('+13105550177');
    await outbox.close();
  });

  it('opens the session linked from the therapist\'s alert (#/sessions/<id>) with its conversation', async () => {
    const sessions = (await (await ctx.call('GET', '/sessions?days=3')).json()) as { sessions: { id: string; client: { name: string } }[] };
    const jordanId = sessions.sessions.find((s) => s.client.name === 'Jordan Lee')?.id as string;
    await page.goto(`${ctx.stack.url}/#/sessions/${jordanId}`);
    await page.locator(`[data-session="${jordanId}"][aria-current="true"]`).waitFor();
    await page.getByRole('heading', { name: 'Conversation with Jordan Lee' }).waitFor();
  });

  it('shows on the session card and in the conversation that a client texted STOP, when, and its text follow-ups as opted out', async () => {
    await ctx.call('POST', '/sessions', {
      client: { name: 'Riley Stone', phone: '(310) 555-0188', email: 'riley@example.com' },
      endedAt: new Date(clock.now().getTime() - 30 * 60_000).toISOString(),
      consent: { sms: true, email: false },
    });
    await card('Riley Stone').locator('.channel[data-channel="sms"]').filter({ hasText: 'Texts: on, agreed' }).waitFor();
    expect(await card('Riley Stone').locator('.channel[data-channel="email"]').textContent()).toBe('Emails: not agreed at intake, so none are sent');
    expect(await step('Riley Stone', '2h').textContent()).toBe('Scheduled');

    await inboundSms(ctx.stack.url, '+13105550188', 'STOP');
    const stopped = card('Riley Stone').locator('.channel.is-opted-out[data-channel="sms"]');
    await stopped.waitFor();
    expect(await stopped.textContent()).toMatch(/^Texts: opted out by a STOP text on Fri, Nov 27, \d{1,2}:\d{2} (AM|PM)$/);
    for (const which of ['2h', '24h', '48h']) expect(await step('Riley Stone', which).textContent()).toBe('Opted out');
    expect(await card('Riley Stone').locator('[data-step="2h"] .detail').textContent()).toContain('nothing will be sent');

    await card('Riley Stone').getByRole('button', { name: 'Conversation' }).click();
    await page.getByRole('heading', { name: 'Conversation with Riley Stone' }).waitFor();
    expect(await page.locator('#conversation-channels .channel.is-opted-out').textContent()).toMatch(/^Texts: opted out by a STOP text on /);
  });

  it('loaded nothing from another origin and broke no Content-Security-Policy rule', () => {
    // The refused token (401) and the invalid phone (400) are the only failed loads, and expected.
    expect(problems.filter((p) => !/status of (400|401) /.test(p))).toEqual([]);
  });
});

describe("the signed links' page", () => {
  const unsubscribeLink = async () => {
    const sessions = (await (await ctx.call('GET', '/sessions?days=3')).json()) as { sessions: { id: string; client: { name: string } }[] };
    const morgan = sessions.sessions.find((s) => s.client.name === 'Morgan Avery')?.id as string;
    return `${ctx.stack.url}/unsubscribe?t=${signLink(linkKeys(ctx.stack.config), 'unsubscribe', morgan, clock.now())}`;
  };

  it('renders styled under its Content-Security-Policy, and its button posts', async () => {
    const { browserContext, tab } = await newPage();
    const refused: string[] = [];
    tab.on('console', (message) => {
      if (message.type() === 'error') refused.push(message.text());
    });
    const response = await tab.goto(await unsubscribeLink());
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toMatch(/(^|; )default-src 'none'(;|$)/);
    expect(policy).toMatch(/(^|; )form-action 'self'(;|$)/);
    expect(policy).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    // The app's own stylesheet (the page's primary button in the practice's green), under its own name.
    expect(await tab.getByRole('button', { name: 'Unsubscribe from aftercare emails' }).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(31, 111, 92)');
    expect(await tab.locator('header').textContent()).toContain("Chris O'Hara Massage");

    await tab.getByRole('button', { name: 'Unsubscribe from aftercare emails' }).click();
    await tab.getByText('You are unsubscribed').waitFor();
    const [contact] = await ctx.stack.core.contacts.get([{ channel: 'email', address: 'morgan@example.com' }]);
    expect(contact?.optedOut).toBe(true);
    expect(refused).toEqual([]);
    await browserContext.close();
  });

  it('acknowledges from the alert link with a choice of outcome and a note, urgent suggesting "skip"', async () => {
    const [urgent] = (await (await ctx.call('GET', '/escalations')).json()).escalations as { id: string; sessionId: string; clientName: string; newsRound: number }[];
    expect(urgent?.clientName).toBe('Morgan Avery');
    const subject = `${urgent!.sessionId}/${urgent!.id}/${urgent!.newsRound}`;
    const { browserContext, tab } = await newPage();
    await tab.goto(`${ctx.stack.url}/escalations/ack?t=${signLink(linkKeys(ctx.stack.config), 'acknowledge', subject, clock.now())}`);
    await tab.getByRole('button', { name: 'Acknowledge, skip the rest of the follow-ups (suggested)' }).waitFor();
    await tab.getByLabel('Note for the session (optional)').fill('Spoke to him, he is at urgent care');
    await tab.getByRole('button', { name: 'Acknowledge, resume follow-ups as gentle check-ins' }).click();
    await tab.getByText('Acknowledged: Morgan Avery.').waitFor();
    expect(await tab.textContent('body')).toContain('resume as gentle check-ins');
    const session = (await (await ctx.call('GET', `/sessions/${urgent!.sessionId}`)).json()) as { escalations: Record<string, unknown>[] };
    expect(session.escalations.find((e) => e.id === urgent!.id)).toMatchObject({
      status: 'acknowledged', acknowledgedVia: 'link', outcome: 'resume', acknowledgeNote: 'Spoke to him, he is at urgent care',
    });
    await browserContext.close();
  });

  it('cannot be shown in a frame of another page (clickjacking)', async () => {
    const { browserContext, tab } = await newPage();
    await tab.setContent(`<iframe src="${await unsubscribeLink()}" width="600" height="400"></iframe>`);
    await tab.waitForTimeout(1_000);
    const frame = tab.frames().find((f) => f !== tab.mainFrame());
    expect(await frame?.locator('button').count()).toBe(0);
    await browserContext.close();
  });
});
