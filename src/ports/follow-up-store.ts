import type { FollowUpTransition } from '#domain/follow-up';
import type { FollowUp, MessageRecord, Step } from '#domain/model';

export interface DuePage {
  followUps: FollowUp[];
  cursor?: string;
}

/** Follow-ups: found when due, read again after a lost race, changed only by a lifecycle transition. */
export interface FollowUpStore {
  /** Follow-ups whose sendAt (or lease) has passed, oldest first, one page. */
  due(now: Date, limit: number, cursor?: string): Promise<DuePage>;
  get(sessionId: string, step: Step): Promise<FollowUp | undefined>;
  forSession(sessionId: string): Promise<FollowUp[]>;
  /**
   * Writes what the transition changes, if the follow-up is still as it expects; false when it is not (another
   * writer got there first). With `messages`, they are logged in the same atomic write.
   */
  apply(transition: FollowUpTransition, messages?: MessageRecord[]): Promise<boolean>;
}
