/** Starts the therapist's notification for an escalation now, outside the request that opened it. */
export interface EscalationNotifier {
  notify(sessionId: string, escalationId: string): Promise<void>;
}
