import type { Channel, ChannelDelivery, Escalation, MessageRecord, Session } from '#domain/model';

export type EscalationReply = Escalation['replies'][number];

/** Storage the reply pipeline needs: finding the client's session, the conversation, escalations. */
export interface ReplyRepository {
  latestSessionByPhone(phone: string): Promise<Session | undefined>;
  latestSessionByEmail(email: string): Promise<Session | undefined>;
  getSessionRecord(id: string): Promise<Session | undefined>;
  /** Records an inbound message once per provider message id; false when that id was seen before (a replay). */
  recordInbound(message: MessageRecord, dedupeKey: string): Promise<boolean>;
  /** Undoes recordInbound when processing failed, so the provider's retry is processed rather than taken for a replay. */
  forgetInbound(message: MessageRecord, dedupeKey: string): Promise<void>;
  appendMessages(messages: MessageRecord[]): Promise<void>;

  /**
   * Opens an escalation for the session, or appends the reply to its open one, and makes a notification due now.
   * Opening holds the session's waiting follow-ups.
   */
  escalate(session: Session, reply: EscalationReply, urgent: boolean, now: Date, newId: string): Promise<{ escalation: Escalation; opened: boolean }>;
  getEscalation(sessionId: string, id: string): Promise<Escalation | undefined>;
  openEscalations(): Promise<Escalation[]>;
  dueEscalations(now: Date, limit: number): Promise<Escalation[]>;
  /**
   * Takes an escalation's due notification for one notifier until `until`. When the last round was delivered to
   * every channel (a re-notification), the claim starts the next round with every channel pending again.
   */
  claimNotification(escalation: Escalation, token: string, now: Date, until: Date): Promise<Escalation | undefined>;
  /** Records one channel's delivery to the therapist as soon as it is known, with its message, while the claim is ours. */
  recordNotification(escalation: Escalation, token: string, channel: Channel, delivery: ChannelDelivery, message: MessageRecord): Promise<boolean>;
  /** Ends the claim and says when to look again (retry soon, or re-notify if still unacknowledged). */
  completeNotification(escalation: Escalation, token: string, nextNotifyAt: string, now: Date): Promise<boolean>;
  acknowledge(sessionId: string, id: string, via: string, now: Date): Promise<Escalation | undefined>;

  /** Applies a provider's delivery report to the message it sent; the session id, or undefined if unknown. */
  recordDeliveryStatus(providerId: string, status: string, detail: string | undefined, now: Date): Promise<string | undefined>;
}
