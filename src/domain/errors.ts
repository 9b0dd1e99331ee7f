import type * as z from 'zod';
import type { LinkPurpose } from './links.ts';

/** Base of every error this codebase raises on purpose; `cause` keeps the vendor error when there is one. */
export class AftercareError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface FieldProblem {
  field: string;
  /** For a person: a sentence where the rule has one ("Add the client's mobile number, or untick texts."). */
  message: string;
  /** For a program: what is wrong, stable across wording changes. */
  code?: string;
}

/** A problem in one line: its sentence as it is, a fragment ("is required") after its field. */
const problemText = (p: FieldProblem) => (/^[A-Z"']/.test(p.message) ? p.message.replace(/\.$/, '') : `${p.field}: ${p.message}`);

/** Input that breaks a rule; nothing was changed. Lists every problem by field. */
export class ValidationError extends AftercareError {
  constructor(readonly problems: FieldProblem[]) {
    super(`Invalid request: ${problems.map(problemText).join('; ')}`);
  }
}

const NAMED_KEYS = 5;
const KEY_CHARS = 40;

const shortKey = (key: string): string => {
  const chars = Array.from(key);
  return chars.length > KEY_CHARS ? `${chars.slice(0, KEY_CHARS).join('')}…` : key;
};

/** Unknown keys as a short list: the first five, each cut to 40 characters, and how many more there are. */
const keyList = (keys: string[]): string => {
  const named = keys.slice(0, NAMED_KEYS).map(shortKey).join(', ');
  return keys.length > NAMED_KEYS ? `${named} and ${keys.length - NAMED_KEYS} more` : named;
};

/** zod's issues as problems by field, in words a person reads ("client.phone: is required"). */
export const problemsOf = (error: z.ZodError): FieldProblem[] =>
  error.issues.map((issue) => ({
    field: issue.path.join('.') || (issue.code === 'unrecognized_keys' ? keyList(issue.keys) : 'body'),
    message:
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''}: ${keyList(issue.keys)}`
        : issue.code === 'invalid_type' && /received undefined$/.test(issue.message)
          ? 'is required'
          : issue.message,
  }));

/** Parses with a zod schema, or throws a ValidationError listing every problem by field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(problemsOf(parsed.error));
  return parsed.data;
}

/** A signed link that is damaged, forged, expired, or signed by a key no longer kept; it changes nothing. */
export class InvalidLinkError extends ValidationError {
  constructor(readonly purpose: LinkPurpose) {
    super([{ field: 't', message: `is not a valid ${purpose} link, or it has expired` }]);
  }
}

export class NotFoundError extends AftercareError {}

export class UnauthorizedError extends AftercareError {}

export class ForbiddenError extends AftercareError {}

/** A request that conflicts with what is stored, e.g. an Idempotency-Key reused with another body. */
export class ConflictError extends AftercareError {}

/** Configuration that is missing or wrong; raised at start, never at request time. */
export class ConfigError extends AftercareError {}

/** A provider refused for a reason that a retry will not fix (invalid number, hard bounce, opted out). */
export class PermanentDeliveryError extends AftercareError {
  constructor(
    message: string,
    readonly reason: string,
    readonly optedOut = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A provider failed in a way worth retrying later (throttle, 5xx, timeout). */
export class TransientDeliveryError extends AftercareError {}

/**
 * The request may have reached the provider, but no answer came (timeout, connection reset): the message may or may
 * not be on its way. Recorded as unknown, never retried, so that nobody gets it twice.
 */
export class UnknownDeliveryError extends AftercareError {}
