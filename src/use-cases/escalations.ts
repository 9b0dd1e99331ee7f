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
  openEscalation,
  recordDelivery,
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
import { holdFollowUps, releaseFollowUps } from './follow-up-moves.ts';

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
    reasons: [...(latest?.unverified ? [UNVERIFIED_REASON] : []), ...plainReasons(latest?.reasons ?? [])].join('; ') || 'flagged by triage',
    sessionSummary: sessionSummary(session),
    sessionUrl: sessionUrl(settings, escalation.sessionId),
    ackUrl: ackUrl(settings, escalation, now),
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

/**
 * A warning reply: opens the session's escalation, or appends the reply to the open one (a new round, notified
 * now). The first reply known to be the client's holds the session's follow-ups; an unverified one (an email the
 * sender checks could not tie to the client) is shown and notified but holds nothing. Input: the session and the
 * triaged reply. Output: the escalation and whether it was opened. Two replies at once both land: a lost race is
 * read again and tried again.
 */
export async function escalate(
  deps: EscalateDeps,
  session: Session,
  reply: EscalationReply,
  urgent: boolean,
  now: Date,
  newId: string,
): Promise<{ escalation: Escalation; opened: boolean }> {
  for (let attempt = 0; attempt < ESCALATE_ATTEMPTS; attempt += 1) {
    const openId = (await deps.sessions.get(session.id))?.escalationId;
    if (openId) {
      const open = await deps.escalations.get(session.id, openId);
      const appended = open && appendReply(open, reply, urgent, now);
      if (appended && !isRefused(appended) && (await deps.escalations.apply(appended))) {
        // Every verified reply holds (a hold already in place is left as it is): one opened by an unverified reply,
        // or whose hold was interrupted, holds now.
        if (!reply.unverified) await holdFollowUps(deps.followUps, session.id, open.id, now);
        return { escalation: appended.next, opened: false };
      }
      continue;
    }
    const escalation = openEscalation(session, reply, urgent, now, newId);
    if (!(await deps.escalations.open(escalation))) continue;
    if (!reply.unverified) await holdFollowUps(deps.followUps, session.id, escalation.id, now);
    return { escalation, opened: true };
  }
  throw new Error(`could not open or append to the escalation after ${ESCALATE_ATTEMPTS} attempts`);
}

/**
 * The therapist has seen it: no more re-notifications, and what it held resumes (unless the session was cancelled;
 * what another escalation of the session holds stays held). Acknowledging again finishes an interrupted release.
 */
export async function acknowledgeEscalation(
  deps: Pick<NotifyDeps, 'clock' | 'log'> & EscalateDeps,
  sessionId: string,
  escalationId: string,
  via: string,
): Promise<EscalationView | undefined> {
  const now = deps.clock.now();
  const escalation = await deps.escalations.get(sessionId, escalationId);
  if (!escalation) return undefined;
  const step = acknowledge(escalation, via, now);
  const acknowledged = !isRefused(step) && (await deps.escalations.acknowledge(step));
  if (acknowledged || escalation.status === 'acknowledged') {
    if ((await deps.sessions.get(sessionId))?.status === 'active') await releaseFollowUps(deps.followUps, sessionId, escalationId, now);
  }
  deps.log.info('escalation acknowledged', { sessionId, escalationId, via });
  const current = escalation.status === 'acknowledged' ? escalation : await deps.escalations.get(sessionId, escalationId);
  return current && escalationView(current);
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
  return { clientName: escalation.clientName, urgent: escalation.urgent, acknowledged: escalation.status !== 'open' };
}
