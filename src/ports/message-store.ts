import type { MessageRecord } from '#domain/model';

/** The session's message log and the delivery reports providers send about it. */
export interface MessageStore {
  append(messages: MessageRecord[]): Promise<void>;
  /** Applies a provider's delivery report to the message it sent; the session id, or undefined if unknown. */
  recordDeliveryStatus(providerId: string, status: string, detail: string | undefined, now: Date): Promise<string | undefined>;
}

/** Inbound messages, each processed once per provider message id. */
export interface InboundStore {
  /** Logs an inbound message once per dedupe key; false when that key was seen before (a replay). */
  record(message: MessageRecord, dedupeKey: string): Promise<boolean>;
  /** Undoes `record` when processing failed, so the provider's retry is processed rather than taken for a replay. */
  forget(message: MessageRecord, dedupeKey: string): Promise<void>;
}
