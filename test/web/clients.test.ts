import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../web/build.ts';
import { FakeClock } from '../support/fakes.ts';
import { startTestStack, TEST_TOKEN } from '../support/stack.ts';

/**
 * The page on a phone (375 px): correcting a client's number before the 2 h text, undoing a cancel, and the Clients
 * view. The same setup as test/web/page.test.ts: the local stack, real headless Chromium, the browser's clock fixed.
 */

const NOW = new Date('2026-11-27T18:00:00Z'); // 10:00 in Los Angeles
const clock = new FakeClock(NOW);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WAIT = { timeout: 12_000 };

let ctx: Awaited<ReturnType<typeof startTestStack>>;
let browser: Browser;
let page: Page;
const problems: string[] = [];

const card = (name: string) => page.locator('#session-list [data-session]').filter({ has: page.getByRole('heading', { name }) }).first();
const step = (name: string, which: string) => card(name).locator(`[data-step="${which}"] .badge`);
const enter = (name: string, phone: string, minutesAgo: number) =>
  ctx.call('POST', '/sessions', {
    client: { name, phone },
    endedAt: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(),
    modality: 'Swedish',
    consent: { sms: true, email: false },
  });
/** Nothing is wider than the phone's screen. */
const fitsThePhone = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  await buildWeb();
  ctx = await startTestStack({ clock });
  await enter('Sam Ortiz', '(310) 555-0170', 2 * 1440);
  await enter('Riley Park', '(310) 555-0180', 30);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 30_000,
  });
  const browserContext = await browser.newContext({ viewport: { width: 375, height: 812 }, timezoneId: 'America/Los_Angeles', locale: 'en-US' });
  await browserContext.clock.setFixedTime(NOW);
  page = await browserContext.newPage();
  page.setDefaultTimeout(WAIT.timeout);
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(ctx.stack.url);
  await page.getByLabel('Therapist token').fill(TEST_TOKEN);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await step('Riley Park', '2h').filter({ hasText: 'Scheduled' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await ctx?.stack.stop();
});

describe('correcting and undoing on the page', () => {
  it("corrects a client's number before the 2 h text, asking for their agreement to texts at the new one, and the text goes there", async () => {
    await card('Riley Park').getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: "Correct Riley Park's details" });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Mobile').inputValue()).toBe('(310) 555-0180');
    expect(await dialog.getByText('The client agrees to texts at the new number').isVisible()).toBe(false);

    await dialog.getByLabel('Mobile').fill('(310) 555-0181');
    await dialog.getByText('The client agrees to texts at the new number').waitFor();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByText("The new number needs the client's agreement to texts again").waitFor();
    expect(await fitsThePhone()).toBe(true);

    await dialog.getByLabel('The client agrees to texts at the new number').check();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await card('Riley Park').getByText('(310) 555-0181').waitFor();

    clock.advanceMinutes(91);
    await ctx.stack.sweep();
    await step('Riley Park', '2h').filter({ hasText: 'Sent' }).waitFor();
    const texts = readFileSync(ctx.stack.outboxFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { to: string });
    expect(texts.filter((t) => t.to === '+13105550181')).toHaveLength(1);
    expect(texts.filter((t) => t.to === '+13105550180')).toEqual([]);
  });

  it('offers to undo a cancel, in a toast and on the card, and the follow-ups come back', async () => {
    page.once('dialog', (confirm) => void confirm.accept());
    await card('Riley Park').getByRole('button', { name: 'Cancel follow-ups' }).click();
    const toast = page.locator('#undo-toast');
    await toast.getByText('Follow-ups for Riley Park cancelled.').waitFor();
    await step('Riley Park', '24h').filter({ hasText: 'Cancelled' }).waitFor();
    expect(await card('Riley Park').getByRole('button', { name: 'Undo cancel' }).isVisible()).toBe(true);
    expect(await fitsThePhone()).toBe(true);

    await toast.getByRole('button', { name: 'Undo' }).click();
    await step('Riley Park', '24h').filter({ hasText: 'Scheduled' }).waitFor();
    expect(await toast.count()).toBe(0);
    expect(await card('Riley Park').getByRole('button', { name: 'Undo cancel' }).count()).toBe(0);
    expect(await card('Riley Park').getByRole('button', { name: 'Cancel follow-ups' }).isVisible()).toBe(true);
  });
});

describe('the Clients view', () => {
  it("lists the clients, finds one by name, and shows their page: consent, opt-outs, sessions and the conversation", async () => {
    await page.getByRole('button', { name: 'Clients' }).click();
    const clients = page.locator('#clients');
    await clients.getByRole('button', { name: /Riley Park/ }).waitFor();
    expect(await clients.getByRole('button', { name: /Sam Ortiz/ }).isVisible()).toBe(true);

    await clients.getByLabel('Search clients').fill('sam');
    await clients.getByRole('button', { name: 'Search' }).click();
    await clients.getByRole('button', { name: /Riley Park/ }).waitFor({ state: 'detached' });
    await clients.getByLabel('Search clients').fill('s');
    await clients.getByRole('button', { name: 'Search' }).click();
    await clients.getByText('Type at least 2 characters: part of a name, a mobile number or an email address.').waitFor();
    await clients.getByLabel('Search clients').fill('sam');
    await clients.getByRole('button', { name: 'Search' }).click();
    await clients.getByRole('button', { name: /Sam Ortiz/ }).click();

    await clients.locator('#client-name').filter({ hasText: 'Sam Ortiz' }).waitFor();
    expect(await clients.locator('#client-page > .channels .channel[data-channel="sms"]').textContent()).toMatch(/^Texts: on, agreed /);
    expect(await clients.locator('#client-sessions [data-session]').count()).toBe(1);
    expect(await fitsThePhone()).toBe(true);
    expect(await clients.textContent()).not.toMatch(/client\.|consent\.|undefined/);

    await clients.locator('#client-conversation').click();
    await page.getByRole('heading', { name: 'Conversation with Sam Ortiz' }).waitFor();
    // The two refusals above (a new number without agreement, a one-letter search) are the only failed requests.
    expect(problems.filter((p) => !/status of 400 /.test(p))).toEqual([]);
  });
});
