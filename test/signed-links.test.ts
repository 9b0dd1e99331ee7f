import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from './support/fakes.ts';
import { emailsTo } from './support/engines.ts';
import { startTestStack } from './support/stack.ts';

/**
 * The links in messages (unsubscribe in every email, acknowledge in the therapist's alert), across what happens to a
 * deployment over months: the API token is changed, the link key is rotated, time passes.
 */

const DAY_MINUTES = 24 * 60;
const THERAPIST_EMAIL = 'chris@ohara-massage.example';
const stacks: Awaited<ReturnType<typeof startTestStack>>[] = [];

afterEach(async () => {
  for (const ctx of stacks.splice(0)) await ctx.stack.stop();
});

/** One practice's data (its data dir and table) across restarts of the local stack, each with its own settings. */
function practice() {
  const dataDir = mkdtempSync(join(tmpdir(), 'aftercare-links-'));
  const tableName = `t-${randomUUID()}`;
  const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
  const start = async (env: Record<string, string> = {}) => {
    const ctx = await startTestStack({ dataDir, clock, env: { TABLE_NAME: tableName, ...env } });
    stacks.push(ctx);
    return ctx;
  };
  return { clock, start };
}

/** Enters a session that ended 2 h 1 min ago and sweeps: the 2 h email goes out with its unsubscribe link. */
async function unsubscribeLink(ctx: Awaited<ReturnType<typeof startTestStack>>, clock: FakeClock, email: string) {
  const created = await ctx.call('POST', '/sessions', {
    client: { name: 'Jordan Lee', phone: '(310) 555-0142', email },
    endedAt: new Date(clock.now().getTime() - 121 * 60_000).toISOString(),
    consent: { sms: true, email: true },
  });
  const { id } = (await created.json()) as { id: string };
  await ctx.stack.sweep();
  const [sent] = await emailsTo(email, ctx.stack.sesUrl);
  const link = /\/unsubscribe\?t=[\w.%-]+/.exec(sent?.body.text ?? '')?.[0];
  if (!link) throw new Error('no unsubscribe link in the email');
  return { sessionId: id, path: link };
}

const optedOut = async (ctx: Awaited<ReturnType<typeof startTestStack>>, email: string) =>
  (await ctx.stack.core.contacts.get([{ channel: 'email', address: email }]))[0]?.optedOut ?? false;

describe('an unsubscribe link', () => {
  it('keeps working after the API token is changed', async () => {
    const { clock, start } = practice();
    const before = await start({ AFTERCARE_API_TOKEN: 'first-api-token-0123456789abcdef' });
    const { path } = await unsubscribeLink(before, clock, 'token-change@example.com');
    await before.stack.stop();
    stacks.splice(0);

    const after = await start({ AFTERCARE_API_TOKEN: 'second-api-token-0123456789abcdef' });
    const response = await fetch(`${after.stack.url}${path}`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await optedOut(after, 'token-change@example.com')).toBe(true);
  });

  it('works for 90 days and then says plainly that it has expired', async () => {
    const { clock, start } = practice();
    const ctx = await start();
    const { path } = await unsubscribeLink(ctx, clock, 'ninety-days@example.com');

    clock.advanceMinutes(91 * DAY_MINUTES);
    const late = await fetch(`${ctx.stack.url}${path}`, { method: 'POST' });
    expect(late.status).toBe(400);
    expect(await late.text()).toMatch(/no longer works/);
    expect(await optedOut(ctx, 'ninety-days@example.com')).toBe(false);

    clock.advanceMinutes(-2 * DAY_MINUTES);
    const inTime = await fetch(`${ctx.stack.url}${path}`, { method: 'POST' });
    expect(inTime.status).toBe(200);
    expect(await optedOut(ctx, 'ninety-days@example.com')).toBe(true);
  });

  it('keeps working after the link key is rotated, while the old key is kept as a previous one', async () => {
    const { clock, start } = practice();
    const oldKey = { LINK_SIGNING_KEY_ID: '2026-11', LINK_SIGNING_KEY: 'old-link-signing-key-0123456789abcdefghij' };
    const before = await start(oldKey);
    const { path } = await unsubscribeLink(before, clock, 'rotated@example.com');
    await before.stack.stop();
    stacks.splice(0);

    const retired = [{ id: oldKey.LINK_SIGNING_KEY_ID, key: oldKey.LINK_SIGNING_KEY, retiredAt: clock.now().toISOString() }];
    const newKey = { LINK_SIGNING_KEY_ID: '2026-12', LINK_SIGNING_KEY: 'new-link-signing-key-0123456789abcdefghij' };
    const withPrevious = await start({ ...newKey, PREVIOUS_LINK_SIGNING_KEYS: JSON.stringify(retired) });
    expect((await fetch(`${withPrevious.stack.url}${path}`, { method: 'POST' })).status).toBe(200);
  });

  it('stops working once the key that signed it is dropped', async () => {
    const { clock, start } = practice();
    const before = await start({ LINK_SIGNING_KEY_ID: '2026-11', LINK_SIGNING_KEY: 'old-link-signing-key-0123456789abcdefghij' });
    const { path } = await unsubscribeLink(before, clock, 'dropped@example.com');
    await before.stack.stop();
    stacks.splice(0);

    const after = await start({ LINK_SIGNING_KEY_ID: '2026-12', LINK_SIGNING_KEY: 'new-link-signing-key-0123456789abcdefghij' });
    expect((await fetch(`${after.stack.url}${path}`, { method: 'POST' })).status).toBe(400);
    expect(await optedOut(after, 'dropped@example.com')).toBe(false);
  });
});

describe('an acknowledge link', () => {
  it('works for 7 days and then says plainly that it has expired', async () => {
    const { clock, start } = practice();
    const ctx = await start();
    const { sessionId } = await unsubscribeLink(ctx, clock, 'ack-expiry@example.com');
    await ctx.call('POST', '/local/reply-as-client', { sessionId, text: 'sharp pain in my shoulder since this morning' });
    const [alert] = await emailsTo(THERAPIST_EMAIL, ctx.stack.sesUrl);
    const path = /\/escalations\/ack\?t=[\w.%-]+/.exec(alert?.body.text ?? '')?.[0];
    expect(path).toBeDefined();

    clock.advanceMinutes(7 * DAY_MINUTES + 1);
    const late = await fetch(`${ctx.stack.url}${path}`);
    expect(late.status).toBe(400);
    expect(await late.text()).toMatch(/no longer works/);
    expect((await fetch(`${ctx.stack.url}${path}`, { method: 'POST' })).status).toBe(400);

    clock.advanceMinutes(-2);
    const inTime = await fetch(`${ctx.stack.url}${path}`, { method: 'POST' });
    expect(inTime.status).toBe(200);
    expect(await inTime.text()).toContain('Acknowledged');
  });
});
