import type { Clock } from '#domain/time';
import type { Log } from '#ports/log';
import type { ContactStore } from '#ports/contact-store';
import type { MessageStore } from '#ports/message-store';

export interface DeliveryDeps {
  messages: MessageStore;
  contacts: ContactStore;
  clock: Clock;
  log: Log;
}

/** Twilio's code for "the recipient replied STOP to this sender". */
const TWILIO_OPTED_OUT = '21610';

/** A Twilio status callback: records the message's delivery state; error 21610 opts the number out. */
export async function recordSmsStatus(
  deps: DeliveryDeps,
  report: { messageSid: string; status: string; errorCode?: string; to?: string },
): Promise<void> {
  const now = deps.clock.now();
  const detail = report.errorCode ? `twilio error ${report.errorCode}` : undefined;
  const sessionId = await deps.messages.recordDeliveryStatus(report.messageSid, report.status, detail, now);
  if (report.errorCode === TWILIO_OPTED_OUT && report.to) {
    await deps.contacts.setOptOut('sms', report.to, true, 'provider', now);
  }
  deps.log.info('sms delivery status', { sessionId, status: report.status, errorCode: report.errorCode, known: Boolean(sessionId) });
}

export interface SesNotification {
  eventType?: string;
  notificationType?: string;
  mail: { messageId: string };
  bounce?: { bounceType: string; bouncedRecipients: { emailAddress: string }[] };
  complaint?: { complainedRecipients: { emailAddress: string }[] };
}

/**
 * An SES event from the configuration set (through SNS). A permanent bounce or a complaint suppresses the address:
 * no more email to it, ever, unless the practice lifts it.
 */
export async function recordEmailEvent(deps: DeliveryDeps, event: SesNotification): Promise<void> {
  const now = deps.clock.now();
  const type = (event.eventType ?? event.notificationType ?? 'unknown').toLowerCase();
  const suppress =
    type === 'bounce' && event.bounce?.bounceType === 'Permanent'
      ? event.bounce.bouncedRecipients
      : type === 'complaint'
        ? (event.complaint?.complainedRecipients ?? [])
        : [];
  for (const recipient of suppress) {
    await deps.contacts.setOptOut('email', recipient.emailAddress.toLowerCase(), true, `ses-${type}`, now);
  }
  const status = type === 'bounce' ? `bounced (${event.bounce?.bounceType ?? 'unknown'})` : type === 'complaint' ? 'complained' : type;
  const sessionId = await deps.messages.recordDeliveryStatus(event.mail.messageId, status, undefined, now);
  deps.log.info('email delivery event', { sessionId, type, suppressed: suppress.length });
}
