/**
 * What one line of text that a person typed may hold.
 *
 * Refused: tabs and line breaks (these are one-line fields), every other control character (C0, DEL, C1), lone
 * surrogates, noncharacters (U+FDD0–U+FDEF and the last two code points of every plane) and U+FFFD, which stands for
 * a character already lost on the way. None of them is ever meant, and some upset a terminal, a log or a carrier.
 *
 * Dropped: invisible formatting that changes how the text around it reads without being part of it: bidi embeddings,
 * overrides and isolates (a name could reach the therapist's text reversed), bidi marks, zero-width spaces and
 * joiners, the word joiner and the byte order mark. Copied phone numbers and addresses often carry them.
 */

const LINE_BREAK = /[\t\n\v\f\r\u2028\u2029]/u;
const HIDDEN_OR_DAMAGED = /[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}\uFFFD]/u;
const INVISIBLE_FORMATTING = /[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/gu;

export type LineFlaw = 'line-break' | 'hidden-or-damaged';

/** Why a line of text cannot be kept as it is, or undefined when it can. */
export function lineFlaw(value: string): LineFlaw | undefined {
  if (LINE_BREAK.test(value)) return 'line-break';
  if (HIDDEN_OR_DAMAGED.test(value)) return 'hidden-or-damaged';
  return undefined;
}

/** The text without its invisible formatting characters. */
export const withoutInvisibleFormatting = (value: string): string => value.replace(INVISIBLE_FORMATTING, '');

const LINE_BREAKS = new RegExp(LINE_BREAK.source, 'gu');
const HIDDEN_OR_DAMAGED_ALL = new RegExp(HIDDEN_OR_DAMAGED.source, 'gu');

/**
 * A stored line made safe to put in a message (records from before intake refused these characters): line breaks
 * become spaces, hidden and damaged characters and invisible formatting go. A name with a NUL cannot break the
 * TwiML of an answer, nor one with an override reach the therapist reversed.
 */
export const forMessage = (value: string): string =>
  withoutInvisibleFormatting(value).replace(LINE_BREAKS, ' ').replace(HIDDEN_OR_DAMAGED_ALL, '');
