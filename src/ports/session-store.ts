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

export type CreateResult = { created: true } | { created: false; sessionId: string; fingerprint: string };

/** Sessions: entered once (with their follow-ups and consent), read in several ways, cancelled. */
export interface SessionStore {
  /** Stores a session, its follow-ups and contact consent at once; an existing idempotency key returns its session id. */
  create(input: NewSession): Promise<CreateResult>;
  get(id: string): Promise<Session | undefined>;
  view(id: string): Promise<SessionView | undefined>;
  /** Sessions that ended between two instants, newest first. */
  list(from: Date, to: Date, limit: number): Promise<Session[]>;
  /** Every session of a client, by phone (E.164) or email, newest first. */
  forContact(contact: { phone?: string; email?: string }, limit: number): Promise<Session[]>;
  latestByPhone(phone: string): Promise<Session | undefined>;
  latestByEmail(email: string): Promise<Session | undefined>;
  /** Marks an active session cancelled (its follow-ups are the use case's to cancel); false when it was not active. */
  markCancelled(id: string, now: Date): Promise<boolean>;
}
