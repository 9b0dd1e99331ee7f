import { beforeEach, describe, expect, it } from 'vitest';
import { memoryStores } from '#adapters/memory/stores';
import { digestMessage } from '#domain/digest-message';
import { inboxItem, needsReply, nextDigestAt, seenWhen } from '#domain/inbox';
import type { MessageRecord, Session } from '#domain/model';
import { parseSendingHours, readOpeningHours } from '#domain/quiet-hours';
import type { Stores } from '#ports/stores';
import { answerClient, fileNeedsReply, markHandled, notifyDueReplies, type AnswerDeps, type DigestDeps } from '#use-cases/inbox';
import { CapturingLog, FakeClock, FakeEmail, FakeSms, TEST_LINK_KEYS } from './support/fakes.ts';

// 10:00 in Los Angeles, a Friday.
const NOW = new Date('2026-11-27T18:00:00Z');
const ZONE = 'America/Los_Angeles';
const HOURS = parseSendingHours('10:00-22:00');

let stores: Stores;
let clock: FakeClock;
let sms: FakeSms;
let email: FakeEmail;
let n = 0;

beforeEach(() => {
  stores = memoryStores();
  clock = new FakeClock(NOW);
  sms = new FakeSms();
  email = new FakeEmail();
});

const digestDeps = (minutes = 15): DigestDeps => ({
  inbox: stores.inbox, sms, email, clock, log: new CapturingLog(),
  settings: { therapistPhone: '+13108960696', therapistEmail: 'chris@example.com', publicBaseUrl: 'http://localhost:3000', phoneRegion: 'US', timezone: ZONE, therapistHours: HOURS, replyDigestMinutes: minutes },
});

async function session(name = 'Jordan Lee', phone = `+1310555${String(3000 + (n += 1))}`): Promise<Session> {
  const consent = { granted: true, at: NOW.toISOString(), source: 'test', wordingVersion: 'v1' };
  const s: Session = {
    id: crypto.randomUUID(), client: { name, firstName: name.split(' ')[0] as string, phone, email: `c${n}@example.com`, timezone: ZONE },
    endedAt: new Date(NOW.getTime() - 3 * 3_600_000).toISOString(), createdAt: NOW.toISOString(), modality: 'Swedish',
    consent: { sms: consent, email: consent }, status: 'active',
  };
  await stores.sessions.create({ session: s, followUps: [], contacts: [] });
  return s;
}

const inbound = (s: Session, body: string, extra: Partial<MessageRecord> = {}): MessageRecord => ({
  sessionId: s.id, id: crypto.randomUUID(), at: clock.now().toISOString(), direction: 'inbound', channel: 'sms', party: 'client',
  status: 'received', body, triage: { category: 'question', reasons: [] }, ...extra,
});

async function asks(s: Session, body: string, extra: Partial<MessageRecord> = {}) {
  const message = inbound(s, body, extra);
  await stores.messages.append([message]);
  await fileNeedsReply(stores, s, message);
  return message;
}

describe('needsReply', () => {
  it('is every client message a person must answer: not a keyword, a thanks, an escalation or a machine', () => {
    const s = { id: 's' } as Session;
    const base = inbound(s, 'x');
    expect(needsReply(base)).toBe(true);
    expect(needsReply({ ...base, triage: { category: 'soreness', reasons: [] } })).toBe(true);
    expect(needsReply({ ...base, triage: { category: 'other', reasons: [] } })).toBe(true);
    expect(needsReply({ ...base, unverified: true })).toBe(true);
    expect(needsReply({ ...base, triage: { category: 'positive', reasons: [] } })).toBe(false);
    expect(needsReply({ ...base, triage: { category: 'keyword:stop', reasons: [] } })).toBe(false);
    expect(needsReply({ ...base, triage: { category: 'escalate', reasons: [] } })).toBe(false);
    expect(needsReply({ ...base, triage: { category: 'urgent', reasons: [] } })).toBe(false);
    expect(needsReply({ ...base, automatic: true })).toBe(false);
    expect(needsReply({ ...base, direction: 'outbound' })).toBe(false);
  });
});

describe('readOpeningHours', () => {
  it.each([
    ['10AM-10PM', 600, 1320],
    ['10 AM – 10 PM', 600, 1320],
    ['9:30am-6pm', 570, 1080],
    ['10:00-22:00', 600, 1320],
    ['12PM to 8PM', 720, 1200],
  ])('reads %j', (text, startMinute, endMinute) => {
    expect(readOpeningHours(text)).toEqual({ startMinute, endMinute });
  });

  it.each(['by appointment', 'Mon-Fri 9-5', '10-22', '10PM-10AM'])('does not guess %j', (text) => {
    expect(readOpeningHours(text)).toBeUndefined();
  });
});

describe('seenWhen', () => {
  const at = (iso: string) => new Date(iso);
  it('says today inside the hours, this evening, tomorrow morning or a weekday outside them, in English and Spanish', () => {
    expect(seenWhen(at('2026-11-27T18:00:00Z'), { hours: HOURS, zone: ZONE })).toBe('will see this today');
    // 07:00 in Los Angeles: the window opens at 10:00 the same day.
    expect(seenWhen(at('2026-11-27T15:00:00Z'), { hours: HOURS, zone: ZONE })).toBe('will see this this morning');
    expect(seenWhen(at('2026-11-27T15:00:00Z'), { hours: parseSendingHours('17:00-21:00'), zone: ZONE })).toBe('will see this this evening');
    // 23:30: tomorrow at 10:00.
    expect(seenWhen(at('2026-11-28T07:30:00Z'), { hours: HOURS, zone: ZONE })).toBe('will see this tomorrow morning');
    expect(seenWhen(at('2026-11-28T07:30:00Z'), { hours: HOURS, zone: ZONE }, 'es')).toBe('lo vera mañana por la mañana');
    expect(seenWhen(at('2026-11-27T18:00:00Z'), { hours: HOURS, zone: ZONE }, 'es')).toBe('lo vera hoy');
  });

  it('keeps the wall-clock hours across the DST change (Los Angeles, 1 November 2026)', () => {
    // 23:00 PDT on Saturday 31 October: the next window is 10:00 PST on Sunday.
    expect(seenWhen(at('2026-11-01T06:00:00Z'), { hours: HOURS, zone: ZONE })).toBe('will see this tomorrow morning');
  });
});

describe('nextDigestAt', () => {
  const rules = { minutes: 15, hours: HOURS, zone: ZONE };
  it('is now for the first, 15 minutes after the last otherwise, and the next window outside the therapist hours', () => {
    expect(nextDigestAt({}, NOW, rules)).toEqual(NOW);
    expect(nextDigestAt({ lastSentAt: new Date(NOW.getTime() - 5 * 60_000).toISOString() }, NOW, rules)).toEqual(new Date(NOW.getTime() + 10 * 60_000));
    expect(nextDigestAt({ lastSentAt: new Date(NOW.getTime() - 5 * 60_000).toISOString() }, NOW, { ...rules, minutes: 0 })).toEqual(NOW);
    expect(nextDigestAt({}, new Date('2026-11-28T07:30:00Z'), rules)).toEqual(new Date('2026-11-28T18:00:00Z'));
  });
});

describe('digestMessage', () => {
  it('names each client with a formatted number (a tel: link in the email), their words, the session and a link to the conversation, escaped', async () => {
    const s = await session('Ana <b>Ruiz</b>', '+13105550142');
    const item = inboxItem(s, inbound(s, 'can I take ibuprofen & rest?'));
    const message = digestMessage([item], { publicBaseUrl: 'http://localhost:3000', phoneRegion: 'US', zone: ZONE });
    expect(message.sms).toBe(`1 client message needs your reply:\nAna <b>Ruiz</b> ((310) 555-0142): "can I take ibuprofen & rest?" http://localhost:3000/#/sessions/${s.id}`);
    expect(message.subject).toBe('Ana <b>Ruiz</b> is waiting for your reply');
    expect(message.html).toContain('<a href="tel:+13105550142" style="color:#2b2b2b;">(310) 555-0142</a>');
    expect(message.html).toContain('Ana &lt;b&gt;Ruiz&lt;/b&gt;');
    expect(message.html).toContain('can I take ibuprofen &amp; rest?');
    expect(message.html).not.toContain('<b>Ruiz');
    expect(message.text).toContain('Swedish session Fri 27 Nov, by text:');
    expect(message.text).toContain(`Open the conversation: http://localhost:3000/#/sessions/${s.id}`);
  });
});

describe('notifyDueReplies', () => {
  it('sends the first at once, then at most one digest per 15 minutes carrying everything that waited', async () => {
    const s = await session();
    await asks(s, 'first question');
    expect(await notifyDueReplies(digestDeps())).toBe('sent');
    for (const minute of [2, 4, 6, 8]) {
      clock.set(new Date(NOW.getTime() + minute * 60_000));
      await asks(s, `question at minute ${minute}`);
      expect(await notifyDueReplies(digestDeps())).toBe('waiting');
    }
    clock.set(new Date(NOW.getTime() + 15 * 60_000));
    expect(await notifyDueReplies(digestDeps())).toBe('sent');
    expect(await notifyDueReplies(digestDeps())).toBe('nothing');
    expect(sms.sent).toHaveLength(2);
    expect(email.sent).toHaveLength(2);
    expect(sms.sent[1]?.body).toMatch(/^4 client messages need your reply/);
  });

  it('with 0 minutes sends each message at once', async () => {
    const s = await session();
    await asks(s, 'one');
    await notifyDueReplies(digestDeps(0));
    clock.advanceMinutes(1);
    await asks(s, 'two');
    await notifyDueReplies(digestDeps(0));
    expect(sms.sent.map((m) => m.body.includes('"two"'))).toEqual([false, true]);
  });

  it('keeps what arrives outside the therapist hours for the start of the next window', async () => {
    clock.set('2026-11-28T07:30:00Z');
    const s = await session();
    await asks(s, 'late question');
    expect(await notifyDueReplies(digestDeps())).toBe('waiting');
    clock.set('2026-11-28T18:00:00Z');
    expect(await notifyDueReplies(digestDeps())).toBe('sent');
    expect(sms.sent[0]?.body).toContain('late question');
  });

  it('sends only the channel that failed when the next sweep tries again, never the other twice', async () => {
    const s = await session();
    await asks(s, 'question');
    sms.failures.push('throttle');
    expect(await notifyDueReplies(digestDeps())).toBe('retrying');
    expect(email.sent).toHaveLength(1);
    // The claim holds the digest for 2 minutes; then the sweep takes it over.
    expect(await notifyDueReplies(digestDeps())).toBe('busy');
    clock.advanceMinutes(3);
    expect(await notifyDueReplies(digestDeps())).toBe('sent');
    expect(sms.sent).toHaveLength(1);
    expect(email.sent).toHaveLength(1);
  });

  it('leaves out an unverified email (it waits on the page, flagged) and what was handled meanwhile', async () => {
    const s = await session();
    await asks(s, 'who knows', { channel: 'email', unverified: true });
    expect(await notifyDueReplies(digestDeps())).toBe('nothing');
    expect((await stores.inbox.listOpen(10)).map((i) => i.unverified)).toEqual([true]);
  });
});

const answerDeps = (): AnswerDeps => ({
  ...stores, sms, email, clock, log: new CapturingLog(),
  settings: { therapistName: "Chris O'Hara", practiceName: "Chris O'Hara Massage", sendingHours: parseSendingHours('09:00-20:00'), linkKeys: TEST_LINK_KEYS, replyDomain: 'reply.example.com' },
});

describe('answerClient', () => {
  it('texts the client, records the answer as written by the therapist, and marks their waiting messages answered', async () => {
    const s = await session();
    const asked = await asks(s, 'can I take ibuprofen?');
    clock.advanceMinutes(2);
    const { message, handled } = await answerClient(answerDeps(), s.id, { channel: 'sms', text: 'Yes, ibuprofen is fine' });
    expect(sms.sent).toEqual([{ to: s.client.phone, body: 'Yes, ibuprofen is fine' }]);
    expect(message).toMatchObject({ direction: 'outbound', party: 'client', author: 'therapist', to: s.client.phone, status: 'sent' });
    expect(handled).toBe(1);
    expect(await stores.inbox.get({ sessionId: s.id, messageId: asked.id })).toMatchObject({ status: 'handled', handledVia: 'answered', handledBy: 'therapist' });
  });

  it("emails the answer in the client's thread: In-Reply-To and References from their email, Re: their subject", async () => {
    const s = await session();
    await asks(s, 'a question by email', { channel: 'email', emailMessageId: '<abc@mail.example>', subject: 'Aftercare from Chris' });
    await answerClient(answerDeps(), s.id, { channel: 'email', text: 'Here is my answer' });
    expect(email.sent[0]).toMatchObject({ to: s.client.email, subject: 'Re: Aftercare from Chris', inReplyTo: '<abc@mail.example>', references: ['<abc@mail.example>'] });
    expect(email.sent[0]?.text).toContain("Here is my answer\n\nChris O'Hara");
  });

  it('refuses with a plain 409 for an opted-out channel, and sends nothing', async () => {
    const s = await session();
    await stores.contacts.setOptOut('sms', s.client.phone as string, true, 'sms-keyword', NOW);
    await expect(answerClient(answerDeps(), s.id, { channel: 'sms', text: 'hello' })).rejects.toThrow('Jordan opted out of texts on Nov 27 by texting STOP, so nothing was sent.');
    expect(sms.sent).toEqual([]);
  });

  it('answers within 24 h of the client in quiet hours, and otherwise refuses, saying from when it can go', async () => {
    const s = await session();
    clock.set('2026-11-28T05:00:00Z'); // 21:00 in Los Angeles: quiet hours
    await expect(answerClient(answerDeps(), s.id, { channel: 'sms', text: 'checking in' })).rejects.toThrow(/It can be sent from 9:00 their time/);
    await asks(s, 'still sore?');
    clock.advanceMinutes(30);
    await answerClient(answerDeps(), s.id, { channel: 'sms', text: 'A little is normal' });
    expect(sms.sent.map((m) => m.body)).toEqual(['A little is normal']);
  });

  it('marks handled once: the first handling is kept', async () => {
    const s = await session();
    const asked = await asks(s, 'question');
    const first = await markHandled({ ...stores, clock, log: new CapturingLog() }, s.id, asked.id);
    clock.advanceMinutes(5);
    const again = await markHandled({ ...stores, clock, log: new CapturingLog() }, s.id, asked.id);
    expect(again.handledAt).toBe(first.handledAt);
    expect(await stores.inbox.listOpen(10)).toEqual([]);
  });
});
