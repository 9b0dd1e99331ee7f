import { replySubject } from '#domain/email-thread';
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { digestMessage } from '#domain/digest-message';
import { ConflictError, NotFoundError, parseOrThrow, PermanentDeliveryError, UnknownDeliveryError } from '#domain/errors';
import { claimDigest, handle, inboxItem, nextDigestAt, type DigestRules, type InboxItem } from '#domain/inbox';
import type { LinkKeys } from '#domain/links';
import type { Channel, MessageRecord, Session } from '#domain/model';
import { formatSendingHours, isWithinSendingHours, nextSendableInstant, type SendingHours } from '#domain/quiet-hours';
import { replyAddress } from '#domain/reply-address';
import { escapeHtml } from '#domain/templates';
import { wallClock, type Clock } from '#domain/time';
import type { ContactStore } from '#ports/contact-store';
import type { InboxStore } from '#ports/inbox-store';
import type { Log } from '#ports/log';
import type { MessageStore } from '#ports/message-store';
import type { EmailSender, SmsSender } from '#ports/senders';
import type { SessionStore } from '#ports/session-store';

export interface DigestSettings {
  therapistPhone: string;
  therapistEmail: string;
  publicBaseUrl: string;
  phoneRegion: string;
  /** The practice's zone: the therapist's hours are in it. */
  timezone: string;
  therapistHours: SendingHours;
  replyDigestMinutes: number;
}

export interface DigestDeps {
  inbox: InboxStore;
  sms: SmsSender;
  email: EmailSender;
  clock: Clock;
  log: Log;
  settings: DigestSettings;
}

const DIGEST_LEASE_MINUTES = 2;
/** A transaction holds at most 100 writes: the digest item and this many messages. */
const DIGEST_MAX_ITEMS = 50;
const INBOX_LIMIT = 200;

const rulesOf = (settings: DigestSettings): DigestRules => ({
  minutes: settings.replyDigestMinutes,
  hours: settings.therapistHours,
  zone: settings.timezone,
});

/**
 * Tells the therapist, by text and email, of the client messages waiting for an answer: at most one digest per
 * `replyDigestMinutes`, only inside the therapist's hours (the rest wait for the next window).
 * Input: nothing (the inbox says what is waiting). Output: what happened.
 * Steps: read the digest's state; a digest whose sender died is taken over with the same messages, else the waiting
 * messages are taken if one is due; the claim is a conditional write (one sender per digest, none twice); each
 * channel not yet done is sent and recorded as done at once; when both are, the messages are marked carried and
 * the digest's time recorded. A channel that failed is tried again by the next sweep, once the claim has lapsed.
 */
export async function notifyDueReplies(deps: DigestDeps): Promise<'sent' | 'retrying' | 'waiting' | 'nothing' | 'busy'> {
  const { inbox, clock, settings } = deps;
  const now = clock.now();
  // First what waits: an idle sweep stops at this one query. A digest in flight keeps its messages waiting until it
  // completes, so none waiting also means no claim worth taking over.
  const waiting = await inbox.undelivered(DIGEST_MAX_ITEMS);
  if (waiting.length === 0) return 'nothing';
  const state = await inbox.digest();
  let keys: { sessionId: string; messageId: string }[] = [];
  if (!state.claim) {
    if (nextDigestAt(state, now, rulesOf(settings)) > now) return 'waiting';
    keys = waiting.map(({ sessionId, messageId }) => ({ sessionId, messageId }));
  }
  const token = randomUUID();
  const claim = claimDigest(state, keys, token, now, DIGEST_LEASE_MINUTES);
  if (!claim || !(await inbox.claimDigest(state, claim, now))) return 'busy';

  const items = (await Promise.all(claim.items.map((key) => inbox.get(key)))).filter((i): i is InboxItem => i?.status === 'open');
  const pending = (['sms', 'email'] as const).filter((channel) => claim.done[channel] === undefined);
  let allDone = true;
  if (items.length > 0 && pending.length > 0) {
    const message = digestMessage(items, { publicBaseUrl: settings.publicBaseUrl, phoneRegion: settings.phoneRegion, zone: settings.timezone });
    const results = await Promise.all(
      pending.map(async (channel: Channel) => {
        let done: string;
        try {
          const { providerId } =
            channel === 'sms'
              ? await deps.sms.send({ to: settings.therapistPhone, body: message.sms })
              : await deps.email.send({ to: settings.therapistEmail, subject: message.subject, html: message.html, text: message.text });
          done = providerId;
        } catch (error) {
          deps.log.error('reply digest not sent', { channel, items: items.length, error: (error as Error).name });
          // A refusal that retrying will not fix (a blocked number) is given up for this digest; the page still shows them.
          if (!(error instanceof PermanentDeliveryError) && !(error instanceof UnknownDeliveryError)) return false;
          done = `gave up: ${error.message}`;
        }
        return inbox.recordDigestChannel(token, channel, done);
      }),
    );
    allDone = results.every(Boolean);
  }
  if (!allDone) return 'retrying';
  await inbox.completeDigest(token, clock.now(), claim.items);
  deps.log.info('reply digest sent', { items: items.length, channels: pending });
  return 'sent';
}

/** Files a client's message that needs a person's answer in the therapist's inbox. */
export async function fileNeedsReply(deps: { inbox: InboxStore }, session: Session, message: MessageRecord): Promise<InboxItem> {
  const item = inboxItem(session, message);
  await deps.inbox.add(item);
  return item;
}

/** The inbox as the page shows it: open items, oldest first. */
export const openInbox = async (deps: { inbox: InboxStore }): Promise<InboxItem[]> => deps.inbox.listOpen(INBOX_LIMIT);

/** The therapist marks a message handled on the page; doing it again answers with the first handling. */
export async function markHandled(deps: { inbox: InboxStore; clock: Clock; log: Log }, sessionId: string, messageId: string): Promise<InboxItem> {
  const item = await deps.inbox.get({ sessionId, messageId });
  if (!item) throw new NotFoundError('No such message waiting for a reply');
  const handled = handle(item, 'mark-handled', deps.clock.now());
  if (handled && (await deps.inbox.markHandled(handled))) {
    deps.log.info('inbox item handled', { sessionId, via: 'mark-handled' });
    return handled;
  }
  return (await deps.inbox.get({ sessionId, messageId })) ?? item;
}

export interface AnswerSettings {
  therapistName: string;
  practiceName: string;
  sendingHours: SendingHours;
  linkKeys: LinkKeys;
  replyDomain?: string;
}

export interface AnswerDeps {
  sessions: SessionStore;
  contacts: ContactStore;
  messages: MessageStore;
  inbox: InboxStore;
  sms: SmsSender;
  email: EmailSender;
  clock: Clock;
  log: Log;
  settings: AnswerSettings;
}

/** A text of up to 10 segments; an email up to 10,000 characters. Line breaks are kept, other control characters refused. */
const answerSchema = z
  .object({
    channel: z.enum(['sms', 'email'], { error: 'must be "sms" or "email"' }),
    text: z
      .string({ error: 'is required' })
      .transform((text) => text.replace(/\r\n?/g, '\n').trim())
      .refine((text) => text.length > 0, 'must not be empty')
      .refine((text) => !/[\p{Cc}\p{Cs}\uFFFD]/u.test(text.replace(/[\n\t]/g, '')), 'has a character that cannot be sent (a control character)'),
  })
  .strict()
  .superRefine((body, ctx) => {
    const limit = body.channel === 'sms' ? 1530 : 10_000;
    if (body.text.length > limit) ctx.addIssue({ code: 'custom', path: ['text'], message: `is too long: at most ${limit.toLocaleString('en-US')} characters for ${body.channel === 'sms' ? 'a text' : 'an email'}` });
  });

/** A direct answer within this long of the client's last message is conversational: it may go out in quiet hours. */
const CONVERSATIONAL_HOURS = 24;

const CHANNEL_WORDS: Record<Channel, string> = { sms: 'texts', email: 'emails' };
const OPT_OUT_HOW: Record<string, string> = {
  'sms-keyword': 'by texting STOP',
  'email-reply': 'by replying to an email',
  unsubscribe: 'with the unsubscribe link',
  provider: 'through their carrier (the provider refused the message)',
};

/**
 * The therapist answers a client from the page, by text (from the practice number) or email (a reply in the
 * client's thread). Input: the session and `{ channel, text }`. Output: the message as recorded, and how many
 * waiting messages it answered.
 * Steps: refused (409, nothing sent) when the client opted out of that channel, or when it is quiet hours for the
 * client and they have not written in the last 24 hours (the answer says when it can go); otherwise sent through
 * the same senders, recorded as outbound written by the therapist, and every open inbox item of the client marked
 * answered.
 */
export async function answerClient(deps: AnswerDeps, sessionId: string, input: unknown) {
  const body = parseOrThrow(answerSchema, input);
  const view = await deps.sessions.view(sessionId);
  if (!view) throw new NotFoundError(`No session with id ${sessionId}`);
  const { session } = view;
  const { client } = session;
  const to = body.channel === 'sms' ? client.phone : client.email;
  if (!to) {
    throw new ConflictError(`${client.firstName} has no ${body.channel === 'sms' ? 'mobile number' : 'email address'} on file, so nothing was sent.`);
  }
  const now = deps.clock.now();
  const [contact] = await deps.contacts.get([{ channel: body.channel, address: to }]);
  if (contact?.optedOut) {
    const when = contact.optedOutAt ? ` on ${wallClock(new Date(contact.optedOutAt), client.timezone, 'LLL d')}` : '';
    const how = contact.optOutSource ? ` ${OPT_OUT_HOW[contact.optOutSource] ?? `(${contact.optOutSource})`}` : '';
    throw new ConflictError(`${client.firstName} opted out of ${CHANNEL_WORDS[body.channel]}${when}${how}, so nothing was sent. Call them, or answer another way.`);
  }
  const theirs = view.messages.filter((m) => m.direction === 'inbound' && m.party === 'client').sort((a, b) => a.at.localeCompare(b.at));
  const last = theirs.at(-1);
  const conversational = last !== undefined && now.getTime() - Date.parse(last.at) <= CONVERSATIONAL_HOURS * 3_600_000;
  if (!conversational && !isWithinSendingHours(now, client.timezone, deps.settings.sendingHours)) {
    const from = wallClock(nextSendableInstant(now, client.timezone, deps.settings.sendingHours), client.timezone, 'H:mm');
    throw new ConflictError(
      `It is quiet hours for ${client.firstName} (${wallClock(now, client.timezone, 'H:mm')} their time) and they have not written in the last day, so nothing was sent. It can be sent from ${from} their time (sending hours ${formatSendingHours(deps.settings.sendingHours)}).`,
    );
  }

  let providerId: string;
  let subject: string | undefined;
  try {
    if (body.channel === 'sms') {
      ({ providerId } = await deps.sms.send({ to, body: body.text }));
    } else {
      const thread = [...theirs].reverse().find((m) => m.channel === 'email');
      subject = replySubject(thread?.subject, `A message from ${deps.settings.therapistName}`);
      const signed = `${body.text}\n\n${deps.settings.therapistName}\n${deps.settings.practiceName}\n`;
      const replyTo = deps.settings.replyDomain ? replyAddress(deps.settings.linkKeys.current, deps.settings.replyDomain, session.id, to) : undefined;
      const ids = theirs.flatMap((m) => (m.emailMessageId ? [m.emailMessageId] : []));
      ({ providerId } = await deps.email.send({
        to,
        subject,
        text: signed,
        html: `<!doctype html><html><body><div style="white-space:pre-wrap;font-family:Helvetica,Arial,sans-serif;">${escapeHtml(signed)}</div></body></html>\n`,
        ...(replyTo ? { replyTo } : {}),
        ...(thread?.emailMessageId ? { inReplyTo: thread.emailMessageId } : {}),
        ...(ids.length ? { references: ids.slice(-10) } : {}),
      }));
    }
  } catch (error) {
    deps.log.error('answer from the page not sent', { sessionId, channel: body.channel, error: (error as Error).name });
    if (error instanceof PermanentDeliveryError) {
      if (error.optedOut) await deps.contacts.setOptOut(body.channel, to, true, 'provider', now).catch(() => undefined);
      throw new ConflictError(`The ${body.channel === 'sms' ? 'text' : 'email'} was refused (${error.reason}), so nothing was sent.`);
    }
    if (error instanceof UnknownDeliveryError) {
      throw new ConflictError(`No answer from the ${body.channel === 'sms' ? 'text' : 'email'} provider: it may have gone out. Check the conversation before sending it again.`);
    }
    throw new ConflictError(`The ${body.channel === 'sms' ? 'text' : 'email'} could not be sent just now, so nothing was sent. Try again in a minute.`);
  }
  const message: MessageRecord = {
    sessionId: session.id,
    id: randomUUID(),
    at: deps.clock.now().toISOString(),
    direction: 'outbound',
    channel: body.channel,
    party: 'client',
    author: 'therapist',
    template: 'therapist-answer',
    status: 'sent',
    providerId,
    to,
    body: body.text,
    ...(subject ? { subject } : {}),
  };
  await deps.messages.append([message]).catch((error: unknown) => {
    // Sent: failing to log it must not make the therapist send it twice.
    deps.log.error('answer sent but not logged', { sessionId, error: (error as Error).name });
  });
  const handledNow = await answerWaiting(deps, client, now);
  deps.log.info('answer sent from the page', { sessionId, channel: body.channel, handled: handledNow });
  return { message, handled: handledNow };
}

/** Every open inbox item of this client (by phone or email, across their sessions) is answered. */
async function answerWaiting(deps: Pick<AnswerDeps, 'inbox' | 'log'>, client: Session['client'], now: Date): Promise<number> {
  const mine = (await deps.inbox.listOpen(INBOX_LIMIT)).filter(
    (item) => item.clientContact === client.phone || (client.email !== undefined && item.clientContact.toLowerCase() === client.email.toLowerCase()),
  );
  let count = 0;
  for (const item of mine) {
    const handled = handle(item, 'answered', now);
    if (handled && (await deps.inbox.markHandled(handled).catch(() => false))) count += 1;
  }
  return count;
}
