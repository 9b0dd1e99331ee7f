import { cancel, hold, isRefused, release, restore, skip, type FollowUpStep } from '#domain/follow-up';
import type { FollowUp, FollowUpVariant } from '#domain/model';
import type { FollowUpStore } from '#ports/follow-up-store';

/** A follow-up moves at most a few times while a step chases it (claimed, retried, claimed again); then give up. */
const MAX_ATTEMPTS = 5;

/**
 * Applies a lifecycle step to each of a session's follow-ups. One that changed since it was read (a sender claimed
 * it, or wrote a throttled retry back) is read again and the step decided anew, so none is left out on a stale read.
 */
export async function moveEach(store: FollowUpStore, followUps: FollowUp[], step: (fu: FollowUp) => FollowUpStep): Promise<void> {
  for (const read of followUps) {
    let current: FollowUp | undefined = read;
    for (let attempt = 0; current && attempt < MAX_ATTEMPTS; attempt += 1) {
      const transition = step(current);
      if (isRefused(transition) || (await store.apply(transition))) break;
      current = await store.get(read.sessionId, read.step);
    }
  }
}

/** The session was cancelled: everything not yet sent is cancelled, what is being sent is settled cancelled after. */
export const cancelFollowUps = async (store: FollowUpStore, sessionId: string, now: Date) =>
  moveEach(store, await store.forSession(sessionId), (fu) => cancel(fu, now));

/** An escalation opened: no automated message while it is open. */
export const holdFollowUps = async (store: FollowUpStore, sessionId: string, escalationId: string, now: Date) =>
  moveEach(store, await store.forSession(sessionId), (fu) => hold(fu, escalationId, now));

/** That escalation was acknowledged: what it held waits again (after a warning sign, as the gentler check-in). */
export const releaseFollowUps = async (store: FollowUpStore, sessionId: string, escalationId: string, now: Date, variant?: FollowUpVariant) =>
  moveEach(store, await store.forSession(sessionId), (fu) => release(fu, escalationId, now, variant));

/** That escalation was acknowledged with "skip the rest": what it held is skipped. */
export const skipFollowUps = async (store: FollowUpStore, sessionId: string, escalationId: string, now: Date) =>
  moveEach(store, await store.forSession(sessionId), (fu) => skip(fu, escalationId, now));

/** A cancel was undone: what it stopped waits again. */
export const restoreFollowUps = async (store: FollowUpStore, sessionId: string, now: Date) =>
  moveEach(store, await store.forSession(sessionId), (fu) => restore(fu, now));
