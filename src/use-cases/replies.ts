import { replySubject } from '#domain/email-thread';
import { randomUUID } from 'node:crypto';
import { acknowledgementOf, isCarrierKeyword, keywordIntent, keywordLanguage, type KeywordIntent } from '#domain/keywords';
import { TRIAGE_MAX_CHARS, triage, type Language, type RedFlag, type TriageCategory } from '#domain/triage';
import type { Clock } from '#domain/time';
import { clientTemplateVars, templateLabel, type TemplateSet } from '#domain/templates';
import type { AcknowledgeOutcome, Channel, Escalation, MessageRecord, Session } from '#domain/model';
import { textedRound } from '#domain/escalation';
import { unsubscribeUrl, verifyingKeys, type LinkKeys } from '#domain/links';
import { AUTO_ANSWER_WINDOW_HOURS, isAutomaticText } from '#domain/inbound-checks';
import { parseReplyAddress, replyAddress, replyAddressMatches } from '#domain/reply-address';
import { digestWorthy, needsReply, seenWhen } from '#domain/inbox';
import type { SendingHours } from '#domain/quiet-hours';
import type { InboxStore } from '#ports/inbox-store';
import type { ContactStore } from '#ports/contact-store';
import type { Log } from '#ports/log';
import type { InboundStore, MessageStore } from '#ports/message-store';
import type { EscalationNotifier } from '#ports/notifier';
import type { EmailSender } from '#ports/senders';
import { acknowledgeEscalation, escalate, type EscalateDeps } from './escalations.ts';
import { fileNeedsReply } from './inbox.ts';

export interface ReplySettings {
  practiceName: string;
  therapistName: string;
  practicePhone: string;
  practiceHours: string;
  therapistPhone: string;
  publicBaseUrl: string;
  /** Keys that sign the unsubscribe link of emailed auto-replies, and the reply addresses. */
  linkKeys: LinkKeys;
  /** The domain of the signed per-session reply addresses, when replies are received there. */
  replyDomain?: string;
  /** The therapist's working hours in the practice's zone: the automatic answer says when they will see a message. */
  therapistHours: SendingHours;
  timezone: string;
}

export interface ReplyDeps extends EscalateDeps {
  contacts: ContactStore;
  messages: MessageStore;
  inbound: InboundStore;
  inbox: InboxStore;
  notifier: EscalationNotifier;
  templates: TemplateSet;
  clock: Clock;
  log: Log;
  settings: ReplySettings;
}

/** The auto-reply for each triage category: the client wrote first, so it is sent at once, quiet hours or not. */
const REPLY_TEMPLATE: Record<TriageCategory, string> = {
  urgent: 'reply-urgent',
  escalate: 'reply-escalate',
  soreness: 'reply-soreness',
  positive: 'reply-positive',
  question: 'reply-question',
  other: 'reply-question',
};

/**
 * The auto-reply in the language the client wrote in: a Spanish reply gets the Spanish template where one exists
 * (`reply-urgent-es`, …), so the safety message is always in their language; otherwise the English one. A reply that
 * speaks of ending their life gets the crisis line (988) rather than the generic emergency message.
 */
export function replyTemplateFor(category: TriageCategory, flags: readonly RedFlag[] = []): string {
  return flags.includes('self-harm') ? 'reply-crisis' : REPLY_TEMPLATE[category];
}

/**
 * The language of an automatic answer: the one the client wrote in when it reads as Spanish; a few words that say
 * nothing either way ("ok", "👍") from a client whose messages are in Spanish are answered in Spanish too.
 */
export function answerLanguage(written: Language, session: Pick<Session, 'client'> | undefined, text: string): Language {
  if (written === 'es') return 'es';
  const words = text.match(/\p{L}+/gu)?.length ?? 0;
  return session?.client.language === 'es' && words < 3 ? 'es' : 'en';
}

const clientVars = (settings: ReplySettings, session: Session | undefined) => clientTemplateVars(settings, session?.client.firstName ?? 'there');

/** An automatic answer's variables: the client's, and when the therapist will see the message, in the client's language. */
const answerVars = (deps: Pick<ReplyDeps, 'settings' | 'clock'>, session: Session, language: Language) => ({
  ...clientVars(deps.settings, session),
  seenWhen: seenWhen(deps.clock.now(), { hours: deps.settings.therapistHours, zone: deps.settings.timezone }, language),
});

/**
 * What is kept of a reply: all of it up to what triage reads, else that start (the count of the whole is kept with
 * it), so nothing is shown that triage did not read.
 */
export const KEPT_REPLY_CHARS = TRIAGE_MAX_CHARS;

const kept = (text: string, length = text.length): { body: string; fullLength?: number } =>
  length <= KEPT_REPLY_CHARS ? { body: text } : { body: text.length > KEPT_REPLY_CHARS ? `${text.slice(0, KEPT_REPLY_CHARS)}…` : text, fullLength: length };

/** How a reply arrived, and what may be done about it. */
interface Arrival {
  channel: Channel;
  /** The provider's message id: recorded before anything changes, so a replay changes nothing. */
  dedupeKey: string;
  providerId?: string;
  /** The contact point an automatic answer would go to. */
  address: string;
  /** False for an email the sender checks could not tie to the client: it is shown, flagged, and never acted on. */
  verified: boolean;
  /** A machine seems to have sent it (an out-of-office, "I'm driving"): it gets no routine answer. */
  automatic: boolean;
  /** A keyword or the therapist's "OK" changes state for good: its id is remembered beyond the retention period. */
  forever?: boolean;
  /** An email's own Message-ID header and subject: an answer from the page replies in the client's thread. */
  emailMessageId?: string;
  subject?: string;
  /** Other clients (by name) with the same phone or address: the therapist is told the number is shared. */
  sharedWith?: string[];
}

interface Triaged {
  category: TriageCategory;
  language: Language;
  escalated: boolean;
  /** The auto-reply to send, if one is due (never to a machine, to an unverified sender, or twice in the window). */
  replyTemplate?: string;
}

/**
 * The shared pipeline for a reply on either channel: record it with its triage (once per provider id; a replay
 * returns undefined and changes nothing); escalate warning signs to the therapist (one open escalation per session,
 * notified at once); choose the auto-reply.
 */
async function triageReply(deps: ReplyDeps, session: Session, arrival: Arrival, text: string, length?: number): Promise<Triaged | undefined> {
  const now = deps.clock.now();
  const result = triage(text, { receivedAt: now.toISOString(), sessionEndedAt: session.endedAt });
  const { body, fullLength } = kept(text, length);
  // A warning sign escalates whoever seems to have sent it: an auto-reply filter must never silence a client.
  const escalated = result.escalate;
  const automatic = arrival.automatic && !escalated;
  const inbound: MessageRecord = {
    sessionId: session.id,
    id: randomUUID(),
    at: now.toISOString(),
    direction: 'inbound',
    channel: arrival.channel,
    party: 'client',
    status: 'received',
    body,
    triage: { category: result.category, reasons: result.reasons, language: result.language },
    ...(arrival.providerId ? { providerId: arrival.providerId } : {}),
    ...(arrival.verified ? {} : { unverified: true }),
    ...(automatic ? { automatic: true } : {}),
    ...(fullLength ? { fullLength } : {}),
    ...(arrival.emailMessageId ? { emailMessageId: arrival.emailMessageId } : {}),
    ...(arrival.subject ? { subject: arrival.subject } : {}),
  };
  if (!(await deps.inbound.record(arrival.dedupeKey, now, inbound))) {
    deps.log.info('replayed inbound message ignored', { sessionId: session.id, channel: arrival.channel });
    return undefined;
  }
  if (needsReply(inbound)) {
    // Every message a person must answer reaches the therapist's inbox; triage decides only how fast they hear of it.
    const item = await fileNeedsReply(deps, session, inbound).catch(async (error: unknown) => {
      // Not filed: forget it whole, so that the provider's retry files it rather than being taken for a replay.
      await deps.inbound.forget(arrival.dedupeKey, inbound).catch(() => undefined);
      throw error;
    });
    if (digestWorthy(item)) {
      await deps.notifier.notifyReplies().catch((error: unknown) => {
        // The sweep sends the digest when it could not start now; the message waits in the inbox as due.
        deps.log.error('reply digest could not start', { sessionId: session.id, error: (error as Error).name });
      });
    }
  }
  deps.log.info('reply triaged', {
    sessionId: session.id, channel: arrival.channel, category: result.category, escalate: escalated, verified: arrival.verified, automatic,
  });
  if (escalated) {
    const reply = {
      at: inbound.at, channel: arrival.channel, text: body, category: result.category, reasons: result.reasons,
      ...(arrival.verified ? {} : { unverified: true }),
    };
    const { escalation, opened } = await escalate(deps, session, reply, result.urgent, now, randomUUID(), arrival.sharedWith).catch(async (error: unknown) => {
      // Not escalated: the reply stays in the log (the page shows it), and its id is forgotten so that a retry
      // (SES retries a failed function; Twilio its fallback URL) escalates it instead of being ignored.
      await deps.inbound.forget(arrival.dedupeKey).catch(() => undefined);
      throw error;
    });
    deps.log.info(opened ? 'escalation opened' : 'reply added to open escalation', {
      sessionId: session.id,
      escalationId: escalation.id,
      urgent: escalation.urgent,
    });
    await deps.notifier.notify(session.id, escalation.id).catch((error: unknown) => {
      // The sweep retries a notification that could not start now; the escalation is already stored as due.
      deps.log.error('escalation notification failed', { sessionId: session.id, escalationId: escalation.id, error: (error as Error).name });
    });
  }
  const answer =
    arrival.verified && !automatic &&
    // An escalation is always answered (the safety message); anything else once per contact point in the window,
    // so two auto-responders cannot keep answering each other.
    (escalated || (await deps.contacts.claimAutoAnswer({ channel: arrival.channel, address: arrival.address }, now, AUTO_ANSWER_WINDOW_HOURS)));
  if (!answer) deps.log.info('reply not answered automatically', { sessionId: session.id, verified: arrival.verified, automatic });
  return {
    category: result.category,
    language: answerLanguage(result.language, session, text),
    escalated,
    ...(answer ? { replyTemplate: replyTemplateFor(result.category, result.flags) } : {}),
  };
}

const outbound = (session: Session, channel: Channel, template: string, body: string, at: string, providerId?: string): MessageRecord => ({
  sessionId: session.id,
  id: randomUUID(),
  at,
  direction: 'outbound',
  channel,
  party: 'client',
  template,
  status: 'sent',
  body,
  ...(providerId ? { providerId } : {}),
});

/** How many of a contact point's sessions are weighed to find the one a reply answers. */
const CANDIDATE_SESSIONS = 10;

const folded = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const nameKey = (name: string) => folded(name).replace(/\s+/g, ' ').trim();
const clientKey = (session: Session) => nameKey(session.client.name);
const names = (text: string, name: string) => new RegExp(`(?:^|[^\\p{L}])${folded(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^\\p{L}])`, 'u').test(folded(text));

/** When the session last sent the client a message on this channel (a follow-up or an answer), if it did. */
async function lastSentAt(deps: ReplyDeps, session: Session, channel: Channel): Promise<string | undefined> {
  const view = await deps.sessions.view(session.id);
  return view?.messages.filter((m) => m.direction === 'outbound' && m.party === 'client' && m.channel === channel && m.status === 'sent').at(-1)?.at;
}

/**
 * The session a reply from a phone number or address answers: the one whose message was last sent there (else
 * the newest). A number shared by several clients (a family): a reply that names one of them ("it's Maria, ...")
 * goes to that client's sessions; either way the others are named, so that the therapist is told it is shared.
 */
export async function answeredSession(
  deps: ReplyDeps,
  channel: Channel,
  address: string,
  text: string,
): Promise<{ session?: Session; sharedWith: string[] }> {
  const candidates = await deps.sessions.forContact(channel === 'sms' ? { phone: address } : { email: address }, CANDIDATE_SESSIONS);
  if (candidates.length <= 1) return { session: candidates[0], sharedWith: [] };
  const clients = [...new Map(candidates.map((s) => [clientKey(s), s.client])).values()];
  const named = clients.filter((client) => names(text, client.firstName) || names(text, client.name));
  const pool = named.length === 1 ? candidates.filter((s) => clientKey(s) === nameKey(named[0]!.name)) : candidates;
  const sent = await Promise.all(pool.map(async (s) => ({ s, at: await lastSentAt(deps, s, channel) })));
  const last = sent.filter((x): x is { s: Session; at: string } => x.at !== undefined).sort((a, b) => b.at.localeCompare(a.at))[0]?.s;
  const session = last ?? pool[0];
  const sharedWith = session ? clients.filter((c) => nameKey(c.name) !== clientKey(session)).map((c) => c.name) : [];
  return { session, sharedWith };
}

export interface InboundSms {
  from: string;
  body: string;
  messageSid: string;
}

/**
 * A text from a client (or the therapist) to the practice number. `answer` turns the text to send back (if any)
 * into the webhook's response (TwiML); it runs before the answer is recorded as sent, so an answer that cannot be
 * built is never logged as delivered. Steps: the MessageSid is recorded first (a replay changes nothing); the
 * therapist's "OK" acknowledges open escalations; opt-out keywords come next (STOP and friends, START, HELP), then
 * the triage pipeline and its auto-reply.
 */
export async function handleInboundSms<A>(deps: ReplyDeps, sms: InboundSms, answer: (reply: string | undefined) => A): Promise<A> {
  const { settings } = deps;
  const dedupeKey = `sms:${sms.messageSid}`;
  if (sms.from === settings.therapistPhone) return handleTherapistSms(deps, sms, dedupeKey, answer);

  let intent = keywordIntent(sms.body);
  if (intent === 'start' && /^\W*yes\W*$/i.test(sms.body)) {
    // "Yes" opts back in only a number that opted out; otherwise it answers a follow-up ("sore today?").
    const [contact] = await deps.contacts.get([{ channel: 'sms', address: sms.from }]);
    if (!contact?.optedOut) intent = null;
  }
  if (intent) return handleKeyword(deps, sms, intent, await deps.sessions.latestByPhone(sms.from), answer);
  const { session, sharedWith } = await answeredSession(deps, 'sms', sms.from, sms.body);
  if (!session) {
    // Nothing changes, so nothing is recorded (a replay of it changes nothing either).
    deps.log.warn('text from a number with no session; not answered', {});
    return answer(undefined);
  }
  const arrival: Arrival = {
    channel: 'sms', dedupeKey, providerId: sms.messageSid, address: sms.from, verified: true, automatic: isAutomaticText(sms.body), sharedWith,
  };
  const triaged = await triageReply(deps, session, arrival, sms.body.trim());
  if (!triaged?.replyTemplate) return answer(undefined);
  const reply = deps.templates.sms(triaged.replyTemplate, answerVars(deps, session, triaged.language), session.modality, triaged.language).text;
  const response = answer(reply);
  await logAnswer(deps, outbound(session, 'sms', templateLabel(triaged.replyTemplate, triaged.language), reply, deps.clock.now().toISOString()));
  return response;
}

/** Logs an answer already on its way: failing to log it must not keep it (a safety message, say) from the client. */
async function logAnswer(deps: ReplyDeps, message: MessageRecord): Promise<void> {
  await deps.messages.append([message]).catch((error: unknown) => {
    deps.log.error('answer sent but not logged', { sessionId: message.sessionId, error: (error as Error).name });
  });
}

async function handleKeyword<A>(
  deps: ReplyDeps,
  sms: InboundSms,
  intent: KeywordIntent,
  session: Session | undefined,
  answer: (reply: string | undefined) => A,
): Promise<A> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const dedupeKey = `sms:${sms.messageSid}`;
  const inbound: MessageRecord | undefined = session && {
    sessionId: session.id, id: randomUUID(), at, direction: 'inbound', channel: 'sms', party: 'client',
    status: 'received', body: sms.body.trim(), triage: { category: `keyword:${intent}`, reasons: [] }, providerId: sms.messageSid,
  };
  // First the MessageSid: a replayed START after a STOP must not opt the client back in.
  if (!(await deps.inbound.record(dedupeKey, now, inbound, { forever: true }))) {
    deps.log.info('replayed keyword ignored', { intent });
    return answer(undefined);
  }
  const vars = clientVars(deps.settings, session);
  // In the keyword's language ("PARAR", "AYUDA"), else the client's.
  const language = keywordLanguage(sms.body) ?? session?.client.language;
  let reply: string | undefined;
  try {
    if (intent === 'stop') {
      await deps.contacts.setOptOut('sms', sms.from, true, 'sms-keyword', now);
      // Twilio answers the standard keywords itself (and then blocks our texts); a polite "please stop" is ours to confirm.
      reply = isCarrierKeyword(sms.body) ? undefined : deps.templates.sms('opt-out-confirm', vars, undefined, language).text;
    } else if (intent === 'start') {
      await deps.contacts.setOptOut('sms', sms.from, false, 'sms-keyword', now);
      reply = deps.templates.sms('opt-in-confirm', vars, undefined, language).text;
    } else {
      reply = deps.templates.sms('help', vars, undefined, language).text;
    }
  } catch (error) {
    await deps.inbound.forget(dedupeKey, inbound).catch(() => undefined);
    throw error;
  }
  deps.log.info('keyword handled', { intent, known: Boolean(session) });
  const response = answer(reply);
  if (session && reply) await logAnswer(deps, outbound(session, 'sms', `keyword-${intent}`, reply, at));
  return response;
}

const OUTCOME_TEXT: Record<AcknowledgeOutcome, (e: Escalation) => string> = {
  resume: () => 'Their automated follow-ups resume as gentle check-ins ("How are you feeling now?").',
  skip: (e) => `The rest of their automated follow-ups are skipped${e.urgent ? ', as it was urgent' : ''}.`,
};

const codeOf = (e: Escalation) => (e.code === undefined ? '' : String(e.code));

/** The therapist's open escalations as a text lists them: "2 open: Ana Ruiz (OK 1), Ben Li (OK 2)". */
function openList(open: Escalation[]): string {
  const byCode = [...open].sort((a, b) => (a.code ?? Infinity) - (b.code ?? Infinity));
  const items = byCode.map((e) => `${e.clientName} (${e.code === undefined ? 'on the page' : `OK ${e.code}`})`);
  return `${open.length} open: ${items.join(', ')}`;
}

/**
 * The therapist's "OK" or "OK 2": which escalation it answers, and the answer. "OK 2" names one by its code; a
 * bare "OK" answers only the one open escalation, and otherwise gets the list. It covers what the therapist was
 * texted: if the latest reply's alert has not reached them yet, nothing changes and they are told it is on its way.
 */
async function acknowledgeByText(deps: ReplyDeps, code: number | undefined): Promise<string> {
  const open = await deps.escalations.listOpen();
  if (open.length === 0) return 'No open escalations.';
  const target = code !== undefined ? open.find((e) => e.code === code) : open.length === 1 ? open[0] : undefined;
  if (!target) {
    const lowest = [...open].sort((a, b) => (a.code ?? Infinity) - (b.code ?? Infinity))[0]!;
    const vars = { openList: openList(open), ackCode: codeOf(lowest) };
    return `${code !== undefined ? `No open escalation has the code ${code}. ` : ''}${deps.templates.sms('therapist-ack-list', vars).text}`;
  }
  const result = await acknowledgeEscalation(deps, target.sessionId, target.id, {
    via: 'therapist-sms', by: deps.settings.therapistName, seenRound: textedRound(target) ?? 0,
  });
  if (!result) return 'No open escalations.';
  if (result.unseen) return deps.templates.sms('therapist-ack-unseen', { clientName: target.clientName, ackCode: codeOf(target) }).text;
  const outcome = result.escalation.outcome ?? 'resume';
  return deps.templates.sms('therapist-ack', { clientName: target.clientName, outcome: OUTCOME_TEXT[outcome](result.escalation) }).text;
}

async function handleTherapistSms<A>(deps: ReplyDeps, sms: InboundSms, dedupeKey: string, answer: (reply: string | undefined) => A): Promise<A> {
  const ack = acknowledgementOf(sms.body);
  if (!ack) return answer(undefined);
  // First the MessageSid: a replayed "OK" must not acknowledge an escalation opened since.
  if (!(await deps.inbound.record(dedupeKey, deps.clock.now(), undefined, { forever: true }))) {
    deps.log.info('replayed acknowledgement ignored', {});
    return answer(undefined);
  }
  let reply: string;
  try {
    reply = await acknowledgeByText(deps, ack.code);
  } catch (error) {
    // Nothing half-done is left for good: the retry acknowledges what is still open.
    await deps.inbound.forget(dedupeKey).catch(() => undefined);
    throw error;
  }
  return answer(reply);
}

export interface InboundEmail {
  /** The header `From` address, lower-cased. */
  from: string;
  /** The envelope recipients SES reports (never the To or Cc headers, which the sender writes). */
  recipients: string[];
  /** The new text of the reply, quoted history and signature removed (of any length). */
  text: string;
  /** The characters of the whole body, when more than `text` was read. */
  fullLength?: number;
  messageId: string;
  /** The Message-ID header itself, when the message has one, and the subject: an answer from the page joins the thread. */
  headerMessageId?: string;
  subject?: string;
  /** The receiving checks (SPF, DKIM, DMARC, spam, virus) vouch for `From`. */
  verified: boolean;
  /** Sent by a machine (RFC 3834 auto-reply, list, bulk, out-of-office). */
  automatic: boolean;
}

/**
 * The session an email is for: the one its signed reply address names (the MAC covers the session and the client's
 * address), else one an unsigned address (from before signing) names whose client sent it, else the sender's session
 * that the reply answers (`answeredSession`), else any session an address names (unsigned, or signed with a retired key). The last is for a client writing from another address: it is kept and shown,
 * unverified, rather than lost.
 */
async function sessionOfEmail(deps: ReplyDeps, email: InboundEmail): Promise<Session | undefined> {
  const named: Session[] = [];
  for (const address of email.recipients.map(parseReplyAddress)) {
    const session = address && (await deps.sessions.get(address.sessionId));
    const client = session?.client.email?.toLowerCase();
    if (!address || !session || !client) continue;
    if (replyAddressMatches(verifyingKeys(deps.settings.linkKeys, 'reply', deps.clock.now()), address, client)) return session;
    named.push(session);
  }
  return named.find((session) => session.client.email?.toLowerCase() === email.from) ?? (await answeredSession(deps, 'email', email.from, email.text)).session ?? named[0];
}

/**
 * An email reply: matched to its session (above); then the same pipeline as a text, and the auto-reply by email.
 * Only a message whose sender checks pass and whose `From` is the session's client address can change anything
 * (opt out, hold follow-ups, get an answer); any other is still logged and shown, flagged as unverified, and a
 * warning sign in it still reaches the therapist, marked so.
 */
export async function handleInboundEmail(
  deps: ReplyDeps & { email: EmailSender },
  email: InboundEmail,
): Promise<{ sessionId?: string; category?: TriageCategory; verified?: boolean }> {
  const session = await sessionOfEmail(deps, email);
  if (!session) {
    deps.log.warn('email from an unknown sender; not answered', {});
    return {};
  }
  const to = session.client.email ?? email.from;
  const verified = email.verified && email.from === to.toLowerCase();
  const arrival: Arrival = {
    channel: 'email', dedupeKey: `email:${email.messageId}`, address: to, verified, automatic: email.automatic,
    ...(email.headerMessageId ? { emailMessageId: email.headerMessageId } : {}),
    ...(email.subject ? { subject: email.subject } : {}),
  };
  if (verified && !email.automatic && keywordIntent(email.text) === 'stop') {
    const now = deps.clock.now();
    const inbound: MessageRecord = {
      sessionId: session.id, id: randomUUID(), at: now.toISOString(), direction: 'inbound', channel: 'email', party: 'client',
      status: 'received', body: kept(email.text).body, triage: { category: 'keyword:stop', reasons: [] },
    };
    if (!(await deps.inbound.record(arrival.dedupeKey, now, inbound, { forever: true }))) return { sessionId: session.id, verified };
    await deps.contacts.setOptOut('email', to, true, 'email-reply', now).catch(async (error: unknown) => {
      // Not opted out: forget it, so that SES's retry opts the client out instead of being ignored.
      await deps.inbound.forget(arrival.dedupeKey, inbound).catch(() => undefined);
      throw error;
    });
    deps.log.info('email opted out by reply', { sessionId: session.id });
    return { sessionId: session.id, verified };
  }
  const triaged = await triageReply(deps, session, arrival, email.text, email.fullLength);
  if (!triaged) return { sessionId: session.id, verified };
  if (triaged.replyTemplate) await answerByEmail(deps, session, to, triaged.replyTemplate, triaged.language, arrival);
  return { sessionId: session.id, category: triaged.category, verified };
}

/** The automatic answer to an email, in the client's thread (In-Reply-To, References, "Re: " their subject). */
async function answerByEmail(
  deps: ReplyDeps & { email: EmailSender },
  session: Session,
  to: string,
  template: string,
  language: Language,
  theirs: Pick<Arrival, 'emailMessageId' | 'subject'>,
): Promise<void> {
  const [contact] = await deps.contacts.get([{ channel: 'email', address: to }]);
  if (contact?.optedOut) return;
  const { settings } = deps;
  const now = deps.clock.now();
  const link = unsubscribeUrl(settings, session.id, now);
  const rendered = deps.templates.email(template, { ...answerVars(deps, session, language), unsubscribeUrl: link }, session.modality, language);
  const replyTo = settings.replyDomain ? replyAddress(settings.linkKeys.current, settings.replyDomain, session.id, to) : undefined;
  const at = now.toISOString();
  try {
    const { providerId } = await deps.email.send({
      to, subject: replySubject(theirs.subject, rendered.subject), html: rendered.html, text: rendered.text, unsubscribeUrl: link, autoSubmitted: 'auto-replied',
      ...(replyTo ? { replyTo } : {}),
      ...(theirs.emailMessageId ? { inReplyTo: theirs.emailMessageId, references: [theirs.emailMessageId] } : {}),
    });
    await logAnswer(deps, outbound(session, 'email', templateLabel(template, language), rendered.text, at, providerId));
  } catch (error) {
    deps.log.error('email auto-reply failed', { sessionId: session.id, error: (error as Error).name });
  }
}
