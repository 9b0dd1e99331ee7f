import { deliveryStatusChange, type DeliveryReport } from '#domain/delivery';
import type { Clock } from '#domain/time';
import type { ContactStore } from '#ports/contact-store';
import type { Log } from '#ports/log';
import type { MessageStore } from '#ports/message-store';

export interface DeliveryDeps {
  messages: MessageStore;
  contacts: ContactStore;
  clock: Clock;
  log: Log;
}

/**
 * A provider's delivery report (a Twilio status callback, an SES event).
 * Steps: suppress the addresses the provider names as undeliverable for good (opted out here too); write the status
 * onto the message it is about unless a later one is already there (reports arrive in any order); when the provider
 * says the recipient opted out, opt out the client we sent that message to, and only a message we sent.
 */
export async function recordDeliveryReport(deps: DeliveryDeps, report: DeliveryReport): Promise<void> {
  const now = deps.clock.now();
  for (const { channel, address, source } of report.suppress) await deps.contacts.setOptOut(channel, address, true, source, now);
  const recorded = await deps.messages.recordDeliveryStatus(deliveryStatusChange(report, now));
  const recipient = recorded?.message.recipient;
  const optOut = report.recipientOptedOut === true && recipient?.party === 'client';
  if (optOut) await deps.contacts.setOptOut(recipient.channel, recipient.address, true, 'provider', now);
  const sessionId = recorded?.message.sessionId;
  if (report.recipientOptedOut && !optOut) {
    // Nobody to opt out: a message we did not send, logged before recipients were kept, or the therapist's alert.
    deps.log.warn('provider reports an opt-out of a recipient that is not a known client', { sessionId, known: Boolean(recorded), party: recipient?.party });
  }
  const outcome = { sessionId, known: Boolean(recorded), written: recorded?.written ?? false };
  if (report.channel === 'sms') {
    deps.log.info('sms delivery status', { ...outcome, status: report.status, errorCode: report.errorCode, optedOut: optOut });
  } else {
    deps.log.info('email delivery event', { ...outcome, type: report.event, suppressed: report.suppress.length });
  }
}
