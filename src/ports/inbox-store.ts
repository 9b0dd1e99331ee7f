import type { Channel } from '#domain/model';
import type { DigestClaim, DigestState, InboxItem } from '#domain/inbox';

export type InboxKey = { sessionId: string; messageId: string };

/** The therapist's inbox (client messages waiting for an answer) and the one digest that tells the therapist of them. */
export interface InboxStore {
  /** Files an open item; one waiting for a digest is also due for one (`undelivered`). */
  add(item: InboxItem): Promise<void>;
  get(key: InboxKey): Promise<InboxItem | undefined>;
  /** Open items, oldest first. */
  listOpen(limit: number): Promise<InboxItem[]>;
  /** Writes `handled` over an item that is still open (stillOpen); false when it was handled already. */
  markHandled(handled: InboxItem): Promise<boolean>;
  /** Open items no digest has carried yet, oldest first (those a digest should carry). */
  undelivered(limit: number): Promise<InboxItem[]>;
  digest(): Promise<DigestState>;
  /**
   * Takes the digest for a sender if nobody else holds a live claim and no digest went since `seen` was read
   * (notYetClaimed, sameLastSent); false otherwise.
   */
  claimDigest(seen: DigestState, claim: DigestClaim, now: Date): Promise<boolean>;
  /** Records a channel of the claimed digest as done (stillOurs); false when the claim is no longer this sender's. */
  recordDigestChannel(token: string, channel: Channel, providerId: string): Promise<boolean>;
  /** Ends the claimed digest: its items carried (notifiedAt), the digest's time recorded, the claim released (stillOurs). */
  completeDigest(token: string, sentAt: Date, items: InboxKey[]): Promise<boolean>;
}
