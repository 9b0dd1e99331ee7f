import type { DeliveryReport } from '#domain/delivery';
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
 * A provider's delivery report (a Twilio status callback, an SES event): suppresses what the provider will not
 * deliver to any more (opted out here too), then records the message's delivery state for the therapist's page.
 */
export async function recordDeliveryReport(deps: DeliveryDeps, report: DeliveryReport): Promise<void> {
  const now = deps.clock.now();
  for (const { channel, address, source } of report.suppress) await deps.contacts.setOptOut(channel, address, true, source, now);
  const sessionId = await deps.messages.recordDeliveryStatus(report.providerId, report.status, report.detail, now);
  if (report.channel === 'sms') {
    deps.log.info('sms delivery status', { sessionId, status: report.status, errorCode: report.errorCode, known: Boolean(sessionId) });
  } else {
    deps.log.info('email delivery event', { sessionId, type: report.event, suppressed: report.suppress.length });
  }
}
