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
 * passing SPF or DKIM, so a DMARC pass is enough (a forwarded message fails SPF and still passes on its DKIM) and a
 * DMARC failure, or a DMARC check that could not be made, is never. A domain that publishes no DMARC policy (GRAY)
 * is vouched for by SPF alone when the envelope sender is of the same domain as `From` and nothing failed: a DKIM
 * pass by itself says only that somebody's domain signed it. A spam or virus finding makes any message unverified.
 */
export function senderVerified(verdicts: MailVerdicts, from: string, envelopeFrom: string): boolean {
  if (verdicts.spam === 'FAIL' || verdicts.virus === 'FAIL' || verdicts.virus === 'PROCESSING_FAILED') return false;
  if (verdicts.dmarc === 'PASS') return true;
  if (verdicts.dmarc !== 'GRAY' || verdicts.spf === 'FAIL' || verdicts.dkim === 'FAIL') return false;
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

/** The prefixes mail systems put on an auto-reply's subject (Outlook, Exchange, Gmail, Apple, Spanish clients). */
const AUTO_SUBJECT =
  /^\s*(?:automatic reply|auto(?:matic)?[ -]?(?:reply|response)|autoreply|out of (?:the )?office(?: reply| autoreply)?|ooo|auto|respuesta autom[aá]tica|fuera de la oficina)\s*:/i;

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
 * whole wordings those systems use, so a client writing "I'm driving, my neck hurts" is read. (And a warning sign is
 * escalated whatever this says: it only spares a machine the routine answer.)
 */
const AUTO_TEXTS = [
  /^i['’]?m driving with (?:do not disturb(?: while driving)?|driving focus) turned on\. i['’]?ll see your message when i get where i['’]?m going\.?$/i,
  /^i['’]?m driving right now\s*[-–—]?\s*i['’]?ll (?:get back to you|text you back|reply) (?:later|soon|when i can)\.?$/i,
  /^(?:auto[- ]?reply|automatic reply|auto[- ]?response|automated message)\s*:[^?]{0,160}$/i,
  /^[\p{L} .'’-]{1,60} has notifications silenced(?: with (?:focus|do not disturb))?\.?$/iu,
  /^estoy conduciendo con (?:no molestar|el modo conducci[oó]n) activado\.[^?]{0,120}$/i,
  /^(?:respuesta|mensaje) autom[aá]tic[oa]\s*:[^?]{0,160}$/i,
];

/** Whether a text is a phone's or a carrier's automatic answer rather than the client's words. */
export function isAutomaticText(body: string): boolean {
  const text = body.trim();
  return AUTO_TEXTS.some((pattern) => pattern.test(text));
}

/** At most one automatic answer per contact point in this many hours (an escalation is always answered). */
export const AUTO_ANSWER_WINDOW_HOURS = 12;
