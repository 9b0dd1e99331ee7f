import { readFileSync, existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from './support/fakes.ts';
import { emailsTo } from './support/engines.ts';
import { startTestStack } from './support/stack.ts';

// 10:00 in Los Angeles (the practice's and the clients' zone): inside sending hours.
const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
const SECRET = `whsec_${Buffer.from('a test signing secret of 32 bytes!!').toString('base64')}`;
const CONSENT = { statement: 'I agree to aftercare texts and emails from Chris O\'Hara Massage when booking online. Reply STOP to opt out.', version: 'booking-2026-11' };
let ctx: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  ctx = await startTestStack({ clock, env: { BOOKINGS_WEBHOOK_SECRET: SECRET, BOOKINGS_CONSENT: JSON.stringify(CONSENT) } });
});

afterAll(async () => {
  await ctx?.stack.stop();
});

const ago = (minutes: number) => new Date(clock.now().getTime() - minutes * 60_000).toISOString();

const booking = (externalId: string, email: string, extra: Record<string, unknown> = {}) => ({
  externalId,
  client: { name: 'Maria Santos', phone: '(310) 555-0177', email },
  startsAt: ago(181),
  endsAt: ago(121),
  modality: 'deep tissue',
  consent: { sms: true, email: true },
  ...extra,
});

/** Posts a body signed as a Standard Webhooks sender signs it, with the `standardwebhooks` package itself. */
async function deliver(body: unknown, options: { id?: string; at?: Date; secret?: string; signature?: string } = {}) {
  const text = JSON.stringify(body);
  const id = options.id ?? `msg_${randomUUID()}`;
  const at = options.at ?? clock.now();
  const response = await fetch(`${ctx.stack.url}/webhooks/bookings`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': options.signature ?? new Webhook(options.secret ?? SECRET).sign(id, at, text),
    },
    body: text,
  });
  return { response, id, json: (await response.json()) as Record<string, unknown> };
}

type View = { source?: string; status: string; consent: Record<string, { source: string; wordingVersion: string }>; followUps: { step: string; status: string }[] };
const view = async (id: string) => (await (await ctx.call('GET', `/sessions/${id}`)).json()) as View;
const scanText = async () => JSON.stringify((await ctx.stack.table.doc.send(new ScanCommand({ TableName: ctx.stack.config.tableName }))).Items);
const texts = () =>
  existsSync(ctx.stack.outboxFile) ? readFileSync(ctx.stack.outboxFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { to: string; body: string }) : [];

describe('POST /webhooks/bookings (Standard Webhooks)', () => {
  it('enters a booking that ended 2 h 1 min ago, and its 2 h text and email go out within one sweep', async () => {
    const { response, json } = await deliver(booking('zap-1001', 'maria@example.com'));
    expect(response.status).toBe(201);
    expect(json).toMatchObject({ outcome: 'entered', sessionId: expect.any(String) });

    await ctx.stack.sweep();

    const session = await view(json.sessionId as string);
    expect(session.source).toBe('webhook');
    expect(session.consent.sms).toMatchObject({ source: 'booking-webhook', wordingVersion: 'booking-2026-11' });
    expect(session.followUps.map((f) => f.status)).toEqual(['sent', 'deferred', 'deferred']);
    const text = texts().filter((t) => t.to === '+13105550177').at(-1);
    expect(text?.body).toMatch(/^Hi Maria\b/);
    // The first text says who it is from and how to stop, as every first text does.
    expect(text?.body).toMatch(/Chris O'Hara/);
    expect(text?.body).toMatch(/STOP/);
    const [email] = await emailsTo('maria@example.com', ctx.stack.sesUrl);
    expect(email?.body.text).toMatch(/^Hi Maria\b/);
  });

  it('changes nothing when the same webhook-id comes again', async () => {
    const first = await deliver(booking('zap-1002', 'replay@example.com'));
    expect(first.response.status).toBe(201);
    const again = await deliver(booking('zap-1002', 'replay@example.com', { modality: 'Swedish' }), { id: first.id });
    expect(again.response.status).toBe(200);
    expect(again.json).toEqual({ outcome: 'duplicate' });
    const sessions = (await (await ctx.call('GET', '/sessions')).json()) as { sessions: { id: string; client: { email?: string }; modality?: string }[] };
    const hers = sessions.sessions.filter((s) => s.client.email === 'replay@example.com');
    expect(hers.map((s) => [s.id, s.modality])).toEqual([[first.json.sessionId, 'deep tissue']]);
  });

  it('changes nothing when the same booking comes again under a new webhook-id', async () => {
    const first = await deliver(booking('zap-1003', 'twice@example.com'));
    const again = await deliver(booking('zap-1003', 'twice@example.com'));
    expect(again.response.status).toBe(200);
    expect(again.json).toEqual({ outcome: 'unchanged' });
    const sessions = (await (await ctx.call('GET', '/sessions')).json()) as { sessions: { id: string; client: { email?: string } }[] };
    expect(sessions.sessions.filter((s) => s.client.email === 'twice@example.com').map((s) => s.id)).toEqual([first.json.sessionId]);
  });

  it('answers a bad signature and a timestamp 10 minutes old with 401 in plain words, and stores nothing', async () => {
    const forged = await deliver(booking('zap-1004', 'forged@example.com'), { secret: `whsec_${Buffer.from('somebody else entirely, 32 bytes').toString('base64')}` });
    const old = await deliver(booking('zap-1004', 'forged@example.com'), { at: new Date(clock.now().getTime() - 10 * 60_000) });
    const unsigned = await fetch(`${ctx.stack.url}/webhooks/bookings`, { method: 'POST', body: JSON.stringify(booking('zap-1004', 'forged@example.com')) });
    expect([forged.response.status, old.response.status, unsigned.status]).toEqual([401, 401, 401]);
    expect(forged.json.message).toMatch(/signature does not match/);
    expect(old.json.message).toMatch(/more than 5 minutes/);
    expect(await scanText()).not.toContain('forged@example.com');
    // The id of a refused delivery was not recorded: signed properly, it is processed.
    const good = await deliver(booking('zap-1004', 'forged@example.com'), { id: old.id });
    expect(good.response.status).toBe(201);
  });

  it('cancels what is pending when the same externalId comes with "status":"cancelled"', async () => {
    const entered = await deliver(booking('zap-1005', 'cancel@example.com'));
    await ctx.stack.sweep();
    const cancelled = await deliver({ externalId: 'zap-1005', status: 'cancelled' });
    expect(cancelled.response.status).toBe(200);
    expect(cancelled.json).toEqual({ outcome: 'cancelled', sessionId: entered.json.sessionId });
    const session = await view(entered.json.sessionId as string);
    expect(session.status).toBe('cancelled');
    expect(session.followUps.map((f) => f.status)).toEqual(['sent', 'cancelled', 'cancelled']);
    const again = await deliver({ externalId: 'zap-1005', status: 'cancelled' });
    expect(again.json).toEqual({ outcome: 'unchanged' });
  });

  it('keeps a booking that ends later until its end, enters it then, and creates nothing when it is cancelled first', async () => {
    const later = { startsAt: new Date(clock.now().getTime() + 60 * 60_000).toISOString(), endsAt: new Date(clock.now().getTime() + 120 * 60_000).toISOString() };
    const scheduled = await deliver(booking('zap-1006', 'later@example.com', later));
    expect(scheduled.json).toEqual({ outcome: 'scheduled', endsAt: later.endsAt });
    const dropped = await deliver(booking('zap-1007', 'dropped@example.com', later));
    expect(dropped.json.outcome).toBe('scheduled');
    await deliver({ externalId: 'zap-1007', status: 'cancelled' });

    await ctx.stack.sweep();
    expect(await emailsTo('later@example.com', ctx.stack.sesUrl)).toHaveLength(0);

    clock.advanceMinutes(121);
    try {
      await ctx.stack.sweep();
      const sessions = (await (await ctx.call('GET', '/sessions')).json()) as { sessions: { client: { email?: string }; endedAt: string; source?: string }[] };
      expect(sessions.sessions.filter((s) => s.client.email === 'later@example.com').map((s) => [s.endedAt, s.source])).toEqual([[later.endsAt, 'webhook']]);
      expect(sessions.sessions.filter((s) => s.client.email === 'dropped@example.com')).toEqual([]);
    } finally {
      clock.advanceMinutes(-121);
    }
  });

  it('answers a body without externalId, or with a bad phone, with a 400 naming the field, and stores nothing', async () => {
    const missing = await deliver({ ...booking('x', 'bad@example.com'), externalId: undefined });
    const badPhone = await deliver(booking('zap-1008', 'bad@example.com', { client: { name: 'Bad Phone', phone: '555-01', email: 'bad@example.com' } }));
    expect([missing.response.status, badPhone.response.status]).toEqual([400, 400]);
    expect(missing.json.problems).toEqual([expect.objectContaining({ field: 'externalId' })]);
    expect(badPhone.json.problems).toEqual([expect.objectContaining({ field: 'client.phone' })]);
    expect(await scanText()).not.toContain('bad@example.com');
  });
});
