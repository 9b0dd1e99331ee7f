import { replyAddress } from '#domain/reply-address';
import { randomUUID } from 'node:crypto';
import { PermanentDeliveryError, TransientDeliveryError, UnknownDeliveryError } from '#domain/errors';
import { unsubscribeUrl, type LinkKeys } from '#domain/links';
import { isStale, MAX_SEND_ATTEMPTS, retryBackoffMinutes, STALE_REASON_CODE, staleReason, STEPS } from '#domain/plan';
import { sessionDay } from '#domain/session-day';
import { needsIntroduction } from '#domain/introduction';
import { isWithinSendingHours, nextSendableInstant, type SendingHours } from '#domain/quiet-hours';
import { addMinutes, type Clock } from '#domain/time';
import { clientTemplateVars, templateLabel, type TemplateSet } from '#domain/templates';
import { claim, complete, defer, isRefused, reconcile, settle, type ChannelResult, type SendResult } from '#domain/follow-up';
import type { Channel, ContactPoint, FollowUp, MessageRecord } from '#domain/model';
import type { ContactStore } from '#ports/contact-store';
import type { FollowUpStore } from '#ports/follow-up-store';
import type { Log } from '#ports/log';
import type { EmailSender, SmsSender } from '#ports/senders';

export interface SenderSettings {
  practiceName: string;
  therapistName: string;
  practicePhone: string;
  practiceHours: string;
  sendingHours: SendingHours;
  publicBaseUrl: string;
  /** Keys that sign unsubscribe links. */
  linkKeys: LinkKeys;
  /** Domain of per-session Reply-To addresses (reply+<session>@domain); replies go to the from-address without it. */
  replyDomain?: string;
}

export interface SenderDeps {
  followUps: FollowUpStore;
  contacts: ContactStore;
  sms: SmsSender;
  email: EmailSender;
  templates: TemplateSet;
  clock: Clock;
  log: Log;
  settings: SenderSettings;
}

export interface SweepOptions {
  /** Milliseconds left before the invocation must return (Lambda's getRemainingTimeInMillis). */
  remainingMs: () => number;
  /** Stop taking new work when less than this is left; covers one send and its write. */
  reserveMs?: number;
  pageSize?: number;
  /** Upper bound of follow-ups examined in one run. */
  maxFollowUps?: number;
  concurrency?: number;
  leaseMinutes?: number;
}

export interface SweepSummary {
  examined: number;
  sent: number;
  skipped: number;
  failed: number;
  /** A provider did not answer: maybe sent, reported, never retried. */
  unknown: number;
  retrying: number;
  deferred: number;
  reconciled: number;
  lostClaims: number;
  stoppedEarly: boolean;
}

/** The session's signed reply address, when the practice receives replies on a domain of its own. */
export const replyToAddress = (settings: Pick<SenderSettings, 'replyDomain' | 'linkKeys'>, sessionId: string, clientEmail: string) =>
  settings.replyDomain ? replyAddress(settings.linkKeys.current, settings.replyDomain, sessionId, clientEmail) : undefined;

/**
 * The scheduled sender: finds follow-ups due now and sends each at most once.
 * Input: a sweep budget. Output: counts of what happened.
 * Steps, for each due follow-up, oldest first, page by page until the budget runs out:
 *   a lapsed claim is reconciled (marked unknown and reported, never resent);
 *   quiet hours reached since planning defer it to the next window;
 *   it is claimed with a conditional write (another sender's claim wins);
 *   stale, opted-out or unconsented channels are skipped, the rest rendered and sent;
 *   the outcome is written only if the claim is still ours; a throttle or 5xx leaves it due again with backoff.
 * At most one follow-up of a session is sent per run.
 */
export async function sendDueFollowUps(deps: SenderDeps, options: SweepOptions): Promise<SweepSummary> {
  const { followUps, clock, log } = deps;
  const reserveMs = options.reserveMs ?? 5_000;
  const pageSize = options.pageSize ?? 50;
  const maxFollowUps = options.maxFollowUps ?? 2_000;
  const concurrency = options.concurrency ?? 8;
  const leaseMinutes = options.leaseMinutes ?? 5;
  const summary: SweepSummary = {
    examined: 0, sent: 0, skipped: 0, failed: 0, unknown: 0, retrying: 0, deferred: 0, reconciled: 0, lostClaims: 0, stoppedEarly: false,
  };
  const sessionsThisRun = new Set<string>();
  const outOfTime = () => options.remainingMs() < reserveMs;

  const handle = async (followUp: FollowUp, contacts: PageContacts): Promise<void> => {
    const now = clock.now();
    if (followUp.status === 'claimed') {
      const reconciled = reconcile(followUp, now);
      if (!isRefused(reconciled) && (await followUps.apply(reconciled))) {
        summary.reconciled += 1;
        log.error('follow-up outcome unknown: a sender stopped mid-send; not resent', {
          sessionId: followUp.sessionId, step: followUp.step, leaseUntil: followUp.leaseUntil,
        });
      }
      return;
    }
    if (followUp.cancelRequested || followUp.holdRequested) {
      // Its session was cancelled or escalated while an earlier attempt was in flight.
      const settled = settle(followUp, now);
      if (!isRefused(settled) && (await followUps.apply(settled))) summary.skipped += 1;
      return;
    }
    if (sessionsThisRun.has(followUp.sessionId)) return;
    if (!isWithinSendingHours(now, followUp.client.timezone, deps.settings.sendingHours)) {
      const deferred = defer(followUp, nextSendableInstant(now, followUp.client.timezone, deps.settings.sendingHours), now);
      if (!isRefused(deferred) && (await followUps.apply(deferred))) summary.deferred += 1;
      return;
    }
    sessionsThisRun.add(followUp.sessionId);
    const claimToken = randomUUID();
    const claimedStep = claim(followUp, claimToken, now, addMinutes(now, leaseMinutes));
    if (isRefused(claimedStep) || !(await followUps.apply(claimedStep))) return;
    const claimed = claimedStep.next;
    const result = await deliver(deps, claimed, contacts);
    const at = clock.now();
    const completed = complete(claimed, claimToken, result, at);
    const written = !isRefused(completed) && (await followUps.apply(completed, messageLog(claimed, templateLabel(followUpTemplate(deps.templates, claimed), claimed.client.language), result, at.toISOString())));
    if (!written) {
      summary.lostClaims += 1;
      log.error('follow-up outcome not recorded: the claim lapsed before the send finished', {
        sessionId: claimed.sessionId, step: claimed.step,
      });
      return;
    }
    const counter = result.status === 'pending' ? 'retrying' : result.status;
    summary[counter] += 1;
    if (result.status === 'unknown') {
      log.error('follow-up outcome unknown: a provider did not answer; not resent', { sessionId: claimed.sessionId, step: claimed.step });
    }
    log.info('follow-up processed', {
      sessionId: claimed.sessionId,
      step: claimed.step,
      status: result.status,
      attempt: claimed.attempts,
      channels: result.outcomes.map(({ channel, status, reason }) => ({ channel, status, reason })),
    });
  };

  let cursor: string | undefined;
  do {
    if (outOfTime() || summary.examined >= maxFollowUps) {
      summary.stoppedEarly = true;
      break;
    }
    const page = await followUps.due(clock.now(), Math.min(pageSize, maxFollowUps - summary.examined), cursor);
    cursor = page.cursor;
    const queue = [...page.followUps];
    summary.examined += queue.length;
    const contacts = await pageContacts(deps, queue);
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        if (outOfTime()) {
          summary.stoppedEarly = true;
          return;
        }
        await handle(next, contacts);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  } while (cursor && !summary.stoppedEarly);
  return summary;
}

const address = (followUp: FollowUp, channel: Channel) => (channel === 'sms' ? followUp.client.phone : followUp.client.email);
const contactId = (channel: Channel, to: string) => `${channel}:${to}`;

/** A page's contact points by `channel:address`. */
type PageContacts = ReadonlyMap<string, ContactPoint>;

/**
 * The contact points of a page's follow-ups (opt-outs, and when each number was last texted), read in one request
 * per page rather than one per send (DynamoDB requests per sent follow-up: about 2 instead of 3). The read is at most
 * a page's sending time old; a STOP in those seconds is still honoured by Twilio itself (error 21610).
 */
async function pageContacts(deps: SenderDeps, followUps: FollowUp[]): Promise<PageContacts> {
  const keys = new Map<string, { channel: Channel; address: string }>();
  for (const followUp of followUps) {
    if (followUp.status !== 'pending') continue;
    for (const [channel, delivery] of Object.entries(followUp.channels) as [Channel, { status: string }][]) {
      const to = address(followUp, channel);
      if (delivery.status === 'pending' && to) keys.set(contactId(channel, to), { channel, address: to });
    }
  }
  const contacts = await deps.contacts.get([...keys.values()]);
  return new Map(contacts.map((c) => [contactId(c.channel, c.address), c]));
}

/** When the session ended, from a follow-up's own due time (dueAt = endedAt + the step's offset). */
const sessionEnd = (followUp: Pick<FollowUp, 'step' | 'dueAt'>): Date =>
  new Date(new Date(followUp.dueAt).getTime() - (STEPS.find((s) => s.step === followUp.step)?.offsetHours ?? 0) * 3_600_000);

/**
 * A follow-up's variables at the moment of sending: the client's, and the session's day as they read it now, in
 * their zone and language ("yesterday" for a 2 h text held overnight by quiet hours).
 */
export const followUpVars = (settings: SenderSettings, followUp: Pick<FollowUp, 'step' | 'dueAt' | 'client'>, now: Date) => ({
  ...clientTemplateVars(settings, followUp.client.firstName),
  sessionDay: sessionDay(sessionEnd(followUp), now, followUp.client.timezone, followUp.client.language),
});

/** A provider's answer for one channel, with the rendered text kept in the session's log for the therapist. */
export interface ChannelOutcome extends ChannelResult {
  body?: string;
}

interface DeliveryResult extends SendResult {
  outcomes: ChannelOutcome[];
}

/**
 * The template of a follow-up: its step's, or after a warning sign (released with the `checkin` variant) the gentler
 * check-in ("How are you feeling now?"): the step's own (`48h-checkin`) where there is one, else the variant's
 * (`checkin`); the step's template if the templates have neither.
 */
export const followUpTemplate = (templates: TemplateSet, followUp: Pick<FollowUp, 'step' | 'variant'>): string => {
  if (!followUp.variant) return followUp.step;
  const names = templates.names();
  return [`${followUp.step}-${followUp.variant}`, followUp.variant].find((name) => names.includes(name)) ?? followUp.step;
};

/** The session's log of what a send did: one message per channel that was tried. */
const messageLog = (followUp: FollowUp, template: string, result: DeliveryResult, at: string): MessageRecord[] =>
  result.outcomes
    .filter((o) => o.status !== 'skipped')
    .map((o): MessageRecord => ({
      sessionId: followUp.sessionId,
      id: randomUUID(),
      at,
      direction: 'outbound',
      channel: o.channel,
      party: 'client',
      template,
      status: o.status,
      ...(o.providerId ? { providerId: o.providerId, to: address(followUp, o.channel) } : {}),
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.body ? { body: o.body } : {}),
    }));

/** Decides each channel of a claimed follow-up and calls the providers; never throws for a provider error. */
async function deliver(deps: SenderDeps, followUp: FollowUp, contacts: PageContacts): Promise<DeliveryResult> {
  const now = deps.clock.now();
  const pending = (Object.entries(followUp.channels) as [Channel, { status: string }][])
    .filter(([, delivery]) => delivery.status === 'pending')
    .map(([channel]) => channel);

  if (isStale(followUp.staleAt, now)) {
    return {
      status: 'skipped',
      reason: staleReason(followUp.step, 'waited'),
      reasonCode: STALE_REASON_CODE,
      outcomes: pending.map((channel) => ({ channel, status: 'skipped', reason: 'stale' })),
    };
  }

  const contactOf = (channel: Channel, to: string) => contacts.get(contactId(channel, to));

  const outcomes: ChannelOutcome[] = [];
  for (const channel of pending) {
    const to = address(followUp, channel);
    if (!to) {
      outcomes.push({ channel, status: 'skipped', reason: 'no contact for this channel' });
      continue;
    }
    const contact = contactOf(channel, to);
    if (contact?.optedOut) {
      outcomes.push({ channel, status: 'skipped', reason: 'opted out' });
      continue;
    }
    outcomes.push(await sendOne(deps, followUp, channel, to, channel === 'sms' && needsIntroduction(contact, now)));
  }

  const retry = outcomes.filter((o) => o.status === 'pending');
  const final = outcomes.filter((o) => o.status !== 'pending');
  if (retry.length > 0) {
    if (followUp.attempts < MAX_SEND_ATTEMPTS) {
      const later = addMinutes(now, retryBackoffMinutes(followUp.attempts));
      return {
        status: 'pending',
        sendAt: nextSendableInstant(later, followUp.client.timezone, deps.settings.sendingHours).toISOString(),
        reason: retry.map((o) => `${o.channel}: ${o.reason}`).join('; '),
        outcomes: final,
      };
    }
    for (const o of retry) final.push({ ...o, status: 'failed', reason: `gave up after ${followUp.attempts} attempts: ${o.reason}` });
  }
  const sentAny = final.some((o) => o.status === 'sent') || Object.values(followUp.channels).some((d) => d.status === 'sent');
  const unknownAny = final.some((o) => o.status === 'unknown');
  const failedAny = final.some((o) => o.status === 'failed');
  const status = sentAny ? 'sent' : unknownAny ? 'unknown' : failedAny ? 'failed' : 'skipped';
  const reason = final.filter((o) => o.status !== 'sent').map((o) => `${o.channel}: ${o.reason}`).join('; ');
  return { status, ...(reason ? { reason } : {}), outcomes: final };
}

/**
 * A follow-up's text: its template, and for a number not texted in the last 48 h, wrapped in `first-text` (the
 * practice's name and how to opt out) unless it already carries the opt-out line, as the 2 h one does.
 */
export function followUpText(templates: TemplateSet, followUp: FollowUp, vars: Record<string, string>, introduce: boolean): string {
  const language = followUp.client.language;
  const { text } = templates.sms(followUpTemplate(templates, followUp), vars, followUp.modality, language);
  // A text with the opt-out line (the 2 h one) names the practice too (test/templates.test.ts holds every template to it).
  if (!introduce || /\bSTOP\b/.test(text)) return text;
  return templates.sms('first-text', { ...vars, message: text }, followUp.modality, language).text;
}

async function sendOne(deps: SenderDeps, followUp: FollowUp, channel: Channel, to: string, introduce: boolean): Promise<ChannelOutcome> {
  const { settings } = deps;
  const vars = followUpVars(settings, followUp, deps.clock.now());
  const language = followUp.client.language;
  try {
    if (channel === 'sms') {
      const text = followUpText(deps.templates, followUp, vars, introduce);
      const { providerId } = await deps.sms.send({ to, body: text });
      return { channel, status: 'sent', providerId, body: text };
    } else {
      const link = unsubscribeUrl(settings, followUp.sessionId, deps.clock.now());
      const rendered = deps.templates.email(followUpTemplate(deps.templates, followUp), { ...vars, unsubscribeUrl: link }, followUp.modality, language);
      const replyTo = replyToAddress(settings, followUp.sessionId, to);
      const { providerId } = await deps.email.send({
        to, subject: rendered.subject, html: rendered.html, text: rendered.text, unsubscribeUrl: link, ...(replyTo ? { replyTo } : {}),
      });
      return { channel, status: 'sent', providerId, body: rendered.text };
    }
  } catch (error) {
    if (error instanceof PermanentDeliveryError) {
      if (error.optedOut) {
        // The provider blocks the number anyway; a store error here must not turn into a resend of other channels.
        await deps.contacts.setOptOut(channel, to, true, 'provider', deps.clock.now()).catch((e: unknown) =>
          deps.log.error('could not record a provider opt-out', { sessionId: followUp.sessionId, channel, error: (e as Error).name }),
        );
      }
      return { channel, status: 'failed', reason: error.reason };
    } else if (error instanceof UnknownDeliveryError) {
      return { channel, status: 'unknown', reason: error.message };
    } else if (error instanceof TransientDeliveryError) {
      return { channel, status: 'pending', reason: error.message };
    } else {
      // A bug or an unexpected provider answer: retrying with backoff is safer than losing the message.
      deps.log.error('unexpected error while sending', { sessionId: followUp.sessionId, step: followUp.step, channel, error: (error as Error).name });
      return { channel, status: 'pending', reason: `unexpected ${(error as Error).name}` };
    }
  }
}
