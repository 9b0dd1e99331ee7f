import { readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpEvent } from '#adapters/http';
import { createApiHandler } from '#functions/api';
import { FakeClock, FakeEmail, FakeSms } from './support/fakes.ts';
import { emailsTo } from './support/engines.ts';
import { startTestStack, TEST_TOKEN } from './support/stack.ts';

// 10:00 in Los Angeles: inside sending hours.
const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
let ctx: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  ctx = await startTestStack({ clock });
});

afterAll(async () => {
  await ctx?.stack.stop();
});

const ago = (minutes: number) => new Date(clock.now().getTime() - minutes * 60_000).toISOString();

let phones = 0;
/** Each test's client has a number of their own: the same client within 12 h is answered as a duplicate. */
const validBody = (email = 'jordan@example.com') => ({
  client: { name: 'Jordan Lee', phone: `(310) 555-${String(100 + (phones += 1)).padStart(4, '0')}`, email },
  endedAt: ago(121),
  consent: { sms: true, email: true },
});

describe('the session API', () => {
  it('answers the health check without a token', async () => {
    const response = await fetch(`${ctx.stack.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', practiceName: "Chris O'Hara Massage" });
  });

  it('refuses a session without the token, or with a wrong one, and stores nothing', async () => {
    const none = await ctx.call('POST', '/sessions', validBody('no-token@example.com'), { authorization: '' });
    const wrong = await ctx.call('POST', '/sessions', validBody('no-token@example.com'), { authorization: 'Bearer nope' });
    expect(none.status).toBe(401);
    expect(wrong.status).toBe(401);
    const scan = await ctx.stack.table.doc.send(
      new (await import('@aws-sdk/lib-dynamodb')).ScanCommand({ TableName: ctx.stack.config.tableName }),
    );
    expect(JSON.stringify(scan.Items)).not.toContain('no-token@example.com');
  });

  it('names both fields when the phone and the email are bad, and stores nothing', async () => {
    const response = await ctx.call('POST', '/sessions', {
      client: { name: 'Jordan Lee', phone: '555-01', email: 'jordan@' },
      consent: { sms: true, email: true },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { problems: { field: string; message: string }[] };
    expect(body.problems.map((p) => p.field).sort()).toEqual(['client.email', 'client.phone']);
  });

  it('answers malformed JSON with a 400, not a 500', async () => {
    const response = await ctx.call('POST', '/sessions', '{"client":');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ problems: [{ field: 'body', message: 'is not valid JSON' }] });
  });

  it('refuses a body whose bytes are not UTF-8 with a 400, and stores no name with U+FFFD in it', async () => {
    // "Zoë" in Latin-1: the ë is the lone byte 0xEB.
    const [before, after] = JSON.stringify(validBody('latin1@example.com')).split('Jordan Lee') as [string, string];
    const bytes = Buffer.concat([Buffer.from(`${before}Zo`), Buffer.from([0xeb]), Buffer.from(after)]);
    const post = (contentType: string) =>
      fetch(`${ctx.stack.url}/sessions`, { method: 'POST', headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': contentType }, body: bytes });
    // A binary body arrives base64-encoded and is refused as it is read; so is a JSON one whose bytes are not UTF-8
    // (the local gateway passes it on as bytes rather than reading U+FFFD into it).
    for (const contentType of ['application/octet-stream', 'application/json']) {
      const response = await post(contentType);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ problems: [{ field: 'body', message: expect.stringMatching(/not UTF-8/) }] });
    }
  });

  it('returns the first session for a retried submit with the same Idempotency-Key', async () => {
    const body = validBody('retry@example.com');
    const first = await ctx.call('POST', '/sessions', body, { 'idempotency-key': 'retry-1' });
    const second = await ctx.call('POST', '/sessions', body, { 'idempotency-key': 'retry-1' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(((await second.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);

    const other = await ctx.call('POST', '/sessions', validBody('someone-else@example.com'), { 'idempotency-key': 'retry-1' });
    expect(other.status).toBe(409);
  });

  it('takes a retried submit with the same fields in another order for the same session, not a conflict', async () => {
    const body = { ...validBody('reordered@example.com'), modality: 'Swedish' };
    const reordered = {
      modality: body.modality,
      consent: { email: true, sms: true },
      endedAt: body.endedAt,
      client: { email: body.client.email, phone: body.client.phone, name: body.client.name },
    };
    const first = await ctx.call('POST', '/sessions', body, { 'idempotency-key': 'reordered-1' });
    const second = await ctx.call('POST', '/sessions', reordered, { 'idempotency-key': 'reordered-1' });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(((await second.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    const changed = await ctx.call('POST', '/sessions', { ...reordered, modality: 'deep tissue' }, { 'idempotency-key': 'reordered-1' });
    expect(changed.status).toBe(409);
  });

  it('sends the 2 h text and email within one sweep, shows them sent, and keeps the 24 h and 48 h ones waiting', async () => {
    const created = await ctx.call('POST', '/sessions', validBody('sweep@example.com'));
    expect(created.status).toBe(201);
    const session = (await created.json()) as { id: string; client: { phone: string }; followUps: { step: string; status: string; channels: string[] }[] };
    expect(session.followUps.map((f) => [f.step, f.channels])).toEqual([
      ['2h', ['sms', 'email']],
      ['24h', ['sms', 'email']],
      ['48h', ['sms', 'email']],
    ]);

    await ctx.stack.sweep();

    const view = (await (await ctx.call('GET', `/sessions/${session.id}`)).json()) as {
      followUps: { step: string; status: string }[];
      messages: { channel: string; template: string; status: string }[];
    };
    // Ended 07:59 Los Angeles time, so the 24 h and 48 h ones fall before 09:00 and wait for the window.
    expect(view.followUps.map((f) => f.status)).toEqual(['sent', 'deferred', 'deferred']);
    expect(view.messages.filter((m) => m.template === '2h' && m.status === 'sent').map((m) => m.channel).sort()).toEqual(['email', 'sms']);

    const texts = readFileSync(ctx.stack.outboxFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { to: string; body: string; from: string; sentAt: string });
    const text = texts.find((t) => t.to === session.client.phone);
    expect(text).toMatchObject({ from: '+15005550006' });
    expect(text?.body).toMatch(/^Hi Jordan\b/);
    const [email] = await emailsTo('sweep@example.com', ctx.stack.sesUrl);
    expect(email?.body.text).toMatch(/^Hi Jordan\b/);
    // From the practice by name, not a bare address.
    expect(email?.from).toMatch(/^"?Chris O'Hara Massage"? <aftercare@ohara-massage\.example>$/);
    expect(email?.replyTo?.[0]).toMatch(/^reply\+[0-9a-f-]{36}\.[0-9a-f]{20}@reply\.ohara-massage\.example$/);
  });

  it('answers the same client entered twice within 12 h with the first session, sends nothing new, and adds a second with force', async () => {
    const body = validBody('twice@example.com');
    const first = (await (await ctx.call('POST', '/sessions', body)).json()) as { id: string };
    // The same number, without the email, entered again 21 minutes later: the phone is enough to know her.
    const again = await ctx.call('POST', '/sessions', { ...body, client: { name: 'Jordan Lee', phone: body.client.phone }, consent: { sms: true, email: false }, endedAt: ago(100) });
    expect(again.status).toBe(200);
    const answer = (await again.json()) as { id: string; duplicateOf: string; message: string };
    expect(answer).toMatchObject({ id: first.id, duplicateOf: first.id });
    expect(answer.message).toMatch(/^Jordan already has a session from \d{1,2}:\d{2} [AP]M, .*, so nothing new was sent/);
    const before = existsSync(ctx.stack.outboxFile) ? readFileSync(ctx.stack.outboxFile, 'utf8').split('\n').length : 0;
    await ctx.stack.sweep();
    const texts = readFileSync(ctx.stack.outboxFile, 'utf8').trim().split('\n').slice(Math.max(0, before - 1)).map((line) => JSON.parse(line) as { to: string; body: string });
    expect(texts.filter((t) => t.body.includes('thanks for your massage'))).toHaveLength(1);
    // A second massage the same day, on purpose: force.
    const forced = await ctx.call('POST', '/sessions', { ...body, force: true });
    expect(forced.status).toBe(201);
    expect(((await forced.json()) as { id: string }).id).not.toBe(first.id);
  });

  it('cancels the pending follow-ups of a session', async () => {
    const created = (await (await ctx.call('POST', '/sessions', validBody('cancel@example.com'))).json()) as { id: string };
    const cancelled = await ctx.call('DELETE', `/sessions/${created.id}`);
    expect(cancelled.status).toBe(200);
    await ctx.stack.sweep();
    expect(await emailsTo('cancel@example.com', ctx.stack.sesUrl)).toHaveLength(0);
    const view = (await (await ctx.call('GET', `/sessions/${created.id}`)).json()) as { status: string; followUps: { status: string }[] };
    expect(view.status).toBe('cancelled');
    expect(view.followUps.map((f) => f.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('answers HEAD as GET without a body: same status and headers, also for a refusal', async () => {
    for (const [path, auth, status] of [['/health', false, 200], ['/unsubscribe', false, 400], ['/sessions', true, 200], ['/sessions', false, 401], ['/nowhere', false, 404]] as const) {
      const headers: Record<string, string> = auth ? {} : { authorization: '' };
      const get = await ctx.call('GET', path, undefined, headers);
      const head = await ctx.call('HEAD', path, undefined, headers);
      expect([path, head.status]).toEqual([path, status]);
      expect([path, head.headers.get('content-type')]).toEqual([path, get.headers.get('content-type')]);
      expect(await head.text()).toBe('');
    }
    const api = createApiHandler(async () => ({ ...ctx.stack.core, sms: new FakeSms(), email: new FakeEmail() }));
    const headEvent = (rawPath: string) => ({ rawPath, headers: {}, requestContext: { http: { method: 'HEAD' } } }) as unknown as HttpEvent;
    for (const path of ['/health', '/sessions', '/nowhere']) {
      const result = await api(headEvent(path));
      expect([path, result.body]).toEqual([path, undefined]);
    }
  });

  it('takes days for the recent sessions only as a plain whole number from 1 to 31', async () => {
    for (const days of ['1', '10', '31', '07']) expect([days, (await ctx.call('GET', `/sessions?days=${days}`)).status]).toEqual([days, 200]);
    for (const days of ['1e1', '0x1f', '0b11', '0o7', '+5', '-1', '3.0', '2.5', '1_0', 'Infinity', 'NaN', '0', '32', '9'.repeat(400)]) {
      const response = await ctx.call('GET', `/sessions?days=${encodeURIComponent(days)}`);
      expect([days, response.status]).toEqual([days, 400]);
      expect(await response.json()).toMatchObject({ problems: [{ field: 'days', message: 'must be a whole number from 1 to 31' }] });
    }
  });

  it('answers 404 for an unknown session', async () => {
    expect((await ctx.call('GET', '/sessions/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('unsubscribes an address through the link in the email, and a forged link changes nothing', async () => {
    await ctx.call('POST', '/sessions', validBody('unsub@example.com'));
    await ctx.stack.sweep();
    const [email] = await emailsTo('unsub@example.com', ctx.stack.sesUrl);
    const link = /http:\/\/localhost:\d+\/unsubscribe\?t=[\w.-]+/.exec(email?.body.text ?? '')?.[0];
    expect(link).toBeDefined();

    const page = await fetch(link!);
    expect(await page.text()).toContain('<form method="post"');
    const forged = await fetch(`${link!.slice(0, -3)}abc`, { method: 'POST' });
    expect(forged.status).toBe(400);
    const oneClick = await fetch(link!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    const [contact] = await ctx.stack.core.contacts.get([{ channel: 'email', address: 'unsub@example.com' }]);
    expect(contact).toMatchObject({ optedOut: true, optOutSource: 'unsubscribe-one-click' });
    expect(existsSync(ctx.stack.outboxFile)).toBe(true);
  });
});
