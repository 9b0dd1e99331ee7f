import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryStores } from '#adapters/memory/stores';
import { acknowledge, appendReply, claimNotification, openEscalation, recordDelivery, type EscalationStep } from '#domain/escalation';
import { claim, complete, hold, plan, release, type FollowUpStep } from '#domain/follow-up';
import { deliveryStatusChange, type DeliveryReport } from '#domain/delivery';
import type { InboxItem } from '#domain/inbox';
import type { FollowUp, MessageRecord, Session } from '#domain/model';
import { parseSendingHours } from '#domain/quiet-hours';
import { isRefused } from '#domain/transition';
import type { Stores } from '#ports/stores';
import { freshTable } from './support/engines.ts';

/**
 * One set of promises, kept by both implementations of the store ports: the DynamoDB stores (against DynamoDB
 * Local) and the in-memory ones the use-case tests run on. A case that passes on one and not the other is drift.
 */
const implementations: [string, () => Promise<Stores>][] = [
  ['DynamoDB', async () => (await freshTable()).stores],
  ['in-memory', async () => memoryStores()],
];

const NOW = new Date('2026-11-27T18:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

const step = <T>(s: T | { refused: string }): T => {
  if (isRefused(s as object)) throw new Error((s as { refused: string }).refused);
  return s as T;
};
const fuStep = (s: FollowUpStep) => step<Exclude<FollowUpStep, { refused: string }>>(s);
const escStep = (s: EscalationStep) => step<Exclude<EscalationStep, { refused: string }>>(s);

function newSession(minutesAgo: number, phone = '+13105550142', email = 'jordan@example.com'): { session: Session; followUps: FollowUp[] } {
  const id = randomUUID();
  const client = { name: 'Jordan Lee', firstName: 'Jordan', phone, email, timezone: 'America/Los_Angeles' };
  const consent = { granted: true, at: NOW.toISOString(), source: 'test', wordingVersion: 'v1' };
  const endedAt = at(-minutesAgo);
  return {
    session: { id, client, endedAt: endedAt.toISOString(), createdAt: NOW.toISOString(), consent: { sms: consent, email: consent }, status: 'active' },
    followUps: plan({ sessionId: id, endedAt, now: NOW, client, channels: ['sms', 'email'], sendingHours: parseSendingHours('09:00-20:00') }),
  };
}

const sent = (sessionId: string, providerId: string, minutes = 0): MessageRecord => ({
  sessionId, id: randomUUID(), at: at(minutes).toISOString(), direction: 'outbound', channel: 'sms', party: 'client', status: 'sent', providerId, to: '+13105550142', template: '2h',
});

const report = (providerId: string, status: string, minutes: number) =>
  deliveryStatusChange({ channel: 'sms', providerId, status, event: status, suppress: [] } satisfies DeliveryReport, at(minutes));

describe.each(implementations)('%s stores', (_name, make) => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await make();
  });

  const enter = async (minutesAgo: number, phone?: string, email?: string) => {
    const input = newSession(minutesAgo, phone, email);
    const contacts = [{ channel: 'sms' as const, address: input.session.client.phone as string, optedOut: false, consent: input.session.consent.sms }];
    expect(await stores.sessions.create({ ...input, contacts })).toEqual({ created: true });
    return input;
  };

  describe('sessions', () => {
    it('stores a session with its follow-ups in step order, and finds it by id, phone, email and time', async () => {
      const older = await enter(300);
      const { session } = await enter(121);
      expect(await stores.sessions.get(session.id)).toEqual(session);
      expect((await stores.sessions.view(session.id))?.followUps.map((f) => f.step)).toEqual(['2h', '24h', '48h']);
      expect((await stores.sessions.latestByPhone('+13105550142'))?.id).toBe(session.id);
      expect((await stores.sessions.latestByEmail('JORDAN@example.com'))?.id).toBe(session.id);
      expect((await stores.sessions.forContact({ phone: '+13105550142' }, 10)).map((s) => s.id)).toEqual([session.id, older.session.id]);
      expect((await stores.sessions.list(at(-200), NOW, 10)).map((s) => s.id)).toEqual([session.id]);
      expect(await stores.sessions.view(randomUUID())).toBeUndefined();
    });

    it('returns the first session for a repeated idempotency key', async () => {
      const first = newSession(121);
      const idempotency = { key: 'k-1', fingerprint: 'f-1' };
      await stores.sessions.create({ ...first, contacts: [], idempotency });
      expect(await stores.sessions.create({ ...newSession(121), contacts: [], idempotency })).toEqual({ created: false, sessionId: first.session.id, fingerprint: 'f-1' });
    });

    it('cancels an active session once', async () => {
      const { session } = await enter(121);
      expect(await stores.sessions.markCancelled(session.id, NOW)).toBe(true);
      expect(await stores.sessions.markCancelled(session.id, at(1))).toBe(false);
      expect(await stores.sessions.get(session.id)).toMatchObject({ status: 'cancelled', cancelledAt: NOW.toISOString() });
    });
  });

  describe('follow-ups', () => {
    it('lists what is due, oldest first, page by page, and a claimed one again once its lease has lapsed', async () => {
      const a = await enter(150);
      const b = await enter(125);
      await enter(60);
      const first = await stores.followUps.due(NOW, 1);
      expect(first.followUps.map((f) => f.sessionId)).toEqual([a.session.id]);
      const second = await stores.followUps.due(NOW, 1, first.cursor);
      expect(second.followUps.map((f) => f.sessionId)).toEqual([b.session.id]);
      expect((await stores.followUps.due(NOW, 10, second.cursor)).followUps).toEqual([]);

      const fu = (await stores.followUps.get(a.session.id, '2h')) as FollowUp;
      expect(await stores.followUps.apply(fuStep(claim(fu, 't-1', NOW, at(5))))).toBe(true);
      expect((await stores.followUps.due(at(1), 10)).followUps.map((f) => f.sessionId)).toEqual([b.session.id]);
      expect((await stores.followUps.due(at(6), 10)).followUps.map((f) => [f.sessionId, f.status])).toEqual([[b.session.id, 'pending'], [a.session.id, 'claimed']]);
    });

    it('marks the number a sent follow-up text went to as texted, with the outcome, keeping its opt-out state', async () => {
      const { session } = await enter(121);
      const claiming = fuStep(claim((await stores.followUps.get(session.id, '2h')) as FollowUp, 't-1', NOW, at(5)));
      expect(await stores.followUps.apply(claiming)).toBe(true);
      const done = complete(claiming.next, 't-1', { status: 'sent', outcomes: [{ channel: 'sms', status: 'sent', providerId: 'SM-9' }] }, at(1));
      expect(await stores.followUps.apply(fuStep(done), [sent(session.id, 'SM-9', 1)])).toBe(true);
      expect(await stores.contacts.get([{ channel: 'sms', address: '+13105550142' }])).toEqual([
        expect.objectContaining({ optedOut: false, textedAt: at(1).toISOString() }),
      ]);
    });

    it('writes a transition once: a second claim of the same read finds it taken (notYetClaimed)', async () => {
      const { session } = await enter(121);
      const fu = (await stores.followUps.get(session.id, '2h')) as FollowUp;
      expect(await stores.followUps.apply(fuStep(claim(fu, 't-1', NOW, at(5))))).toBe(true);
      expect(await stores.followUps.apply(fuStep(claim(fu, 't-2', NOW, at(5))))).toBe(false);
      expect(await stores.followUps.get(session.id, '2h')).toMatchObject({ status: 'claimed', claimToken: 't-1', attempts: 1 });
    });

    it('keeps a hold flag set while the sender was busy when the sender records its retry, and logs its messages', async () => {
      const { session } = await enter(121);
      const claiming = fuStep(claim((await stores.followUps.get(session.id, '2h')) as FollowUp, 't-1', NOW, at(5)));
      expect(await stores.followUps.apply(claiming)).toBe(true);
      const claimed = claiming.next;
      expect(await stores.followUps.apply(fuStep(hold(claimed, 'e-1', NOW)))).toBe(true);
      const retry = complete(claimed, 't-1', { status: 'pending', sendAt: at(1).toISOString(), outcomes: [{ channel: 'sms', status: 'sent', providerId: 'SM-1' }] }, NOW);
      expect(await stores.followUps.apply(fuStep(retry), [sent(session.id, 'SM-1')])).toBe(true);

      const after = (await stores.followUps.get(session.id, '2h')) as FollowUp;
      expect(after).toMatchObject({ status: 'pending', holdRequested: true, heldBy: 'e-1', sendAt: at(1).toISOString() });
      expect(after.channels.sms).toMatchObject({ status: 'sent', providerId: 'SM-1' });
      expect(after).not.toHaveProperty('claimToken');
      expect((await stores.messages.recordDeliveryStatus(report('SM-1', 'delivered', 2)))?.message.sessionId).toBe(session.id);
      expect((await stores.sessions.view(session.id))?.messages).toEqual([expect.objectContaining({ providerId: 'SM-1', deliveryStatus: 'delivered' })]);
      expect(await stores.messages.recordDeliveryStatus(report('SM-unknown', 'delivered', 2))).toBeUndefined();
    });

    it('takes a held follow-up out of the due list, and puts it back when the escalation that holds it is acknowledged', async () => {
      const { session } = await enter(121);
      const fu = (await stores.followUps.get(session.id, '2h')) as FollowUp;
      expect(await stores.followUps.apply(fuStep(hold(fu, 'e-1', NOW)))).toBe(true);
      expect((await stores.followUps.due(NOW, 10)).followUps).toEqual([]);
      expect((await stores.followUps.forSession(session.id)).map((f) => f.status)).toEqual(['held', 'pending', 'pending']);

      const held = (await stores.followUps.get(session.id, '2h')) as FollowUp;
      expect(await stores.followUps.apply(fuStep(release(held, 'e-1', at(1))))).toBe(true);
      expect((await stores.followUps.due(at(1), 10)).followUps.map((f) => [f.step, f.status])).toEqual([['2h', 'pending']]);
      expect(await stores.followUps.get(session.id, '2h')).not.toHaveProperty('heldBy');
    });
  });

  describe('escalations', () => {
    const reply = (text: string) => ({ at: NOW.toISOString(), channel: 'sms' as const, text, category: 'escalate', reasons: ['sharp pain'] });

    it('opens one escalation per session, lists it open and due, and frees the session when acknowledged', async () => {
      const { session } = await enter(121);
      const e = openEscalation(session, reply('sharp pain'), false, NOW, randomUUID());
      expect(await stores.escalations.open(e)).toBe(true);
      expect(await stores.escalations.open(openEscalation(session, reply('again'), false, NOW, randomUUID()))).toBe(false);
      expect((await stores.sessions.get(session.id))?.escalationId).toBe(e.id);
      expect((await stores.escalations.listOpen()).map((x) => x.id)).toEqual([e.id]);
      expect((await stores.escalations.due(NOW, 10)).map((x) => x.id)).toEqual([e.id]);

      const ack = escStep(acknowledge(e, { via: 'api', by: 'Chris' }, at(1)));
      expect(await stores.escalations.acknowledge(ack)).toBe(true);
      expect(await stores.escalations.acknowledge(ack)).toBe(false);
      expect(await stores.sessions.get(session.id)).not.toHaveProperty('escalationId');
      expect(await stores.escalations.listOpen()).toEqual([]);
      expect(await stores.escalations.due(at(60), 10)).toEqual([]);
      expect(await stores.escalations.get(session.id, e.id)).toMatchObject({ status: 'acknowledged', acknowledgedVia: 'api' });
    });

    it('never lets two open escalations share a code, and frees the code when one is acknowledged', async () => {
      const { session: first } = await enter(121);
      const { session: second } = await enter(121);
      const a = openEscalation(first, reply('sharp pain'), false, NOW, randomUUID(), { code: 1 });
      expect(await stores.escalations.open(a)).toBe(true);
      expect(await stores.escalations.open(openEscalation(second, reply('sharp pain'), false, NOW, randomUUID(), { code: 1 }))).toBe(false);
      expect(await stores.sessions.get(second.id)).not.toHaveProperty('escalationId');

      expect(await stores.escalations.acknowledge(escStep(acknowledge(a, { via: 'api', by: 'Chris' }, at(1))))).toBe(true);
      const b = openEscalation(second, reply('sharp pain'), false, NOW, randomUUID(), { code: 1 });
      expect(await stores.escalations.open(b)).toBe(true);
      expect((await stores.escalations.listOpen()).map((e) => [e.id, e.code])).toEqual([[b.id, 1]]);
    });

    it('acknowledges only while no newer reply arrived than the one read', async () => {
      const { session } = await enter(121);
      const e = openEscalation(session, reply('sharp pain'), false, NOW, randomUUID());
      await stores.escalations.open(e);
      const ack = escStep(acknowledge(e, { via: 'therapist-sms', by: 'Chris', seenRound: 1 }, at(2)));
      expect(await stores.escalations.apply(escStep(appendReply(e, reply('now chest pain'), true, at(1))))).toBe(true);
      expect(await stores.escalations.acknowledge(ack)).toBe(false);
      expect(await stores.escalations.get(session.id, e.id)).toMatchObject({ status: 'open', newsRound: 2 });
    });

    it('lets one notifier claim a round, records both channels at once, and refuses an append built on a stale round', async () => {
      const { session } = await enter(121);
      const e = openEscalation(session, reply('sharp pain'), false, NOW, randomUUID());
      await stores.escalations.open(e);
      const claimed = escStep(claimNotification(e, 'n-1', NOW, at(2)));
      expect(await stores.escalations.apply(claimed)).toBe(true);
      expect(await stores.escalations.apply(escStep(claimNotification(e, 'n-2', NOW, at(2))))).toBe(false);
      expect((await stores.escalations.due(at(1), 10)).map((x) => x.id)).toEqual([]);

      const [sms, email] = await Promise.all([
        stores.escalations.apply(escStep(recordDelivery(claimed.next, 'n-1', 'sms', { status: 'sent', providerId: 'SM-T' }, NOW.toISOString())), [sent(session.id, 'SM-T')]),
        stores.escalations.apply(escStep(recordDelivery(claimed.next, 'n-1', 'email', { status: 'sent', providerId: 'ses-T' }, NOW.toISOString()))),
      ]);
      expect([sms, email]).toEqual([true, true]);
      expect((await stores.escalations.get(session.id, e.id))?.notify).toEqual({ sms: { status: 'sent', providerId: 'SM-T' }, email: { status: 'sent', providerId: 'ses-T' } });

      expect(await stores.escalations.apply(escStep(appendReply(e, reply('worse'), true, at(1))))).toBe(false);
      const current = (await stores.escalations.get(session.id, e.id)) as typeof e;
      expect(await stores.escalations.apply(escStep(appendReply(current, reply('worse'), true, at(1))))).toBe(true);
      expect(await stores.escalations.get(session.id, e.id)).toMatchObject({ round: 2, urgent: true, notify: { sms: { status: 'pending' }, email: { status: 'pending' } } });
      expect(await stores.escalations.get(session.id, e.id)).not.toHaveProperty('notifyClaim');
    });
  });

  describe('contacts, messages and inbound dedupe', () => {
    it('keeps an opt-out when a later session records consent again, until the client opts back in', async () => {
      await stores.contacts.setOptOut('sms', '+13105550142', true, 'sms-keyword', NOW);
      await enter(121);
      expect(await stores.contacts.get([{ channel: 'sms', address: '+13105550142' }])).toEqual([expect.objectContaining({ optedOut: true, consent: expect.objectContaining({ granted: true }) })]);
      await stores.contacts.setOptOut('sms', '+13105550142', false, 'sms-keyword', at(1));
      expect((await stores.contacts.get([{ channel: 'sms', address: '+13105550142' }]))[0]?.optedOut).toBe(false);
      expect(await stores.contacts.get([{ channel: 'email', address: 'nobody@example.com' }])).toEqual([]);
    });

    it('logs an inbound message once per provider id, and forgets it for a retry when processing failed', async () => {
      const { session } = await enter(121);
      const inbound: MessageRecord = { sessionId: session.id, id: randomUUID(), at: NOW.toISOString(), direction: 'inbound', channel: 'sms', party: 'client', status: 'received', body: 'sore' };
      expect(await stores.inbound.record('sms:SM-in', NOW, inbound)).toBe(true);
      expect(await stores.inbound.record('sms:SM-in', NOW, { ...inbound, id: randomUUID() })).toBe(false);
      expect((await stores.sessions.view(session.id))?.messages).toHaveLength(1);
      await stores.inbound.forget('sms:SM-in', inbound);
      expect((await stores.sessions.view(session.id))?.messages).toEqual([]);
      expect(await stores.inbound.record('sms:SM-in', NOW, inbound)).toBe(true);
    });

    it('records a provider id that brought no session message once, and takes any length of id', async () => {
      const long = `email:<${'x'.repeat(3000)}@example.com>`;
      expect(await stores.inbound.record(long, NOW)).toBe(true);
      expect(await stores.inbound.record(long, NOW)).toBe(false);
      expect(await stores.inbound.record(`${long}y`, NOW)).toBe(true);
      await stores.inbound.forget(long);
      expect(await stores.inbound.record(long, NOW)).toBe(true);
    });

    it('gives a contact point one automatic answer per window, whatever its opt-out', async () => {
      const key = { channel: 'sms' as const, address: '+13105550142' };
      await stores.contacts.setOptOut('sms', key.address, true, 'sms-keyword', NOW);
      expect(await stores.contacts.claimAutoAnswer(key, NOW, 12)).toBe(true);
      expect(await stores.contacts.claimAutoAnswer(key, at(60), 12)).toBe(false);
      expect(await stores.contacts.claimAutoAnswer({ ...key, channel: 'email' }, at(60), 12)).toBe(true);
      expect(await stores.contacts.claimAutoAnswer(key, at(12 * 60), 12)).toBe(true);
      expect(await stores.contacts.claimAutoAnswer(key, at(12 * 60 + 1), 12)).toBe(false);
      // The marker lives apart from the contact point: an opt-out kept for good is left as it was.
      expect((await stores.contacts.get([key]))[0]).toMatchObject({ optedOut: true });
    });

    it('writes a delivery status only over one not as far along (furtherAlong), and gives whom the message went to', async () => {
      const { session } = await enter(121);
      await stores.messages.append([sent(session.id, 'SM-1')]);
      const recipient = { channel: 'sms', party: 'client', address: '+13105550142' };
      expect(await stores.messages.recordDeliveryStatus(report('SM-1', 'sent', 1))).toEqual({ message: { sessionId: session.id, recipient }, written: true });
      expect(await stores.messages.recordDeliveryStatus(report('SM-1', 'delivered', 3))).toEqual({ message: { sessionId: session.id, recipient }, written: true });
      for (const [status, minutes] of [['sent', 4], ['queued', 5], ['delivered', 6], ['undelivered', 7]] as const) {
        expect(await stores.messages.recordDeliveryStatus(report('SM-1', status, minutes))).toEqual({ message: { sessionId: session.id, recipient }, written: false });
      }
      expect((await stores.sessions.view(session.id))?.messages).toEqual([expect.objectContaining({ deliveryStatus: 'delivered', deliveryAt: at(3).toISOString() })]);
      expect((await stores.messages.recordDeliveryStatus(report('SM-1', 'read', 8)))?.written).toBe(true);
    });

    it('finds no recipient for a message logged without one', async () => {
      const { session } = await enter(121);
      const { to: _to, ...unaddressed } = sent(session.id, 'SM-old');
      await stores.messages.append([unaddressed]);
      expect(await stores.messages.recordDeliveryStatus(report('SM-old', 'delivered', 1))).toEqual({ message: { sessionId: session.id }, written: true });
    });

    it('keeps the message log in time order', async () => {
      const { session } = await enter(121);
      await stores.messages.append([sent(session.id, 'SM-2', 2), sent(session.id, 'SM-1', 1)]);
      expect((await stores.sessions.view(session.id))?.messages.map((m) => m.providerId)).toEqual(['SM-1', 'SM-2']);
    });
  });
  describe('inbox and reply digest', () => {
    const item = (sessionId: string, minutes: number, extra: Partial<InboxItem> = {}): InboxItem => ({
      sessionId, messageId: randomUUID(), at: at(minutes).toISOString(), channel: 'sms', clientName: 'Jordan Lee', clientContact: '+13105550142',
      text: `question at ${minutes}`, category: 'question', sessionEndedAt: at(-121).toISOString(), status: 'open', ...extra,
    });

    it('lists open items oldest first, those no digest carried as undelivered (never an unverified one), and handles an item once', async () => {
      const { session } = await enter(121);
      const later = item(session.id, 2);
      const first = item(session.id, 1);
      const unverified = item(session.id, 3, { channel: 'email', unverified: true });
      for (const i of [later, first, unverified]) await stores.inbox.add(i);
      expect((await stores.inbox.listOpen(10)).map((i) => i.messageId)).toEqual([first.messageId, later.messageId, unverified.messageId]);
      expect((await stores.inbox.undelivered(10)).map((i) => i.messageId)).toEqual([first.messageId, later.messageId]);

      const handled = { ...first, status: 'handled' as const, handledAt: at(5).toISOString(), handledBy: 'therapist', handledVia: 'mark-handled' as const };
      expect(await stores.inbox.markHandled(handled)).toBe(true);
      expect(await stores.inbox.markHandled({ ...handled, handledAt: at(6).toISOString() })).toBe(false);
      expect(await stores.inbox.get(first)).toEqual(handled);
      expect((await stores.inbox.listOpen(10)).map((i) => i.messageId)).toEqual([later.messageId, unverified.messageId]);
      expect((await stores.inbox.undelivered(10)).map((i) => i.messageId)).toEqual([later.messageId]);
    });

    it('lets one sender claim the digest (a lapsed claim may be taken over), records its channels, and completes it once', async () => {
      const { session } = await enter(121);
      const waiting = item(session.id, 1);
      await stores.inbox.add(waiting);
      const keys = [{ sessionId: session.id, messageId: waiting.messageId }];
      const seen = await stores.inbox.digest();
      expect(seen).toEqual({});
      const claim = { token: 't1', until: at(2).toISOString(), items: keys, done: {} };
      expect(await stores.inbox.claimDigest(seen, claim, NOW)).toBe(true);
      expect(await stores.inbox.claimDigest(seen, { ...claim, token: 't2' }, at(1))).toBe(false);
      expect(await stores.inbox.recordDigestChannel('t1', 'sms', 'SM1')).toBe(true);
      // Lapsed: taken over, the channel done kept.
      expect(await stores.inbox.claimDigest(seen, { ...claim, token: 't2', until: at(5).toISOString(), done: { sms: 'SM1' } }, at(3))).toBe(true);
      expect(await stores.inbox.recordDigestChannel('t1', 'email', 'ses-1')).toBe(false);
      expect(await stores.inbox.completeDigest('t1', at(3), keys)).toBe(false);
      expect(await stores.inbox.recordDigestChannel('t2', 'email', 'ses-1')).toBe(true);
      expect(await stores.inbox.completeDigest('t2', at(4), keys)).toBe(true);
      expect(await stores.inbox.digest()).toEqual({ lastSentAt: at(4).toISOString() });
      expect(await stores.inbox.undelivered(10)).toEqual([]);
      expect(await stores.inbox.get(waiting)).toMatchObject({ status: 'open', notifiedAt: at(4).toISOString() });
      // sameLastSent: a sender that read the state before this digest went claims nothing.
      expect(await stores.inbox.claimDigest(seen, { ...claim, token: 't3', until: at(10).toISOString() }, at(6))).toBe(false);
      expect(await stores.inbox.claimDigest({ lastSentAt: at(4).toISOString() }, { ...claim, token: 't3', until: at(10).toISOString() }, at(6))).toBe(true);
    });
  });
});
