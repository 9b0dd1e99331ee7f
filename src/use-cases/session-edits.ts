import { amend, CANCELLED_REASON, type FollowUpStep } from '#domain/follow-up';
import { ConflictError, NotFoundError } from '#domain/errors';
import { CHANNELS, type ContactPoint, type FollowUp } from '#domain/model';
import { amendmentFor, planSessionEdit, whyNoUndo, type SessionEditPlan } from '#domain/session-edit';
import { moveEach, restoreFollowUps } from './follow-up-moves.ts';
import { getSession, type SessionDeps, type SessionResponse } from './sessions.ts';

/** A follow-up not yet sent: the ones an edit may still change. */
const waiting = (fu: FollowUp) => fu.status === 'pending' || fu.status === 'held';

/** The contact points whose consent the edit recorded (a new number agreed to, a channel turned on). */
function consentedContacts(plan: SessionEditPlan, before: SessionEditPlan['next']): ContactPoint[] {
  const { next } = plan;
  return CHANNELS.flatMap((channel) => {
    const address = channel === 'sms' ? next.client.phone : next.client.email;
    const consent = next.consent[channel];
    if (!address || !consent.granted || consent === before.consent[channel]) return [];
    return [{ channel, address, optedOut: false, consent }];
  });
}

/**
 * Corrects a session while a follow-up still waits.
 * Input: the session id and the edit (client.name, client.phone, client.email, client.timezone, modality, consent).
 * Output: the session as GET shows it.
 * Steps: refuse a cancelled session, or one with nothing left to send; validate like intake (a changed phone or email
 * needs its consent again); write the session under "still active, not edited since read"; then bring every waiting
 * follow-up in line (client copy, channels, a new zone's send time). One a sender has already taken keeps the copy it
 * is sending; the sender's claim expects the copy it read, so it sends either the old one before the edit or, after
 * it, the new one, never both. Sending the same edit again finishes what an interrupted one left.
 */
export async function editSession(deps: SessionDeps, id: string, body: unknown): Promise<SessionResponse> {
  const now = deps.clock.now();
  const session = await deps.sessions.get(id);
  if (!session) throw new NotFoundError(`No session with id ${id}`);
  if (session.status !== 'active') throw new ConflictError('This session was cancelled, so there is nothing to correct. Undo the cancel first if it was a mistake.');
  const followUps = await deps.followUps.forSession(id);
  if (!followUps.some(waiting)) throw new ConflictError('Every follow-up of this session has gone out already, so there is nothing left to correct.');

  const plan = planSessionEdit(session, body, {
    now,
    defaultTimezone: deps.settings.timezone,
    defaultLanguage: deps.settings.defaultLanguage,
    phoneRegion: deps.settings.phoneRegion,
    consentWordingVersion: deps.settings.consentWordingVersion,
  });
  if (plan.fields.length > 0 && !(await deps.sessions.amend(session, plan.next, consentedContacts(plan, session)))) {
    throw new ConflictError('This session changed while you were editing it (another edit, or a cancel). Look at it again and make the change once more.');
  }
  const step = (fu: FollowUp): FollowUpStep => {
    const change = amendmentFor(plan, fu, deps.settings.sendingHours, now);
    return change ? amend(fu, change, now) : { refused: 'amend: already has this edit' };
  };
  await moveEach(deps.followUps, followUps, step);
  const after = await deps.followUps.forSession(id);
  deps.log.info('session edited', {
    sessionId: id,
    fields: plan.fields,
    followUps: after.map((fu) => ({ step: fu.step, status: fu.status, edited: fu.editedAt !== undefined && fu.editedAt === plan.next.editedAt })),
  });
  return getSession(deps, id);
}

/**
 * Undoes a cancel.
 * Input: the session id. Output: the session as GET shows it.
 * Steps: allowed within 10 minutes of the cancel and only while none of what it stopped would have gone out since
 * (otherwise a 409 in a sentence); the session is active again under "still that cancel", then what the cancel
 * stopped waits again. Opt-outs still apply: the sender checks them when it sends.
 */
export async function restoreSession(deps: Pick<SessionDeps, 'sessions' | 'followUps' | 'contacts' | 'clock' | 'log'>, id: string): Promise<SessionResponse> {
  const now = deps.clock.now();
  const session = await deps.sessions.get(id);
  if (!session) throw new NotFoundError(`No session with id ${id}`);
  const cancelled = (await deps.followUps.forSession(id)).filter((fu) => fu.status === 'cancelled' && fu.reason === CANCELLED_REASON);
  const why = whyNoUndo(session, cancelled, now);
  if (why) throw new ConflictError(why);
  if (!(await deps.sessions.markRestored(id, session.cancelledAt as string, now))) {
    throw new ConflictError('This session changed at the same moment. Look at it again before undoing the cancel.');
  }
  await restoreFollowUps(deps.followUps, id, now);
  deps.log.info('session cancel undone', { sessionId: id });
  return getSession(deps, id);
}
