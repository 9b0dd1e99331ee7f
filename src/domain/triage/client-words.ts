/**
 * The client's own words in a reply: what their mail or phone program added (quoted history, "On … wrote:" headers,
 * Outlook's From/Sent/To/Subject block, signatures, "Sent from my iPhone") and any sentence of our own aftercare
 * messages are dropped before triage, so a "thanks, all good!" that quotes our advice about sharp pain is not read as a
 * complaint about sharp pain. Applied to texts and emails alike, beside the email parser (defence in depth).
 */

/**
 * A line that opens history quoted with `>`: Gmail, Apple Mail, Thunderbird ("On Mon, Mar 2, 2026 at 1:05 PM Chris
 * <x@y> wrote:", which may wrap onto the next line) and Spanish Gmail and Outlook ("El lun, 2 mar 2026 a las 13:05,
 * Chris (<x@y>) escribió:"). The client may write below that history.
 */
const INLINE_QUOTE_OPENER = /^\s*(?:on\b.{0,300}\bwrote|el\b.{0,300}\bescribi[oó])\s*:\s*$/i;

/** A line that opens history quoted without `>`: everything from it on is history. */
const QUOTE_OPENERS: readonly RegExp[] = [
  /^\s*-{2,}\s*(?:original message|mensaje original|forwarded message|mensaje reenviado)\s*-{2,}\s*$/i,
  /^\s*begin forwarded message\s*:?\s*$/i,
  // Outlook.com: a rule of underscores above the header block.
  /^\s*_{8,}\s*$/,
  /^\s*-{20,}\s*$/,
];

/** Outlook-style header lines; two of them within four lines open a quoted block, address or not. */
const HEADER_LINE = /^\s*\*?(?:from|sent|date|to|cc|subject|de|enviado(?: el)?|fecha|para|asunto)\s*:\*?\s*\S/i;

/** An iMessage or Android reaction to one of our texts, which quotes it: "Liked “Hi Sam, …”". */
const TAPBACK = /^\s*(?:liked|loved|emphasi[sz]ed|laughed at|disliked|questioned|reacted \S+ to|le gust[oó]|le encant[oó]|enfatiz[oó]|se ri[oó] de|reaccion[oó] \S+ a)\s+["“”'].*["“”']\s*$/i;

/** A legal or medical disclaimer under a signature: everything from it on is not the message. */
const DISCLAIMER =
  /^\s*(?:confidentiality|privileged|disclaimer|notice:|this (?:e-?mail|message|communication)(?: and any [\w ]+)? (?:may contain|is intended|contains|is confidential|is for)|the information (?:contained|in this)|if you (?:are not|have received) (?:the intended|this)|aviso (?:de confidencialidad|legal)|este (?:correo|mensaje)(?: electr[oó]nico)? (?:es|puede|contiene|y sus))/i;

/** A line that starts the signature or the device footer: its own paragraph is not the message. */
const SIGNATURE_OPENERS: readonly RegExp[] = [
  /^\s*--\s*$/,
  /^\s*(?:sent|enviado) (?:from|desde) (?:my|mi) \w+/i,
  /^\s*get outlook for \w+/i,
  /^\s*(?:obt[eé]n|descarga) outlook para \w+/i,
];

/**
 * Sentences of our own messages that name warning signs, as clients' mail programs sometimes paste them unquoted.
 * Matched after lower-casing; a test checks every template's warning sentences are
 * covered, so the list cannot drift from `templates/`.
 */
const OUR_SENTENCES: readonly RegExp[] = [
  /sharp pain, bruising or trouble moving are not normal[^.\n]*/g,
  /soreness should feel achy and manageable/g,
  /if anything feels sharp rather than achy,? or you notice bruising or trouble moving[^.\n]*/g,
  /if anything feels sharp,? reply here/g,
  /['"\u2018\u201c]if anything feels sharp['"\u2019\u201d]/g,
  /if it lasts more than a few days,? or feels sharp(?: or painful)? rather than achy[^.\n]*/g,
  /if (?:the soreness|it) turns sharp,? or lasts more than a few days[^.\n]*/g,
  /mild soreness for 24(?: to |-)48 hours is normal[^.\n]*/g,
  /some soreness for 24(?: to |-)48 hours(?: after a massage)? is normal/g,
  /a day after a massage, some tenderness is common/g,
  /any soreness (?:from your massage )?should be easing(?: by)? now/g,
  /massage should help you feel better, not worse/g,
  /if it gets worse(?: in the meantime)?,? call [^.\n]*/g,
  /if this is an emergency, call 911[^.\n]*/g,
  /skip (?:hard|intense) workouts(?: if you feel sore)?/g,
  /si empeora(?: mientras tanto)?,? llame al [^.\n]*/g,
  /(?:please )?call or text 988[^.\n]*/g,
  /llame o env[ií]e un texto al 988[^.\n]*/g,
  /thank you for telling us\. you matter/g,
  /if you are in danger, call 911/g,
  /in an emergency, call 911/g,
  /si est[aá] en peligro, llame al 911/g,
  /(?:or|o) (?:al )?911 (?:if you are in danger|si est[aá] en peligro|in an emergency|en una emergencia)/g,
  /si es una emergencia, llame al 911[^.\n]*/g,
  /en una emergencia,? (?:llame )?al 911/g,
  /it is your muscles responding to the work, not a sign that something went wrong/g,
  // The Spanish messages (templates/es/), with and without their accents (texts drop á í ó ú).
  /(?:un )?dolor agudo, moretones o dificultad para moverte no son normales[^.\n]*/g,
  /el dolor debe sentirse como una molestia llevadera/g,
  /si sientes un dolor agudo,? responde aqu[ií]/g,
  /si algo se siente como un dolor agudo y no como una molestia,? o notas moretones o dificultad para moverte[^.\n]*/g,
  /si dura m[aá]s de unos d[ií]as,? o (?:se siente como|es) un dolor agudo y no (?:como )?una molestia[^.\n]*/g,
  /si el dolor se vuelve agudo,? o dura m[aá]s de unos d[ií]as[^.\n]*/g,
  /si empeora,? llam[ae] al 911[^.\n]*/g,
  /si te sientes peor(?: mientras tanto)?,? llama al [^.\n]*/g,
  /llama o env[ií]a un mensaje al 988[^.\n]*/g,
  /si est[aá]s en peligro, llama al 911/g,
  /si es una emergencia, llama al 911[^.\n]*/g,
  /en una emergencia,? (?:llama )?al 911/g,
];

/** How many lines an inline quote header at line i takes: 1, 2 when it wraps ("On … <\naddress> wrote:"), or 0. */
function inlineQuoteHeader(lines: string[], i: number): 0 | 1 | 2 {
  const line = lines[i] ?? '';
  if (INLINE_QUOTE_OPENER.test(line)) return 1;
  const joined = `${line} ${lines[i + 1] ?? ''}`;
  return /^\s*(?:on|el)\b/i.test(line) && /\b(?:wrote|escribi[oó])\s*:\s*$/i.test(joined) && joined.length < 400 ? 2 : 0;
}

/** History quoted without `>`: a quote opener, or two Outlook-style header lines within four lines. */
const isQuoteOpener = (lines: string[], i: number): boolean => {
  const line = lines[i] ?? '';
  if (QUOTE_OPENERS.some((p) => p.test(line))) return true;
  if (!HEADER_LINE.test(line)) return false;
  return lines.slice(i + 1, i + 5).some((l) => HEADER_LINE.test(l));
};

/**
 * The reply without quoted history, signature or our own message text. What the client writes below the quoted
 * history (a paragraph after the `>` lines, set off by a blank line) or after their signature ("PS …") is kept:
 * it is theirs (the signature's own paragraph is not). A line that continues a `>` line without a blank between is
 * the quote wrapped (Android Gmail). History quoted without `>` (Outlook's header block, "Original Message", forwards) and disclaimers end the reply.
 */
export function clientWords(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  let mode: 'body' | 'signature' | 'inline-quote' = 'body';
  let below = false;
  let signatureBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const header = inlineQuoteHeader(lines, i);
    if (header > 0) {
      mode = 'inline-quote';
      below = false;
      i += header - 1;
      continue;
    }
    if (isQuoteOpener(lines, i) || DISCLAIMER.test(line)) break;
    if (SIGNATURE_OPENERS.some((p) => p.test(line))) {
      mode = 'signature';
      signatureBlock = true;
      continue;
    }
    if (/^\s*>/.test(line)) {
      below = false;
      continue;
    }
    if (TAPBACK.test(line)) continue;
    if (mode === 'inline-quote') {
      // Below the quote: only after a blank line, so a wrapped quote line is not read as the client's.
      const previous = lines[i - 1] ?? '';
      if (line.trim() === '') below ||= previous.trim() === '' || /^\s*>/.test(previous);
      else if (below) kept.push(line);
      continue;
    }
    // After a signature, its own paragraph (name, title, phone) is not read; a later paragraph ("PS …") is.
    if (mode === 'signature' && signatureBlock) {
      if (line.trim() === '') signatureBlock = false;
      continue;
    }
    kept.push(line);
  }
  return withoutOurSentences(kept.join('\n')).trim();
}

/** Removes our own warning-sign sentences, matched on a folded copy so that case, accents and spacing do not matter. */
function withoutOurSentences(text: string): string {
  const folded = text.toLowerCase().replace(/[\u2018\u2019]/g, "'");
  const cuts: [number, number][] = [];
  for (const pattern of OUR_SENTENCES) {
    for (const m of folded.matchAll(pattern)) cuts.push([m.index, m.index + m[0].length]);
  }
  if (cuts.length === 0) return text;
  cuts.sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [from, to] of cuts) out = `${out.slice(0, from)} ${out.slice(to)}`;
  return out;
}
