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
  /** Contact points the provider will not deliver to any more: opted out here too, so that nothing is sent again. */
  suppress: { channel: Channel; address: string; source: string }[];
}
