import * as z from 'zod';
import { ValidationError, problemsOf, type FieldProblem } from '#domain/errors';
import { requestSchema, type IntakeContext } from '#domain/intake';
import { CHANNELS, type Channel, type Client, type Consent, type FollowUp, type Session } from '#domain/model';
import { nextSendableInstant, type SendingHours } from '#domain/quiet-hours';
import type { Amendment } from '#domain/follow-up';

/**
 * A correction of a session while its follow-ups wait: the client's name, phone, email, zone, the modality, and the
 * consent a changed contact point needs again. Validated by intake's own field rules, so a value refused at intake is
 * refused here in the same words.
 */

/** How long after a cancel it may be undone. */
export const UNDO_CANCEL_MINUTES = 10;

const editSchema = (context: IntakeContext) => {
  const intake = requestSchema(context).shape;
  const client = intake.client.shape;
  return z.strictObject({
    client: z
      .strictObject({ name: client.name.optional(), phone: client.phone, email: client.email, timezone: client.timezone, language: client.language })
      .optional(),
    modality: intake.modality,
    consent: z
      .strictObject({
        sms: z.boolean('must be true or false').optional(),
        email: z.boolean('must be true or false').optional(),
        wordingVersion: intake.consent.shape.wordingVersion,
      })
      .optional(),
  });
};

/** What agreeing again is called, per channel, in the therapist's words. */
const CONSENT_AGAIN: Record<Channel, string> = {
  sms: "The new number needs the client's agreement to texts again",
  email: "The new email address needs the client's agreement to emails again",
};

const CONTACT_FIELD: Record<Channel, 'phone' | 'email'> = { sms: 'phone', email: 'email' };

export interface SessionEditPlan {
  /** The session as it reads after the edit. */
  next: Session;
  /** What changed ("client.phone", "consent.sms"); empty: the request changed nothing. */
  fields: string[];
  /** Channels whose contact point changed (or was removed): their follow-ups start again on the new one. */
  changedChannels: Channel[];
  /** The channels follow-ups go out on now: consent given and a contact point to use. */
  channels: Channel[];
  zoneChanged: boolean;
}

const given = (object: unknown, key: string) => typeof object === 'object' && object !== null && Object.hasOwn(object, key);

/**
 * Validates an edit against the session it changes and works out the session after it. Throws a ValidationError
 * naming every problem by field; nothing is decided about follow-ups here beyond which channels they use.
 */
export function planSessionEdit(session: Session, body: unknown, context: IntakeContext): SessionEditPlan {
  const parsed = editSchema(context).safeParse(body);
  if (!parsed.success) throw new ValidationError(problemsOf(parsed.error));
  const edit = parsed.data;
  const rawClient = (body as { client?: unknown }).client;
  const problems: FieldProblem[] = [];
  if (!edit.client && edit.modality === undefined && !edit.consent) {
    problems.push({ field: 'body', code: 'nothing-to-change', message: "There is nothing to change: give the client's new name, mobile, email, time zone, language, the modality, or consent." });
  }
  if (edit.consent?.wordingVersion !== undefined && edit.consent.wordingVersion !== context.consentWordingVersion) {
    problems.push({
      field: 'consent.wordingVersion',
      code: 'old-consent-wording',
      message: 'The consent wording has changed since this page was opened; reload the page and ask the client again.',
    });
  }

  const name = edit.client?.name?.replace(/\s+/g, ' ') ?? session.client.name;
  const contactOf = (channel: Channel): string | undefined => {
    const field = CONTACT_FIELD[channel];
    return given(rawClient, field) ? edit.client?.[field] : session.client[field];
  };
  const client: Client = {
    name,
    firstName: name.split(' ')[0] as string,
    ...(contactOf('sms') ? { phone: contactOf('sms') } : {}),
    ...(contactOf('email') ? { email: contactOf('email') } : {}),
    timezone: edit.client?.timezone ?? session.client.timezone,
    ...((edit.client?.language ?? session.client.language) ? { language: edit.client?.language ?? session.client.language } : {}),
  };
  const modality = edit.modality === undefined ? session.modality : edit.modality || undefined;

  const at = context.now.toISOString();
  const fresh = (granted: boolean): Consent => ({ granted, at, source: 'therapist-edit', wordingVersion: context.consentWordingVersion });
  const consent = { ...session.consent };
  const changedChannels: Channel[] = [];
  for (const channel of CHANNELS) {
    const field = CONTACT_FIELD[channel];
    const before = session.client[field];
    const after = client[field];
    const answer = edit.consent?.[channel];
    if (after !== before) changedChannels.push(channel);
    if (after === undefined) {
      if (answer === true) {
        problems.push(
          channel === 'sms'
            ? { field: `client.${field}`, code: 'required-for-texts', message: "Add the client's mobile number, or untick texts." }
            : { field: `client.${field}`, code: 'required-for-emails', message: "Add the client's email address, or untick emails." },
        );
      }
      if (before !== undefined || session.consent[channel].granted) consent[channel] = fresh(false);
      continue;
    }
    if (after !== before && answer === undefined) {
      problems.push({ field: `consent.${channel}`, message: CONSENT_AGAIN[channel] });
      continue;
    }
    // The same answer again for the same contact point keeps the consent recorded: a replayed edit changes nothing.
    if (answer !== undefined && (after !== before || answer !== session.consent[channel].granted)) consent[channel] = fresh(answer);
  }
  const channels = CHANNELS.filter((channel) => consent[channel].granted && client[CONTACT_FIELD[channel]] !== undefined);
  if (problems.length === 0 && channels.length === 0) {
    problems.push({ field: 'consent', code: 'no-channel', message: 'Keep texts or emails (or both): the client needs one way to get their aftercare.' });
  }
  if (problems.length > 0) throw new ValidationError(problems);

  const next: Session = { ...session, client, consent };
  delete next.modality;
  if (modality) next.modality = modality;
  const fields = [
    ...(['name', 'phone', 'email', 'timezone', 'language'] as const).filter((key) => client[key] !== session.client[key]).map((key) => `client.${key}`),
    ...(modality !== session.modality ? ['modality'] : []),
    ...CHANNELS.filter((channel) => consent[channel] !== session.consent[channel]).map((channel) => `consent.${channel}`),
  ];
  if (fields.length > 0) {
    next.editedAt = at;
    next.edits = [...(session.edits ?? []), { at, fields }];
  }
  return { next, fields, changedChannels, channels, zoneChanged: client.timezone !== session.client.timezone };
}

/**
 * What a waiting follow-up takes from the edited session (nothing when it already has this edit). A new zone plans its send time again: the due time (or now,
 * if that has passed) moved out of quiet hours in the new zone, never earlier than a retry's backoff.
 */
export function amendmentFor(plan: SessionEditPlan, fu: FollowUp, sendingHours: SendingHours, now: Date): Amendment | undefined {
  const { next } = plan;
  if (next.editedAt === undefined || fu.editedAt === next.editedAt) return undefined;
  const from = new Date(Math.max(Date.parse(fu.dueAt), now.getTime()));
  const replanned = nextSendableInstant(from, next.client.timezone, sendingHours).toISOString();
  const sendAt = fu.attempts > 0 && fu.sendAt > replanned ? fu.sendAt : replanned;
  return {
    client: next.client,
    ...(next.modality ? { modality: next.modality } : {}),
    channels: plan.channels,
    changedChannels: plan.changedChannels,
    ...(plan.zoneChanged ? { sendAt } : {}),
    editedAt: next.editedAt as string,
  };
}

/**
 * Whether a cancel may still be undone: within UNDO_CANCEL_MINUTES of it, and while none of what it stopped would
 * have gone out already (its send time has not come). The answer is a sentence for the therapist, or undefined: yes.
 */
export function whyNoUndo(session: Session, cancelled: readonly FollowUp[], now: Date): string | undefined {
  if (session.status !== 'cancelled' || !session.cancelledAt) return 'This session is not cancelled, so there is nothing to undo.';
  if (now.getTime() - Date.parse(session.cancelledAt) > UNDO_CANCEL_MINUTES * 60_000) {
    return `A cancel can be undone for ${UNDO_CANCEL_MINUTES} minutes only, and that time has passed. Enter the session again if the follow-ups should go out.`;
  }
  if (cancelled.some((fu) => fu.sendAt <= now.toISOString())) {
    return 'A follow-up would have gone out since the cancel, so the cancel cannot be undone. Enter the session again if the follow-ups should go out.';
  }
  return undefined;
}
