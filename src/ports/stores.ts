import type { BookingStore } from '#ports/booking-store';
import type { ContactStore } from '#ports/contact-store';
import type { EscalationStore } from '#ports/escalation-store';
import type { FollowUpStore } from '#ports/follow-up-store';
import type { InboxStore } from '#ports/inbox-store';
import type { InboundStore, MessageStore } from '#ports/message-store';
import type { SessionStore } from '#ports/session-store';
import type { SignInStore } from '#ports/sign-in-store';

/** Every store, as the composition root builds them; a use case asks only for the ones it uses. */
export interface Stores {
  sessions: SessionStore;
  followUps: FollowUpStore;
  escalations: EscalationStore;
  contacts: ContactStore;
  messages: MessageStore;
  inbound: InboundStore;
  inbox: InboxStore;
  signIn: SignInStore;
  bookings: BookingStore;
}
