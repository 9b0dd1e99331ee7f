import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from './support/fakes.ts';
import { startTestStack } from './support/stack.ts';

const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
let ctx: Awaited<ReturnType<typeof startTestStack>>;
let sessionId: string;

beforeAll(async () => {
  ctx = await startTestStack({ clock });
  const response = await ctx.call('POST', '/sessions', {
    client: { name: 'Morgan Avery', phone: '(310) 555-0177', email: 'morgan@example.com' },
    endedAt: new Date(clock.now().getTime() - 121 * 60_000).toISOString(),
    consent: { sms: true, email: true },
  });
  sessionId = ((await response.json()) as { id: string }).id;
  await ctx.stack.sweep();
});

afterAll(async () => {
  await ctx?.stack.stop();
});

describe('what the therapist page reads', () => {
  it('lists recent sessions with their follow-ups', async () => {
    const body = (await (await ctx.call('GET', '/sessions?days=3')).json()) as { sessions: { id: string; followUps: { status: string }[] }[] };
    expect(body.sessions.map((s) => s.id)).toContain(sessionId);
    expect(body.sessions.find((s) => s.id === sessionId)?.followUps[0]?.status).toBe('sent');
    expect((await ctx.call('GET', '/sessions?days=99')).status).toBe(400);
    expect((await ctx.call('GET', '/sessions', undefined, { authorization: '' })).status).toBe(401);
  });

  it('finds a returning client by part of the name, by number in any form, and by email', async () => {
    for (const q of ['morg', '310-555-0177', '+13105550177', 'MORGAN@example.com']) {
      const body = (await (await ctx.call('GET', `/clients?q=${encodeURIComponent(q)}`)).json()) as { clients: { name: string; phone: string }[] };
      expect(body.clients[0]).toMatchObject({ name: 'Morgan Avery', phone: '+13105550177', email: 'morgan@example.com' });
    }
    expect((await ctx.call('GET', '/clients?q=x')).status).toBe(400);
  });

  it('replies as the client through a signed webhook and shows the conversation in order with triage labels', async () => {
    clock.advanceMinutes(5);
    const reply = (await (await ctx.call('POST', '/local/reply-as-client', { sessionId, text: 'sharp pain in my neck' })).json()) as {
      status: number;
      twiml: string;
    };
    expect(reply.status).toBe(200);
    expect(reply.twiml).toContain('<Message>');
    const escalations = (await (await ctx.call('GET', '/escalations')).json()) as { escalations: { sessionId: string; urgent: boolean }[] };
    expect(escalations.escalations.map((e) => e.sessionId)).toContain(sessionId);

    const talk = (await (await ctx.call('GET', `/conversations?phone=${encodeURIComponent('+13105550177')}`)).json()) as {
      messages: { direction: string; template?: string; triage?: { category: string } }[];
    };
    expect(talk.messages.map((m) => [m.direction, m.template ?? m.triage?.category])).toEqual(
      expect.arrayContaining([
        ['outbound', '2h'],
        ['inbound', 'escalate'],
        ['outbound', 'reply-escalate'],
      ]),
    );
    const firstInbound = talk.messages.findIndex((m) => m.direction === 'inbound');
    expect(talk.messages.findIndex((m) => m.template === '2h')).toBeLessThan(firstInbound);
  });
});
