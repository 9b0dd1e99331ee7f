import { randomUUID } from 'node:crypto';
import { NotFoundError, PermanentDeliveryError } from '#domain/errors';
import { ackUrl, type LinkKeys } from '#domain/links';
import { phoneForPeople } from '#domain/phone';
import { alertConcern, capitalised, plainReasons, sessionSummary } from '#domain/therapist-alert';
import { forMessage } from '#domain/text';
import { addMinutes, type Clock } from '#domain/time';
import type { TemplateSet } from '#domain/templates';
import {
  acknowledge,
  appendReply,
  claimNotification,
  completeRound,
  isUnseen,
  newsRound,
  nextCode,
  openEscalation,
  recordDelivery,
  defaultOutcome,
  type Acknowledgement,
  type EscalationReply,
} from '#domain/escalation';
import { isRefused } from '#domain/transition';
import type { Channel, ChannelDelivery, Escalation, MessageRecord, Session } from '#domain/model';
import type { EscalationStore } from '#ports/escalation-store';
import type { FollowUpStore } from '#ports/follow-up-store';
import type { Log } from '#ports/log';
import type { MessageStore } from '#ports/message-store';
import type { SessionStore } from '#ports/session-store';
import type { EmailSender, SmsSender } from '#ports/senders';
import { holdFollowUps, releaseFollowUps, skipFollowUps } from './follow-up-moves.ts';

export interface NotifySettings {
  therapistPhone: string;
  therapistEmail: string;
  /** The practice's region: a client's number from there is shown in national form; others, or all without it, international. */
  phoneRegion?: string;
  publicBaseUrl: string;
  /** Keys that sign the acknowledge link. */
  linkKeys: LinkKeys;
  escalationRenotifyMinutes: number;
}

export interface NotifyDeps {
  escalations: EscalationStore;
  /** The escalation's session: its date, modality and the client's number for the alert. */
  sessions: Pick<SessionStore, 'get'>;
  messages: MessageStore;
  sms: SmsSender;
  email: EmailSender;
  templates: TemplateSet;
  clock: Clock;
  log: Log;
  settings: NotifySettings;
}

const RETRY_MINUTES = 1;
const LEASE_MINUTES = 2;
const SMS_REPLY_LIMIT = 300;
const UNVERIFIED_REASON = 'unverified email, it may not be from them (another address, or it failed the sender checks)';
const sharedReason = (names: string[]) => `this number or address is shared with ${names.join(', ')}: check who wrote`;

const sessionUrl = (settings: Pick<NotifySettings, 'publicBaseUrl'>, sessionId: string) =>
  `${settings.publicBaseUrl}/#/sessions/${sessionId}`;

/** The number to call (or the address to write to) as people read it, and its link. */
function contactOf(settings: Pick<NotifySettings, 'phoneRegion'>, escalation: Escalation, session: Session | undefined) {
  const phone = session?.client.phone ?? (escalation.clientContact.startsWith('+') ? escalation.clientContact : undefined);
  const readable = phone ? phoneForPeople(phone, settings.phoneRegion) : undefined;
  if (readable) return { clientContact: readable.text, clientContactUrl: readable.tel };
  const email = session?.client.email ?? escalation.clientContact;
  return { clientContact: email, clientContactUrl: `mailto:${email}` };
}

function templateVars(settings: NotifySettings, escalation: Escalation, session: Session | undefined, forSms: boolean, now: Date) {
  const latest = escalation.replies.at(-1);
  const text = latest?.text ?? '';
  // First, before the reply's words: an unverified email may not be the client's at all.
  const urgencyPrefix = `${escalation.urgent ? 'URGENT: ' : ''}${latest?.unverified ? 'UNVERIFIED EMAIL: ' : ''}`;
  const concern = alertConcern(escalation);
  return {
    urgencyPrefix,
    concern: urgencyPrefix ? concern : capitalised(concern),
    clientName: forMessage(escalation.clientName),
    ...contactOf(settings, escalation, session),
    replyText: forSms && text.length > SMS_REPLY_LIMIT ? `${text.slice(0, SMS_REPLY_LIMIT - 3)}...` : text,
    reasons: [
      ...(latest?.unverified ? [UNVERIFIED_REASON] : []),
      ...(escalation.sharedWith?.length ? [sharedReason(escalation.sharedWith)] : []),
      ...plainReasons(latest?.reasons ?? []),
    ].join('; ') || 'flagged by triage',
    sessionSummary: sessionSummary(session),
    sessionUrl: sessionUrl(settings, escalation.sessionId),
    ackUrl: ackUrl(settings, { ...escalation, newsRound: newsRound(escalation) }, now),
    ackCode: escalation.code === undefined ? '' : String(escalation.code),
  };
}

/**
 * Tells the therapist about an escalation, by text and email, at once and regardless of quiet hours.
 * Input: one escalation. Steps: claim its due notification (one notifier per round; a re-notification starts a new
 * round); send every channel not yet delivered in this round, both at once, so a hanging text provider does not hold
 * the email back; record each channel the moment it is known; then look again in a minute if a channel failed, or
 * after the re-notify delay if everything went out and nobody acknowledged.
 */
export async function notifyEscalation(deps: NotifyDeps, sessionId: string, escalationId: string): Promise<'sent' | 'retrying' | 'not-due'> {
  const found = await deps.escalations.get(sessionId, escalationId);
  if (!found) return 'not-due';
  return notifyOne(deps, found);
}

async function notifyOne(deps: NotifyDeps, escalation: Escalation): Promise<'sent' | 'retrying' | 'not-due'> {
  const { clock, settings } = deps;
  const now = clock.now();
  const token = randomUUID();
  const claim = claimNotification(escalation, token, now, addMinutes(now, LEASE_MINUTES));
  if (isRefused(claim) || !(await deps.escalations.apply(claim))) return 'not-due';
  const claimed = claim.next;
  // Past its retention a session is gone; the alert still goes, with what the escalation kept.
  const session = await deps.sessions.get(claimed.sessionId);

  const base = { sessionId: claimed.sessionId, direction: 'outbound' as const, party: 'therapist' as const, template: 'therapist-escalation' };
  const sendChannel = async (channel: Channel): Promise<boolean> => {
    let delivery: ChannelDelivery;
    let message: MessageRecord;
    try {
      let providerId: string;
      let body: string;
      const to = channel === 'sms' ? settings.therapistPhone : settings.therapistEmail;
      if (channel === 'sms') {
        body = deps.templates.sms('therapist-escalation', templateVars(settings, claimed, session, true, now)).text;
        ({ providerId } = await deps.sms.send({ to: settings.therapistPhone, body }));
      } else {
        const rendered = deps.templates.email('therapist-escalation', templateVars(settings, claimed, session, false, now));
        body = rendered.text;
        ({ providerId } = await deps.email.send({ to, subject: rendered.subject, html: rendered.html, text: rendered.text }));
      }
      const at = clock.now().toISOString();
      delivery = { status: 'sent', providerId, at };
      message = { ...base, id: randomUUID(), at, channel, providerId, to, status: 'sent', body };
    } catch (error) {
      const at = clock.now().toISOString();
      const reason = error instanceof Error ? error.message : 'unknown error';
      // A refusal that retrying will not fix (blocked number) ends this channel's round; it is tried again next round.
      delivery = { status: error instanceof PermanentDeliveryError ? 'failed' : 'pending', reason, at };
      message = { ...base, id: randomUUID(), at, channel, status: 'failed', reason };
      deps.log.error('escalation notification failed', { sessionId: claimed.sessionId, escalationId: claimed.id, channel, round: claimed.round, error: (error as Error).name });
    }
    const recorded = recordDelivery(claimed, token, channel, delivery, message.at);
    if (isRefused(recorded) || !(await deps.escalations.apply(recorded, [message]))) {
      // Acknowledged or taken over meanwhile: keep the log of what went out.
      await deps.messages.append([message]);
    }
    return delivery.status !== 'pending';
  };

  const pending = (['sms', 'email'] as const).filter((channel) => !['sent', 'failed'].includes(claimed.notify[channel]?.status ?? 'pending'));
  const results = await Promise.all(pending.map(sendChannel));
  const allSent = results.every(Boolean);
  const nextNotifyAt = addMinutes(clock.now(), allSent ? settings.escalationRenotifyMinutes : RETRY_MINUTES).toISOString();
  const completed = completeRound(claimed, token, nextNotifyAt, clock.now());
  if (!isRefused(completed)) await deps.escalations.apply(completed);
  deps.log.info('escalation notified', {
    sessionId: claimed.sessionId,
    escalationId: claimed.id,
    urgent: claimed.urgent,
    round: claimed.round,
    channels: Object.fromEntries(pending.map((c, i) => [c, results[i] ? 'sent' : 'retrying'])),
  });
  return allSent ? 'sent' : 'retrying';
}

/** The sweep's part: retries failed notifications and re-notifies escalations left unacknowledged. */
export async function notifyDueEscalations(deps: NotifyDeps, limit = 50): Promise<number> {
  const due = await deps.escalations.due(deps.clock.now(), limit);
  let notified = 0;
  for (const escalation of due) {
    if ((await notifyOne(deps, escalation)) !== 'not-due') notified += 1;
  }
  return notified;
}

export interface EscalateDeps {
  sessions: SessionStore;
  escalations: EscalationStore;
  followUps: FollowUpStore;
}

const ESCALATE_ATTEMPTS = 5;
/** How many of a client's sessions an escalation looks at: far more than a client has active at once. */
const CLIENT_SESSIONS = 20;

/** The active sessions of the client on the same phone or email: an escalation holds the follow-ups of every one. */
async function clientSessions(deps: Pick<EscalateDeps, 'sessions'>, session: Session): Promise<string[]> {
  const { phone, email } = session.client;
  const found = phone || email ? await deps.sessions.forContact({ ...(phone ? { phone } : {}), ...(email ? { email } : {}) }, CLIENT_SESSIONS) : [];
  return [...new Set([session.id, ...found.filter((s) => s.status === 'active').map((s) => s.id)])];
}

const holdAll = async (deps: EscalateDeps, sessionIds: readonly string[], escalationId: string, now: Date) => {
  for (const id of sessionIds) await holdFollowUps(deps.followUps, id, escalationId, now);
};

/**
 * A warning reply: opens the escalation of the session the reply answered, or appends the reply to the one open
 * there (a new round, notified now). An escalation covers the client, not one session: the first reply known to be
 * the client's holds the follow-ups of every active session on the same phone or email; an unverified one (an
 * email the sender checks could not tie to the client) is shown and notified but holds nothing. A new escalation
 * takes the smallest short code no open one uses ("OK 2"). Input: the session, the triaged reply, and the other
 * clients sharing the contact point. Output: the escalation and whether it was opened. Two replies at once both
 * land: a lost race is read again and tried again.
 */
export async function escalate(
  deps: EscalateDeps,
  session: Session,
  reply: EscalationReply,
  urgent: boolean,
  now: Date,
  newId: string,
  sharedWith: string[] = [],
): Promise<{ escalation: Escalation; opened: boolean }> {
  const held = reply.unverified ? [] : await clientSessions(deps, session);
  const tried: number[] = [];
  for (let attempt = 0; attempt < ESCALATE_ATTEMPTS; attempt += 1) {
    const openId = (await deps.sessions.get(session.id))?.escalationId;
    if (openId) {
      const open = await deps.escalations.get(session.id, openId);
      const appended = open && appendReply(open, reply, urgent, now, held);
      if (appended && !isRefused(appended) && (await deps.escalations.apply(appended))) {
        // Every verified reply holds (a hold already in place is left as it is): one opened by an unverified reply,
        // or whose hold was interrupted, holds now.
        if (!reply.unverified) await holdAll(deps, appended.next.heldSessions ?? [session.id], open.id, now);
        return { escalation: appended.next, opened: false };
      }
      continue;
    }
    const code = nextCode(await deps.escalations.listOpen(), tried);
    const escalation = openEscalation(session, reply, urgent, now, newId, { code, heldSessions: held, sharedWith });
    if (!(await deps.escalations.open(escalation))) {
      tried.push(code);
      continue;
    }
    await holdAll(deps, held, escalation.id, now);
    return { escalation, opened: true };
  }
  throw new Error(`could not open or append to the escalation after ${ESCALATE_ATTEMPTS} attempts`);
}

/** The sessions an escalation holds: those it names, or (from before it named them) its own. */
const heldSessionsOf = (e: Escalation): string[] => e.heldSessions ?? [e.sessionId];

/**
 * What an acknowledged escalation held, on every session it covered: resumed as the gentler check-in, or skipped
 * (its outcome). A session that another open escalation of the client still covers stays held, by that one.
 */
async function settleHeld(deps: EscalateDeps, escalation: Escalation, now: Date): Promise<void> {
  const others = (await deps.escalations.listOpen()).filter((e) => e.id !== escalation.id);
  for (const sessionId of heldSessionsOf(escalation)) {
    if ((await deps.sessions.get(sessionId))?.status !== 'active') continue;
    const still = others.find((e) => heldSessionsOf(e).includes(sessionId));
    if (still) await holdFollowUps(deps.followUps, sessionId, still.id, now);
    else if ((escalation.outcome ?? 'resume') === 'skip') await skipFollowUps(deps.followUps, sessionId, escalation.id, now);
    else await releaseFollowUps(deps.followUps, sessionId, escalation.id, now, 'checkin');
  }
}

export type AcknowledgeResult = { escalation: EscalationView; unseen: boolean };

/**
 * The therapist has seen it: no more re-notifications, recording who, how, when, their note and the outcome; what
 * it held, on every session, resumes as a check-in or is skipped (unless the session was cancelled). An
 * acknowledgement that answers an older round than the latest reply's changes nothing (`unseen`): the newer
 * round's notification goes on. Acknowledging again finishes an interrupted release. Undefined: no such escalation.
 */
export async function acknowledgeEscalation(
  deps: Pick<NotifyDeps, 'clock' | 'log'> & EscalateDeps,
  sessionId: string,
  escalationId: string,
  ack: Acknowledgement,
): Promise<AcknowledgeResult | undefined> {
  const now = deps.clock.now();
  const escalation = await deps.escalations.get(sessionId, escalationId);
  if (!escalation) return undefined;
  const step = acknowledge(escalation, ack, now);
  if (isUnseen(step)) {
    deps.log.info('acknowledgement of an older round; escalation stays open', { sessionId, escalationId, via: ack.via, seenRound: ack.seenRound });
    return { escalation: escalationView(escalation), unseen: true };
  }
  const acknowledged = !isRefused(step) && (await deps.escalations.acknowledge(step));
  const current = acknowledged && !isRefused(step) ? step.next : await deps.escalations.get(sessionId, escalationId);
  if (!current) return undefined;
  if (current.status === 'acknowledged') await settleHeld(deps, current, now);
  else return { escalation: escalationView(current), unseen: true };
  if (acknowledged) deps.log.info('escalation acknowledged', { sessionId, escalationId, via: ack.via, outcome: current.outcome, sessions: heldSessionsOf(current).length });
  return { escalation: escalationView(current), unseen: false };
}

/**
 * An escalation as the API shows it (the open list, an acknowledgement's answer, a session): everything but the
 * notifier's claim, whose token would let a caller pass for the notifier holding it.
 */
export const escalationView = ({ notifyClaim: _claim, ...escalation }: Escalation) => escalation;

export type EscalationView = ReturnType<typeof escalationView>;

/** The therapist's open escalations, newest first. */
export const openEscalations = async (deps: Pick<EscalateDeps, 'escalations'>): Promise<EscalationView[]> =>
  (await deps.escalations.listOpen()).map(escalationView);

/** What the acknowledgement link's page shows before its button is pressed (a GET never changes anything). */
export async function escalationToAcknowledge(deps: Pick<EscalateDeps, 'escalations'>, sessionId: string, escalationId: string) {
  const escalation = await deps.escalations.get(sessionId, escalationId);
  if (!escalation) throw new NotFoundError('No such escalation');
  return {
    clientName: escalation.clientName, urgent: escalation.urgent, acknowledged: escalation.status !== 'open',
    newsRound: newsRound(escalation), outcome: escalation.outcome ?? defaultOutcome(escalation),
  };
}
