import type { EscalationTransition } from '#domain/escalation';
import type { Escalation, MessageRecord } from '#domain/model';

/** Escalations: at most one open per session, notified in rounds until acknowledged. */
export interface EscalationStore {
  get(sessionId: string, id: string): Promise<Escalation | undefined>;
  /** Open escalations, newest first. */
  listOpen(): Promise<Escalation[]>;
  /** Open escalations whose next notification (or a lapsed claim) is due. */
  due(now: Date, limit: number): Promise<Escalation[]>;
  /**
   * Stores a new open escalation; false when its session already has one open (oneOpenEscalation) or an open one
   * has its code (codeIsFree). Acknowledging frees the code.
   */
  open(escalation: Escalation): Promise<boolean>;
  /** Writes what the transition changes if the escalation is still as it expects; `messages` in the same write. */
  apply(transition: EscalationTransition, messages?: MessageRecord[]): Promise<boolean>;
  /** Applies an acknowledgement and frees the session for a new escalation, at once. */
  acknowledge(transition: EscalationTransition): Promise<boolean>;
}
