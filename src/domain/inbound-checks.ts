/**
 * What an inbound message is before anyone answers it: mail whose sender the receiving checks could not confirm,
 * and messages a machine sent (out-of-office, "I'm driving"), which are kept but never answered (RFC 3834).
 */

export type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';

/** The verdicts SES's receipt event carries for a message (SPF, DKIM, DMARC, spam and virus scans). */
export interface MailVerdicts {
  spf: Verdict;
  dkim: Verdict;
  dmarc: Verdict;
  spam: Verdict;
  virus: Verdict;
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/**
 * Whether the receiving checks vouch for the `From` address. DMARC is the check that ties the visible `From` to a
 * passing SPF or DKIM, so a DMARC pass is enough and a DMARC failure is never. A domain that publishes no DMARC
 * policy (GRAY) is vouched for by SPF alone when the envelope sender is of the same domain as `From`: a DKIM pass
 * by itself says only that somebody's domain signed it. A spam or virus finding, or a failing SPF or DKIM, makes any
 * message unverified.
 */
export function senderVerified(verdicts: MailVerdicts, from: string, envelopeFrom: string): boolean {
  if (verdicts.spam === 'FAIL' || verdicts.virus === 'FAIL' || verdicts.virus === 'PROCESSING_FAILED') return false;
  if (verdicts.spf === 'FAIL' || verdicts.dkim === 'FAIL' || verdicts.dmarc === 'FAIL') return false;
  if (verdicts.dmarc === 'PASS') return true;
  return verdicts.spf === 'PASS' && domainOf(envelopeFrom) === domainOf(from);
}

/** The headers RFC 3834 and common mail systems use to mark a message that a machine sent. */
export interface AutomaticMailSigns {
  autoSubmitted?: string;
  precedence?: string;
  xAutoreply?: string;
  xAutorespond?: string;
  subject?: string;
}

const AUTO_SUBJECT =
  /^\s*(?:(?:auto(?:matic)?[ -]?(?:reply|response|antwort)|autoreply|out of (?:the )?office|ooo|away from (?:my|the) (?:office|desk)|on vacation|on holiday|respuesta autom[aá]tica|fuera de la oficina|ausente)\b|auto:)/i;

/** Whether an email was sent by a machine: an auto-reply, a list, a bulk mailing, or an out-of-office notice. */
export function isAutomaticEmail(signs: AutomaticMailSigns): boolean {
  const autoSubmitted = signs.autoSubmitted?.trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return true;
  if (signs.precedence && /^\s*(bulk|junk|list|auto_reply)\b/i.test(signs.precedence)) return true;
  if (signs.xAutoreply || signs.xAutorespond) return true;
  return AUTO_SUBJECT.test(signs.subject ?? '');
}

/**
 * The texts phones send on their own: iOS and Android driving and Focus modes, and carriers' away messages. Only the
 * wordings those systems use, from the start of the text, so a client writing "I'm driving, my neck hurts" is read.
 */
const AUTO_TEXTS = [
  /^i['’]?m driving with (?:do not disturb|driving focus)\b/i,
  /^i['’]?m driving (?:right now )?[-–—]? ?(?:sent from my car|i['’]?ll (?:get back to you|see your message|reply) )/i,
  /^(?:this is an )?auto(?:matic|mated)?[- ]?(?:reply|response|message)\b[:.]/i,
  /\bhas notifications silenced with (?:focus|do not disturb)\b/i,
  /^i['’]?m (?:currently )?(?:driving|sleeping|busy) and (?:have|has) (?:do not disturb|notifications silenced)\b/i,
  /^estoy conduciendo con (?:no molestar|el modo conducci[oó]n)\b/i,
  /^(?:respuesta|mensaje) autom[aá]tic[oa]\b/i,
];

/** Whether a text is a phone's or a carrier's automatic answer rather than the client's words. */
export function isAutomaticText(body: string): boolean {
  const text = body.trim();
  return text.length <= 400 && AUTO_TEXTS.some((pattern) => pattern.test(text));
}

/** At most one automatic answer per contact point in this many hours (an escalation is always answered). */
export const AUTO_ANSWER_WINDOW_HOURS = 12;
