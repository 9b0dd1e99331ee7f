/** Starts the therapist's notifications now, outside the request that made them due. */
export interface EscalationNotifier {
  notify(sessionId: string, escalationId: string): Promise<void>;
  /** Sends the digest of client messages waiting for an answer, if one is due (the first at once). */
  notifyReplies(): Promise<void>;
}
