import type { ContactPoint, MessageRecord } from '#domain/model';

/**
 * Who a text is from and how to stop them: carriers and CTIA expect both in the first message a number gets from a
 * sender. The 2 h text always says both; a session entered a day late starts at 24 h or 48 h, whose short texts then
 * go out wrapped in `first-text`. A number a follow-up texted within INTRODUCED_FOR_HOURS is not introduced again.
 */
export const INTRODUCED_FOR_HOURS = 48;

/** Whether the next follow-up text to this contact point must introduce itself. */
export const needsIntroduction = (contact: Pick<ContactPoint, 'textedAt'> | undefined, now: Date): boolean =>
  !contact?.textedAt || now.getTime() - new Date(contact.textedAt).getTime() >= INTRODUCED_FOR_HOURS * 3_600_000;

/** The numbers a send's log shows texted (a follow-up that went out to a client), each with when: their `textedAt`. */
export const textedNumbers = (messages: readonly MessageRecord[]): { phone: string; at: string }[] =>
  messages
    .filter((m) => m.direction === 'outbound' && m.channel === 'sms' && m.party === 'client' && m.status === 'sent' && m.to)
    .map((m) => ({ phone: m.to as string, at: m.at }));
