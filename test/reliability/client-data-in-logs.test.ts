import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { powertoolsLog } from '#adapters/powertools-log';
import type { SmsMessage } from '#ports/senders';
import { TransientDeliveryError } from '#domain/errors';
import { FakeClock } from '../support/fakes.ts';
import { startTestStack } from '../support/stack.ts';
import { inboundSms, messageSid, postTwilio } from '../support/twilio.ts';
import { linesWithClientData, newClient } from './support.ts';

/**
 * The production logger (Powertools, JSON lines on stdout) through a whole life: intake, sends, a provider failure,
 * replies by text and email, an escalation, STOP, a delivery report, cancellation and bad requests. Everything the
 * process writes to stdout and stderr meanwhile is kept and searched for the clients' data.
 */
const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
const written: string[] = [];
const sentTexts: SmsMessage[] = [];
let failNext = 0;
const sms = {
  send: async (message: SmsMessage) => {
    if (failNext > 0) {
      failNext -= 1;
      throw new TransientDeliveryError('Twilio failed (HTTP 503); will retry');
    }
    sentTexts.push(message);
    return { providerId: `SM${String(sentTexts.length).padStart(32, '0')}` };
  },
};
let ctx: Awaited<ReturnType<typeof startTestStack>>;
const restore: (() => void)[] = [];

beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = original as typeof stream.write;
    });
  }
  ctx = await startTestStack({ clock, log: powertoolsLog(), sms });
});

afterAll(async () => {
  await ctx?.stack.stop();
  for (const r of restore) r();
});

describe('client data in the logs', () => {
  it('never appears in any line the process writes, through a whole session life with failures and replies', async () => {
    const clients = [newClient(), newClient(), newClient()];
    const ids: string[] = [];
    for (const c of clients) {
      const response = await ctx.call('POST', '/sessions', {
        client: { name: c.name, phone: c.phone, email: c.email },
        endedAt: new Date(clock.now().getTime() - 121 * 60_000).toISOString(),
        consent: { sms: true, email: true },
      });
      ids.push(((await response.json()) as { id: string }).id);
    }
    failNext = 1;
    await ctx.stack.sweep();
    clock.advanceMinutes(2);
    await ctx.stack.sweep();

    const replies = ['sharp pain in my shoulder blade since the massage', 'Thanks so much, feeling wonderful today', 'STOP'];
    await inboundSms(ctx.stack.url, clients[0]!.phone, replies[0]!);
    await inboundSms(ctx.stack.url, clients[1]!.phone, replies[1]!);
    await inboundSms(ctx.stack.url, clients[2]!.phone, replies[2]!);
    await inboundSms(ctx.stack.url, '+14155550123', 'who is this? my number is private');
    const emailReply = 'Quick question about the stretches you showed me';
    await ctx.call(
      'POST',
      '/webhooks/email/inbound',
      [`From: ${clients[1]!.email}`, 'To: aftercare@ohara-massage.example', `Message-ID: <${messageSid()}@mail.example>`, 'Subject: Re', '', emailReply, ''].join('\r\n'),
      { 'content-type': 'message/rfc822' },
    );
    await postTwilio(ctx.stack.url, '/webhooks/twilio/status', { MessageSid: `SM${'1'.padStart(32, '0')}`, MessageStatus: 'undelivered', ErrorCode: '30003', To: clients[0]!.phone });
    await ctx.call('DELETE', `/sessions/${ids[1]}`);
    await ctx.call('POST', '/sessions', { client: { name: clients[0]!.name, phone: `${clients[0]!.phone}99`, email: `${clients[0]!.email}@` }, consent: { sms: true, email: true } });
    await ctx.call('POST', '/sessions', { client: { name: clients[0]!.name, phone: clients[0]!.phone, email: clients[0]!.email }, consent: { sms: true, email: true } }, { 'idempotency-key': 'k'.repeat(3_000) });
    clock.advanceMinutes(24 * 60);
    await ctx.stack.sweep();

    const lines = written.join('').split('\n').filter((l) => l.trim() !== '');
    expect(lines.filter((l) => l.includes('"service":"aftercare"')).length).toBeGreaterThan(10);
    const bodies = sentTexts.map((t) => t.body.slice(0, 60));
    // Control: the search finds a phone number, an address and a reply where they do appear.
    expect(linesWithClientData([`{"to":"${clients[0]!.phone}"}`, `{"x":"${clients[1]!.email}"}`, `{"t":"${replies[0]}"}`], clients, replies)).toHaveLength(3);
    expect(linesWithClientData(lines, clients, [...replies.slice(0, 2), emailReply, 'who is this? my number is private', ...bodies])).toEqual([]);
  }, 60_000);
});
