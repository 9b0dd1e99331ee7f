import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkKeys } from '#app/deps';
import { signLink } from '#domain/links';
import { buildWeb } from '../../web/build.ts';
import { FakeClock } from '../support/fakes.ts';
import { startTestStack, TEST_TOKEN } from '../support/stack.ts';

/*
 * The page as a therapist lives in it on a phone: at 375 × 812, and at 320 px wide with 200 % text (WCAG 1.4.10
 * reflow). 200 % text is emulated by setting the root font size to 200 % of the browser's default (the stylesheet
 * sizes everything in rem, as a reader's text-size setting does); Chromium's own text zoom is not reachable headless.
 * Every view is visited and nothing may scroll sideways or cut a badge off.
 */

// Friday 10:00 in Los Angeles (the practice), 18:00 in London, Saturday 03:00 in Tokyo.
const NOW = new Date('2026-11-27T18:00:00Z');
const clock = new FakeClock(NOW);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'docs/screenshots';
const WAIT = { timeout: 12_000 };

let ctx: Awaited<ReturnType<typeof startTestStack>>;
let browser: Browser;
const ids: Record<string, string> = {};

const enter = async (name: string, client: Record<string, string>) => {
  const response = await ctx.call('POST', '/sessions', { client: { name, ...client }, modality: 'deep tissue', consent: { sms: true, email: true } });
  ids[name] = ((await response.json()) as { id: string }).id;
};

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  mkdirSync(SHOTS, { recursive: true });
  await buildWeb();
  ctx = await startTestStack({ clock });
  // Ended now: the 2 h follow-ups fall at 20:00 in London and 05:00 in Tokyo, both in quiet hours there.
  await enter('Alex Hughes', { phone: '(310) 555-0123', email: 'alex.hughes@example.co.uk', timezone: 'Europe/London' });
  await enter('Yuki Tanaka', { phone: '(310) 555-0145', email: 'yuki.tanaka@example.jp', timezone: 'Asia/Tokyo' });
  await ctx.call('POST', '/sessions', {
    client: { name: 'Jordan Lee', phone: '(310) 555-0142', email: 'jordan@example.com' },
    endedAt: new Date(NOW.getTime() - 121 * 60_000).toISOString(),
    modality: 'Swedish',
    consent: { sms: true, email: true },
  });
  await ctx.stack.sweep();
  const jordan = ((await (await ctx.call('GET', '/sessions?days=3')).json()) as { sessions: { id: string; client: { name: string } }[] }).sessions.find(
    (s) => s.client.name === 'Jordan Lee',
  );
  ids['Jordan Lee'] = jordan?.id as string;
  // A long conversation (the newest message far below the oldest), a question that needs a reply, and an escalation.
  for (const text of ['thanks, that was lovely', 'feeling a bit sore but good', 'drank lots of water like you said', 'slept really well']) {
    clock.advanceMinutes(3);
    await ctx.call('POST', '/local/reply-as-client', { sessionId: ids['Jordan Lee'], text });
  }
  clock.advanceMinutes(3);
  await ctx.call('POST', '/local/reply-as-client', { sessionId: ids['Yuki Tanaka'], text: 'can I take a hot bath tonight?' });
  clock.advanceMinutes(3);
  await ctx.call('POST', '/local/reply-as-client', { sessionId: ids['Alex Hughes'], text: 'sharp pain in my lower back since this morning' });
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

interface Screen {
  name: string;
  viewport: { width: number; height: number };
  /** The root font size as a share of the browser's default: 2 is 200 % text. */
  text: number;
  shot: string;
}

const SCREENS: Screen[] = [
  { name: '375 × 812', viewport: { width: 375, height: 812 }, text: 1, shot: 'phone-overview' },
  { name: '320 px wide at 200 % text', viewport: { width: 320, height: 640 }, text: 2, shot: 'phone-200-percent-text' },
];

async function open(screen: Screen, url = ctx.stack.url): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: screen.viewport, timezoneId: 'America/Los_Angeles', locale: 'en-US' });
  await context.clock.setFixedTime(clock.now());
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT.timeout);
  await page.goto(url);
  await setText(page, screen);
  return { context, page };
}

const setText = (page: Page, screen: Screen) =>
  page.evaluate((share) => document.documentElement.style.setProperty('font-size', `${share * 100}%`), screen.text);

/**
 * What scrolls sideways or is cut off: the page wider than the window, any visible element reaching past its right
 * edge, any scrolling box wider than itself, any badge whose text does not fit it.
 */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const found: string[] = [];
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${Array.from(el.classList).join('.')} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth) found.push(`page ${root.scrollWidth} px wide in ${window.innerWidth}`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || el.closest('.visually-hidden, .skip')) continue;
      if (rect.right > window.innerWidth + 0.5) found.push(`${describe(el)} reaches ${Math.round(rect.right)} px`);
      const style = getComputedStyle(el);
      if (/auto|scroll/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1) found.push(`${describe(el)} scrolls sideways`);
    }
    for (const badge of Array.from(document.querySelectorAll<HTMLElement>('.badge, .label, .flag'))) {
      if (badge.getClientRects().length === 0) continue;
      const rect = badge.getBoundingClientRect();
      const parent = (badge.parentElement as HTMLElement).getBoundingClientRect();
      if (badge.scrollWidth > badge.clientWidth + 1 || rect.right > parent.right + 0.5) found.push(`${describe(badge)} is cut off`);
    }
    return found;
  });

const signIn = async (page: Page) => {
  await page.getByLabel('Therapist token').fill(TEST_TOKEN);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('#session-list [data-session]').first().waitFor();
  await page.locator('#escalation-list .escalation').first().waitFor();
  await page.locator('#inbox-list .inbox-item').first().waitFor();
};

const card = (page: Page, name: string) => page.locator('#session-list [data-session]').filter({ has: page.getByRole('heading', { name }) });
const top = (page: Page, selector: string) => page.locator(selector).evaluate((el) => el.getBoundingClientRect().top + window.scrollY);

describe.each(SCREENS)('the page on a phone, $name', (screen) => {
  it('puts escalations, needs reply and the sessions first, "New session" behind one button after them, and nothing scrolls sideways', async () => {
    const { context, page } = await open(screen);
    expect(await overflow(page)).toEqual([]);
    await signIn(page);
    const order = await Promise.all(['#escalations', '#inbox', '#session-list', '#new-session', '#demo'].map((s) => top(page, s)));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The first escalation starts within the first screen, not below a form (at 200 % text the header takes more of it).
    expect(order[0]).toBeLessThan(screen.viewport.height * (screen.viewport.width < 375 ? 0.8 : 0.6));
    expect(await page.locator('#session-form').isHidden()).toBe(true);
    expect(await overflow(page)).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/${screen.shot}.png` });
    await context.close();
  });

  it("shows every follow-up at the client's time, the practice's beside it, the timeline readable", async () => {
    const { context, page } = await open(screen);
    await signIn(page);
    // London's follow-ups wait while its escalation is open, each at its London time.
    await card(page, 'Alex Hughes').locator('[data-step="2h"] .badge').filter({ hasText: 'Held' }).waitFor();
    expect(await card(page, 'Alex Hughes').locator('[data-step="2h"] time').textContent()).toBe('Sat 9:00 AM London');
    expect(await card(page, 'Alex Hughes').locator('[data-step="2h"] .here').textContent()).toBe('1:00 AM here');
    expect(await card(page, 'Alex Hughes').locator('[data-step="24h"] time').textContent()).toBe('Sat 6:00 PM London');
    expect(await card(page, 'Alex Hughes').locator('[data-step="24h"] .here').textContent()).toBe('10:00 AM here');
    const tokyo = card(page, 'Yuki Tanaka').locator('[data-step="2h"]');
    expect(await tokyo.locator('.badge').textContent()).toBe('Deferred');
    expect(await tokyo.locator('time').textContent()).toBe('Sat 9:00 AM Tokyo');
    expect(await tokyo.locator('.here').textContent()).toBe('Fri 4:00 PM here');
    expect(await tokyo.locator('.detail').textContent()).toContain('due Sat 5:00 AM Tokyo · Fri 12:00 PM here, in quiet hours');
    // In the practice's zone, only its abbreviation.
    expect(await card(page, 'Jordan Lee').locator('[data-step="2h"] time').textContent()).toBe('Fri 10:00 AM PST');

    const steps = await card(page, 'Yuki Tanaka').locator('.step').evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));
    if (screen.text === 2) expect(new Set(steps).size).toBe(3); // one under the other
    else expect(new Set(steps).size).toBe(1); // side by side
    expect(await overflow(page)).toEqual([]);
    await card(page, 'Yuki Tanaka').screenshot({ path: `${SHOTS}/${screen.shot}-timeline.png` });
    await context.close();
  });

  it('opens a conversation at the newest message with its heading in view', async () => {
    const { context, page } = await open(screen);
    await signIn(page);
    await card(page, 'Jordan Lee').getByRole('button', { name: 'Conversation' }).click();
    await expectNewestInView(page, 'slept really well');
    expect(await page.locator('#message-list .message.is-inbound .meta').last().textContent()).toMatch(/ · Fri 10:\d\d AM PST$/);
    expect(await overflow(page)).toEqual([]);
    await context.close();
  });

  it('enters a session from the button, with a zone picked by city and a plain sentence for one it does not know', async () => {
    const { context, page } = await open(screen);
    await signIn(page);
    // The button opens the form from the keyboard too, and puts the cursor in its first field.
    await page.getByRole('button', { name: 'New session' }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Client name').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-name');
    expect(await overflow(page)).toEqual([]);
    await page.getByLabel('Client name').fill(`Casey ${screen.text}`);
    await page.getByLabel('Email', { exact: true }).fill(`casey${screen.text}@example.com`);
    await page.getByLabel('Emails').check();
    await page.getByText("Client's time zone").click();
    const zone = page.getByLabel('Time zone (for quiet hours)');
    expect(await zone.inputValue()).toBe('America/Los_Angeles');
    await zone.fill('Springfield');
    await page.getByRole('button', { name: 'Save session' }).click();
    const problem = page.locator('#f-timezone-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toBe('We do not know that time zone. Type the client’s city, like Tokyo or London, and pick it from the list.');
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    expect(await overflow(page)).toEqual([]);

    // The list offers zones by the names people read; typing a city is enough.
    const offered = await page.locator('#zones option').evaluateAll((options) => options.slice(0, 3).map((o) => (o as HTMLOptionElement).label));
    expect(offered).toEqual(['Los Angeles (Pacific Time) · this device', 'Denver (Mountain Time)', 'Phoenix (Mountain Standard Time)']);
    await zone.fill('tokyo');
    await zone.blur();
    expect(await zone.inputValue()).toBe('Asia/Tokyo');
    expect(await page.locator('#zone-name').textContent()).toContain('Tokyo (Japan Standard Time)');
    await page.getByRole('button', { name: 'Save session' }).click();
    await page.getByText(`Saved Casey ${screen.text}'s session.`).waitFor();
    expect(await page.locator('#saved').textContent()).toContain('Tokyo');
    const saved = ((await (await ctx.call('GET', '/sessions?days=3')).json()) as { sessions: { client: { name: string; timezone: string } }[] }).sessions.find(
      (s) => s.client.name === `Casey ${screen.text}`,
    );
    expect(saved?.client.timezone).toBe('Asia/Tokyo');
    expect(await overflow(page)).toEqual([]);
    await context.close();
  });

  it('fits the acknowledge dialog', async () => {
    const { context, page } = await open(screen);
    await signIn(page);
    await page.locator('#escalation-list .escalation').first().getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await overflow(page)).toEqual([]);
    await page.getByRole('dialog').getByRole('button', { name: 'Back' }).click();
    await context.close();
  });

  it('fits the small pages: unsubscribe, already unsubscribed, a broken link, an address that leads nowhere', async () => {
    // Each screen with its own client, so that each sees the button before the "already unsubscribed" page.
    const t = signLink(linkKeys(ctx.stack.config), 'unsubscribe', ids[screen.text === 1 ? 'Yuki Tanaka' : 'Alex Hughes'] as string, clock.now());
    const { context, page } = await open(screen, `${ctx.stack.url}/unsubscribe?t=${t}`);
    await page.getByRole('button', { name: 'Unsubscribe from aftercare emails' }).waitFor();
    expect(await page.locator('header').textContent()).toContain("Chris O'Hara Massage");
    expect(await overflow(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/${screen.shot}-unsubscribe.png` });
    await page.getByRole('button', { name: 'Unsubscribe from aftercare emails' }).click();
    await page.getByText('You are unsubscribed').waitFor();
    await setText(page, screen);
    expect(await overflow(page)).toEqual([]);

    const visits = [
      [`/unsubscribe?t=${t}`, 'You are already unsubscribed'],
      [`/unsubscribe?t=${t.slice(0, -3)}`, 'This link no longer works'],
      ['/escalations/ack?t=nonsense', 'This link no longer works'],
      ['/somewhere/else', 'Page not found'],
    ] as const;
    for (const [path, heading] of visits) {
      await page.goto(`${ctx.stack.url}${path}`);
      await setText(page, screen);
      await page.getByText(heading).first().waitFor();
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(243, 245, 246)');
      expect(await overflow(page), path).toEqual([]);
    }
    await context.close();
  });
});

/** The conversation at its newest message, its heading in view; `long`: one known to hold more than its box shows. */
async function expectNewestInView(page: Page, newest: string, long = true) {
  const heading = page.getByRole('heading', { name: /^Conversation with / });
  await heading.waitFor();
  await page.locator('#message-list .message').filter({ hasText: newest }).waitFor();
  // The newest message is the one in view at the bottom of the list; the heading above it is not cut off.
  await expect.poll(() => page.locator('#message-list').evaluate((list) => list.scrollHeight - list.scrollTop - list.clientHeight)).toBeLessThan(2);
  const seen = await page.evaluate(() => {
    const list = document.getElementById('message-list') as HTMLElement;
    const title = document.getElementById('conversation-title') as HTMLElement;
    const box = list.getBoundingClientRect();
    const lastRect = (list.lastElementChild as HTMLElement).getBoundingClientRect();
    const titleRect = title.getBoundingClientRect();
    return {
      scrolls: list.scrollHeight > list.clientHeight + 1,
      lastVisible: lastRect.bottom <= box.bottom + 1 && lastRect.bottom > box.top,
      titleVisible: titleRect.top >= -1 && titleRect.bottom <= window.innerHeight ? true : `${titleRect.top} ${titleRect.bottom} ${window.innerHeight} ${window.scrollY}`,
    };
  });
  expect(seen).toMatchObject({ lastVisible: true, titleVisible: true });
  if (long) expect(seen.scrolls).toBe(true);
}

describe('the page on a desktop', () => {
  it('opens a conversation at the newest message with its heading in view', async () => {
    const { context, page } = await open({ name: 'desktop', viewport: { width: 1280, height: 800 }, text: 1, shot: '' });
    await signIn(page);
    await card(page, 'Jordan Lee').getByRole('button', { name: 'Conversation' }).click();
    await expectNewestInView(page, 'slept really well');
    expect(await overflow(page)).toEqual([]);

    // A Tokyo client's words at Tokyo time, the practice's beside it.
    await card(page, 'Yuki Tanaka').getByRole('button', { name: 'Conversation' }).click();
    await expectNewestInView(page, 'can I take a hot bath tonight?', false);
    const asked = page.locator('#message-list .message.is-inbound').filter({ hasText: 'can I take a hot bath tonight?' });
    expect(await asked.locator('.meta').textContent()).toMatch(/^Text from the client · Sat 3:\d\d AM Tokyo · Fri 10:\d\d AM here$/);
    await context.close();
  });
});

describe('a flaky connection', () => {
  it('keeps the last data on screen with its age while it cannot reach the API, and carries on once it can', async () => {
    const { context, page } = await open(SCREENS[0] as Screen);
    await signIn(page);
    await page.route(/\/(escalations|inbox|sessions)(\?|$)/, (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Refresh' }).click();
    const banner = page.locator('#banner');
    await banner.filter({ hasText: 'Cannot reach Aftercare right now. Last updated just now — retrying.' }).waitFor();
    expect(await page.locator('#session-list [data-session]').count()).toBeGreaterThan(2);
    expect(await page.locator('#escalation-list .escalation').count()).toBe(1);
    await page.unroute(/\/(escalations|inbox|sessions)(\?|$)/);
    await banner.waitFor({ state: 'hidden', timeout: 30_000 });
    await context.close();
  });
});

describe('without a connection', () => {
  it('opens from its app shell with a plain sentence, the worker having kept the shell and nothing else', async () => {
    const { context, page } = await open(SCREENS[0] as Screen);
    await signIn(page);
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { timeout: 15_000 }).toBe(true);
    await context.setOffline(true);
    await page.reload();
    await page.locator('#banner').filter({ hasText: 'Cannot reach Aftercare right now' }).waitFor();
    expect(await page.locator('header h1').textContent()).toContain('Aftercare');
    const kept = await page.evaluate(async () => {
      const paths: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname + new URL(request.url).search);
      }
      return paths.sort();
    });
    expect(kept).toEqual(
      ['/', '/app.css', '/app.js', '/apple-touch-icon.png', '/icon-192.png', '/icon-512.png', '/icon-maskable-512.png', '/icon.svg', '/manifest.webmanifest'],
    );
    await context.setOffline(false);
    await context.close();
  });
});

describe('installing the page', () => {
  it('has a manifest Chromium reads without errors, with the practice name, standalone, and its icons', async () => {
    const { context, page } = await open(SCREENS[0] as Screen);
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string }[]; data?: string };
    expect(manifest.url).toBe(`${ctx.stack.url}/manifest.webmanifest`);
    expect(manifest.errors).toEqual([]);
    const data = JSON.parse(manifest.data ?? '{}') as { name: string; display: string; icons: unknown[] };
    expect(data).toMatchObject({ display: 'standalone' });
    expect(data.name).toContain("Chris O'Hara Massage");
    expect(await page.locator('meta[name="theme-color"]').getAttribute('content')).toBe('#1f6f5c');
    await context.close();
  });
});
