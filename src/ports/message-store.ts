import type { MessageRecord } from '#domain/model';

/** The session's message log and the delivery reports providers send about it. */
export interface MessageStore {
  append(messages: MessageRecord[]): Promise<void>;
  /** Applies a provider's delivery report to the message it sent; the session id, or undefined if unknown. */
  recordDeliveryStatus(providerId: string, status: string, detail: string | undefined, now: Date): Promise<string | undefined>;
}

/**
 * Inbound messages, each processed once per provider message id. The id is recorded before anything changes, so a
 * replay (a provider's retry, or somebody sending an old signed request again) changes nothing.
 */
export interface InboundStore {
  /**
   * Records a provider message id once, with the message it brought when it belongs to a session (one write);
   * false when that id was seen before, and then nothing is written.
   */
  record(dedupeKey: string, at: Date, message?: MessageRecord): Promise<boolean>;
  /** Undoes `record` when processing failed, so the provider's retry is processed rather than taken for a replay. */
  forget(dedupeKey: string, message?: MessageRecord): Promise<void>;
}
