import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from './support/fakes.ts';
import { emailsTo } from './support/engines.ts';
import { startTestStack } from './support/stack.ts';
import { inboundSms } from './support/twilio.ts';

/**
 * The inbox end to end on the local stack (DynamoDB Local, aws-ses-v2-local, the SMS outbox): a client's question
 * reaches the therapist by text and email, and the therapist answers from the API.
 */

// 10:00 in Los Angeles: inside the therapist's hours (10AM-10PM) and the sending hours.
const NOW = new Date('2026-11-27T18:00:00Z');
const THERAPIST_PHONE = '+13108960696';
const THERAPIST_EMAIL = 'chris@ohara-massage.example';

type Text = { to: string; from: string; body: string };
const outboxOf = (file: string): Text[] =>
  existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Text) : [];

async function startWith(env: Record<string, string>) {
  const clock = new FakeClock(NOW);
  const ctx = await startTestStack({ clock, env });
  let counter = 0;
  const client = async (name = 'Jordan Lee') => {
    counter += 1;
    const phone = `+1310555${String(2000 + counter).padStart(4, '0')}`;
    const response = await ctx.call('POST', '/sessions', {
      client: { name, phone, email: `client${counter}@example.com` },
      endedAt: new Date(clock.now().getTime() - 121 * 60_000).toISOString(),
      modality: 'deep tissue',
      consent: { sms: true, email: true },
    });
    const { id } = (await response.json()) as { id: string };
    return { id, phone, email: `client${counter}@example.com` };
  };
  return { ctx, clock, client, outbox: () => outboxOf(ctx.stack.outboxFile) };
}

describe('needs-reply messages reach the therapist', () => {
  let run: Awaited<ReturnType<typeof startWith>>;
  beforeAll(async () => {
    run = await startWith({ REPLY_DIGEST_MINUTES: '0' });
  });
  afterAll(async () => {
    await run?.ctx.stack.stop();
  });

  it('with REPLY_DIGEST_MINUTES=0, a signed client text puts a text and an email for the therapist in the outbox and the SES viewer, with the words', async () => {
    const jordan = await run.client();
    const response = await inboundSms(run.ctx.stack.url, jordan.phone, 'can I take ibuprofen today?');
    expect(response.status).toBe(200);
    // The client is told honestly when the therapist will see it, and what to do in an emergency.
    const answer = await response.text();
    expect(answer).toContain("Chris O'Hara will see this today");
    expect(answer).toContain('911');
    await run.ctx.stack.sweep();

    const texts = run.outbox().filter((t) => t.to === THERAPIST_PHONE);
    expect(texts).toHaveLength(1);
    expect(texts[0]?.body).toContain('can I take ibuprofen today?');
    expect(texts[0]?.body).toContain('Jordan Lee ((310) 555-2001)');
    expect(texts[0]?.body).toContain(`/#/sessions/${jordan.id}`);
    const emails = (await emailsTo(THERAPIST_EMAIL, run.ctx.stack.sesUrl)).filter((e) => e.body.text?.includes('ibuprofen'));
    expect(emails).toHaveLength(1);
    expect(emails[0]?.body.html).toContain(`href="tel:${jordan.phone}"`);
    expect(emails[0]?.body.text).toContain('deep tissue session Fri 27 Nov');

    const inbox = (await (await run.ctx.call('GET', '/inbox')).json()) as { items: { sessionId: string; text: string; status: string }[] };
    expect(inbox.items).toEqual([expect.objectContaining({ sessionId: jordan.id, text: 'can I take ibuprofen today?', status: 'open' })]);
  });

  it('answers from the page: the text goes to the client from the practice number, the conversation shows it from the therapist, the message is handled', async () => {
    const sam = await run.client('Sam Rivera');
    await inboundSms(run.ctx.stack.url, sam.phone, 'is it ok to take a hot bath tonight?');
    run.clock.advanceMinutes(3);
    const response = await run.ctx.call('POST', `/sessions/${sam.id}/messages`, { channel: 'sms', text: 'Yes, ibuprofen is fine' });
    expect(response.status).toBe(201);
    expect(run.outbox().filter((t) => t.to === sam.phone).at(-1)).toMatchObject({ body: 'Yes, ibuprofen is fine', from: '+15005550006' });
    const view = (await (await run.ctx.call('GET', `/sessions/${sam.id}`)).json()) as { messages: { body?: string; author?: string; direction: string }[] };
    expect(view.messages.at(-1)).toMatchObject({ direction: 'outbound', author: 'therapist', body: 'Yes, ibuprofen is fine' });
    const inbox = (await (await run.ctx.call('GET', '/inbox')).json()) as { items: { sessionId: string }[] };
    expect(inbox.items.map((i) => i.sessionId)).not.toContain(sam.id);
  });

  it('refuses with 409 to text a client who opted out, and sends nothing', async () => {
    const ana = await run.client('Ana Ruiz');
    await inboundSms(run.ctx.stack.url, ana.phone, 'STOP');
    const before = run.outbox().length;
    const response = await run.ctx.call('POST', `/sessions/${ana.id}/messages`, { channel: 'sms', text: 'Yes, ibuprofen is fine' });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { message: string }).message).toMatch(/^Ana opted out of texts on Nov 27 by texting STOP, so nothing was sent/);
    expect(run.outbox().length).toBe(before);
  });

  it('answers a bad body with a 400 naming the field', async () => {
    const lee = await run.client('Lee Park');
    const response = await run.ctx.call('POST', `/sessions/${lee.id}/messages`, { channel: 'fax', text: '' });
    expect(response.status).toBe(400);
    const { problems } = (await response.json()) as { problems: { field: string }[] };
    expect(problems.map((p) => p.field).sort()).toEqual(['channel', 'text']);
  });
});

describe('the reply digest, at most one per replyDigestMinutes', () => {
  let run: Awaited<ReturnType<typeof startWith>>;
  beforeAll(async () => {
    run = await startWith({});
  });
  afterAll(async () => {
    await run?.ctx.stack.stop();
  });

  it('with the default 15 minutes, five texts in 10 minutes give one text at once and one digest of the other four', async () => {
    const clients = await Promise.all([1, 2, 3, 4, 5].map((n) => run.client(`Client ${n}`)));
    for (const [n, c] of clients.entries()) {
      await inboundSms(run.ctx.stack.url, c.phone, `question number ${n + 1}: can I stretch today?`);
      await run.ctx.stack.sweep();
      run.clock.advanceMinutes(2.5);
    }
    const texts = () => run.outbox().filter((t) => t.to === THERAPIST_PHONE);
    expect(texts()).toHaveLength(1);
    expect(texts()[0]?.body).toContain('question number 1');

    run.clock.set(new Date(NOW.getTime() + 15 * 60_000));
    await run.ctx.stack.sweep();
    await run.ctx.stack.sweep();
    expect(texts()).toHaveLength(2);
    expect(texts()[1]?.body).toMatch(/^4 client messages need your reply/);
    for (const n of [2, 3, 4, 5]) expect(texts()[1]?.body).toContain(`question number ${n}`);
    expect((await emailsTo(THERAPIST_EMAIL, run.ctx.stack.sesUrl)).filter((e) => e.subject === '4 client messages need your reply')).toHaveLength(1);
  });
});
