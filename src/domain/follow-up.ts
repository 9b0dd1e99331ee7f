import type { Channel, ChannelDelivery, Client, FollowUp, FollowUpStatus, FollowUpVariant } from '#domain/model';
import type { Refused } from '#domain/transition';

export { isRefused, type Refused } from '#domain/transition';

export { planFollowUps as plan } from '#domain/plan';

/**
 * The follow-up lifecycle. Every status change is one function here: from the state read to the next state, plus
 * what the store must still find when it writes (`expect`), so that a writer acting on a stale read changes nothing.
 * A store writes only the attributes that differ between `from` and `next`, under `expect`, and never decides.
 *
 *   pending ──claim──► claimed ──complete──► sent | failed | skipped | unknown | pending (retry with backoff)
 *      │ defer (quiet hours)   └──reconcile (lease lapsed)──► unknown
 *      ├──hold──► held ──release──► pending            claimed ──hold/cancel──► flagged (holdRequested,
 *      └──cancel──► cancelled   held ──cancel──► cancelled      cancelRequested); a flagged pending one is settled
 *                               held ──skip (acknowledged, "skip the rest")──► skipped
 */

export type FollowUpFlag = 'cancelRequested' | 'holdRequested';

/** What a write expects to find; `name` says which invariant it protects (the stores name it in their conditions). */
export interface FollowUpExpect {
  name: 'notYetClaimed' | 'stillWaiting' | 'stillFlagged' | 'stillOurs' | 'leaseLapsed' | 'stillClaimed' | 'stillHeld' | 'stillCancelled';
  status: FollowUpStatus;
  /** sendAt is at or before this instant. */
  sendAtBy?: string;
  /** leaseUntil is at or before this instant. */
  leaseUntilBy?: string;
  claimToken?: string;
  attempts?: number;
  without?: FollowUpFlag[];
  with?: FollowUpFlag[];
  /** The escalation that holds it; null: held by none (or by one from before holds named their escalation). */
  heldBy?: string | null;
  /** The session edit its copy of the client came from; null: never edited. A claim expects the copy it read. */
  editedAt?: string | null;
}

export interface FollowUpTransition {
  from: FollowUp;
  next: FollowUp;
  expect: FollowUpExpect;
}

export type FollowUpStep = FollowUpTransition | Refused;

/** Whether a stored follow-up is what a transition expects; the in-memory store and the contract tests use it. */
export function followUpMatches(expect: FollowUpExpect, current: FollowUp): boolean {
  if (current.status !== expect.status) return false;
  if (expect.sendAtBy !== undefined && !(current.sendAt <= expect.sendAtBy)) return false;
  if (expect.leaseUntilBy !== undefined && !(current.leaseUntil !== undefined && current.leaseUntil <= expect.leaseUntilBy)) return false;
  if (expect.claimToken !== undefined && current.claimToken !== expect.claimToken) return false;
  if (expect.attempts !== undefined && current.attempts !== expect.attempts) return false;
  if (expect.without?.some((flag) => current[flag] !== undefined)) return false;
  if (expect.with?.some((flag) => current[flag] === undefined)) return false;
  if (expect.heldBy !== undefined && (current.heldBy ?? null) !== expect.heldBy) return false;
  if (expect.editedAt !== undefined && (current.editedAt ?? null) !== expect.editedAt) return false;
  return true;
}

export const HELD_REASON = 'held: an escalation is open';
export const CANCELLED_REASON = 'session cancelled';
export const SKIPPED_AFTER_ESCALATION = 'skipped: the therapist chose to skip the rest after a warning sign';
const UNKNOWN_REASON = 'sender stopped mid-send; the message may or may not have gone out, so it is not resent';

const without = <K extends keyof FollowUp>(fu: FollowUp, ...keys: K[]): FollowUp => {
  const copy = { ...fu };
  for (const key of keys) delete copy[key];
  return copy;
};

const refuse = (fu: FollowUp, what: string): Refused => ({ refused: `${what}: the follow-up is ${fu.status}` });

/**
 * A sender takes a due follow-up until `leaseUntil`; one sender, only once due, never once cancel or hold was asked,
 * and only as it read it: a session edit in between (a new number) makes the claim fail, so the old copy is never sent.
 */
export function claim(fu: FollowUp, claimToken: string, now: Date, leaseUntil: Date): FollowUpStep {
  const at = now.toISOString();
  if (fu.status !== 'pending') return refuse(fu, 'claim');
  if (fu.sendAt > at) return { refused: 'claim: not due yet' };
  if (fu.cancelRequested || fu.holdRequested) return { refused: 'claim: cancel or hold was requested' };
  return {
    from: fu,
    next: { ...fu, status: 'claimed', claimToken, leaseUntil: leaseUntil.toISOString(), attempts: fu.attempts + 1, updatedAt: at },
    expect: {
      name: 'notYetClaimed', status: 'pending', sendAtBy: at, attempts: fu.attempts, without: ['cancelRequested', 'holdRequested'], editedAt: fu.editedAt ?? null,
    },
  };
}

/** Moves a waiting follow-up to a later sendAt (it reached quiet hours before a sender took it). */
export function defer(fu: FollowUp, sendAt: Date, now: Date): FollowUpStep {
  if (fu.status !== 'pending') return refuse(fu, 'defer');
  return {
    from: fu,
    next: { ...fu, sendAt: sendAt.toISOString(), updatedAt: now.toISOString() },
    expect: { name: 'stillWaiting', status: 'pending' },
  };
}

/** A waiting follow-up whose session was cancelled or escalated while a sender had it: cancelled or held, never sent. */
export function settle(fu: FollowUp, now: Date): FollowUpStep {
  const flag: FollowUpFlag | undefined = fu.cancelRequested ? 'cancelRequested' : fu.holdRequested ? 'holdRequested' : undefined;
  if (fu.status !== 'pending' || !flag) return { refused: 'settle: nothing was requested' };
  const settled = without(fu, flag);
  return {
    from: fu,
    next: { ...settled, status: flag === 'cancelRequested' ? 'cancelled' : 'held', reason: flag === 'cancelRequested' ? CANCELLED_REASON : HELD_REASON, updatedAt: now.toISOString() },
    expect: { name: 'stillFlagged', status: 'pending', with: [flag] },
  };
}

export interface ChannelResult {
  channel: keyof FollowUp['channels'];
  status: ChannelDelivery['status'];
  providerId?: string;
  reason?: string;
}

/** What a sender found once its providers answered: the follow-up's status, each channel's, and a retry time. */
export interface SendResult {
  status: 'sent' | 'failed' | 'skipped' | 'pending' | 'unknown';
  sendAt?: string;
  reason?: string;
  /** A machine code beside the reason (`stale`). */
  reasonCode?: string;
  outcomes: ChannelResult[];
}

/** Records a claimed follow-up's outcome, only while the claim is still the sender's; a retry is pending again. */
export function complete(fu: FollowUp, claimToken: string, result: SendResult, now: Date): FollowUpStep {
  if (fu.status !== 'claimed' || fu.claimToken !== claimToken) return { refused: 'complete: the claim is not ours' };
  const at = now.toISOString();
  const channels = { ...fu.channels };
  for (const outcome of result.outcomes) {
    channels[outcome.channel] = {
      status: outcome.status,
      ...(outcome.providerId ? { providerId: outcome.providerId } : {}),
      ...(outcome.reason ? { reason: outcome.reason } : {}),
      at,
    };
  }
  const done = without(fu, 'claimToken', 'leaseUntil', 'reason', 'reasonCode');
  return {
    from: fu,
    next: {
      ...done,
      status: result.status,
      channels,
      ...(result.status === 'pending' && result.sendAt ? { sendAt: result.sendAt } : {}),
      ...(result.reason ? { reason: result.reason } : {}),
      ...(result.reasonCode ? { reasonCode: result.reasonCode } : {}),
      updatedAt: at,
    },
    expect: { name: 'stillOurs', status: 'claimed', claimToken },
  };
}

/** A claim whose sender died (lease passed): channels without an answer become unknown; never resent. */
export function reconcile(fu: FollowUp, now: Date): FollowUpStep {
  const at = now.toISOString();
  if (fu.status !== 'claimed') return refuse(fu, 'reconcile');
  if (fu.leaseUntil === undefined || fu.leaseUntil > at) return { refused: 'reconcile: the lease has not lapsed' };
  const channels = Object.fromEntries(
    Object.entries(fu.channels).map(([channel, delivery]) => [channel, delivery.status === 'pending' ? { ...delivery, status: 'unknown' } : delivery]),
  );
  return {
    from: fu,
    next: { ...without(fu, 'claimToken', 'leaseUntil'), status: 'unknown', channels, reason: UNKNOWN_REASON, updatedAt: at },
    expect: { name: 'leaseLapsed', status: 'claimed', leaseUntilBy: at },
  };
}

/** The session was cancelled: a waiting or held follow-up is cancelled; one being sent is flagged, to be settled. */
export function cancel(fu: FollowUp, now: Date): FollowUpStep {
  const at = now.toISOString();
  if (fu.status === 'pending' || fu.status === 'held') {
    return {
      from: fu,
      next: { ...fu, status: 'cancelled', reason: CANCELLED_REASON, updatedAt: at },
      expect: { name: fu.status === 'pending' ? 'stillWaiting' : 'stillHeld', status: fu.status },
    };
  }
  if (fu.status === 'claimed' && !fu.cancelRequested) {
    return { from: fu, next: { ...fu, cancelRequested: true }, expect: { name: 'stillClaimed', status: 'claimed' } };
  }
  return refuse(fu, 'cancel');
}

/**
 * An escalation opened: no automated message while a human handles the client. A waiting one is held by it, one
 * being sent is flagged, one held by an earlier escalation is handed over (so that acknowledging that one does not
 * release it).
 */
export function hold(fu: FollowUp, escalationId: string, now: Date): FollowUpStep {
  const heldBy = fu.heldBy ?? null;
  if (heldBy === escalationId) return { refused: 'hold: already held by this escalation' };
  if (fu.status === 'pending' && !fu.cancelRequested) {
    return {
      from: fu,
      next: { ...without(fu, 'holdRequested'), status: 'held', heldBy: escalationId, reason: HELD_REASON, updatedAt: now.toISOString() },
      expect: { name: 'stillWaiting', status: 'pending', without: ['cancelRequested'], heldBy },
    };
  }
  if (fu.status === 'claimed' && !fu.cancelRequested) {
    return { from: fu, next: { ...fu, holdRequested: true, heldBy: escalationId }, expect: { name: 'stillClaimed', status: 'claimed', heldBy } };
  }
  if (fu.status === 'held') {
    return { from: fu, next: { ...fu, heldBy: escalationId }, expect: { name: 'stillHeld', status: 'held', heldBy } };
  }
  return refuse(fu, 'hold');
}

/**
 * The escalation that holds it was acknowledged: a held follow-up waits again (one whose moment passed is sent, or
 * skipped if stale); a flagged one loses the flag, so that a throttled retry is sent rather than held for good.
 * What another escalation holds stays held.
 */
export function release(fu: FollowUp, escalationId: string, now: Date, variant?: FollowUpVariant): FollowUpStep {
  const heldBy = fu.heldBy ?? null;
  if (heldBy !== null && heldBy !== escalationId) return { refused: 'release: held by another escalation' };
  if (fu.status === 'held') {
    return {
      from: fu,
      next: { ...without(fu, 'reason', 'heldBy', 'holdRequested'), status: 'pending', ...(variant ? { variant } : {}), updatedAt: now.toISOString() },
      expect: { name: 'stillHeld', status: 'held', heldBy },
    };
  }
  if (fu.holdRequested && (fu.status === 'pending' || fu.status === 'claimed')) {
    return {
      from: fu,
      next: { ...without(fu, 'holdRequested', 'heldBy'), ...(variant ? { variant } : {}) },
      expect: { name: fu.status === 'pending' ? 'stillFlagged' : 'stillClaimed', status: fu.status, with: ['holdRequested'], heldBy },
    };
  }
  return refuse(fu, 'release');
}

/**
 * The escalation that holds it was acknowledged with "skip the rest": a held follow-up is skipped for good, a
 * flagged waiting one too; one being sent right now is flagged cancelled, so that a throttled retry is never sent.
 * What another escalation holds stays held.
 */
export function skip(fu: FollowUp, escalationId: string, now: Date): FollowUpStep {
  const heldBy = fu.heldBy ?? null;
  if (heldBy !== null && heldBy !== escalationId) return { refused: 'skip: held by another escalation' };
  const skipped = (): FollowUp => ({ ...without(fu, 'heldBy', 'holdRequested'), status: 'skipped', reason: SKIPPED_AFTER_ESCALATION, updatedAt: now.toISOString() });
  if (fu.status === 'held') return { from: fu, next: skipped(), expect: { name: 'stillHeld', status: 'held', heldBy } };
  if (fu.holdRequested && fu.status === 'pending') {
    return { from: fu, next: skipped(), expect: { name: 'stillFlagged', status: 'pending', with: ['holdRequested'], heldBy } };
  }
  if (fu.holdRequested && fu.status === 'claimed' && !fu.cancelRequested) {
    return { from: fu, next: { ...without(fu, 'holdRequested', 'heldBy'), cancelRequested: true }, expect: { name: 'stillClaimed', status: 'claimed', with: ['holdRequested'], heldBy } };
  }
  return refuse(fu, 'skip');
}

/** What a session edit asks of a follow-up still to be sent: the session's client, modality, channels and send time. */
export interface Amendment {
  client: Client;
  modality?: string;
  /** The channels it goes out on now; those whose contact point changed start again as pending. */
  channels: readonly Channel[];
  changedChannels: readonly Channel[];
  /** The send time planned again (a new zone moves it through quiet hours); absent: unchanged. */
  sendAt?: string;
  editedAt: string;
}

/**
 * The session was edited while this follow-up waits (pending or held): it takes the new client copy, modality and
 * channels. A channel already answered (sent in an earlier attempt) stays as it is; a channel turned off is dropped.
 * One being sent or already done is never changed.
 */
export function amend(fu: FollowUp, change: Amendment, now: Date): FollowUpStep {
  if (fu.status !== 'pending' && fu.status !== 'held') return refuse(fu, 'amend');
  const channels: Partial<Record<Channel, ChannelDelivery>> = {};
  for (const [channel, delivery] of Object.entries(fu.channels) as [Channel, ChannelDelivery][]) {
    if (delivery.status !== 'pending') channels[channel] = delivery;
  }
  for (const channel of change.channels) {
    const answered = channels[channel];
    if (!answered || change.changedChannels.includes(channel)) channels[channel] = { status: 'pending' };
  }
  const base = without(fu, 'modality');
  return {
    from: fu,
    next: {
      ...base,
      client: change.client,
      ...(change.modality ? { modality: change.modality } : {}),
      channels,
      ...(change.sendAt ? { sendAt: change.sendAt } : {}),
      editedAt: change.editedAt,
      updatedAt: now.toISOString(),
    },
    expect: { name: fu.status === 'pending' ? 'stillWaiting' : 'stillHeld', status: fu.status, without: ['cancelRequested'] },
  };
}

/**
 * The therapist undid a cancel: a follow-up the cancel stopped waits again (held again if an escalation held it); one
 * that was being sent loses its cancel flag, so that a retry goes out. Sent, skipped and failed ones stay as they are.
 */
export function restore(fu: FollowUp, now: Date): FollowUpStep {
  if (fu.status === 'cancelled' && fu.reason === CANCELLED_REASON) {
    const heldBy = fu.heldBy;
    return {
      from: fu,
      next: { ...without(fu, 'reason', 'cancelRequested'), status: heldBy ? 'held' : 'pending', ...(heldBy ? { reason: HELD_REASON } : {}), updatedAt: now.toISOString() },
      expect: { name: 'stillCancelled', status: 'cancelled' },
    };
  }
  if (fu.cancelRequested && (fu.status === 'pending' || fu.status === 'claimed')) {
    return {
      from: fu,
      next: without(fu, 'cancelRequested'),
      expect: { name: fu.status === 'pending' ? 'stillFlagged' : 'stillClaimed', status: fu.status, with: ['cancelRequested'] },
    };
  }
  return refuse(fu, 'restore');
}
