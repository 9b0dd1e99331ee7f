/** The records Aftercare keeps, independent of how they are stored. Times are UTC ISO strings. */

export type Channel = 'sms' | 'email';
export const CHANNELS: readonly Channel[] = ['sms', 'email'];

export type Step = '2h' | '24h' | '48h';

export type SessionStatus = 'active' | 'cancelled';

/**
 * pending: waiting for `sendAt` (deferred when quiet hours moved it); claimed: a sender owns it until `leaseUntil`;
 * sent: every channel got an answer (see each channel); skipped: stale, or no channel could be used;
 * failed: a permanent provider error or too many retries; cancelled: the session was cancelled;
 * held: an escalation is open; unknown: a sender died mid-send, outcome reported rather than resent.
 */
export type FollowUpStatus = 'pending' | 'claimed' | 'sent' | 'skipped' | 'failed' | 'cancelled' | 'held' | 'unknown';

export type ChannelStatus = 'pending' | 'sent' | 'failed' | 'skipped' | 'unknown';

export interface ChannelDelivery {
  status: ChannelStatus;
  providerId?: string;
  reason?: string;
  at?: string;
}

/** The languages a client's messages are written in. */
export type ClientLanguage = 'en' | 'es';

export interface Client {
  name: string;
  firstName: string;
  phone?: string;
  email?: string;
  timezone: string;
  /** The template set of their messages; absent on sessions entered before languages: English. */
  language?: ClientLanguage;
}

export interface Consent {
  granted: boolean;
  at: string;
  source: string;
  wordingVersion: string;
}

export interface Session {
  id: string;
  client: Client;
  endedAt: string;
  createdAt: string;
  modality?: string;
  consent: Record<Channel, Consent>;
  status: SessionStatus;
  cancelledAt?: string;
  escalationId?: string;
  /** The Idempotency-Key it was entered with: a retry with it is that session again, not a duplicate. */
  idempotencyKey?: string;
  /** The latest edit's time; each edit says which fields changed (never their old values). */
  editedAt?: string;
  edits?: SessionEdit[];
  /** When a cancel was undone. */
  restoredAt?: string;
  /** Where the session came from when not entered by the therapist: a booking source ("square", "webhook", "ics"). */
  source?: BookingSourceId;
}

/** One correction of a session: when, and which fields ("client.phone", "modality"). */
export interface SessionEdit {
  at: string;
  fields: string[];
}

export type BookingSourceId = 'square' | 'webhook' | 'ics';

export type FollowUpVariant = 'checkin';

export interface FollowUp {
  sessionId: string;
  step: Step;
  /** When the step falls due: endedAt plus the step's offset. */
  dueAt: string;
  /** When it may be sent: dueAt moved out of quiet hours, or later after a retry backoff. */
  sendAt: string;
  /** When this step becomes stale because the next one is (nearly) due; absent for the last step. */
  staleAt?: string;
  status: FollowUpStatus;
  channels: Partial<Record<Channel, ChannelDelivery>>;
  attempts: number;
  /** Set on a follow-up that was being sent when its session was cancelled or escalated: settle it, never send again. */
  cancelRequested?: boolean;
  holdRequested?: boolean;
  /** The escalation that holds it (status held, or holdRequested): only acknowledging that one releases it. */
  heldBy?: string;
  leaseUntil?: string;
  claimToken?: string;
  reason?: string;
  /** A machine code beside `reason` where one is kept (`stale`). */
  reasonCode?: string;
  /** `checkin`: released after an escalation, so it is sent as the gentler check-in ("How are you feeling now?"). */
  variant?: FollowUpVariant;
  /** The session edit its client copy comes from (absent: as entered). */
  editedAt?: string;
  updatedAt: string;
  // Denormalised from the session so that a send needs no extra read.
  client: Client;
  modality?: string;
}

export type MessageDirection = 'outbound' | 'inbound';

export interface MessageRecord {
  sessionId: string;
  id: string;
  at: string;
  direction: MessageDirection;
  channel: Channel;
  /** Template for outbound messages ("2h", "reply-soreness", "therapist-escalation"). */
  template?: string;
  providerId?: string;
  status: string;
  /** Who the message is to or from: "client" or "therapist". */
  party: 'client' | 'therapist';
  /** Who wrote an outbound message, when a person did: `therapist` for an answer sent from the page (else the system). */
  author?: 'therapist';
  /** The address an outbound message went to (E.164 number or email), so that a report about it names no one else. */
  to?: string;
  /** Message text; shown to the therapist, never logged. */
  body?: string;
  triage?: { category: string; reasons: string[]; language?: string };
  /** An email the sender checks could not tie to the session's client: shown, flagged, never acted on. */
  unverified?: boolean;
  /** Sent by a machine (an out-of-office, a phone's "I'm driving"): kept, never answered. */
  automatic?: boolean;
  /** The reply was longer than what is kept (`body` is its start): how many characters it had. */
  fullLength?: number;
  /** An inbound email's own Message-ID and subject, so that an answer from the page joins the client's thread. */
  emailMessageId?: string;
  subject?: string;
  /** Why a send failed or was skipped. */
  reason?: string;
  /** Latest delivery report from the provider (delivered, undelivered, bounced…). */
  deliveryStatus?: string;
}

/** A client's contact point and what they agreed to there; keyed by the E.164 number or the lower-cased address. */
export interface ContactPoint {
  channel: Channel;
  address: string;
  optedOut: boolean;
  optedOutAt?: string;
  optOutSource?: string;
  consent?: Consent;
  /** When a follow-up last texted this number (set with the send's log): the next one within 48 h need not introduce itself. */
  textedAt?: string;
}

export type EscalationStatus = 'open' | 'acknowledged';

/** A client reply that the therapist must see; one open escalation per session, later replies appended. */
export interface Escalation {
  id: string;
  sessionId: string;
  status: EscalationStatus;
  urgent: boolean;
  createdAt: string;
  clientName: string;
  /** The client's phone or email, shown to the therapist. */
  clientContact: string;
  /** `unverified`: an email the sender checks could not tie to the client; it holds nothing. */
  replies: { at: string; channel: Channel; text: string; category: string; reasons: string[]; unverified?: boolean }[];
  /** Notification round: 1 for the first, +1 for each re-notification while unacknowledged. */
  round: number;
  /** Per channel, the current round's delivery to the therapist. */
  notify: Partial<Record<Channel, ChannelDelivery>>;
  /** When the next notification (retry or re-notify) is due; absent once acknowledged. */
  nextNotifyAt?: string;
  notifyClaim?: { token: string; until: string };
  /**
   * The round in which the latest reply arrived: an acknowledgement covers the escalation only once the therapist
   * was reached in this round or later. Absent on escalations from before it was kept (then 1).
   */
  newsRound?: number;
  /** Per channel, the latest round that reached the therapist. */
  deliveredRound?: Partial<Record<Channel, number>>;
  /** The short code the therapist's text names ("OK 2"), unique among open escalations. */
  code?: number;
  /** Every session whose follow-ups it holds: the client's active sessions on the same phone or email. */
  heldSessions?: string[];
  /** Other clients (by name) with the same phone or email: a family sharing a number. */
  sharedWith?: string[];
  acknowledgedAt?: string;
  acknowledgedVia?: string;
  /** Who acknowledged (the therapist's name), the note they left, and what became of the held follow-ups. */
  acknowledgedBy?: string;
  acknowledgeNote?: string;
  outcome?: AcknowledgeOutcome;
  updatedAt: string;
}

/** What happens to the follow-ups an escalation held: sent again (as check-ins), or the rest skipped. */
export type AcknowledgeOutcome = 'resume' | 'skip';
