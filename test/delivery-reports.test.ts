import { describe, expect, it } from 'vitest';
import { memoryStores } from '#adapters/memory/stores';
import { sesDeliveryReport } from '#adapters/ses-notification';
import { twilioDeliveryReport } from '#adapters/twilio-status';
import { recordDeliveryReport } from '#use-cases/delivery-status';
import { CapturingLog, FakeClock } from './support/fakes.ts';

const ses = (event: object) => JSON.stringify({ mail: { messageId: 'ses-1' }, ...event });

describe('provider delivery reports', () => {
  it('turns Twilio error 21610 into an opt-out of the number, and other errors into a detail only', () => {
    expect(twilioDeliveryReport({ MessageSid: 'SM0123456789', MessageStatus: 'undelivered', ErrorCode: '21610', To: '+13105550142' })).toMatchObject({
      channel: 'sms', providerId: 'SM0123456789', status: 'undelivered', detail: 'twilio error 21610',
      suppress: [{ channel: 'sms', address: '+13105550142', source: 'provider' }],
    });
    expect(twilioDeliveryReport({ MessageSid: 'SM0123456789', MessageStatus: 'undelivered', ErrorCode: '30003', To: '+13105550142' }).suppress).toEqual([]);
  });

  it('suppresses the addresses of a permanent SES bounce or a complaint, not of a transient bounce', () => {
    const permanent = sesDeliveryReport(ses({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'Jordan@Example.com' }] } }));
    expect(permanent).toMatchObject({ channel: 'email', status: 'bounced (Permanent)', suppress: [{ address: 'jordan@example.com', source: 'ses-bounce' }] });
    expect(sesDeliveryReport(ses({ notificationType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'a@example.com' }] } }))?.suppress).toHaveLength(1);
    expect(sesDeliveryReport(ses({ eventType: 'Bounce', bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'a@example.com' }] } }))?.suppress).toEqual([]);
    expect(sesDeliveryReport(JSON.stringify({ hello: 'world' }))).toBeUndefined();
  });

  it('opts the reported contact out and records the status on the message it is about', async () => {
    const stores = memoryStores();
    const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
    await stores.messages.append([{ sessionId: 's-1', id: 'm-1', at: clock.now().toISOString(), direction: 'outbound', channel: 'sms', party: 'client', status: 'sent', providerId: 'SM0123456789' }]);
    const log = new CapturingLog();

    await recordDeliveryReport({ ...stores, clock, log }, twilioDeliveryReport({ MessageSid: 'SM0123456789', MessageStatus: 'undelivered', ErrorCode: '21610', To: '+13105550142' }));

    expect((await stores.contacts.get([{ channel: 'sms', address: '+13105550142' }]))[0]?.optedOut).toBe(true);
    expect(log.lines.map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ message: 'sms delivery status', known: true, errorCode: '21610' }));
  });
});
