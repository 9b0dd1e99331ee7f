/**
 * SMS keywords: opt-out, opt-in and help.
 *
 * A carrier keyword counts only as the whole message ("STOP", " stop! "), so a reply that merely contains the word
 * ("the pain won't stop") is not an opt-out. A few polite opt-out sentences count too, again only as the whole
 * message once greetings, "please" and "thanks" are set aside ("please stop"); but CANCEL, END, QUIT and REVOKE count
 * only alone: "I need to cancel" or "can you cancel?" is about an appointment, for the therapist to answer. Spanish:
 * PARAR, ALTO, CANCELAR, BAJA and sentences such as "ya no me manden mensajes" opt out too, AYUDA asks for help.
 * Twilio acts on the English carrier keywords itself; the Spanish ones are ours alone (docs/deploy.md: add them to
 * the Messaging Service's Advanced Opt-Out so the carrier agrees).
 */

export type KeywordIntent = 'stop' | 'start' | 'help';

/** The standard keywords the carrier answers itself (Twilio replies to them and blocks or unblocks the number). */
const CARRIER_KEYWORDS: Readonly<Record<string, KeywordIntent>> = {
  stop: 'stop',
  stopall: 'stop',
  unsubscribe: 'stop',
  cancel: 'stop',
  end: 'stop',
  quit: 'stop',
  revoke: 'stop',
  optout: 'stop',
  start: 'start',
  yes: 'start',
  unstop: 'start',
};

/** Spanish keywords, matched without accents ("bájame" reads "bajame"). */
const SPANISH_KEYWORDS: Readonly<Record<string, KeywordIntent>> = {
  parar: 'stop',
  para: 'stop',
  alto: 'stop',
  cancelar: 'stop',
  baja: 'stop',
  'darme de baja': 'stop',
  'dar de baja': 'stop',
  detener: 'stop',
  ayuda: 'help',
};

const KEYWORDS: Readonly<Record<string, KeywordIntent>> = {
  ...CARRIER_KEYWORDS,
  'stop all': 'stop',
  'opt out': 'stop',
  'opt-out': 'stop',
  help: 'help',
  info: 'help',
  ...SPANISH_KEYWORDS,
};

/** Opt-out words that still opt out with "please" or "hi" around them; the rest ("cancel", "end") only alone. */
const CLEAR_STOP_WORDS = new Set(['stop', 'stopall', 'stop all', 'unsubscribe', 'opt out', 'opt-out', 'optout']);

/** A carrier keyword as the whole message ("STOP", " stop! "): the carrier has answered it, so we do not. */
export const isCarrierKeyword = (text: string): boolean =>
  Object.hasOwn(CARRIER_KEYWORDS, text.trim().replace(/[.!]+$/, '').trim().toLowerCase());

const ACKNOWLEDGEMENT = /^\s*(?:ok|okay|ack|acknowledged?|got it|on it|k)(?:\s*#?\s*(\d{1,4})\b|\b)/i;

/** The therapist's acknowledgement by text: "OK", "ack", "got it", "on it"… at the start of the message. */
export const isAcknowledgement = (text: string): boolean => ACKNOWLEDGEMENT.test(text);

/**
 * The therapist's acknowledgement and the escalation code it names: "OK 2", "ok #2", "OK2, calling her" name 2;
 * a bare "OK" (or "ok, calling her") names none. Undefined when the text is no acknowledgement.
 */
export function acknowledgementOf(text: string): { code?: number } | undefined {
  const match = ACKNOWLEDGEMENT.exec(text);
  if (!match) return undefined;
  return match[1] === undefined ? {} : { code: Number(match[1]) };
}

const MESSAGES = String.raw`(?:messages?|msgs?|texts?|txts?|sms|reminders?|emails?|these|this|them|stuff|things)`;
const ANY_MORE = String.raw`(?: (?:any ?more|again|ever again|now|from you|to me))*`;

/** Polite opt-outs, matched against the whole message after the fillers are removed. */
const POLITE_STOP: readonly RegExp[] = [
  new RegExp(String.raw`^(?:stop|quit|cease) (?:texting|txting|messaging|msging|contacting|emailing|spamming)(?: me)?${ANY_MORE}$`),
  new RegExp(
    String.raw`^(?:stop|quit) (?:sending|getting|receiving)(?: me)?(?: (?:these|this|the|your|all|any|all the|all these))? ${MESSAGES}(?: (?:messages|texts))?${ANY_MORE}$`,
  ),
  /^(?:unsubscribe|unsub|opt (?:me )?out|optout|remove me|take me off)(?: me)?(?:(?: from| off)? (?:this|these|your|the|all|all your)(?: \w+){0,2})?$/,
  new RegExp(String.raw`^(?:do not|don'?t|never|pls don'?t|please don'?t) (?:text|txt|message|msg|contact|email|sms) me${ANY_MORE}$`),
  new RegExp(String.raw`^no more (?:texting|${MESSAGES})${ANY_MORE}$`),
  /^(?:remove|delete) my (?:number|phone number|details)(?: from (?:this|these|your|the) (?:list|system|\w+ list))?$/,
  /^leave me alone$/,
];

const LEADING_FILLER =
  /^(?:hi|hey|hello|ok|okay|um|uh|yes|sorry|please|pls|plz|kindly|(?:can|could|would|will) (?:you|u)(?: please| pls)?|(?:i'?d|i would) like (?:you )?to|i (?:want|need) (?:you )?to|i wanna|you can)\b[\s,]*/;
const TRAILING_FILLER = /[\s,]*\b(?:please|pls|plz|thanks|thank you|thank u|thx|ty|now|asap|immediately|right now)$/;

/** Spanish requests to stop the messages, matched whole (accents removed). */
const SPANISH_STOP: readonly RegExp[] = [
  /^(?:ya )?no (?:me )?(?:manden|mandes|envien|envies|escriban|escribas)(?: mas)?(?: (?:mensajes|textos|correos))?(?: mas)?(?: por favor)?$/,
  /^(?:por favor )?(?:dejen|deja) de (?:mandarme|enviarme|escribirme)(?: (?:mensajes|textos|correos))?(?: por favor)?$/,
  /^(?:ya )?no quiero (?:recibir )?(?:mas )?(?:mensajes|textos|correos)(?: mas)?(?: por favor)?$/,
  /^(?:quiero )?(?:darme|dar) de baja(?: por favor)?$/,
];

/** Lowercase, straight apostrophes, no accents, no emoji or punctuation at either end, single spaces. */
const normalise = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201A\u201B`]/g, "'")
    .replace(/[^\p{L}\p{N}'\s-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^['-]+|['-]+$/g, '');

const stripFillers = (text: string): string => {
  let previous: string;
  let current = text;
  do {
    previous = current;
    current = current.replace(LEADING_FILLER, '').replace(TRAILING_FILLER, '').trim();
  } while (current !== previous);
  return current;
};

/** The SMS keyword intent of a whole message, or null when the message is not a keyword. */
export function keywordIntent(text: string): KeywordIntent | null {
  const message = normalise(text);
  const keyword = KEYWORDS[message];
  if (keyword) return keyword;
  if (SPANISH_STOP.some((pattern) => pattern.test(message))) return 'stop';
  const core = stripFillers(message);
  if (core !== message && CLEAR_STOP_WORDS.has(core)) return 'stop';
  return POLITE_STOP.some((pattern) => pattern.test(core)) ? 'stop' : null;
}

/** Spanish when the keyword or sentence is a Spanish one ("PARAR", "ya no me manden mensajes"), so the answer is too. */
export function keywordLanguage(text: string): 'es' | undefined {
  const message = normalise(text);
  return Object.hasOwn(SPANISH_KEYWORDS, message) || SPANISH_STOP.some((pattern) => pattern.test(message)) ? 'es' : undefined;
}
