import type {
  Channel,
  ContactPoint,
  Escalation,
  FollowUp,
  MessageRecord,
  Session,
} from '#domain/model';

export interface NewSession {
  session: Session;
  followUps: FollowUp[];
  contacts: ContactPoint[];
  idempotency?: { key: string; fingerprint: string };
}

export interface SessionView {
  session: Session;
  followUps: FollowUp[];
  messages: MessageRecord[];
  escalations: Escalation[];
}

export interface ChannelOutcome {
  channel: Channel;
  /** pending: a transient failure, to be tried again; unknown: no answer, maybe sent, never retried. */
  status: 'sent' | 'failed' | 'skipped' | 'pending' | 'unknown';
  providerId?: string;
  reason?: string;
  /** The rendered message, kept in the session's log for the therapist. */
  body?: string;
}

/** What a sender writes once its providers have answered. */
export interface FollowUpResult {
  status: 'sent' | 'failed' | 'skipped' | 'pending' | 'unknown';
  /** For a retry: when to look again. */
  sendAt?: string;
  reason?: string;
  outcomes: ChannelOutcome[];
}

export interface DuePage {
  followUps: FollowUp[];
  cursor?: string;
}

export interface SessionRepository {
  /** Stores a session, its follow-ups and contact consent at once; an existing idempotency key returns its session id. */
  createSession(input: NewSession): Promise<{ created: true } | { created: false; sessionId: string; fingerprint: string }>;
  getSession(id: string): Promise<SessionView | undefined>;
  /** Sessions that ended between two instants, newest first. */
  listSessions(from: Date, to: Date, limit: number): Promise<Session[]>;
  /** Every session of a client, by phone (E.164) or email, newest first. */
  sessionsForContact(contact: { phone?: string; email?: string }, limit: number): Promise<Session[]>;
  /** Marks the session cancelled and cancels every follow-up not yet sent; returns the view after. */
  cancelSession(id: string, now: Date): Promise<SessionView | undefined>;

  /** Follow-ups whose sendAt (or lease) has passed, oldest first, one page. */
  findDue(now: Date, limit: number, cursor?: string): Promise<DuePage>;
  /**
   * Takes a due follow-up for one sender until `leaseUntil`; false when another sender has it or it is no longer due.
   */
  claim(followUp: FollowUp, claimToken: string, now: Date, leaseUntil: Date): Promise<FollowUp | undefined>;
  /** Settles a waiting follow-up whose session was cancelled or escalated while a sender had it (see cancelRequested). */
  settle(followUp: FollowUp, status: 'cancelled' | 'held', now: Date): Promise<boolean>;
  /** Moves a waiting follow-up to a later sendAt (it reached quiet hours before a sender took it). */
  defer(followUp: FollowUp, sendAt: Date, now: Date): Promise<boolean>;
  /** Writes a claimed follow-up's outcome and its messages, only if the claim is still ours. */
  complete(followUp: FollowUp, claimToken: string, result: FollowUpResult, now: Date): Promise<boolean>;
  /** Marks a follow-up whose claim lapsed mid-send: channels without a provider id are unknown, not resent. */
  markUnknown(followUp: FollowUp, now: Date): Promise<boolean>;

  /** Opts a contact point out (STOP, unsubscribe link, provider refusal) or back in (START). */
  setOptOut(channel: Channel, address: string, optedOut: boolean, source: string, now: Date): Promise<void>;

  getContacts(keys: { channel: Channel; address: string }[]): Promise<ContactPoint[]>;
}
