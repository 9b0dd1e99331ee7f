import * as z from 'zod';
import { readPhone } from '#domain/phone';
import { ValidationError, problemsOf, type FieldProblem } from '#domain/errors';
import { lineFlaw, withoutInvisibleFormatting, type LineFlaw } from '#domain/text';
import { isValidTimeZone } from '#domain/time';
import type { Channel } from '#domain/model';

export interface IntakeContext {
  now: Date;
  defaultTimezone: string;
  phoneRegion: string;
  consentWordingVersion: string;
}

export interface SessionRequest {
  client: { name: string; firstName: string; phone?: string; email?: string; timezone: string };
  endedAt: Date;
  modality?: string;
  channels: Channel[];
  consent: Record<Channel, boolean>;
  consentWordingVersion: string;
}

const MAX_FUTURE_MS = 5 * 60_000;
const MAX_PAST_MS = 7 * 86_400_000;

const FLAW_MESSAGES: Record<LineFlaw, (words: string) => string> = {
  'line-break': (words) => `has a tab or a line break; ${words} goes on one line`,
  'hidden-or-damaged': (words) => `has a hidden or damaged character (perhaps from a copy and paste); please type ${words} again`,
};

const PHONE_MESSAGES = {
  'not-a-number': 'is not a valid phone number',
  extension: "has an extension, and a text cannot reach one: give the client's mobile number without it",
};

/**
 * A free-text field (`words` name it in a sentence): refused with a control character, a lone surrogate or a
 * noncharacter in it, otherwise kept without its invisible formatting (#domain/text).
 */
const line = (words: string) =>
  z.string().transform((value, ctx) => {
    const flaw = lineFlaw(value);
    if (flaw) {
      ctx.addIssue({ code: 'custom', message: FLAW_MESSAGES[flaw](words) });
      return z.NEVER;
    }
    return withoutInvisibleFormatting(value);
  });

/** Builds the request schema for one moment and practice: the time window and phone region depend on them. */
export const requestSchema = (context: IntakeContext) =>
  z.strictObject({
    client: z.strictObject({
      name: line('the name').pipe(z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters')),
      phone: line('the phone number')
        .pipe(z.string().trim().max(32, 'is too long'))
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
      email: line('the email address')
        .pipe(z.string().trim())
        .pipe(z.union([z.literal(''), z.email('is not a valid email address').max(254, 'is too long')]))
        .transform((value) => (value === '' ? undefined : value.toLowerCase()))
        .optional(),
      timezone: line('the time zone')
        .pipe(z.string().refine(isValidTimeZone, 'is not an IANA time zone such as America/Los_Angeles'))
        .optional(),
    }),
    endedAt: z.iso
      .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-27T15:30:00Z' })
      .transform((value) => new Date(value))
      .refine((date) => date.getTime() <= context.now.getTime() + MAX_FUTURE_MS, 'must not be more than 5 minutes in the future')
      .refine((date) => date.getTime() >= context.now.getTime() - MAX_PAST_MS, 'must not be more than 7 days ago')
      .optional(),
    modality: line('the modality')
      .pipe(
        z
          .string()
          .trim()
          .max(40, 'must be at most 40 characters')
          .regex(/^[\p{L}\p{N} '&/-]*$/u, 'may contain letters, digits, spaces and - / & only'),
      )
      .optional(),
    consent: z.strictObject({
      sms: z.boolean('must be true or false'),
      email: z.boolean('must be true or false'),
      wordingVersion: line('the consent wording version').optional(),
    }),
  });

/**
 * Validates a session entered by the therapist and normalises it (E.164 phone, lower-case email, default zone).
 * Throws a ValidationError listing every problem by field.
 */
export function parseSessionRequest(body: unknown, context: IntakeContext): SessionRequest {
  const parsed = requestSchema(context).safeParse(body);
  if (!parsed.success) throw new ValidationError(problemsOf(parsed.error));
  const { client, endedAt, modality, consent } = parsed.data;

  const problems: FieldProblem[] = [];
  if (consent.sms && !client.phone) problems.push({ field: 'client.phone', message: 'is required when consent.sms is true' });
  if (consent.email && !client.email) problems.push({ field: 'client.email', message: 'is required when consent.email is true' });
  if (!consent.sms && !consent.email) {
    problems.push({ field: 'consent', message: 'at least one channel (sms or email) needs the client\'s consent' });
  }
  if (consent.wordingVersion !== undefined && consent.wordingVersion !== context.consentWordingVersion) {
    problems.push({
      field: 'consent.wordingVersion',
      message: `must be the current consent wording version "${context.consentWordingVersion}"`,
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
    },
    endedAt: endedAt ?? context.now,
    ...(modality ? { modality } : {}),
    channels,
    consent: { sms: consent.sms, email: consent.email },
    consentWordingVersion: context.consentWordingVersion,
  };
}
