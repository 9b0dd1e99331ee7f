import { randomUUID } from 'node:crypto';
import { isAcknowledgement, isCarrierKeyword, keywordIntent, type KeywordIntent } from '#domain/keywords';
import { triage, type Language, type RedFlag, type TriageCategory } from '#domain/triage';
import type { Clock } from '#domain/time';
import { clientTemplateVars, type TemplateSet } from '#domain/templates';
import type { Channel, MessageRecord, Session } from '#domain/model';
import { therapistWasTexted } from '#domain/escalation';
import { unsubscribeUrl, type LinkKeys } from '#domain/links';
import type { ContactStore } from '#ports/contact-store';
import type { Log } from '#ports/log';
import type { InboundStore, MessageStore } from '#ports/message-store';
import type { EscalationNotifier } from '#ports/notifier';
import type { EmailSender } from '#ports/senders';
import { acknowledgeEscalation, escalate, type EscalateDeps } from './escalations.ts';

export interface ReplySettings {
  practiceName: string;
  therapistName: string;
  practicePhone: string;
  practiceHours: string;
  therapistPhone: string;
  publicBaseUrl: string;
  /** Keys that sign the unsubscribe link of emailed auto-replies. */
  linkKeys: LinkKeys;
}

export interface ReplyDeps extends EscalateDeps {
  contacts: ContactStore;
  messages: MessageStore;
  inbound: InboundStore;
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
export function replyTemplateFor(templates: TemplateSet, category: TriageCategory, language: Language, flags: readonly RedFlag[] = []): string {
  const name = flags.includes('self-harm') ? 'reply-crisis' : REPLY_TEMPLATE[category];
  return language !== 'en' && templates.names().includes(`${name}-${language}`) ? `${name}-${language}` : name;
}

const clientVars = (settings: ReplySettings, session: Session | undefined) => clientTemplateVars(settings, session?.client.firstName ?? 'there');

interface Triaged {
  category: TriageCategory;
  escalated: boolean;
  replyTemplate: string;
}

/**
 * The shared pipeline for a reply from a known client on either channel:
 * log it with its triage; escalate warning signs to the therapist (one open escalation per session, notified at once);
 * choose the auto-reply. Returns undefined for a replay of a message already processed.
 */
async function triageReply(
  deps: ReplyDeps,
  session: Session,
  channel: Channel,
  text: string,
  dedupeKey: string,
  providerId: string | undefined,
): Promise<Triaged | undefined> {
  const now = deps.clock.now();
  const result = triage(text, { receivedAt: now.toISOString(), sessionEndedAt: session.endedAt });
  const inbound: MessageRecord = {
    sessionId: session.id,
    id: randomUUID(),
    at: now.toISOString(),
    direction: 'inbound',
    channel,
    party: 'client',
    status: 'received',
    body: text,
    triage: { category: result.category, reasons: result.reasons, language: result.language },
    ...(providerId ? { providerId } : {}),
  };
  if (!(await deps.inbound.record(inbound, dedupeKey))) {
    deps.log.info('replayed inbound message ignored', { sessionId: session.id, channel });
    return undefined;
  }
  deps.log.info('reply triaged', { sessionId: session.id, channel, category: result.category, escalate: result.escalate });
  if (result.escalate) {
    const reply = { at: inbound.at, channel, text, category: result.category, reasons: result.reasons };
    const { escalation, opened } = await escalate(deps, session, reply, result.urgent, now, randomUUID())
      .catch(async (error: unknown) => {
        // Not escalated: forget the reply so that Twilio's or SES's retry escalates it instead of being ignored.
        await deps.inbound.forget(inbound, dedupeKey).catch(() => undefined);
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
  return { category: result.category, escalated: result.escalate, replyTemplate: replyTemplateFor(deps.templates, result.category, result.language, result.flags) };
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

export interface InboundSms {
  from: string;
  body: string;
  messageSid: string;
}

/**
 * A text from a client (or the therapist) to the practice number.
 * Output: the text to answer with (TwiML), if any. Steps: the therapist's "OK" acknowledges open escalations;
 * opt-out keywords come first (STOP and friends, START, HELP), then the triage pipeline and its auto-reply.
 */
export async function handleInboundSms(deps: ReplyDeps, sms: InboundSms): Promise<{ reply?: string }> {
  const { settings } = deps;
  if (sms.from === settings.therapistPhone) return handleTherapistSms(deps, sms);

  const session = await deps.sessions.latestByPhone(sms.from);
  let intent = keywordIntent(sms.body);
  if (intent === 'start' && /^\W*yes\W*$/i.test(sms.body)) {
    // "Yes" opts back in only a number that opted out; otherwise it answers a follow-up ("sore today?").
    const [contact] = await deps.contacts.get([{ channel: 'sms', address: sms.from }]);
    if (!contact?.optedOut) intent = null;
  }
  if (intent) return handleKeyword(deps, sms, intent, session);
  if (!session) {
    deps.log.warn('text from a number with no session; not answered', {});
    return {};
  }
  const triaged = await triageReply(deps, session, 'sms', sms.body.trim(), `sms:${sms.messageSid}`, sms.messageSid);
  if (!triaged) return {};
  const reply = deps.templates.sms(triaged.replyTemplate, clientVars(settings, session), session.modality).text;
  await deps.messages.append([outbound(session, 'sms', triaged.replyTemplate, reply, deps.clock.now().toISOString())]);
  return { reply };
}

async function handleKeyword(deps: ReplyDeps, sms: InboundSms, intent: KeywordIntent, session: Session | undefined): Promise<{ reply?: string }> {
  const now = deps.clock.now();
  const vars = clientVars(deps.settings, session);
  let reply: string | undefined;
  if (intent === 'stop') {
    await deps.contacts.setOptOut('sms', sms.from, true, 'sms-keyword', now);
    // Twilio answers the standard keywords itself (and then blocks our texts); a polite "please stop" is ours to confirm.
    reply = isCarrierKeyword(sms.body) ? undefined : deps.templates.sms('opt-out-confirm', vars).text;
  } else if (intent === 'start') {
    await deps.contacts.setOptOut('sms', sms.from, false, 'sms-keyword', now);
    reply = deps.templates.sms('opt-in-confirm', vars).text;
  } else {
    reply = deps.templates.sms('help', vars).text;
  }
  deps.log.info('keyword handled', { intent, known: Boolean(session) });
  if (session) {
    const at = now.toISOString();
    const inbound: MessageRecord = {
      sessionId: session.id, id: randomUUID(), at, direction: 'inbound', channel: 'sms', party: 'client',
      status: 'received', body: sms.body.trim(), triage: { category: `keyword:${intent}`, reasons: [] }, providerId: sms.messageSid,
    };
    if (!(await deps.inbound.record(inbound, `sms:${sms.messageSid}`))) return {};
    if (reply) await deps.messages.append([outbound(session, 'sms', `keyword-${intent}`, reply, at)]);
  }
  return reply ? { reply } : {};
}

async function handleTherapistSms(deps: ReplyDeps, sms: InboundSms): Promise<{ reply?: string }> {
  if (!isAcknowledgement(sms.body)) return {};
  // Only what the therapist has been texted about: an escalation opened a moment ago is not acknowledged unseen.
  const open = (await deps.escalations.listOpen()).filter(therapistWasTexted);
  if (open.length === 0) return { reply: 'No open escalations.' };
  const names: string[] = [];
  for (const escalation of open) {
    await acknowledgeEscalation(deps, escalation.sessionId, escalation.id, 'therapist-sms');
    names.push(escalation.clientName);
  }
  return { reply: deps.templates.sms('therapist-ack', { clientName: names.join(', ') }).text };
}

export interface InboundEmail {
  /** The sender's address, lower-cased. */
  from: string;
  /** Every recipient address (To, Cc, Delivered-To), to find a per-session reply address. */
  recipients: string[];
  /** The new text of the reply, quoted history and signature removed. */
  text: string;
  messageId: string;
}

const REPLY_ADDRESS = /^reply\+([0-9a-f-]{36})@/i;

/**
 * An email reply: matched to its session by the per-session Reply-To address, else by the sender's address;
 * then the same pipeline as a text, and the auto-reply by email.
 */
export async function handleInboundEmail(
  deps: ReplyDeps & { email: EmailSender },
  email: InboundEmail,
): Promise<{ sessionId?: string; category?: TriageCategory }> {
  const token = email.recipients.map((r) => REPLY_ADDRESS.exec(r)?.[1]).find(Boolean);
  const session =
    (token ? await deps.sessions.get(token.toLowerCase()) : undefined) ?? (await deps.sessions.latestByEmail(email.from));
  if (!session) {
    deps.log.warn('email from an unknown sender; not answered', {});
    return {};
  }
  if (keywordIntent(email.text) === 'stop') {
    const address = session.client.email ?? email.from;
    await deps.contacts.setOptOut('email', address, true, 'email-reply', deps.clock.now());
    deps.log.info('email opted out by reply', { sessionId: session.id });
    return { sessionId: session.id };
  }
  const triaged = await triageReply(deps, session, 'email', email.text, `email:${email.messageId}`, undefined);
  if (!triaged) return { sessionId: session.id };
  const to = session.client.email ?? email.from;
  const [contact] = await deps.contacts.get([{ channel: 'email', address: to }]);
  if (!contact?.optedOut) {
    const link = unsubscribeUrl(deps.settings, session.id, deps.clock.now());
    const rendered = deps.templates.email(triaged.replyTemplate, { ...clientVars(deps.settings, session), unsubscribeUrl: link }, session.modality);
    const at = deps.clock.now().toISOString();
    try {
      const { providerId } = await deps.email.send({ to, subject: rendered.subject, html: rendered.html, text: rendered.text, unsubscribeUrl: link });
      await deps.messages.append([outbound(session, 'email', triaged.replyTemplate, rendered.text, at, providerId)]);
    } catch (error) {
      deps.log.error('email auto-reply failed', { sessionId: session.id, error: (error as Error).name });
    }
  }
  return { sessionId: session.id, category: triaged.category };
}
