import { beforeEach, describe, expect, it } from 'vitest';
import { memoryStores } from '#adapters/memory/stores';
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import { claim, complete, isRefused, type SendResult } from '#domain/follow-up';
import type { FollowUp } from '#domain/model';
import { parseSendingHours } from '#domain/quiet-hours';
import type { Stores } from '#ports/stores';
import { cancelSession, enterSession, type SessionDeps } from '#use-cases/sessions';
import { sendDueFollowUps, type SenderDeps } from '#use-cases/send-due-follow-ups';
import { CapturingLog, FakeClock, FakeEmail, FakeSms, testSenderSettings } from './support/fakes.ts';

const templates = loadTemplatesFromDir(defaultTemplatesDir());
const sendingHours = parseSendingHours('09:00-20:00');
// 2026-11-27 10:00 in Los Angeles (PST, UTC-8): inside sending hours.
const MORNING_LA = new Date('2026-11-27T18:00:00Z');

let stores: Stores;
let clock: FakeClock;
let log: CapturingLog;

const sessionDeps = (): SessionDeps => ({
  ...stores,
  clock,
  log,
  settings: { timezone: 'America/Los_Angeles', phoneRegion: 'US', sendingHours, consentWordingVersion: 'v1', defaultLanguage: 'en' },
});

const senderDeps = (sms: FakeSms, email: FakeEmail): SenderDeps => ({
  ...stores,
  sms,
  email,
  templates,
  clock,
  log,
  settings: testSenderSettings({ replyDomain: 'reply.example.com' }),
});

const sweep = (deps: SenderDeps) => sendDueFollowUps(deps, { remainingMs: () => 60_000 });

async function enter(minutesAgo: number, overrides: Record<string, unknown> = {}) {
  const { session } = await enterSession(sessionDeps(), {
    client: { name: 'Jordan Lee', phone: '(310) 555-0142', email: 'jordan@example.com' },
    endedAt: new Date(clock.now().getTime() - minutesAgo * 60_000).toISOString(),
    consent: { sms: true, email: true },
    ...overrides,
  });
  return session;
}

const followUp = async (id: string, step: string) => (await stores.sessions.view(id))?.followUps.find((f) => f.step === step);

/** What a sender does first: claims the follow-up for five minutes. */
async function claimAs(fu: FollowUp, token: string): Promise<FollowUp | undefined> {
  const step = claim(fu, token, clock.now(), new Date(clock.now().getTime() + 5 * 60_000));
  return !isRefused(step) && (await stores.followUps.apply(step)) ? step.next : undefined;
}

/** What a sender does last: records the outcome, if the claim is still its own. */
async function completeAs(fu: FollowUp, token: string, result: SendResult): Promise<boolean> {
  const step = complete(fu, token, result, clock.now());
  return !isRefused(step) && stores.followUps.apply(step, []);
}

beforeEach(() => {
  stores = memoryStores();
  clock = new FakeClock(MORNING_LA);
  log = new CapturingLog();
});

describe('sendDueFollowUps', () => {
  it('sends the 2 h follow-up by text and email once it is due, greeting the client by first name, and logs both messages', async () => {
    const session = await enter(121);
    const sms = new FakeSms();
    const email = new FakeEmail();

    const summary = await sweep(senderDeps(sms, email));

    expect(summary.sent).toBe(1);
    expect(sms.sent).toHaveLength(1);
    expect(sms.sent[0]?.to).toBe('+13105550142');
    expect(sms.sent[0]?.body).toMatch(/^Hi Jordan\b/);
    expect(sms.sent[0]?.body).toContain('Reply STOP');
    expect(email.sent[0]?.to).toBe('jordan@example.com');
    expect(email.sent[0]?.unsubscribeUrl).toMatch(/^http:\/\/localhost:3000\/unsubscribe\?t=/);
    expect(email.sent[0]?.replyTo).toMatch(new RegExp(`^reply\\+${session.id}\\.[0-9a-f]{20}@reply\\.example\\.com$`));
    const view = await stores.sessions.view(session.id);
    expect(view?.followUps.map((f) => f.status)).toEqual(['sent', 'pending', 'pending']);
    expect(view?.messages.map((m) => [m.channel, m.template, m.status, m.providerId])).toEqual(
      expect.arrayContaining([
        ['sms', '2h', 'sent', 'SM1'],
        ['email', '2h', 'sent', 'ses-1'],
      ]),
    );
  });

  it('sends nothing before a follow-up is due', async () => {
    await enter(119);
    const sms = new FakeSms();
    expect((await sweep(senderDeps(sms, new FakeEmail()))).sent).toBe(0);
    expect(sms.sent).toHaveLength(0);
  });

  it('sends each follow-up exactly once when four senders run at the same time over the same backlog', async () => {
    const sessions = await Promise.all(Array.from({ length: 30 }, () => enter(125)));
    const sms = new FakeSms(5);
    const email = new FakeEmail(5);
    const deps = senderDeps(sms, email);

    const summaries = await Promise.all([sweep(deps), sweep(deps), sweep(deps), sweep(deps)]);

    expect(summaries.reduce((n, s) => n + s.sent, 0)).toBe(30);
    expect(sms.sent).toHaveLength(30);
    expect(email.sent).toHaveLength(30);
    for (const session of sessions) {
      expect((await followUp(session.id, '2h'))?.status).toBe('sent');
    }
    // A later run finds nothing more to send.
    expect((await sweep(deps)).sent).toBe(0);
    expect(sms.sent).toHaveLength(30);
  });

  it('does not resend after a retried invocation: a second sweep over sent follow-ups sends nothing', async () => {
    await enter(130);
    const sms = new FakeSms();
    const deps = senderDeps(sms, new FakeEmail());
    await sweep(deps);
    await sweep(deps);
    expect(sms.sent).toHaveLength(1);
  });

  it('reconciles a claim whose sender died mid-send as unknown instead of sending it again', async () => {
    const session = await enter(125);
    const fu = await followUp(session.id, '2h');
    const claimed = await claimAs(fu!, 'dead-sender');
    expect(claimed).toBeDefined();
    const sms = new FakeSms();

    clock.advanceMinutes(2);
    await sweep(senderDeps(sms, new FakeEmail()));
    expect((await followUp(session.id, '2h'))?.status).toBe('claimed');

    clock.advanceMinutes(4);
    const summary = await sweep(senderDeps(sms, new FakeEmail()));
    expect(summary.reconciled).toBe(1);
    const after = await followUp(session.id, '2h');
    expect(after?.status).toBe('unknown');
    expect(after?.channels.sms?.status).toBe('unknown');
    expect(sms.sent).toHaveLength(0);
    expect(log.lines.some((l) => l.includes('outcome unknown'))).toBe(true);
  });

  it('keeps a throttled channel due again with backoff and sends only that channel on retry', async () => {
    const session = await enter(121);
    const sms = new FakeSms();
    const email = new FakeEmail();
    email.failures = ['throttle'];

    const first = await sweep(senderDeps(sms, email));
    expect(first.retrying).toBe(1);
    const waiting = await followUp(session.id, '2h');
    expect(waiting?.status).toBe('pending');
    expect(waiting?.channels.sms?.status).toBe('sent');
    expect(waiting?.channels.email?.status).toBe('pending');
    expect(new Date(waiting!.sendAt).getTime()).toBe(clock.now().getTime() + 60_000);

    await sweep(senderDeps(sms, email));
    expect(email.sent).toHaveLength(0);

    clock.advanceMinutes(1);
    await sweep(senderDeps(sms, email));
    expect(email.sent).toHaveLength(1);
    expect(sms.sent).toHaveLength(1);
    expect((await followUp(session.id, '2h'))?.status).toBe('sent');
  });

  it('marks a permanent failure failed with its reason and does not retry it', async () => {
    const session = await enter(121, { consent: { sms: true, email: false } });
    const sms = new FakeSms();
    sms.failures = ['permanent'];

    await sweep(senderDeps(sms, new FakeEmail()));
    clock.advanceMinutes(60);
    await sweep(senderDeps(sms, new FakeEmail()));

    const fu = await followUp(session.id, '2h');
    expect(fu?.status).toBe('failed');
    expect(fu?.channels.sms?.reason).toBe('provider: invalid number');
    expect(sms.sent).toHaveLength(0);
  });

  it('gives up after repeated throttling and records why', async () => {
    const session = await enter(121, { consent: { sms: true, email: false } });
    const sms = new FakeSms();
    sms.failures = Array(10).fill('throttle');
    for (let i = 0; i < 8; i += 1) {
      await sweep(senderDeps(sms, new FakeEmail()));
      clock.advanceMinutes(31);
    }
    const fu = await followUp(session.id, '2h');
    expect(fu?.status).toBe('failed');
    expect(fu?.reason).toMatch(/gave up after 6 attempts/);
  });

  it('never texts an opted-out number, but still emails', async () => {
    const session = await enter(121);
    await stores.contacts.setOptOut('sms', '+13105550142', true, 'test', clock.now());
    const sms = new FakeSms();
    const email = new FakeEmail();

    await sweep(senderDeps(sms, email));

    expect(sms.sent).toHaveLength(0);
    expect(email.sent).toHaveLength(1);
    expect((await followUp(session.id, '2h'))?.channels.sms).toMatchObject({ status: 'skipped', reason: 'opted out' });
  });

  it('marks the number opted out when the provider says the recipient replied STOP', async () => {
    await enter(121, { consent: { sms: true, email: false } });
    const sms = new FakeSms();
    sms.failures = ['opted-out'];
    await sweep(senderDeps(sms, new FakeEmail()));
    const [contact] = await stores.contacts.get([{ channel: 'sms', address: '+13105550142' }]);
    expect(contact?.optedOut).toBe(true);
  });

  it('sends only to channels the client consented to', async () => {
    await enter(121, { consent: { sms: false, email: true } });
    const sms = new FakeSms();
    const email = new FakeEmail();
    await sweep(senderDeps(sms, email));
    expect(sms.sent).toHaveLength(0);
    expect(email.sent).toHaveLength(1);
  });

  it('sends nothing for a cancelled session', async () => {
    const session = await enter(121);
    await cancelSession(sessionDeps(), session.id);
    const sms = new FakeSms();
    await sweep(senderDeps(sms, new FakeEmail()));
    expect(sms.sent).toHaveLength(0);
    expect((await stores.sessions.view(session.id))?.followUps.map((f) => f.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('sends nothing more for a session cancelled while one of its follow-ups was being sent and then retried', async () => {
    const session = await enter(121, { consent: { sms: true, email: false } });
    const fu = await followUp(session.id, '2h');
    const claimed = await claimAs(fu!, 'in-flight');
    await cancelSession(sessionDeps(), session.id);
    // The in-flight attempt was throttled: its sender writes it back as due in a minute.
    await completeAs(claimed!, 'in-flight', { status: 'pending', sendAt: new Date(clock.now().getTime() + 60_000).toISOString(), outcomes: [] });

    clock.advanceMinutes(2);
    const sms = new FakeSms();
    await sweep(senderDeps(sms, new FakeEmail()));
    await sweep(senderDeps(sms, new FakeEmail()));
    expect(sms.sent).toHaveLength(0);
    expect((await followUp(session.id, '2h'))?.status).toBe('cancelled');
  });

  it('sends only the 48 h check-in for a session entered two days late', async () => {
    const session = await enter(48 * 60 + 5);
    const sms = new FakeSms();
    await sweep(senderDeps(sms, new FakeEmail()));
    expect(sms.sent).toHaveLength(1);
    // The first text the number gets: who it is from, and how to stop them.
    expect(sms.sent[0]?.body).toMatch(/^Chris O'Hara Massage: Hi Jordan, .* Reply STOP to opt out$/);
    expect((await stores.sessions.view(session.id))?.followUps.map((f) => f.status)).toEqual(['skipped', 'skipped', 'sent']);
  });

  it('skips a follow-up that became stale while waiting (sender down for a day) and sends one follow-up per session per run', async () => {
    const session = await enter(121);
    clock.advanceMinutes(24 * 60);
    const sms = new FakeSms();
    const deps = senderDeps(sms, new FakeEmail());

    await sweep(deps);
    const after = await stores.sessions.view(session.id);
    expect(after?.followUps.find((f) => f.step === '2h')?.status).toBe('skipped');
    expect(sms.sent.length).toBeLessThanOrEqual(1);
    await sweep(deps);
    expect(after?.followUps.find((f) => f.step === '2h')).toMatchObject({
      reason: 'Not sent: by the time it could go out, the 24-hour message was due within 6 hours, so that one goes out instead',
      reasonCode: 'stale',
    });
    expect((await followUp(session.id, '24h'))?.status).toBe('sent');
    expect(sms.sent).toHaveLength(1);
  });

  it('defers a follow-up to the next morning when the sender reaches it during quiet hours', async () => {
    // 2 h follow-up due at 19:30 Los Angeles time, but the sender only runs at 20:30 (after the window).
    clock.set('2026-11-28T03:30:00Z'); // 19:30 PST
    const session = await enter(120);
    clock.set('2026-11-28T04:30:00Z'); // 20:30 PST
    const sms = new FakeSms();
    const summary = await sweep(senderDeps(sms, new FakeEmail()));
    expect(summary.deferred).toBe(1);
    expect(sms.sent).toHaveLength(0);
    expect((await followUp(session.id, '2h'))?.sendAt).toBe('2026-11-28T17:00:00.000Z'); // 09:00 PST

    clock.set('2026-11-28T17:00:30Z');
    await sweep(senderDeps(sms, new FakeEmail()));
    expect(sms.sent).toHaveLength(1);
  });

  it('stops taking work when the invocation runs out of time, leaving the rest due', async () => {
    await Promise.all(Array.from({ length: 5 }, () => enter(121)));
    const sms = new FakeSms();
    let budget = 60_000;
    const summary = await sendDueFollowUps(senderDeps(sms, new FakeEmail()), {
      remainingMs: () => (budget -= 20_000),
      concurrency: 1,
    });
    expect(summary.stoppedEarly).toBe(true);
    expect(sms.sent.length).toBeLessThan(5);
    const rest = await sweep(senderDeps(sms, new FakeEmail()));
    expect(sms.sent).toHaveLength(5);
    expect(rest.sent).toBeGreaterThan(0);
  });

  it('keeps a follow-up due again when rendering fails unexpectedly, and sends it once that is fixed', async () => {
    const session = await enter(121, { consent: { sms: true, email: false } });
    const sms = new FakeSms();
    const broken = { ...senderDeps(sms, new FakeEmail()), templates: { ...templates, sms: () => { throw new Error('template store unreadable'); } } };
    expect((await sweep(broken)).retrying).toBe(1);
    const waiting = await followUp(session.id, '2h');
    expect(waiting?.status).toBe('pending');
    expect(waiting?.reason).toMatch(/unexpected Error/);

    clock.advanceMinutes(2);
    await sweep(senderDeps(sms, new FakeEmail()));
    expect(sms.sent).toHaveLength(1);
    expect((await followUp(session.id, '2h'))?.status).toBe('sent');
  });

  it('pages through a backlog larger than one page', async () => {
    await Promise.all(Array.from({ length: 12 }, () => enter(121)));
    const sms = new FakeSms();
    const summary = await sendDueFollowUps(senderDeps(sms, new FakeEmail()), { remainingMs: () => 60_000, pageSize: 5 });
    expect(summary.sent).toBe(12);
    expect(sms.sent).toHaveLength(12);
  });

  it('keeps phone numbers, addresses and message text out of the log', async () => {
    await enter(121);
    await sweep(senderDeps(new FakeSms(), new FakeEmail()));
    const all = log.lines.join('\n');
    expect(all).not.toContain('5550142');
    expect(all).not.toContain('jordan@example.com');
    expect(all).not.toContain('Jordan');
    expect(all).not.toMatch(/drink|water/i);
  });
});
