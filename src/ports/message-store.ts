import type { DeliveryStatusChange } from '#domain/delivery';
import type { Channel, MessageRecord } from '#domain/model';

/** An outbound message as a delivery report finds it, by the provider's id. */
export interface SentMessage {
  sessionId: string;
  /** Whom it went to; absent on a message logged before recipients were kept. */
  recipient?: { channel: Channel; party: MessageRecord['party']; address: string };
}

/** The session's message log and the delivery reports providers send about it. */
export interface MessageStore {
  append(messages: MessageRecord[]): Promise<void>;
  /**
   * Writes a delivery report onto the outbound message with the change's provider id, only if its stored status is
   * what the change expects (not as far along). The message as we sent it and whether the status was written;
   * undefined when we sent no message with that id.
   */
  recordDeliveryStatus(change: DeliveryStatusChange): Promise<{ message: SentMessage; written: boolean } | undefined>;
}

/**
 * Inbound messages, each processed once per provider message id. The id is recorded before anything changes, so a
 * replay (a provider's retry, or somebody sending an old signed request again) changes nothing.
 */
export interface InboundStore {
  /**
   * Records a provider message id once, with the message it brought when it belongs to a session (one write);
   * false when that id was seen before, and then nothing is written. A Twilio signature carries no time, so the id
   * of a message that changes state for good (a keyword, the therapist's "OK") is kept `forever`, like an opt-out;
   * others lapse with the retention period, with the session they belong to.
   */
  record(dedupeKey: string, at: Date, message?: MessageRecord, options?: { forever?: boolean }): Promise<boolean>;
  /** Undoes `record` when processing failed, so the provider's retry is processed rather than taken for a replay. */
  forget(dedupeKey: string, message?: MessageRecord): Promise<void>;
}
