import { beforeEach, describe, expect, it } from 'vitest';
import { memoryStores } from '#adapters/memory/stores';
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import { parseSendingHours } from '#domain/quiet-hours';
import type { Stores } from '#ports/stores';
import { acknowledgeEscalation, notifyEscalation } from '#use-cases/escalations';
import { sendDueFollowUps } from '#use-cases/send-due-follow-ups';
import { twiml } from '#adapters/twilio-webhook';
import { replyAddress } from '#domain/reply-address';
import { handleInboundEmail, handleInboundSms, KEPT_REPLY_CHARS, type InboundEmail, type ReplyDeps } from '#use-cases/replies';
import { recentSessions } from '#use-cases/dashboard';
import { enterSession, getSession } from '#use-cases/sessions';
import { CapturingLog, FakeClock, FakeEmail, FakeSms, TEST_LINK_KEYS, testSenderSettings } from './support/fakes.ts';

/** The reply pipeline on the in-memory stores: what replies.test.ts checks end to end, here in milliseconds. */
const templates = loadTemplatesFromDir(defaultTemplatesDir());
const THERAPIST = '+13108960696';
/** The current link key, and one retired a week before the tests' day (still verifying reply addresses). */
const KEYS = { current: { id: 'k1', key: 'test-secret' }, previous: [{ id: 'k0', key: 'old-secret', retiredAt: '2026-11-20T00:00:00Z' }] };
let stores: Stores;
let clock: FakeClock;
let notified: string[];
let digests: number[];
let sid = 0;

beforeEach(() => {
  stores = memoryStores();
  clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
  notified = [];
  digests = [];
});

const deps = (): ReplyDeps => ({
  ...stores,
  notifier: { notify: async (_sessionId, escalationId) => void notified.push(escalationId), notifyReplies: async () => void digests.push(1) },
  templates,
  clock,
  log: new CapturingLog(),
  settings: {
    practiceName: "Chris O'Hara Massage", therapistName: "Chris O'Hara", practicePhone: '(310) 896-0696', practiceHours: '10AM-10PM',
    therapistPhone: THERAPIST, publicBaseUrl: 'http://localhost:3000', linkKeys: KEYS, replyDomain: 'reply.example.com',
    therapistHours: parseSendingHours('10:00-22:00'), timezone: 'America/Los_Angeles',
  },
});

const asResult = (reply: string | undefined) => (reply === undefined ? {} : { reply });

const text = (from: string, body: string, messageSid = `SM${String((sid += 1)).padStart(10, '0')}`) => handleInboundSms(deps(), { from, body, messageSid }, asResult);

async function client(email?: string) {
  const { session } = await enterSession(
    { ...stores, clock, log: new CapturingLog(), settings: { timezone: 'America/Los_Angeles', phoneRegion: 'US', sendingHours: parseSendingHours('09:00-20:00'), consentWordingVersion: 'v1', defaultLanguage: 'en' as const } },
    {
      client: { name: 'Jordan Lee', phone: '(310) 555-0142', ...(email ? { email } : {}) },
      endedAt: new Date(clock.now().getTime() - 121 * 60_000).toISOString(),
      consent: { sms: true, email: Boolean(email) },
      // Several sessions of one client, on purpose.
      force: true,
    },
  );
  return session.id;
}

const CLIENT_EMAIL = 'jordan@example.com';
let mail: FakeEmail;
beforeEach(() => {
  mail = new FakeEmail();
});
let emailCount = 0;
const emailed = (sessionId: string, text: string, over: Partial<InboundEmail> = {}) =>
  handleInboundEmail(
    { ...deps(), email: mail },
    {
      from: CLIENT_EMAIL, recipients: [replyAddress(KEYS.current, 'reply.example.com', sessionId, CLIENT_EMAIL)], text,
      messageId: `<m${(emailCount += 1)}@example.com>`, verified: true, automatic: false, ...over,
    },
  );
const statuses = async (id: string) => (await stores.followUps.forSession(id)).map((f) => f.status);
const emailOptedOut = async () => (await stores.contacts.get([{ channel: 'email', address: CLIENT_EMAIL }]))[0]?.optedOut;

describe('automatic answers by email', () => {
  it('answer in the client\'s own thread: In-Reply-To and References their Message-ID, "Re: " their subject, from the practice by name', async () => {
    const id = await client(CLIENT_EMAIL);
    const before = mail.sent.length;
    await emailed(id, 'I have a bruise on my back', { headerMessageId: '<b1@client.example>', subject: 'Aftercare for your massage today at Chris O\'Hara Massage' });
    const answer = mail.sent.slice(before).find((m) => m.to === CLIENT_EMAIL);
    expect(answer).toMatchObject({
      inReplyTo: '<b1@client.example>',
      references: ['<b1@client.example>'],
      subject: "Re: Aftercare for your massage today at Chris O'Hara Massage",
      autoSubmitted: 'auto-replied',
    });
  });

  it('keeps one "Re:" on a subject that has one, and answers a Spanish email in Spanish', async () => {
    const id = await client(CLIENT_EMAIL);
    const before = mail.sent.length;
    await emailed(id, 'tengo un moretón grande en la espalda', { headerMessageId: '<b2@client.example>', subject: 'RE: Cuidados' });
    const answer = mail.sent.slice(before).find((m) => m.to === CLIENT_EMAIL);
    expect(answer?.subject).toBe('RE: Cuidados');
    expect(answer?.text).toMatch(/Gracias|gracias/);
  });
});

describe('the needs-reply inbox', () => {
  it('files a question in the inbox and starts the digest, with the email\'s Message-ID and subject kept for the answer', async () => {
    const id = await client(CLIENT_EMAIL);
    await emailed(id, 'can I take ibuprofen today?', { headerMessageId: '<q1@client.example>', subject: 'Re: Aftercare' });
    const [item] = await stores.inbox.listOpen(10);
    expect(item).toMatchObject({ sessionId: id, channel: 'email', text: 'can I take ibuprofen today?', status: 'open' });
    expect(digests).toHaveLength(1);
    const inbound = (await stores.sessions.view(id))!.messages.find((m) => m.direction === 'inbound');
    expect(inbound).toMatchObject({ emailMessageId: '<q1@client.example>', subject: 'Re: Aftercare' });
  });

  it('files neither a thanks, a keyword, an escalation nor an out-of-office', async () => {
    const id = await client(CLIENT_EMAIL);
    await text('+13105550142', 'thanks, feeling great');
    await text('+13105550142', 'HELP');
    await text('+13105550142', 'sharp pain in my shoulder');
    await emailed(id, 'I am out of the office until Monday.', { automatic: true });
    expect(await stores.inbox.listOpen(10)).toEqual([]);
    expect(digests).toEqual([]);
  });

  it('tells the client when the therapist will see it, from the therapist hours (23:30: tomorrow morning), and to call 911', async () => {
    await client();
    clock.set('2026-11-28T07:30:00Z');
    const answer = await text('+13105550142', 'is it ok to take a bath?');
    expect(answer).toEqual({ reply: expect.stringContaining("Chris O'Hara will see this tomorrow morning") });
    expect(answer).toEqual({ reply: expect.stringContaining('in an emergency, call 911') });
  });
});

describe('handleInboundSms on in-memory stores', () => {
  it('escalates a warning reply once: the therapist is notified, the follow-ups held, the client told', async () => {
    const id = await client();
    const { reply } = await text('+13105550142', 'sharp pain in my shoulder since this morning', 'SM0000000001');
    expect(reply).toMatch(/Chris O'Hara has been told/);
    expect(notified).toHaveLength(1);
    expect((await stores.followUps.forSession(id)).map((f) => f.status)).toEqual(['held', 'held', 'held']);

    expect(await text('+13105550142', 'sharp pain in my shoulder since this morning', 'SM0000000001')).toEqual({});
    expect(notified).toHaveLength(1);
  });

  it('lets the therapist acknowledge by text what they were texted about, and the follow-ups resume', async () => {
    const id = await client();
    await text('+13105550142', 'sharp pain in my shoulder');
    // Not texted yet: nothing is acknowledged unseen.
    expect((await text(THERAPIST, 'OK')).reply).toBe('Jordan Lee: the alert about their latest message is on its way. Read it, then reply OK 1.');
    const [open] = await stores.escalations.listOpen();
    const notify = { therapistPhone: THERAPIST, therapistEmail: 'chris@example.com', publicBaseUrl: 'http://localhost:3000', linkKeys: TEST_LINK_KEYS, escalationRenotifyMinutes: 30 };
    await notifyEscalation({ ...stores, sms: new FakeSms(), email: new FakeEmail(), templates, clock, log: new CapturingLog(), settings: notify }, id, open!.id);

    expect((await text(THERAPIST, 'ok, calling her')).reply).toBe('Acknowledged: Jordan Lee. Their automated follow-ups resume as gentle check-ins ("How are you feeling now?").');
    expect(await stores.escalations.listOpen()).toEqual([]);
    expect((await stores.followUps.forSession(id)).map((f) => [f.status, f.variant])).toEqual([['pending', 'checkin'], ['pending', 'checkin'], ['pending', 'checkin']]);
    expect(await stores.escalations.get(id, open!.id)).toMatchObject({ acknowledgedVia: 'therapist-sms', acknowledgedBy: "Chris O'Hara", outcome: 'resume' });
  });

  it('opts a number out on STOP without answering (the carrier does), and treats "yes" from a subscribed number as a reply', async () => {
    await client();
    expect(await text('+13105550142', 'yes')).toMatchObject({ reply: expect.any(String) });
    expect((await stores.contacts.get([{ channel: 'sms', address: '+13105550142' }]))[0]?.optedOut).toBe(false);
    expect(await text('+13105550142', 'STOP')).toEqual({});
    expect((await stores.contacts.get([{ channel: 'sms', address: '+13105550142' }]))[0]?.optedOut).toBe(true);
    expect((await text('+13105550142', 'please stop texting me')).reply).toBeDefined();
  });
});

describe('replays change nothing', () => {
  it('a replayed START after a STOP leaves the number opted out', async () => {
    await client();
    expect((await text('+13105550142', 'START', 'SM00000000X1')).reply).toBeDefined();
    await text('+13105550142', 'STOP', 'SM00000000Y1');
    expect(await text('+13105550142', 'START', 'SM00000000X1')).toEqual({});
    expect((await stores.contacts.get([{ channel: 'sms', address: '+13105550142' }]))[0]?.optedOut).toBe(true);
  });

  it("a replayed STOP from a number with no session is ignored after the client's START", async () => {
    await text('+13105550199', 'STOP', 'SM00000000S1');
    await text('+13105550199', 'START', 'SM00000000S2');
    await text('+13105550199', 'STOP', 'SM00000000S1');
    expect((await stores.contacts.get([{ channel: 'sms', address: '+13105550199' }]))[0]?.optedOut).toBe(false);
  });

  it("a replayed therapist 'OK' does not acknowledge an escalation opened since", async () => {
    const first = await client();
    await text('+13105550142', 'sharp pain in my shoulder');
    const notify = { therapistPhone: THERAPIST, therapistEmail: 'chris@example.com', publicBaseUrl: 'http://localhost:3000', linkKeys: KEYS, escalationRenotifyMinutes: 30 };
    const notifyDeps = { ...stores, sms: new FakeSms(), email: new FakeEmail(), templates, clock, log: new CapturingLog(), settings: notify };
    await notifyEscalation(notifyDeps, first, (await stores.escalations.listOpen())[0]!.id);
    expect((await text(THERAPIST, 'OK', 'SM00000000K1')).reply).toContain('Jordan Lee');

    await text('+13105550142', 'the sharp pain is back, worse');
    const [reopened] = await stores.escalations.listOpen();
    await notifyEscalation(notifyDeps, first, reopened!.id);
    expect(await text(THERAPIST, 'OK', 'SM00000000K1')).toEqual({});
    expect((await stores.escalations.listOpen()).map((e) => e.id)).toEqual([reopened!.id]);
  });

  it('a replayed email changes nothing', async () => {
    const id = await client(CLIENT_EMAIL);
    await emailed(id, 'sharp pain in my neck', { messageId: '<same@example.com>' });
    await emailed(id, 'sharp pain in my neck', { messageId: '<same@example.com>' });
    expect(mail.sent).toHaveLength(1);
    expect((await stores.sessions.view(id))?.messages.filter((m) => m.direction === 'inbound')).toHaveLength(1);
  });
});

describe('automatic answers', () => {
  it("never answers a phone's driving auto-reply, and does not escalate it", async () => {
    const id = await client();
    const auto = "I'm driving with Driving Focus turned on. I'll see your message when I get where I'm going.";
    expect(await text('+13105550142', auto)).toEqual({});
    const [logged] = (await stores.sessions.view(id))!.messages;
    expect(logged).toMatchObject({ automatic: true, body: auto });
    expect(await stores.escalations.listOpen()).toEqual([]);
    expect((await text('+13105550142', "I'm driving, my neck hurts a lot")).reply).toBeDefined();
  });

  it('escalates and answers a warning sign even in what looks like an auto-reply', async () => {
    await client();
    const reply = await text('+13105550142', 'Auto-reply: chest pain and my left arm is numb');
    expect(reply.reply).toMatch(/911/);
    expect(await stores.escalations.listOpen()).toHaveLength(1);
  });

  it('answers a contact point once in 12 hours, and a warning sign always', async () => {
    await client();
    expect((await text('+13105550142', 'thanks, feeling great')).reply).toBeDefined();
    expect(await text('+13105550142', 'really relaxed today')).toEqual({});
    expect((await text('+13105550142', 'sharp pain in my shoulder now')).reply).toMatch(/has been told/);
    clock.advanceMinutes(12 * 60);
    expect((await text('+13105550142', 'all good again')).reply).toBeDefined();
  });

  it('answers with valid TwiML a client whose stored name holds a NUL or an override (from before intake refused them)', async () => {
    const create = stores.sessions.create.bind(stores.sessions);
    stores.sessions.create = (input) => create({ ...input, session: { ...input.session, client: { ...input.session.client, firstName: 'Jo\u0000r\u202edan', name: 'Jo\u0000r\u202edan Lee' } } });
    const id = await client();
    const result = await handleInboundSms(deps(), { from: '+13105550142', body: 'thanks, feeling great', messageSid: 'SM00000000N1' }, twiml);
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('Jordan');
    // In conversation order: the store keeps messages by id, and two at the same instant come in either order.
    expect((await getSession(stores, id)).messages.map((m) => m.direction)).toEqual(['inbound', 'outbound']);
  });

  it('an answer that cannot be built is not recorded as sent, and the reply stays recorded', async () => {
    const id = await client();
    await expect(handleInboundSms(deps(), { from: '+13105550142', body: 'thanks!', messageSid: 'SM00000000T1' }, () => {
      throw new Error('invalid XML');
    })).rejects.toThrow('invalid XML');
    const messages = (await stores.sessions.view(id))!.messages;
    expect(messages.map((m) => m.direction)).toEqual(['inbound']);
  });

  it("answers an email with Auto-Submitted: auto-replied and the session's signed reply address, and never an out-of-office", async () => {
    const id = await client(CLIENT_EMAIL);
    await emailed(id, 'I am out of the office until Monday.', { automatic: true });
    expect(mail.sent).toEqual([]);
    await emailed(id, 'Feeling good, thank you!');
    expect(mail.sent).toEqual([expect.objectContaining({ autoSubmitted: 'auto-replied', replyTo: replyAddress(KEYS.current, 'reply.example.com', id, CLIENT_EMAIL) })]);
  });
});

describe('email replies that cannot be tied to the client', () => {
  it('from another address to the reply address: logged as unverified, nothing changes, no answer', async () => {
    const id = await client(CLIENT_EMAIL);
    const result = await emailed(id, 'STOP', { from: 'someone@else.example' });
    expect(result).toMatchObject({ sessionId: id, verified: false });
    expect(await emailOptedOut()).toBeFalsy();
    expect(mail.sent).toEqual([]);
    expect((await stores.sessions.view(id))!.messages).toEqual([expect.objectContaining({ unverified: true, body: 'STOP' })]);
  });

  it('failing the sender checks: a warning sign still reaches the therapist, marked, and holds nothing', async () => {
    const id = await client(CLIENT_EMAIL);
    await emailed(id, 'I have chest pain and cannot breathe', { verified: false });
    const [escalation] = await stores.escalations.listOpen();
    expect(escalation).toMatchObject({ urgent: true, replies: [expect.objectContaining({ unverified: true })] });
    expect(notified).toHaveLength(1);
    expect(await statuses(id)).toEqual(['pending', 'pending', 'pending']);
    expect(mail.sent).toEqual([]);
    // The client's own, verified reply then holds the follow-ups.
    await emailed(id, 'the chest pain is still there');
    expect(await statuses(id)).toEqual(['held', 'held', 'held']);
  });

  it('a forged reply address (wrong MAC, or signed for another client) is not trusted', async () => {
    const id = await client(CLIENT_EMAIL);
    const forged = replyAddress({ id: 'k1', key: 'not-our-secret' }, 'reply.example.com', id, CLIENT_EMAIL);
    const other = replyAddress(KEYS.current, 'reply.example.com', id, 'attacker@else.example');
    expect(await emailed(id, 'STOP', { from: 'attacker@else.example', recipients: [forged, other] })).toMatchObject({ sessionId: id, verified: false });
    expect(await emailOptedOut()).toBeFalsy();
    expect(mail.sent).toEqual([]);
  });

  it('an address signed with the previous key finds its own session, not the client\'s latest', async () => {
    const older = await client(CLIENT_EMAIL);
    clock.advanceMinutes(60);
    const latest = await client(CLIENT_EMAIL);
    expect(latest).not.toBe(older);
    const result = await emailed(older, 'thanks!', { recipients: [replyAddress(KEYS.previous[0]!, 'reply.example.com', older, CLIENT_EMAIL)] });
    expect(result).toMatchObject({ sessionId: older, verified: true });
    expect(await emailed(older, 'thanks!', { recipients: [`reply+${older}@reply.example.com`] })).toMatchObject({ sessionId: older, verified: true });
    // From the client's own address, an address signed with a retired key still names its session.
    expect(await emailed(older, 'thanks!', { recipients: [replyAddress({ id: 'k9', key: 'retired-secret' }, 'reply.example.com', older, CLIENT_EMAIL)] })).toMatchObject({ sessionId: older });
    // Naming none, it answers the session that last wrote to that address: the older one sent the automatic answer.
    expect(await emailed(older, 'thanks!', { recipients: [] })).toMatchObject({ sessionId: older });
  });

  it('an unsigned address from before, written to from another address: kept on that session, unverified', async () => {
    const id = await client(CLIENT_EMAIL);
    expect(await emailed(id, 'my calf is swollen and hot', { from: 'jordan.work@office.example', recipients: [`reply+${id}@reply.example.com`] }))
      .toMatchObject({ sessionId: id, verified: false, category: 'urgent' });
    expect(await stores.escalations.listOpen()).toEqual([expect.objectContaining({ replies: [expect.objectContaining({ unverified: true })] })]);
  });
});

describe('long replies', () => {
  it('a warning sign followed by 500 KB still escalates; the start is kept with the whole length', async () => {
    const id = await client(CLIENT_EMAIL);
    const long = `I have chest pain and my left arm is numb. ${'la '.repeat(170_000)}`;
    expect(await emailed(id, long)).toMatchObject({ category: 'urgent' });
    const [escalation] = await stores.escalations.listOpen();
    expect(escalation?.replies[0]?.text.length).toBeLessThanOrEqual(KEPT_REPLY_CHARS + 1);
    const [inbound] = (await stores.sessions.view(id))!.messages.filter((m) => m.direction === 'inbound');
    expect(inbound).toMatchObject({ fullLength: long.length });
    expect(inbound?.body?.startsWith('I have chest pain')).toBe(true);
  });
});

describe('failures keep the client\'s words', () => {
  it('an escalation that cannot be stored keeps the reply in the log and forgets its id for the retry', async () => {
    const id = await client();
    const broken = { ...stores, escalations: { ...stores.escalations, listOpen: () => stores.escalations.listOpen(), open: async () => { throw new Error('DynamoDB down'); } } };
    await expect(handleInboundSms({ ...deps(), ...broken }, { from: '+13105550142', body: 'sharp pain in my neck', messageSid: 'SM00000000E1' }, asResult)).rejects.toThrow('DynamoDB down');
    expect((await stores.sessions.view(id))!.messages.map((m) => m.body)).toEqual(['sharp pain in my neck']);
    expect((await text('+13105550142', 'sharp pain in my neck', 'SM00000000E1')).reply).toMatch(/has been told/);
    expect(await stores.escalations.listOpen()).toHaveLength(1);
  });

  it('an answer that cannot be logged still goes to the client', async () => {
    await client();
    const broken = { ...stores, messages: { ...stores.messages, append: async () => { throw new Error('DynamoDB down'); } } };
    const reply = await handleInboundSms({ ...deps(), ...broken }, { from: '+13105550142', body: 'chest pain and I cannot breathe', messageSid: 'SM00000000A1' }, asResult);
    expect(reply.reply).toMatch(/911/);
  });

  it('an emailed STOP that cannot be stored is forgotten, so the retry opts out', async () => {
    await client(CLIENT_EMAIL);
    const id = (await stores.sessions.latestByEmail(CLIENT_EMAIL))!.id;
    const broken = { ...stores, contacts: { ...stores.contacts, setOptOut: async () => { throw new Error('DynamoDB down'); } } };
    const message = { from: CLIENT_EMAIL, recipients: [replyAddress(KEYS.current, 'reply.example.com', id, CLIENT_EMAIL)], text: 'STOP', messageId: '<stop@x>', verified: true, automatic: false };
    await expect(handleInboundEmail({ ...deps(), ...broken, email: mail }, message)).rejects.toThrow('DynamoDB down');
    await handleInboundEmail({ ...deps(), email: mail }, message);
    expect(await emailOptedOut()).toBe(true);
  });

  it('a hold interrupted after the escalation was opened is made by the next warning reply', async () => {
    const id = await client();
    const broken = { ...stores, followUps: { ...stores.followUps, forSession: async () => { throw new Error('DynamoDB down'); } } };
    await expect(handleInboundSms({ ...deps(), ...broken }, { from: '+13105550142', body: 'sharp pain in my neck', messageSid: 'SM00000000H1' }, asResult)).rejects.toThrow();
    expect(await stores.escalations.listOpen()).toHaveLength(1);
    await text('+13105550142', 'the sharp pain is worse now');
    expect(await statuses(id)).toEqual(['held', 'held', 'held']);
  });

  it('an escalation keeps each reply\'s start and its latest 20 replies, however many arrive', async () => {
    await client();
    for (let i = 0; i < 25; i += 1) await text('+13105550142', `sharp pain again ${i} ${'痛'.repeat(7_000)}`);
    const [escalation] = await stores.escalations.listOpen();
    expect(escalation?.replies).toHaveLength(20);
    expect(Math.max(...escalation!.replies.map((r) => r.text.length))).toBeLessThanOrEqual(1_001);
    expect(escalation?.replies.at(-1)?.text).toMatch(/^sharp pain again 24/);
  });
});


describe('opt-outs in what the therapist reads', () => {
  const sessionDeps = () => ({ ...stores, clock, log: new CapturingLog(), settings: { timezone: 'America/Los_Angeles', phoneRegion: 'US', sendingHours: parseSendingHours('09:00-20:00'), consentWordingVersion: 'v1', defaultLanguage: 'en' as const } });

  it('shows after STOP that texts are opted out (when, how) and every text follow-up still to go as opted out, not scheduled', async () => {
    const id = await client();
    expect((await getSession(stores, id)).followUps.map((f) => f.status)).toEqual(['scheduled', 'deferred', 'deferred']);
    clock.advanceMinutes(3);
    await text('+13105550142', 'STOP');
    const view = await getSession(stores, id);
    expect(view.channels).toEqual([
      expect.objectContaining({ channel: 'sms', state: 'opted-out', optedOut: { at: clock.now().toISOString(), source: 'sms-keyword', how: 'a STOP text' } }),
    ]);
    expect(view.followUps.map((f) => [f.status, f.channelStatus.sms])).toEqual([
      ['opted-out', 'opted-out'], ['opted-out', 'opted-out'], ['opted-out', 'opted-out'],
    ]);
  });

  it('shows an email opted out by an email asking to stop, while texts still go', async () => {
    const id = await client(CLIENT_EMAIL);
    await emailed(id, 'STOP');
    const view = await getSession(stores, id);
    expect(view.channels.map((c) => [c.channel, c.state, c.optedOut?.how])).toEqual([['sms', 'on', undefined], ['email', 'opted-out', 'an email reply asking to stop']]);
    expect(view.followUps[0]).toMatchObject({ status: 'scheduled', channelStatus: { sms: 'scheduled', email: 'opted-out' } });
  });

  it('reads the contact points of every listed session in one call, each address once', async () => {
    await client(CLIENT_EMAIL);
    await client(CLIENT_EMAIL);
    const calls: number[] = [];
    const contacts = { get: (keys: Parameters<Stores['contacts']['get']>[0]) => (calls.push(keys.length), stores.contacts.get(keys)) };
    await text('+13105550142', 'STOP');
    const listed = await recentSessions({ ...stores, contacts, clock, settings: { phoneRegion: 'US', retentionDays: 180 } }, 3);
    expect(listed).toHaveLength(2);
    expect(listed.every((s) => s.channels[0]?.state === 'opted-out')).toBe(true);
    expect(calls).toEqual([2]);
  });

  it('says so when a session is entered for a number that opted out before', async () => {
    await text('+13105550142', 'STOP');
    const { session } = await enterSession(sessionDeps(), { client: { name: 'Jordan Lee', phone: '(310) 555-0142' }, consent: { sms: true, email: false } });
    expect(session.channels[0]?.state).toBe('opted-out');
    expect(session.followUps.every((f) => f.status === 'opted-out')).toBe(true);
  });
});

describe("the therapist's alert, as sent", () => {
  const notify = { therapistPhone: THERAPIST, therapistEmail: 'chris@example.com', phoneRegion: 'US', publicBaseUrl: 'http://localhost:3000', linkKeys: KEYS, escalationRenotifyMinutes: 30 };

  async function alerted(firstReply: string, modality?: string) {
    const { session } = await enterSession(
      { ...stores, clock, log: new CapturingLog(), settings: { timezone: 'America/Los_Angeles', phoneRegion: 'US', sendingHours: parseSendingHours('09:00-20:00'), consentWordingVersion: 'v1', defaultLanguage: 'en' as const } },
      {
        client: { name: 'Ana Ruiz', phone: '(310) 555-0142', email: CLIENT_EMAIL },
        endedAt: new Date(clock.now().getTime() - 121 * 60_000).toISOString(),
        ...(modality ? { modality } : {}),
        consent: { sms: true, email: true },
      },
    );
    await text('+13105550142', firstReply);
    const [open] = await stores.escalations.listOpen();
    const sms = new FakeSms();
    const email = new FakeEmail();
    const log = new CapturingLog();
    await notifyEscalation({ ...stores, sms, email, templates, clock, log, settings: notify }, session.id, open!.id);
    return { sms: sms.sent[0]!.body, email: email.sent[0]!, log, sessionId: session.id };
  }

  it('starts with URGENT and what is wrong, then who and the number to call, the words, why in plain words, the session and one link', async () => {
    const { sms, email, sessionId } = await alerted('chest pain and trouble breathing', 'deep tissue');
    expect(sms.split('\n')).toEqual([
      'URGENT: chest pain and trouble breathing - Ana Ruiz, (310) 555-0142',
      '"chest pain and trouble breathing"',
      'Why: chest pain or tightness; trouble breathing',
      'Session: deep tissue, Fri 27 Nov',
      `http://localhost:3000/#/sessions/${sessionId}`,
      'Reply OK 1 to acknowledge',
    ]);
    expect(email.subject).toBe('URGENT: chest pain and trouble breathing — Ana Ruiz');
    expect(email.html).toContain('<a href="tel:+13105550142" style="color:#2b2b2b;">(310) 555-0142</a>');
    expect(email.html).toContain('Session: deep tissue, Fri 27 Nov');
    expect(email.text).toContain('Why you are seeing this: chest pain or tightness; trouble breathing');
    expect(email.text).not.toMatch(/: "chest pain"/);
    expect([...email.html.matchAll(/href="(?!tel:)([^"]+)"/g)].map((m) => m[1])).toEqual([expect.stringMatching(/^http:\/\/localhost:3000\/escalations\/ack\?t=/)]);
  });

  it('heads a warning that is not urgent with the sign itself ("Sharp pain — Ana Ruiz"), and logs no client data', async () => {
    const { sms, email, log } = await alerted('sharp pain in my shoulder since this morning');
    expect(sms.startsWith('Sharp pain - Ana Ruiz, (310) 555-0142\n')).toBe(true);
    expect(sms).toContain('Session: Fri 27 Nov');
    expect(email.subject).toBe('Sharp pain — Ana Ruiz');
    const logged = JSON.stringify(log);
    for (const secret of ['Ana Ruiz', '555-0142', '5550142', 'shoulder', CLIENT_EMAIL]) expect(logged).not.toContain(secret);
  });
});

/** A session of any client, ended `minutesAgo` ago. */
async function sessionOf(name: string, phone: string, minutesAgo: number, email?: string) {
  const { session } = await enterSession(
    { ...stores, clock, log: new CapturingLog(), settings: { timezone: 'America/Los_Angeles', phoneRegion: 'US', sendingHours: parseSendingHours('09:00-20:00'), consentWordingVersion: 'v1', defaultLanguage: 'en' as const } },
    {
      client: { name, phone, ...(email ? { email } : {}) },
      endedAt: new Date(clock.now().getTime() - minutesAgo * 60_000).toISOString(),
      consent: { sms: true, email: Boolean(email) },
      force: true,
    },
  );
  return session.id;
}

let therapistSms = new FakeSms();
beforeEach(() => {
  therapistSms = new FakeSms();
});
const notifyDeps = () => ({
  ...stores, sms: therapistSms, email: new FakeEmail(), templates, clock, log: new CapturingLog(),
  settings: { therapistPhone: THERAPIST, therapistEmail: 'chris@example.com', publicBaseUrl: 'http://localhost:3000', linkKeys: TEST_LINK_KEYS, escalationRenotifyMinutes: 30 },
});
const notifyAll = async () => {
  for (const e of await stores.escalations.listOpen()) await notifyEscalation(notifyDeps(), e.sessionId, e.id);
};
const sweepClient = (sms: FakeSms) =>
  sendDueFollowUps({ ...stores, sms, email: new FakeEmail(), templates, clock, log: new CapturingLog(), settings: testSenderSettings() }, { remainingMs: () => 60_000 });

describe('an escalation covers the client, not one session', () => {
  it('a client with two active sessions texts a warning sign: both sessions\' pending follow-ups are held', async () => {
    const yesterday = await sessionOf('Ana Ruiz', '(310) 555-0150', 26 * 60);
    const today = await sessionOf('Ana Ruiz', '(310) 555-0150', 121);
    await text('+13105550150', 'sharp pain in my lower back');

    const [escalation] = await stores.escalations.listOpen();
    expect(escalation?.heldSessions?.sort()).toEqual([yesterday, today].sort());
    expect((await stores.followUps.forSession(yesterday)).filter((f) => f.status === 'pending')).toEqual([]);
    expect((await stores.followUps.forSession(yesterday)).find((f) => f.step === '48h')).toMatchObject({ status: 'held', heldBy: escalation?.id });
    expect(await statuses(today)).toEqual(['held', 'held', 'held']);

    // The older session sends no "sore today?" while it is open (09:00 in Los Angeles, its 48h and today's 24h due).
    clock.advanceMinutes(23 * 60);
    const sms = new FakeSms();
    await sweepClient(sms);
    await sweepClient(sms);
    expect(sms.sent).toEqual([]);
  });

  it('files the escalation on the session whose message was last sent to that number, not the newest', async () => {
    const older = await sessionOf('Ana Ruiz', '(310) 555-0150', 121);
    await sweepClient(new FakeSms());
    const newer = await sessionOf('Ana Ruiz', '(310) 555-0150', 30);
    await text('+13105550150', 'sharp pain in my shoulder');
    const [escalation] = await stores.escalations.listOpen();
    expect(escalation?.sessionId).toBe(older);
    expect(escalation?.sessionId).not.toBe(newer);
  });

  it('acknowledging releases what it held on every session, as gentle check-ins', async () => {
    const yesterday = await sessionOf('Ana Ruiz', '(310) 555-0150', 26 * 60);
    const today = await sessionOf('Ana Ruiz', '(310) 555-0150', 121);
    await text('+13105550150', 'sharp pain in my lower back');
    const [escalation] = await stores.escalations.listOpen();
    await acknowledgeEscalation(deps(), escalation!.sessionId, escalation!.id, { via: 'api', by: "Chris O'Hara", outcome: 'resume', note: 'Called, she is fine' });
    for (const id of [yesterday, today]) {
      expect((await stores.followUps.forSession(id)).filter((f) => f.status === 'held')).toEqual([]);
    }
    expect((await stores.followUps.forSession(yesterday)).find((f) => f.step === '48h')).toMatchObject({ status: 'pending', variant: 'checkin' });

    // The resumed texts are check-ins, not "mild soreness is normal" (09:00 in Los Angeles: the 48h and 24h due).
    clock.advanceMinutes(23 * 60);
    const sms = new FakeSms();
    // (A run sends at most one follow-up per session: the first skips the stale ones.)
    await sweepClient(sms);
    await sweepClient(sms);
    expect(sms.sent.map((m) => m.body)).toEqual([expect.stringContaining('How are you feeling now?'), expect.stringContaining('How are you feeling now?')]);
    const view = await stores.sessions.view(yesterday);
    expect(view?.messages.find((m) => m.direction === 'outbound')).toMatchObject({ template: '48h-checkin' });
    const todays = await stores.sessions.view(today);
    expect(todays?.messages.filter((m) => m.direction === 'outbound').map((m) => m.template)).toContain('checkin');;
  });

  it('"skip the rest" skips what it held on every session; urgent skips by default', async () => {
    const yesterday = await sessionOf('Ana Ruiz', '(310) 555-0150', 26 * 60);
    const today = await sessionOf('Ana Ruiz', '(310) 555-0150', 121);
    await text('+13105550150', 'I have chest pain and trouble breathing');
    const [escalation] = await stores.escalations.listOpen();
    expect(escalation?.urgent).toBe(true);
    const result = await acknowledgeEscalation(deps(), escalation!.sessionId, escalation!.id, { via: 'link', by: "Chris O'Hara" });
    expect(result?.escalation.outcome).toBe('skip');
    expect((await stores.followUps.forSession(yesterday)).find((f) => f.step === '48h')).toMatchObject({ status: 'skipped' });
    expect(await statuses(today)).toEqual(['skipped', 'skipped', 'skipped']);
  });

  it('keeps a session held while another open escalation of the client still covers it', async () => {
    const first = await sessionOf('Ana Ruiz', '(310) 555-0150', 26 * 60, 'ana@example.com');
    const second = await sessionOf('Ana Ruiz', '(310) 555-0151', 121, 'ana@example.com');
    await text('+13105550150', 'sharp pain in my lower back');
    await text('+13105550151', 'sharp pain in my neck too');
    const open = await stores.escalations.listOpen();
    expect(open).toHaveLength(2);
    const onFirst = open.find((e) => e.sessionId === first)!;
    await acknowledgeEscalation(deps(), second, open.find((e) => e.sessionId === second)!.id, { via: 'api', by: 'Chris', outcome: 'resume' });
    expect((await stores.followUps.forSession(second)).map((f) => [f.status, f.heldBy])).toEqual([
      ['held', onFirst.id], ['held', onFirst.id], ['held', onFirst.id],
    ]);
  });

  it('a number shared by two clients: a reply that names one is filed on hers, and the alert says the number is shared', async () => {
    const maria = await sessionOf('Maria Lopez', '(310) 555-0160', 121);
    await sweepClient(new FakeSms());
    clock.advanceMinutes(1);
    // Her mother's 2h text went out last.
    const mother = await sessionOf('Carmen Lopez', '(310) 555-0160', 122);
    await sweepClient(new FakeSms());
    expect((await stores.sessions.view(mother))?.messages).toHaveLength(1);
    await text('+13105550160', "It's Maria, sharp pain in my shoulder since the massage");
    const [named] = await stores.escalations.listOpen();
    expect(named).toMatchObject({ sessionId: maria, sharedWith: ['Carmen Lopez'] });
    expect(mother).not.toBe(maria);

    await notifyAll();
    expect(therapistSms.sent.at(-1)?.body).toContain('shared with Carmen Lopez');
  });

  it('a number shared by two clients: a reply naming no one goes to the session last messaged', async () => {
    await sessionOf('Maria Lopez', '(310) 555-0160', 121);
    await sweepClient(new FakeSms());
    clock.advanceMinutes(1);
    const mother = await sessionOf('Carmen Lopez', '(310) 555-0160', 122);
    await sweepClient(new FakeSms());
    await text('+13105550160', 'sharp pain in my shoulder');
    const [escalation] = await stores.escalations.listOpen();
    expect(escalation).toMatchObject({ sessionId: mother, sharedWith: ['Maria Lopez'] });
  });
});

describe('therapist texts that address one escalation', () => {
  async function twoOpen() {
    await sessionOf('Ana Ruiz', '(310) 555-0150', 121);
    await sessionOf('Ben Li', '(310) 555-0170', 121);
    await text('+13105550150', 'sharp pain in my lower back');
    clock.advanceMinutes(1);
    await text('+13105550170', 'sharp pain in my knee');
    await notifyAll();
    return stores.escalations.listOpen();
  }

  it('names a short code in each alert, unambiguous among the open ones', async () => {
    const open = await twoOpen();
    expect(open.map((e) => [e.clientName, e.code]).sort()).toEqual([['Ana Ruiz', 1], ['Ben Li', 2]]);
    expect(therapistSms.sent.map((m) => m.body.split('\n').at(-1)).sort()).toEqual(['Reply OK 1 to acknowledge', 'Reply OK 2 to acknowledge']);
  });

  it('a bare OK with two open answers with the list and acknowledges nothing; OK 2 acknowledges that one', async () => {
    await twoOpen();
    expect((await text(THERAPIST, 'OK')).reply).toBe('2 open: Ana Ruiz (OK 1), Ben Li (OK 2). Reply OK and the number to acknowledge one, e.g. OK 1.');
    expect(await stores.escalations.listOpen()).toHaveLength(2);

    expect((await text(THERAPIST, 'OK 2', 'SMTHERAPIST2')).reply).toMatch(/^Acknowledged: Ben Li\./);
    expect((await stores.escalations.listOpen()).map((e) => e.clientName)).toEqual(['Ana Ruiz']);

    // A replay changes nothing, and the code is free again for the next one.
    expect(await text(THERAPIST, 'OK 2', 'SMTHERAPIST2')).toEqual({});
    expect(await stores.escalations.listOpen()).toHaveLength(1);
    expect((await text(THERAPIST, 'ok 7')).reply).toMatch(/^No open escalation has the code 7\. 1 open: Ana Ruiz \(OK 1\)/);
    expect((await text(THERAPIST, 'OK')).reply).toMatch(/^Acknowledged: Ana Ruiz\./);
    expect(await stores.escalations.listOpen()).toEqual([]);
  });

  it('an OK sent before the alert about a newer, urgent reply went out leaves it open, and that alert is still sent', async () => {
    const id = await sessionOf('Ana Ruiz', '(310) 555-0150', 121);
    await text('+13105550150', 'sharp pain in my lower back');
    await notifyAll();
    const textsBefore = therapistSms.sent.length;
    // The client writes again; the notifier has not sent the new round yet when the therapist answers the first.
    clock.advanceMinutes(3);
    await text('+13105550150', 'now I have chest pain and trouble breathing');
    expect((await text(THERAPIST, 'OK')).reply).toBe('Ana Ruiz: the alert about their latest message is on its way. Read it, then reply OK 1.');
    const [still] = await stores.escalations.listOpen();
    expect(still).toMatchObject({ status: 'open', urgent: true });
    expect(await statuses(id)).toEqual(['held', 'held', 'held']);

    await notifyAll();
    expect(therapistSms.sent.slice(textsBefore).map((m) => m.body)).toEqual([expect.stringMatching(/^URGENT: chest pain.*Ana Ruiz/s)]);
    expect((await text(THERAPIST, 'OK')).reply).toBe('Acknowledged: Ana Ruiz. The rest of their automated follow-ups are skipped, as it was urgent.');
    expect(await statuses(id)).toEqual(['skipped', 'skipped', 'skipped']);
  });
});
