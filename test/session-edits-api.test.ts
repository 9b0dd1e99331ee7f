import fc from 'fast-check';
import nock from 'nock';
import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TwilioSmsSender } from '#adapters/twilio-sms-sender';
import { FakeClock } from './support/fakes.ts';
import { startTestStack } from './support/stack.ts';

/**
 * Editing a session, undoing a cancel, and the history (sessions of any date, the client list, a client's page)
 * through the API of the local stack (DynamoDB Local), with texts going out on Twilio's wire (nock).
 */

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const MESSAGES = `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`;
// 10:00 in Los Angeles: inside sending hours.
const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
let ctx: Awaited<ReturnType<typeof startTestStack>>;
/** Every text Twilio was asked to send, by number. */
const texted: { to: string; body: string }[] = [];

beforeAll(async () => {
  const sms = new TwilioSmsSender(twilio(ACCOUNT, 'test-auth-token-0123456789'), { sender: { from: '+15005550006' } });
  ctx = await startTestStack({ clock, sms });
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(async () => {
  await ctx?.stack.stop();
});

/** Twilio's Messages resource answering as its documented example does (201, a queued message). */
function twilioAcceptsTexts() {
  nock('https://api.twilio.com')
    .post(MESSAGES)
    .times(20)
    .reply((_uri, body) => {
      const form = Object.fromEntries(new URLSearchParams(String(body)));
      texted.push({ to: String(form.To), body: String(form.Body) });
      const answer = JSON.stringify({ sid: `SM${String(texted.length).padStart(32, '0')}`, status: 'queued', to: form.To, from: '+15005550006' });
      // Content-Length as Twilio sets it: without it, nock keeps a keep-alive response open.
      return [201, answer, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(answer)) }];
    });
}

const ago = (minutes: number) => new Date(clock.now().getTime() - minutes * 60_000).toISOString();

type View = {
  id: string;
  status: string;
  client: { name: string; firstName: string; phone?: string; email?: string; timezone: string };
  modality?: string;
  consent: { sms: { granted: boolean; source: string; at: string }; email: { granted: boolean } };
  channels: { channel: string; address: string; state: string }[];
  followUps: { step: string; status: string; sendAt: string; channels: string[] }[];
  edits?: { at: string; fields: string[] }[];
};

async function enter(phone: string, minutesAgo: number, { client, ...extra }: { client?: object; consent?: object; endedAt?: string } = {}): Promise<View> {
  const response = await ctx.call('POST', '/sessions', {
    client: { name: 'Jordan Lee', phone, ...client },
    endedAt: ago(minutesAgo),
    modality: 'deep tissue',
    consent: { sms: true, email: false },
    ...extra,
  });
  expect(response.status).toBe(201);
  return (await response.json()) as View;
}

const get = async (id: string) => (await (await ctx.call('GET', `/sessions/${id}`)).json()) as View;
const patch = (id: string, body: unknown) => ctx.call('PATCH', `/sessions/${id}`, body);

describe('editing a session', () => {
  it('sends the 2 h text to the new number only, once the phone was corrected before it (with the client’s agreement again)', async () => {
    const session = await enter('(310) 555-0142', 30);
    twilioAcceptsTexts();

    const response = await patch(session.id, { client: { phone: '(310) 555-0199' }, consent: { sms: true } });

    expect(response.status).toBe(200);
    const edited = (await response.json()) as View;
    expect(edited).toMatchObject({ id: session.id, client: { phone: '+13105550199' }, consent: { sms: { granted: true, source: 'therapist-edit' } } });
    expect(edited.channels).toEqual([expect.objectContaining({ channel: 'sms', address: '+13105550199', state: 'on' })]);
    expect(edited.edits).toEqual([{ at: clock.now().toISOString(), fields: ['client.phone', 'consent.sms'] }]);
    expect(await get(session.id)).toEqual(edited);

    clock.advanceMinutes(91);
    await ctx.stack.sweep();

    expect(texted.filter((t) => t.to === '+13105550199')).toHaveLength(1);
    expect(texted.filter((t) => t.to === '+13105550142')).toEqual([]);
    expect(texted.find((t) => t.to === '+13105550199')?.body).toMatch(/^Hi Jordan\b/);
    expect((await get(session.id)).followUps.map((f) => f.status)).toEqual(['sent', 'scheduled', 'scheduled']);
  });

  it('refuses a new number without the client’s agreement again, in a sentence, and changes nothing', async () => {
    const session = await enter('(310) 555-0143', 20);
    const response = await patch(session.id, { client: { phone: '(310) 555-0198' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ problems: [{ field: 'consent.sms', message: "The new number needs the client's agreement to texts again" }] });
    expect(await get(session.id)).toEqual(session);
  });

  it('refuses a bad number, a bad zone, an unknown field and a body that is no JSON with a 400 naming the field, and changes nothing', async () => {
    const session = await enter('(310) 555-0144', 20);
    const cases: [unknown, string][] = [
      [{ client: { phone: '555' }, consent: { sms: true } }, 'client.phone'],
      [{ client: { timezone: 'Mars/Olympus' } }, 'client.timezone'],
      [{ client: { name: '' } }, 'client.name'],
      [{ endedAt: ago(5) }, 'endedAt'],
      ['{"client":', 'body'],
      [{}, 'body'],
    ];
    for (const [body, field] of cases) {
      const response = await patch(session.id, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const answer = (await response.json()) as { problems: { field: string; message: string }[] };
      expect(answer.problems.map((p) => p.field).join(' '), JSON.stringify(body)).toContain(field);
    }
    expect(await get(session.id)).toEqual(session);
    expect((await patch('00000000-0000-4000-8000-000000000000', { client: { name: 'A B' } })).status).toBe(404);
    expect((await ctx.call('PATCH', `/sessions/${session.id}`, { client: { name: 'A B' } }, { authorization: '' })).status).toBe(401);
  });

  it('corrects the name and modality, and a new zone moves the follow-ups through quiet hours there', async () => {
    // Ended at 02:00 UTC: the 24 h step falls at 18:00 in Los Angeles, but at 21:00 in New York (after hours).
    const session = await enter('(310) 555-0145', 0, { endedAt: '2026-11-27T02:00:00Z' });
    expect(session.followUps[1]?.sendAt).toBe('2026-11-28T02:00:00.000Z');
    const response = await patch(session.id, { client: { name: 'Jordyn Lee', timezone: 'America/New_York' }, modality: 'Swedish' });
    expect(response.status).toBe(200);
    const edited = (await response.json()) as View;
    expect(edited).toMatchObject({ client: { name: 'Jordyn Lee', firstName: 'Jordyn', timezone: 'America/New_York' }, modality: 'Swedish' });
    expect(edited.followUps[1]?.sendAt).toBe('2026-11-28T14:00:00.000Z');
    expect(edited.edits?.[0]?.fields).toEqual(['client.name', 'client.timezone', 'modality']);
  });

  it('turns texts off when the number is removed, and says a cancelled session cannot be corrected', async () => {
    const session = await enter('(310) 555-0146', 20, { client: { email: 'remove@example.com' }, consent: { sms: true, email: true } });
    const response = await patch(session.id, { client: { phone: '' } });
    expect(response.status).toBe(200);
    const edited = (await response.json()) as View;
    expect(edited.client.phone).toBeUndefined();
    expect(edited.consent.sms.granted).toBe(false);
    expect(edited.followUps.every((f) => f.channels.join() === 'email')).toBe(true);

    await ctx.call('DELETE', `/sessions/${session.id}`);
    const cancelled = await patch(session.id, { client: { name: 'Someone Else' } });
    expect(cancelled.status).toBe(409);
    expect(((await cancelled.json()) as { message: string }).message).toMatch(/cancelled/);
  });

  it('answers any value in any field with a 200 or a clear 400, never a 500, and a 400 changes nothing', async () => {
    const session = await enter('(310) 555-0147', 20, { client: { email: 'hostile@example.com' }, consent: { sms: true, email: true } });
    const paths = ['client', 'client.name', 'client.phone', 'client.email', 'client.timezone', 'modality', 'consent', 'consent.sms', 'consent.email', 'consent.wordingVersion', '__proto__'];
    const value = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 100 }), fc.integer(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), value, async (path, hostile) => {
        const before = await get(session.id);
        const [head, tail] = path.split('.') as [string, string | undefined];
        const body = tail ? { [head]: { [tail]: hostile } } : JSON.parse(`{${JSON.stringify(head)}:${JSON.stringify(hostile ?? null)}}`);
        const response = await patch(session.id, body);
        expect([200, 400]).toContain(response.status);
        const answer = (await response.json()) as { message?: string };
        if (response.status === 400) {
          expect(answer.message?.length).toBeGreaterThan(5);
          expect(await get(session.id)).toEqual(before);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});

describe('undoing a cancel', () => {
  it('puts the cancelled follow-ups back to waiting within 10 minutes, and only once', async () => {
    const session = await enter('(310) 555-0150', 20);
    await ctx.call('DELETE', `/sessions/${session.id}`);
    clock.advanceMinutes(3);
    const response = await ctx.call('POST', `/sessions/${session.id}/restore`);
    expect(response.status).toBe(200);
    const restored = (await response.json()) as View;
    expect(restored.status).toBe('active');
    expect(restored.followUps.map((f) => f.status)).toEqual(['scheduled', 'scheduled', 'scheduled']);
    const again = await ctx.call('POST', `/sessions/${session.id}/restore`);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { message: string }).message).toBe('This session is not cancelled, so there is nothing to undo.');
  });

  it('refuses after 10 minutes, and once a cancelled follow-up would have gone out, with a plain sentence', async () => {
    const late = await enter('(310) 555-0151', 20);
    await ctx.call('DELETE', `/sessions/${late.id}`);
    const due = await enter('(310) 555-0152', 117); // the 2 h text is due in 3 minutes
    await ctx.call('DELETE', `/sessions/${due.id}`);
    clock.advanceMinutes(4);
    const missed = await ctx.call('POST', `/sessions/${due.id}/restore`);
    expect(missed.status).toBe(409);
    expect(((await missed.json()) as { message: string }).message).toMatch(/would have gone out since the cancel/);
    clock.advanceMinutes(7);
    const tooLate = await ctx.call('POST', `/sessions/${late.id}/restore`);
    expect(tooLate.status).toBe(409);
    expect(((await tooLate.json()) as { message: string }).message).toMatch(/10 minutes/);
    expect((await get(late.id)).status).toBe('cancelled');
  });
});

describe('history', () => {
  it('pages through sessions of any date, newest first, each once, and keeps ?days= as it was', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const response = await ctx.call('GET', `/sessions?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as { sessions: View[]; cursor?: string };
      expect(page.sessions.length).toBeLessThanOrEqual(3);
      seen.push(...page.sessions.map((s) => s.id));
      cursor = page.cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const all = (await (await ctx.call('GET', '/sessions?days=31')).json()) as { sessions: { id: string }[] };
    expect(seen).toEqual(all.sessions.map((s) => s.id));

    const before = (await (await ctx.call('GET', `/sessions?before=${encodeURIComponent(ago(60))}&limit=50`)).json()) as { sessions: { endedAt: string }[] };
    expect(before.sessions.length).toBeGreaterThan(0);
    expect(before.sessions.every((s) => s.endedAt < ago(60))).toBe(true);
    for (const query of ['before=yesterday', 'limit=0', 'limit=51', 'cursor=nonsense']) {
      const response = await ctx.call('GET', `/sessions?${query}`);
      expect(response.status, query).toBe(400);
    }
  });

  it('lists each client once, newest first, page by page, and finds them by name, number or address', async () => {
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await (await ctx.call('GET', `/clients?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json()) as { clients: { phone?: string; email?: string }[]; cursor?: string };
      // A client is their phone, or their email when they have no phone (as the list keys them).
      names.push(...page.clients.map((c) => c.phone ?? c.email ?? ''));
      cursor = page.cursor;
    } while (cursor);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    expect(names).toContain('+13105550199');
    expect(names).toContain('+13105550150');

    const byNumber = (await (await ctx.call('GET', `/clients?q=${encodeURIComponent('310-555-0199')}`)).json()) as { clients: { phone: string }[] };
    expect(byNumber.clients.map((c) => c.phone)).toEqual(['+13105550199']);
    const byName = (await (await ctx.call('GET', '/clients?q=jordyn')).json()) as { clients: { name: string }[] };
    expect(byName.clients.map((c) => c.name)).toEqual(['Jordyn Lee']);
    expect((await ctx.call('GET', '/clients?q=x')).status).toBe(400);
  });

  it("shows a client's page: their channels with consent and opt-out, and their sessions, older ones a page later", async () => {
    await enter('(310) 555-0160', 3 * 1440);
    await enter('(310) 555-0160', 2 * 1440);
    const first = (await (await ctx.call('GET', `/clients/sessions?phone=${encodeURIComponent('+13105550160')}&limit=1`)).json()) as {
      client: { phone: string };
      channels: { channel: string; state: string }[];
      sessions: View[];
      cursor?: string;
    };
    expect(first.client.phone).toBe('+13105550160');
    expect(first.channels).toEqual([expect.objectContaining({ channel: 'sms', state: 'on' })]);
    expect(first.sessions).toHaveLength(1);
    const older = (await (await ctx.call('GET', `/clients/sessions?phone=${encodeURIComponent('+13105550160')}&limit=1&cursor=${first.cursor}`)).json()) as {
      sessions: View[];
      cursor?: string;
    };
    expect(older.sessions).toHaveLength(1);
    expect(older.sessions[0]?.id).not.toBe(first.sessions[0]?.id);
    expect(older.cursor).toBeUndefined();
    expect((await ctx.call('GET', '/clients/sessions')).status).toBe(400);
  });
});
