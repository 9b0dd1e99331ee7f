import { describe, expect, it } from 'vitest';
import { memoryStores } from '#adapters/memory/stores';
import { sesDeliveryReport } from '#adapters/ses-notification';
import { twilioDeliveryReport } from '#adapters/twilio-status';
import { deliveryStatusChange, deliveryStatusMatches, type DeliveryReport } from '#domain/delivery';
import type { MessageRecord } from '#domain/model';
import { recordDeliveryReport } from '#use-cases/delivery-status';
import { CapturingLog, FakeClock } from './support/fakes.ts';

const ses = (event: object) => JSON.stringify({ mail: { messageId: 'ses-1' }, ...event });

describe('provider delivery reports', () => {
  it("turns Twilio error 21610 into an opt-out of the message's recipient, naming no address, and other errors into a detail only", () => {
    expect(twilioDeliveryReport({ MessageSid: 'SM0123456789', MessageStatus: 'undelivered', ErrorCode: '21610' })).toEqual({
      channel: 'sms', providerId: 'SM0123456789', status: 'undelivered', event: 'undelivered', errorCode: '21610', detail: 'twilio error 21610',
      suppress: [], recipientOptedOut: true,
    });
    expect(twilioDeliveryReport({ MessageSid: 'SM0123456789', MessageStatus: 'undelivered', ErrorCode: '30003' })).not.toHaveProperty('recipientOptedOut');
  });

  it('suppresses the addresses of a permanent SES bounce or a complaint, not of a transient bounce', () => {
    const permanent = sesDeliveryReport(ses({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'Jordan@Example.com' }] } }));
    expect(permanent).toMatchObject({ channel: 'email', status: 'bounced (Permanent)', suppress: [{ address: 'jordan@example.com', source: 'ses-bounce' }] });
    expect(sesDeliveryReport(ses({ notificationType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'a@example.com' }] } }))?.suppress).toHaveLength(1);
    expect(sesDeliveryReport(ses({ eventType: 'Bounce', bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'a@example.com' }] } }))?.suppress).toEqual([]);
    expect(sesDeliveryReport(JSON.stringify({ hello: 'world' }))).toBeUndefined();
  });

  const setUp = async () => {
    const stores = memoryStores();
    const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
    const consent = { granted: true, at: clock.now().toISOString(), source: 'test', wordingVersion: 'v1' };
    const client = { name: 'Jordan Lee', firstName: 'Jordan', phone: '+13105550142', timezone: 'America/Los_Angeles' };
    const session = { id: 's-1', client, endedAt: consent.at, createdAt: consent.at, consent: { sms: consent, email: consent }, status: 'active' as const };
    await stores.sessions.create({ session, followUps: [], contacts: [] });
    const log = new CapturingLog();
    const sent = (providerId: string, extra: Partial<MessageRecord> = {}): MessageRecord => ({
      sessionId: 's-1', id: `m-${providerId}`, at: clock.now().toISOString(), direction: 'outbound', channel: 'sms', party: 'client', status: 'sent', providerId, to: '+13105550142', ...extra,
    });
    const report = (MessageSid: string, MessageStatus: 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed', ErrorCode?: string) =>
      recordDeliveryReport({ ...stores, clock, log }, twilioDeliveryReport({ MessageSid, MessageStatus, ...(ErrorCode ? { ErrorCode } : {}) }));
    const logged = () => log.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    return { stores, clock, log, sent, report, logged };
  };

  it('opts out the number the message went to and records the status on it', async () => {
    const { stores, sent, report, logged } = await setUp();
    await stores.messages.append([sent('SM0123456789')]);

    await report('SM0123456789', 'undelivered', '21610');

    expect((await stores.contacts.get([{ channel: 'sms', address: '+13105550142' }]))[0]).toMatchObject({ optedOut: true, optOutSource: 'provider' });
    expect(logged()).toContainEqual(expect.objectContaining({ message: 'sms delivery status', known: true, written: true, optedOut: true, errorCode: '21610' }));
  });

  it('opts out nobody for error 21610 about a message we did not send, or one to the therapist', async () => {
    const { stores, sent, report, logged } = await setUp();
    await stores.messages.append([sent('SMtherapist01', { party: 'therapist', to: '+13108960696' })]);

    await report('SMunknown0001', 'undelivered', '21610');
    await report('SMtherapist01', 'undelivered', '21610');

    expect(await stores.contacts.get([{ channel: 'sms', address: '+13108960696' }, { channel: 'sms', address: '+13105550142' }])).toEqual([]);
    expect(logged().filter((l) => l.level === 'WARN' || /opt-out/.test(String(l.message)))).toEqual([
      expect.objectContaining({ message: 'provider reports an opt-out of a recipient that is not a known client', known: false }),
      expect.objectContaining({ message: 'provider reports an opt-out of a recipient that is not a known client', known: true, party: 'therapist' }),
    ]);
  });

  it('keeps the furthest status whatever order the reports arrive in', async () => {
    const { stores, sent, report } = await setUp();
    await stores.messages.append([sent('SM0123456789')]);
    const status = async () => (await stores.sessions.view('s-1'))?.messages[0]?.deliveryStatus;
    for (const s of ['delivered', 'sent', 'queued', 'sending'] as const) await report('SM0123456789', s);
    expect(await status()).toBe('delivered');
    await report('SM0123456789', 'failed', '30008');
    expect(await status()).toBe('delivered');
  });
});

describe('the order of delivery statuses', () => {
  const change = (status: string) => deliveryStatusChange({ channel: 'sms', providerId: 'SM1', status, event: status, suppress: [] } satisfies DeliveryReport, new Date(0));
  const writesOver = (status: string, stored?: string) => deliveryStatusMatches(change(status).expect, stored);
  const OUTCOMES = ['delivered', 'undelivered', 'failed', 'canceled'];

  it('moves forward only: accepted, queued, sending, sent, then an outcome', () => {
    const ladder = ['accepted', 'queued', 'sending', 'sent'];
    for (const [i, status] of [...ladder, ...OUTCOMES].entries()) {
      expect(ladder.slice(0, i).filter((earlier) => !writesOver(status, earlier))).toEqual([]);
      expect(ladder.slice(i).filter((later) => writesOver(status, later))).toEqual([]);
    }
  });

  it('keeps the first outcome: a contradicting one that arrives later changes nothing', () => {
    for (const outcome of OUTCOMES) expect(OUTCOMES.filter((other) => writesOver(other, outcome))).toEqual([]);
  });

  it('lets read follow delivered, and a complaint follow a delivery or a bounce', () => {
    expect(writesOver('read', 'delivered')).toBe(true);
    expect(writesOver('delivered', 'read')).toBe(false);
    expect(writesOver('complained', 'delivery')).toBe(true);
    expect(writesOver('bounced (Permanent)', 'bounced (Transient)')).toBe(true);
    expect(writesOver('bounced (Transient)', 'bounced (Permanent)')).toBe(false);
  });

  it('writes any status on a message with none, and a status it does not know over nothing else', () => {
    for (const status of ['queued', 'delivered', 'something new']) expect(writesOver(status)).toBe(true);
    expect(['queued', 'sent', 'delivered'].filter((stored) => writesOver('something new', stored))).toEqual([]);
    expect(writesOver('constructor', 'queued')).toBe(false);
  });
});
