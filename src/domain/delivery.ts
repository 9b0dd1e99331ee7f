import type { Channel } from '#domain/model';

/** A provider's report about a message it sent, in Aftercare's terms (the adapters translate Twilio's and SES's). */
export interface DeliveryReport {
  channel: Channel;
  /** The provider's id of the message (Twilio's MessageSid, SES's message id). */
  providerId: string;
  /** What the therapist's page shows: delivered, undelivered, bounced (Permanent), complained… */
  status: string;
  /** The provider's own name for the event (Twilio's status, SES's event type), for the log. */
  event: string;
  detail?: string;
  /** The provider's error code, when it gave one. */
  errorCode?: string;
  /**
   * Addresses the provider names as undeliverable for good, in a report that only the provider can send (SES through
   * SNS): opted out here too, so that nothing is sent again.
   */
  suppress: { channel: Channel; address: string; source: string }[];
  /**
   * The recipient of this message opted out with the provider (Twilio error 21610). Who that is comes from the message
   * as we stored it, never from the report: a webhook's fields say whatever its sender put in them.
   */
  recipientOptedOut?: boolean;
}

/**
 * How far along a message is. Providers report each change in a request of its own, and those arrive in any order
 * (Twilio says so), so a report is written only over one that is not as far along:
 *
 *   accepted, scheduled, send ─► queued ─► sending ─► sent (a transient bounce too: SES tries again)
 *     ─► an outcome: delivered, undelivered, failed, canceled, partially delivered, delivery, a permanent bounce
 *     ─► what the recipient did after delivery: read, complained
 *
 * Outcomes do not replace one another: the first to arrive stays, and a contradicting one that arrives later (a
 * stale or repeated callback) changes nothing. A status this table does not know is kept only on a message with none.
 */
const STAGES = new Map<string, number>([
  ['accepted', 0],
  ['scheduled', 0],
  ['send', 0],
  ['queued', 1],
  ['sending', 2],
  ['sent', 3],
  ['bounced (Transient)', 3],
  ['bounced (Undetermined)', 3],
  ['delivered', 4],
  ['undelivered', 4],
  ['failed', 4],
  ['canceled', 4],
  ['partially_delivered', 4],
  ['delivery', 4],
  ['reject', 4],
  ['bounced (Permanent)', 4],
  ['read', 5],
  ['complained', 5],
]);

/** A delivery report to write onto the message it is about, and what the store must find there to write it. */
export interface DeliveryStatusChange {
  providerId: string;
  status: string;
  detail?: string;
  at: string;
  /** furtherAlong: the stored status is absent or one of `replaces`, the statuses before this one. */
  expect: { name: 'furtherAlong'; replaces: string[] };
}

/** The change a report asks for: its status over any that is not as far along (STAGES). */
export function deliveryStatusChange(report: DeliveryReport, now: Date): DeliveryStatusChange {
  const stage = STAGES.get(report.status) ?? -1;
  return {
    providerId: report.providerId,
    status: report.status,
    ...(report.detail ? { detail: report.detail } : {}),
    at: now.toISOString(),
    expect: { name: 'furtherAlong', replaces: [...STAGES].filter(([, before]) => before < stage).map(([status]) => status) },
  };
}

/** Whether a message's stored delivery status is what a change expects; the in-memory store and the tests use it. */
export const deliveryStatusMatches = (expect: DeliveryStatusChange['expect'], stored: string | undefined): boolean =>
  stored === undefined || expect.replaces.includes(stored);
