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

/** Inbound messages, each processed once per provider message id. */
export interface InboundStore {
  /** Logs an inbound message once per dedupe key; false when that key was seen before (a replay). */
  record(message: MessageRecord, dedupeKey: string): Promise<boolean>;
  /** Undoes `record` when processing failed, so the provider's retry is processed rather than taken for a replay. */
  forget(message: MessageRecord, dedupeKey: string): Promise<void>;
}
