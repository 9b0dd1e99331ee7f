import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../web/build.ts';
import { FakeClock } from '../support/fakes.ts';
import { startTestStack, TEST_TOKEN } from '../support/stack.ts';

// 10:00 in Los Angeles; the browser's clock is set to the same moment.
const NOW = new Date('2026-11-27T18:00:00Z');
const clock = new FakeClock(NOW);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SECRET = `whsec_${Buffer.from('the page test signing secret, 32b').toString('base64')}`;
const ics = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const FEED = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
  'BEGIN:VEVENT', 'UID:maria@x', `DTSTAMP:${ics(-24)}`, `DTSTART:${ics(-4)}`, `DTEND:${ics(-3)}`, 'SUMMARY:Massage with Maria Santos', 'ATTENDEE;CN=Maria Santos:mailto:maria.page@example.com', 'END:VEVENT',
  'END:VCALENDAR', '',
].join('\r\n');

let server: Server;
let ctx: Awaited<ReturnType<typeof startTestStack>>;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  await buildWeb();
  server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/calendar' }).end(FEED));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ctx = await startTestStack({ clock, env: { ICS_FEED_URL: `http://127.0.0.1:${(server.address() as { port: number }).port}/cal.ics`, BOOKINGS_WEBHOOK_SECRET: SECRET } });
  // A booking from the signed webhook (the example practice has a consent statement for it): entered by itself.
  const body = JSON.stringify({
    externalId: 'page-1', client: { name: 'Jo Webhook', phone: '(310) 555-0166' }, endsAt: new Date(NOW.getTime() - 30 * 60_000).toISOString(), consent: { sms: true, email: false },
  });
  const id = `msg_${randomUUID()}`;
  const signed = await fetch(`${ctx.stack.url}/webhooks/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(NOW.getTime() / 1000)), 'webhook-signature': new Webhook(SECRET).sign(id, NOW, body) },
    body,
  });
  expect(signed.status).toBe(201);
  await ctx.stack.sweep();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'], timeout: 30_000 });
  const browserContext = await browser.newContext({ viewport: { width: 375, height: 812 }, timezoneId: 'America/Los_Angeles', locale: 'en-US' });
  await browserContext.clock.setFixedTime(NOW);
  page = await browserContext.newPage();
  page.setDefaultTimeout(12_000);
  page.on('pageerror', (error) => problems.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await ctx?.stack.stop();
  await new Promise((resolve) => server?.close(resolve));
});

const card = (name: string) => page.locator('#session-list [data-session]').filter({ has: page.getByRole('heading', { name }) }).first();

describe('bookings on the therapist page', () => {
  it('shows a calendar booking to confirm, and confirming it with the consent boxes enters the session "From your calendar"', async () => {
    await page.goto(ctx.stack.url);
    await page.getByLabel('Therapist token').fill(TEST_TOKEN);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const item = page.locator('#to-confirm-list [data-to-confirm]');
    await item.getByText('Maria S., 06:00–07:00 — send aftercare?').waitFor();
    expect(await card('Jo Webhook').locator('.meta').first().textContent()).toContain('From your booking tool');

    await item.getByRole('button', { name: 'Confirm…' }).click();
    const form = item.locator('form');
    expect(await form.getByLabel('Client name').inputValue()).toBe('Maria Santos');
    expect(await form.getByLabel('Email', { exact: true }).inputValue()).toBe('maria.page@example.com');
    // Without agreeing to anything the page says so, in words, beside the item.
    await form.getByRole('button', { name: 'Send aftercare' }).click();
    await item.locator('.problem').filter({ hasText: 'Tick what the client agreed to: texts, emails or both' }).waitFor();
    await form.getByLabel('Mobile').fill('(310) 555-0188');
    await form.getByLabel('The client agreed to aftercare texts').check();
    await form.getByLabel('The client agreed to aftercare emails').check();
    await form.getByRole('button', { name: 'Send aftercare' }).click();

    await card('Maria Santos').waitFor();
    expect(await card('Maria Santos').locator('.meta').first().textContent()).toContain('From your calendar');
    await page.locator('#to-confirm').waitFor({ state: 'hidden' });
    expect(problems).toEqual([]);
  });

  it('lists the sources with their last event, and sends a test event', async () => {
    await page.getByText('Settings: booking sources').click();
    const webhook = page.locator('#source-list [data-source="webhook"]');
    expect(await webhook.textContent()).toContain('Last event: booking received');
    expect(await page.locator('#source-list [data-source="square"]').textContent()).toContain('Connected');
    await webhook.getByRole('button', { name: 'Send test event' }).click();
    await webhook.getByText('The test event arrived.').waitFor();
    await webhook.getByText('Last event: test event').waitFor();
    expect(problems).toEqual([]);
  });
});
