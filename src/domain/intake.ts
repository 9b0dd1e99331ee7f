import * as z from 'zod';
import { readPhone } from '#domain/phone';
import { ValidationError, problemsOf, type FieldProblem } from '#domain/errors';
import { lineFlaw, withoutInvisibleFormatting, type LineFlaw } from '#domain/text';
import { isValidTimeZone } from '#domain/time';
import type { Channel, ClientLanguage } from '#domain/model';

export interface IntakeContext {
  now: Date;
  defaultTimezone: string;
  defaultLanguage: ClientLanguage;
  phoneRegion: string;
  consentWordingVersion: string;
}

export interface SessionRequest {
  client: { name: string; firstName: string; phone?: string; email?: string; timezone: string; language: ClientLanguage };
  endedAt: Date;
  /** Enter it even when the same client has a session within DUPLICATE_WINDOW_HOURS. */
  force: boolean;
  modality?: string;
  channels: Channel[];
  consent: Record<Channel, boolean>;
  consentWordingVersion: string;
}

const MAX_FUTURE_MS = 5 * 60_000;
const MAX_PAST_MS = 7 * 86_400_000;

const FLAW_MESSAGES: Record<LineFlaw, (words: string) => string> = {
  'line-break': (words) => `The ${words} has a tab or a line break; keep it on one line.`,
  'hidden-or-damaged': (words) => `The ${words} has a hidden or damaged character (perhaps from a copy and paste); please type it again.`,
};

const PHONE_MESSAGES = {
  'not-a-number': "That mobile number doesn't look right; check the digits (a number abroad needs its country code, such as +44).",
  extension: "That number has an extension, and a text cannot reach one: give the client's mobile number without it.",
};

/**
 * A free-text field (`words` name it in a sentence): refused with a control character, a lone surrogate or a
 * noncharacter in it, otherwise kept without its invisible formatting (#domain/text).
 */
const line = (words: string, missing?: string) =>
  z.string(missing).transform((value, ctx) => {
    const flaw = lineFlaw(value);
    if (flaw) {
      ctx.addIssue({ code: 'custom', message: FLAW_MESSAGES[flaw](words) });
      return z.NEVER;
    }
    // NFC: a name pasted from a Mac may come decomposed ("Jose" + a combining accent), which would make every text UCS-2.
    return withoutInvisibleFormatting(value).normalize('NFC');
  });

/** Builds the request schema for one moment and practice: the time window and phone region depend on them. */
export const requestSchema = (context: IntakeContext) =>
  z.strictObject({
    client: z.strictObject({
      name: line('name', "Add the client's name.").pipe(z.string().trim().min(1, "Add the client's name.").max(100, 'The name is too long: at most 100 characters, please.')),
      phone: line('phone number')
        .pipe(z.string().trim().max(32, 'That phone number is too long; give just the mobile number.'))
        .transform((value, ctx) => {
          if (value === '') return undefined;
          const phone = readPhone(value, context.phoneRegion);
          if ('problem' in phone) {
            ctx.addIssue({ code: 'custom', message: PHONE_MESSAGES[phone.problem] });
            return z.NEVER;
          }
          return phone.e164;
        })
        .optional(),
      email: line('email address')
        .pipe(z.string().trim())
        .pipe(z.union([z.literal(''), z.email("That email address doesn't look right; check it for typos.").max(254, 'That email address is too long.')], "That email address doesn't look right; check it for typos."))
        .transform((value) => (value === '' ? undefined : value.toLowerCase()))
        .optional(),
      timezone: line('time zone')
        .pipe(z.string().refine(isValidTimeZone, "We don't know that time zone; pick one from the list, such as America/Los_Angeles."))
        .optional(),
      language: z.enum(['en', 'es'], 'Choose English ("en") or Spanish ("es") for the client\'s messages.').optional(),
    }),
    force: z.boolean('Say true to add a second session for the same client, or leave it out.').optional(),
    /** The same as `client.language`, for a caller that puts it beside the client. */
    language: z.enum(['en', 'es'], 'Choose English ("en") or Spanish ("es") for the client\'s messages.').optional(),
    endedAt: z.iso
      .datetime({ offset: true, message: 'Give the time the session ended as a date and time with its zone, such as 2026-11-27T15:30:00Z.' })
      .transform((value) => new Date(value))
      .refine((date) => date.getTime() <= context.now.getTime() + MAX_FUTURE_MS, "The session can't end more than 5 minutes from now; check the time.")
      .refine((date) => date.getTime() >= context.now.getTime() - MAX_PAST_MS, 'That session ended more than 7 days ago, too long ago for aftercare messages.')
      .optional(),
    modality: line('modality')
      .pipe(
        z
          .string()
          .trim()
          .max(40, 'Keep the modality to 40 characters.')
          .regex(/^[\p{L}\p{N} '&/-]*$/u, 'The modality may have letters, digits, spaces and - / & only.'),
      )
      .optional(),
    consent: z.strictObject({
      sms: z.boolean('Say whether the client agreed to texts (true or false).'),
      email: z.boolean('Say whether the client agreed to emails (true or false).'),
      wordingVersion: line('consent wording version').optional(),
    }),
  });

/**
 * Validates a session entered by the therapist and normalises it (E.164 phone, lower-case email, default zone).
 * Throws a ValidationError listing every problem by field.
 */
export function parseSessionRequest(body: unknown, context: IntakeContext): SessionRequest {
  const parsed = requestSchema(context).safeParse(body);
  if (!parsed.success) throw new ValidationError(problemsOf(parsed.error));
  const { client, endedAt, modality, consent, force, language } = parsed.data;

  const problems: FieldProblem[] = [];
  if (consent.sms && !client.phone) {
    problems.push({ field: 'client.phone', code: 'required-for-texts', message: "Add the client's mobile number, or untick texts." });
  }
  if (consent.email && !client.email) {
    problems.push({ field: 'client.email', code: 'required-for-emails', message: "Add the client's email address, or untick emails." });
  }
  if (!consent.sms && !consent.email) {
    problems.push({ field: 'consent', code: 'no-channel', message: 'Tick texts or emails (or both): the client needs to agree to at least one.' });
  }
  if (consent.wordingVersion !== undefined && consent.wordingVersion !== context.consentWordingVersion) {
    problems.push({
      field: 'consent.wordingVersion',
      code: 'old-consent-wording',
      message: 'The consent wording has changed since this page was opened; reload the page and ask the client again.',
    });
  }
  if (problems.length > 0) throw new ValidationError(problems);

  const channels: Channel[] = [];
  if (consent.sms) channels.push('sms');
  if (consent.email) channels.push('email');
  const name = client.name.replace(/\s+/g, ' ');
  return {
    client: {
      name,
      firstName: name.split(' ')[0] as string,
      ...(client.phone ? { phone: client.phone } : {}),
      ...(client.email ? { email: client.email } : {}),
      timezone: client.timezone ?? context.defaultTimezone,
      language: client.language ?? language ?? context.defaultLanguage,
    },
    force: force ?? false,
    endedAt: endedAt ?? context.now,
    ...(modality ? { modality } : {}),
    channels,
    consent: { sms: consent.sms, email: consent.email },
    consentWordingVersion: context.consentWordingVersion,
  };
}
