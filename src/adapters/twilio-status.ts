import * as z from 'zod';
import type { DeliveryReport } from '#domain/delivery';

/** Twilio's error code for "the recipient replied STOP to this sender". */
export const TWILIO_OPTED_OUT = 21610;

/** A Twilio status callback's form parameters, checked: only Twilio's own values are stored and logged. */
export const twilioStatusCallback = z.object({
  MessageSid: z.string().regex(/^[A-Za-z0-9]{10,64}$/, 'must be a Twilio message SID'),
  MessageStatus: z.enum(
    ['accepted', 'scheduled', 'canceled', 'queued', 'sending', 'sent', 'failed', 'delivered', 'undelivered', 'receiving', 'received', 'read', 'partially_delivered'],
    'must be a Twilio message status',
  ),
  ErrorCode: z.string().regex(/^\d{1,6}$/, 'must be a Twilio error code').optional(),
});

/**
 * Twilio's report as a domain delivery report; error 21610 means the recipient opted out with Twilio. The callback's
 * `To` is not read: the recipient is the one the message was sent to, as stored.
 */
export function twilioDeliveryReport(callback: z.output<typeof twilioStatusCallback>): DeliveryReport {
  return {
    channel: 'sms',
    providerId: callback.MessageSid,
    status: callback.MessageStatus,
    event: callback.MessageStatus,
    ...(callback.ErrorCode ? { errorCode: callback.ErrorCode, detail: `twilio error ${callback.ErrorCode}` } : {}),
    suppress: [],
    ...(callback.ErrorCode === String(TWILIO_OPTED_OUT) ? { recipientOptedOut: true } : {}),
  };
}
