import type { ContactPoint, Escalation, FollowUp, MessageRecord, Session } from '#domain/model';

export interface NewSession {
  session: Session;
  followUps: FollowUp[];
  contacts: ContactPoint[];
  idempotency?: { key: string; fingerprint: string };
}

/** A session with everything recorded under it. */
export interface SessionView {
  session: Session;
  followUps: FollowUp[];
  messages: MessageRecord[];
  escalations: Escalation[];
}

/** One page of sessions, newest first; `cursor` asks for the next (older) page. */
export interface SessionPage {
  sessions: Session[];
  cursor?: string;
}

export type CreateResult = { created: true } | { created: false; sessionId: string; fingerprint: string };

/** Sessions: entered once (with their follow-ups and consent), read in several ways, cancelled. */
export interface SessionStore {
  /** Stores a session, its follow-ups and contact consent at once; an existing idempotency key returns its session id. */
  create(input: NewSession): Promise<CreateResult>;
  get(id: string): Promise<Session | undefined>;
  view(id: string): Promise<SessionView | undefined>;
  /** Sessions that ended between two instants, newest first. */
  list(from: Date, to: Date, limit: number): Promise<Session[]>;
  /** Every session of a client, by phone (E.164) or email, newest first; with `before`, those that ended before it. */
  forContact(contact: { phone?: string; email?: string }, limit: number, before?: string): Promise<Session[]>;
  latestByPhone(phone: string): Promise<Session | undefined>;
  latestByEmail(email: string): Promise<Session | undefined>;
  /** Marks an active session cancelled (its follow-ups are the use case's to cancel); false when it was not active. */
  markCancelled(id: string, now: Date): Promise<boolean>;
  /**
   * Writes an edited session (client, modality, consent, its edit record; the phone and email indexes follow) and the
   * consent of its new contact points, if it is still active and unedited since `from` was read; false otherwise.
   */
  amend(from: Session, next: Session, contacts: ContactPoint[]): Promise<boolean>;
  /** Undoes a cancel: active again, if it is still the cancel made at `cancelledAt`; false otherwise. */
  markRestored(id: string, cancelledAt: string, now: Date): Promise<boolean>;
  /** Sessions of any date that ended before `before` (all when absent), newest first, a page at a time. */
  history(query: { before?: string; limit: number; cursor?: string }): Promise<SessionPage>;
}
