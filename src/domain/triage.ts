/**
 * Triage of a client's reply to an aftercare message: pure and explainable. Triage decides how fast a human sees a
 * reply, never whether.
 *
 * Input: the reply as received, and optionally when it arrived and when the session ended. Output: the category,
 * whether to escalate (the therapist hears at once) and whether it is urgent (the client is told to call 911), the
 * reasons in plain words, and the language to answer in. Steps:
 * 1. keep the client's own words (`triage/client-words.ts`): quoted history, signatures and our own advice dropped;
 * 2. normalise (`triage/normalise.ts`): case, accents, emoji, figures of speech, clause and sentence breaks;
 * 3. find every catalogue phrase (`triage/catalogue.ts`, English and Spanish) and give each its context
 *    (`triage/context.ts`, after ConText): negated, over, hypothetical or someone else's findings do not escalate, a
 *    finding the rules cannot settle escalates with the reason "unclear"; an emergency sign that passed today is
 *    still urgent, one from long ago escalates;
 * 4. soreness that has lasted more than 3 days escalates (`triage/duration.ts`);
 * 5. a reply still routine that speaks of the body in words the catalogue does not know, or of doctors and worry,
 *    escalates as unclear (`triage/residual.ts`);
 * 6. the highest level found decides: urgent › escalate › soreness › question › positive › other.
 */
import { RULES, type Level, type RedFlag, type Rule } from './triage/catalogue.ts';
import { clientWords } from './triage/client-words.ts';
import { contextOf, PROXY, type FindingContext } from './triage/context.ts';
import { statedDuration, type Timing } from './triage/duration.ts';
import { detectLanguage, type Language } from './triage/language.ts';
import { residualConcern } from './triage/residual.ts';
import { breaksIn, normaliseReply, spanEnd, spanStart, type Breaks } from './triage/normalise.ts';

export { clientWords } from './triage/client-words.ts';
export { normaliseReply } from './triage/normalise.ts';
export type { Language } from './triage/language.ts';
export type { RedFlag } from './triage/catalogue.ts';

export type TriageCategory = 'urgent' | 'escalate' | 'soreness' | 'positive' | 'question' | 'other';

export interface TriageOptions extends Timing {
  /** The language to answer in, when known; otherwise detected from the reply. */
  language?: Language;
}

export interface TriageResult {
  category: TriageCategory;
  escalate: boolean;
  urgent: boolean;
  /** The phrases that decided the category, each as `label: "phrase as matched"`. */
  reasons: string[];
  /** The catalogue categories behind an escalation (e.g. `stroke`, `bruising`); empty for routine replies. */
  flags: RedFlag[];
  language: Language;
}

/** The start of a reply that triage reads; a longer reply is still stored and shown whole. */
export const TRIAGE_MAX_CHARS = 6000;

const LEVELS: readonly Level[] = ['urgent', 'escalate', 'soreness', 'question', 'positive'];
const WARNING: ReadonlySet<Level> = new Set(['urgent', 'escalate']);

interface Hit {
  start: number;
  end: number;
  context: FindingContext;
  trigger?: string;
}

interface Finding {
  rule: Rule;
  /** Where the finding starts in the normalised text. */
  start: number;
  phrase: string;
  context: FindingContext;
  trigger?: string;
}

/** Hits of one pattern that are read for context: enough for any real reply, and a bound on odd ones. */
const MAX_HITS = 40;

/** Contexts already read in this reply, by position: many rules share a term ("pain"), and each is read once. */
type ContextCache = Map<string, ReturnType<typeof contextOf>>;

function contextAt(text: string, start: number, end: number, breaks: Breaks, cache: ContextCache) {
  const key = `${start}:${end}`;
  let outcome = cache.get(key);
  if (!outcome) {
    outcome = contextOf(text, start, end, breaks);
    cache.set(key, outcome);
  }
  return outcome;
}

function hitsOf(text: string, pattern: RegExp, checked: boolean, breaks: Breaks, cache: ContextCache): Hit[] {
  return [...text.matchAll(pattern)]
    .filter((m) => m[0].trim() !== '')
    .slice(0, MAX_HITS)
    .map((m) => {
      const start = m.index + (m[0].length - m[0].trimStart().length);
      const end = m.index + m[0].trimEnd().length;
      return checked ? { start, end, ...contextAt(text, start, end, breaks, cache) } : { start, end, context: 'affirmed' as const };
    });
}

/** How much a context counts, best first: a rule reports the best combination it finds. */
const RANK: Record<FindingContext, number> = { affirmed: 0, unclear: 1, resolved: 2, negated: 3, figurative: 4, hypothetical: 5, 'other-person': 6 };

/** The best combination of hits, one per part, within one clause or sentence; its context is its worst part's. */
function bestTogether(perPart: Hit[][], spans: number[][], length: number): Hit[] | undefined {
  const [first, ...rest] = perPart;
  let best: Hit[] | undefined;
  const rank = (hits: Hit[]) => Math.max(...hits.map((h) => RANK[h.context]));
  for (const anchor of first ?? []) {
    const from = spanStart(spans, anchor.start);
    const to = spanEnd(spans, anchor.end, length);
    const picked = rest.map((hits) =>
      hits.filter((h) => h.start >= from && h.end <= to).sort((a, b) => RANK[a.context] - RANK[b.context])[0],
    );
    if (!picked.every((h) => h !== undefined)) continue;
    const together = [anchor, ...(picked as Hit[])];
    if (!best || rank(together) < rank(best)) best = together;
  }
  return best;
}

function findingOf(text: string, rule: Rule, breaks: Breaks, cache: ContextCache): Finding | undefined {
  // A rule with a part that occurs nowhere cannot match: one search per part before any context is read.
  if (!rule.parts.every((part) => text.search(part.pattern) >= 0)) return undefined;
  const perPart = rule.parts.map((part) => hitsOf(text, part.pattern, part.checked, breaks, cache));
  const spans = rule.scope === 'clause' ? breaks.clause : rule.scope === 'sentence' ? breaks.sentence : [];
  const together = bestTogether(perPart, spans, text.length);
  if (!together) return undefined;
  const worst = together.reduce((a, b) => (RANK[b.context] > RANK[a.context] ? b : a));
  const from = Math.min(...together.map((h) => h.start));
  const to = Math.max(...together.map((h) => h.end));
  const phrase = to - from <= 80 ? text.slice(from, to) : together.map((h) => text.slice(h.start, h.end)).join(' … ');
  return { rule, start: from, phrase: phrase.replace(/\s+/g, ' '), context: worst.context, ...(worst.trigger ? { trigger: worst.trigger } : {}) };
}

const quote = (label: string, phrase: string): string => `${label}: "${phrase}"`;
const SET_ASIDE: Partial<Record<FindingContext, string>> = {
  negated: 'negated',
  resolved: 'said to be over',
  hypothetical: 'hypothetical',
  'other-person': "someone else's",
  figurative: 'figure of speech',
};

const THEIR_SESSION =
  /\b(?:(?:her|his|their|su) (?:\w+ )?(?:massage|session|appointment|treatment|masaje|sesion|cita)|(?:who|que) (?:saw|vio) (?:you|a usted|con usted)|(?:he|she|they) had (?:the|a|his|her|their) (?:\w+ ){0,2}(?:massage|session|stone|tissue|work)|had (?:\w+ ){0,2}(?:work|massage|session) (?:w|with) (?:u|you)\b|had the (?:\w+ )?(?:massage|hot stone|deep tissue|session)|tuvo su (?:\w+ )?(?:masaje|sesion|cita)|(?:donde|cuando) (?:le|les) (?:pusiste|puso|pusieron|aplicaste|diste|hiciste|trabajaste|masajeaste|sobaste)|(?:le|les) (?:dieron|dio|diste|hicieron|hiciste) (?:el|un|su) (?:\w+ )?masaje|(?:after|since|from|despues del?|desde el) (?:the |her |his |su |el )?(?:\w+'s )?(?:massage|session|masaje|sesion)|(?:on|off|from) the (?:face cradle|massage table|table|bolster)|(?:la|el) (?:client[ae]|cliente) de hoy)\b/;
/**
 * Someone close tells the therapist what the client says or has ("my wife says her fingertips tingle", "my husband
 * says his hip is stabby", "mi mamá dice que…"): they write because of the session, so the sign is the client's.
 * Not "my husband gets migraines, could massage help?": a habit is a question about booking.
 */
const REPORTS_FOR =
  /\b(?:my|mi) (?:husband|wife|partner|hubby|mom|mum|mother|dad|father|son|daughter|boyfriend|girlfriend|bf|gf|fiance|fiancee|esposo|esposa|marido|pareja|mama|mami|papa|papi|hij[oa]|novi[oa]) (?:says|said|keeps saying|is saying|told me|dice|dijo|me dijo)\b(?! (?:que |that )?(?:thank|thanks|gracias|hi|hello|hola))/;
const ELSEWHERE = /\b(?:(?:ni|no) (?:fue|vino) (?:al|a su|a) (?:masaje|sesion|cita)|(?:didn'?t|did not|never) (?:go|come) (?:in|to (?:the|a|his|her) (?:massage|session))|(?:didn'?t|did not|never|doesn'?t|hasn'?t) (?:get|have|had|got|do|book) (?:a |one|the |any )?massages?\b(?! (?:before|like|with you))|no (?:recibio|tuvo|se dio|se hizo) (?:el |un |ningun )?masaje|somewhere else|someplace else|elsewhere|another (?:place|spa|therapist)|(?:a )?different (?:place|spa|therapist|clinic|salon)|other (?:place|spa|therapist)|at (?:that|a|another|some|this other) (?:spa|place|salon|clinic)|en otro (?:sitio|lugar|lado|spa)|(?:con|en) (?:otr[oa]|un[oa]) (?:masajista|terapeuta|spa|lugar)|en otra parte)\b/;
/** Someone else's sign is over: "my daughter fainted at school but she's fine now". */
const OTHER_FINE = /(?:[(,]\s*(?:she'?s|he'?s|they'?re) (?:totally|completely|perfectly) (?:fine|ok|okay)\b|\b(?:and|but) (?:now )?(?:she'?s|he'?s|they'?re) (?:laughing|joking|up and about|back to normal)|(?:but|pero) (?:ya )?(?:she'?s|he'?s|they'?re|she is|he is|esta|está|estan|están) (?:totally |completely |all )?(?:fine|ok|okay|good|bien|mejor))\b(?! (?:palid|mal|rar|fe[oa]|hinchad|roj|morad|sudad|confundid|dormid|debil|dificil|grave)\w*)/;
/** The client says they are fine and asks about someone else. */
const CLIENT_FINE = /\b(?:(?:i'?m|im|i am) (?:totally |completely |perfectly |doing )?(?:fine|ok|okay|good|great|all good)|feeling (?:good|great|fine) today|mine (?:was|were|is) (?:fine|ok|okay|uneventful|great|good)|glad mine|(?:yo )?estoy bien|solo pregunto|just asking|just curious)\b/;
const PET = /\b(?:dog|cat|puppy|kitten|pet|horse|perro|perrito|gato|gatito|mascota)\b/;
/** Severe-sounding words the client takes back: "my shoulders are screaming haha, normal sore though". */
const NORMAL_SORE =
  /(?<!(?:not|n't|nt|no es|past|beyond|than|more than|worse than|no|que|mas que|peor que|is (?:that|this|it)(?:\.\.\.)?)\s(?:\w+\s){0,3})\b(?:(?:normal|regular|usual|good|typical) (?:sore(?:ness)?|ache|achy|day-after|after-massage|post-massage)(?!\s*\?)|nothing (?:crazy|serious|major|bad)|sore but (?:ok|okay|fine|good|happy)|gym sore|workout sore|leg day sore|dolor normal|lo normal)\b/;
/** The client says they were joking: a warning word elsewhere in the reply was a figure of speech. */
const JOKING = /(?:(?:^|; |[.!] )(?:kidding|joking)\b(?![^.!?\n]{0,12}\b(?:but|pero) (?:seriously|en serio|for real|really))|\b(?:was|were|i'?m|im|it was) (?:just )?(?:joking|kidding)|meant it as a joke|jk(?![^.!?\n]{0,12}\b(?:but|pero) (?:seriously|en serio|for real|really))|just kidding|es broma|era broma|bromeando|no emergency)\b/;
/** A pain score that rose: "a 3 yesterday and a 6 this morning". */
/** "was 3/10, now 6/10". */
const WAS_NOW_SCORE = /\bwas (?:a |an )?(10|[0-9])(?:\/10)?\b[^.!?\n]{0,20}?\bnow (?:it'?s |its |is |at )?(?:a |an )?(10|[0-9])(?:\/10)?\b/;
const RISING_SCORE = /\b(10|[0-9])\b[^.!?\n]{0,25}\b(?:yesterday|last night|ayer|anoche)\b[^!?\n]{0,40}?\b(10|[0-9])\b[^.!?\n]{0,25}\b(?:today|this morning|tonight|now|hoy|ahora|esta noche)\b/;
/** The client may have someone else's sign too. */
const ME_TOO = /\b(?:mine (?:are|is) (?:doing|going|acting) (?:it|the same)|mine too|(?:los|las) mi[oa]s tambien|i'?ve got it|i (?:have|got) it (?:in|on|right now|now)|(?:i'?m|im|i am) on day \d+(?: myself)?|tengo lo mismo|me pasa lo mismo|i (?:think i |might |may )?(?:have|got|feel) (?:it|that|the same|this) (?:too|as well)|(?:now )?i (?:\w+ ){0,2}(?:have|got|noticed|found) (?:\w+ ){1,4}(?:too|as well)\b|i have the same|same (?:here|with me|for me)|me too|(?:a mi|yo) tambien|(?:creo que )?(?:yo )?tambien (?:lo )?tengo)\b/;
/** Back again: an old emergency sign that has returned is an emergency now. */
const BACK_NOW = /\b(?:back|again|still|todavia|otra vez|de nuevo|volvio|regreso)\b/;
/** Another person's sign said, in its own sentence, to be from weeks ago is not an emergency now ("my friend passed out
 * at yoga last week"); a risk factor in another sentence ("surgery six weeks ago") is not the sign's time. */
const NOT_THIS_WEEK = /\b(?:last week|(?:a|one|two|three|\d) weeks? ago|weeks ago|la semana pasada|hace (?:una|dos|tres|unas|\d) semanas?)\b/;
const SAID_NOW = /\b(?:just|right now|minutes? ago|is|are|has|have|keeps|isn'?t|can'?t|won'?t|esta|estan|tiene|sigue|no puede|today|tonight|now|this (?:morning|afternoon|evening)|since|hoy|ahora|ahorita|esta (?:manana|tarde|noche)|desde)\b/;
/** Someone said to be fine, unless the sentence turns after it: "…fainted (she's totally fine)" and "I'm fine, just
 * asking", not "(she's totally fine) but she is grey and clammy" or "I'm fine but he is slurring". */
const fineWithNoTurn = (fine: RegExp, sentence: string): boolean => {
  const said = fine.exec(sentence);
  return said !== null && !/\b(?:but|pero|though|although|aunque)\b/.test(sentence.slice(said.index + said[0].length));
};
const fromWeeksAgo = (sentence: string): boolean => NOT_THIS_WEEK.test(sentence) && !SAID_NOW.test(sentence);
const NEVER_BACK = /\b(?:never (?:came|come) back|(?:hasn'?t|has not|haven'?t) (?:come|came) back|no (?:ha|me ha) vuelto)\b/;
const LONG_AGO = /\b(?:once|past|previous|prior|history of|yrs? ago|(?:years?|months?) ago(?<!(?:died|passed away|fallecio|murio|se murio)\b[^.!?\n]{0,12}(?:years?|months?) ago)|last (?:year|month|spring|summer|fall|autumn|winter|christmas)|el (?:ano|mes) pasado|hace \d+ (?:anos|meses)|(?<!like an? )old|used to|(?:in|since|en|desde) (?:19|20)\d\d|always|siempre|chronic|for (?:many |several |\d+ |a few |some )?(?:years|months)|for ages|desde hace (?:\w+ )?anos|por anos|(?<!than |as |than the |than my )usual|came in (?:with|for)|before (?:the|my|our|your|this|that) \w+|hace (?:anos|meses|un ano)(?<!(?:died|passed away|fallecio|murio|se murio)\b[^.!?\n]{0,12}hace (?:anos|meses|un ano))|una vez|de siempre|cronic\w*|antes (?:del|de la|de mi) \w+|vine con|venia con)\b/;
const LONG_AGO_ALL = new RegExp(LONG_AGO.source, 'g');
/** The sentence turns from the past to now between a long-ago word and the sign: "she has always had a weak neck, but
 * today…", "had a stroke in 2019 but now her face is drooping again". */
const TURN_TO_NOW = /\b(?:but|pero|now|today|tonight|ahora|hoy|this (?:morning|afternoon|evening|week)|esta (?:manana|tarde|noche|semana)|since (?:the|her|his|their) (?:massage|session)|desde (?:el|su) (?:masaje|sesion)|again|otra vez|de nuevo)\b/;
/** "like last spring when she had her stroke": a comparison with the past, told of now. */
const COMPARED_TO = /\b(?:like|as|same as|just like|como|igual que)\s+(?:\w+\s+)?$/;
/** Someone else's sign told as their history: a long-ago word before it in its sentence with no turn to now between,
 * or after it in its own clause ("her face drooped years ago"; not "…the TV, it's the news she always watches"). */
function toldAsHistory(f: Finding, { text, breaks }: MessageContext): boolean {
  const from = spanStart(breaks.sentence, f.start);
  const sentence = text.slice(from, spanEnd(breaks.sentence, f.start, text.length));
  const at = f.start - from;
  const clauseEnd = spanEnd(breaks.clause, f.start + f.phrase.length, text.length) - from;
  if (/\b(?:worse|peor|again|otra vez|de nuevo)\b/.test(sentence)) return false;
  return [...sentence.matchAll(LONG_AGO_ALL)]
    .filter((m) => !COMPARED_TO.test(sentence.slice(Math.max(0, m.index - 24), m.index)))
    .some((m) => (m.index >= at ? m.index < clauseEnd : !TURN_TO_NOW.test(sentence.slice(m.index + m[0].length, at))));
}

/** Whether the sentence of a stated duration holds only findings that were set aside. */
function datesSetAside(text: string, breaks: Breaks, phrase: string, findings: Finding[]): boolean {
  const at = text.indexOf(phrase);
  if (at < 0) return false;
  const from = spanStart(breaks.sentence, at);
  const to = spanEnd(breaks.sentence, at + phrase.length, text.length);
  const inSentence = findings.filter((f) => f.start >= from && f.start < to && f.rule.level !== 'question' && f.rule.level !== 'positive');
  return inSentence.length > 0 && inSentence.every((f) => f.context !== 'affirmed' && f.context !== 'unclear');
}

/** What the whole reply says about its findings, read once. */
interface MessageContext {
  /** Someone writes for the client, or names someone tied to the session ("since her massage"). */
  proxy: boolean;
  /** Another person's sign is not the client's now: from long ago, elsewhere, or the client says they are fine. */
  notTheClient: boolean;
  joking: boolean;
  normalSore: boolean;
  /** The client says they may have it too ("I think I have it too"). */
  meToo: string | undefined;
  text: string;
  breaks: Breaks;
}

/** Feeling faint, or nearly fainting, is not fainting when the client says they did not ("felt faint but didn't go down",
 * "me sentí desvanecida pero no me caí"): dizziness, which escalates; unless it keeps happening. */
const NEARLY_WORDS = String.raw`almost|nearly|about to|gonna|going to|like i was (?:going|gonna) to|casi(?: que)?(?: me)?`;
const NEARLY = new RegExp(String.raw`\b(?:${NEARLY_WORDS})\s+$`);
const FAINTISH = String.raw`faint(?:-?ish|y)?|desvanecid[oa]`;
const FEELING_FAINT = new RegExp(`^(?:${FAINTISH})$`);
/** Someone else is already in care: "my roommate passed out at work, I'm going to be at the hospital with her". */
const IN_CARE = /\b(?:i'?m|i am|we'?re|we are) (?:going to be |gonna be |staying )?(?:at|in) the (?:hospital|er|emergency room|a&e) with (?:her|him|them)\b/;
/** The sentence tells their state now: "is really confused", "still not responding". */
const STILL_IN_TROUBLE = /\b(?:is|are|isn'?t|aren'?t|can'?t|won'?t|keeps|still|esta|estan|sigue|no puede)\b/;
const DID_NOT_FAINT =
  /\b(?:(?:didn'?t|did not|never|haven'?t|have not|hasn'?t|has not|not gonna|not going to|wasn'?t going to) (?:actually |quite |fully |really |ever )?(?:faint(?:ed)?|pass(?:ed)? out|black(?:ed)? out|go(?:ne)? down|fall(?:en)?|fell|lose consciousness|lost consciousness)|but didn'?t\b|no me (?:desmaye|cai|he desmayado|llegue a desmayar)|sin (?:desmayarme|caerme)|ni me desmaye|no llegue a (?:desmayarme|caerme))/;
const KEEPS_HAPPENING = /\b(?:twice|keeps?|kept|again|\d+ times|times today|either time|both times|each time|and then|y luego|dos veces|varias veces|otra vez|sigue pasando|no me acuerdo|no recuerdo|can'?t remember|don'?t remember)\b/;
const NEAR_FAINT_ALL = new RegExp(
  String.raw`\b(?:(?:${NEARLY_WORDS}) (?:pass(?:ed)? out|faint(?:ed|ing)?|black(?:ed)? out|desmay\w*)|(?:felt|feel|feeling|me senti|me siento|sentirme) (?:\w+ ){0,2}?(?:${FAINTISH})|faint(?:-?ish|y)?)\b`,
  'g',
);
const DID_NOT_FAINT_ALL = new RegExp(DID_NOT_FAINT.source, 'g');
/** Felt faint and said not to have fainted — in the same sentence — with no faint told anywhere else in the reply. */
function nearlyFainted(f: Finding, message: MessageContext): boolean {
  const { text, breaks } = message;
  if (f.rule.flag !== 'syncope' || !(FEELING_FAINT.test(f.phrase) || NEARLY.test(text.slice(Math.max(0, f.start - 30), f.start)))) return false;
  // Its sentence, or the next: "I felt faint in the parking lot. I didn't fall, though."
  const end = spanEnd(breaks.sentence, f.start, text.length);
  if (!DID_NOT_FAINT.test(sentenceOf(f, message) + text.slice(end, spanEnd(breaks.sentence, end + 1, text.length))) || KEEPS_HAPPENING.test(text)) return false;
  // With the near-faints and the denials taken out, the rule finds no faint left (`search` ignores the global flag).
  const rest = text.replace(NEAR_FAINT_ALL, ' ').replace(DID_NOT_FAINT_ALL, ' ');
  return f.rule.parts.every((p) => rest.search(p.pattern) < 0);
}

const CAME_IN_WITH = /\b(?:came in (?:with|for)|i came in with|walked in with|booked (?:for|because of)|reason i (?:booked|came)|vine con|llegue con|before (?:the|my|our|your) (?:massage|session|appointment|appt|visit)|from before|antes del masaje)\b/;
const GONE = /\b(?:sali (?:\w+ )?(?:ligerit[oa]|liger[oa]|nuev[oa]|como nuev[oa]|relajad[oa])|ya ni|(?:left|walked out) (?:feeling )?(?:light|lighter|great|new)|gone|better|fixed|went away|went down|settled|eased|cleared|disappeared|resolved|no longer|any ?more|ya no|se (?:me )?(?:quito|fue|bajo)|se desinflamo)\b/;

const messageContext = (text: string, breaks: Breaks): MessageContext => {
  const proxy = (THEIR_SESSION.test(text) || PROXY.test(text) || REPORTS_FOR.test(text)) && !ELSEWHERE.test(text);
  return {
    text,
    breaks,
    proxy,
    // Someone tied to the session who "is fine now" had an emergency sign today: it still counts.
    notTheClient: LONG_AGO.test(text) || ELSEWHERE.test(text) || CLIENT_FINE.test(text) || (!proxy && OTHER_FINE.test(text)),
    joking: JOKING.test(text),
    normalSore: NORMAL_SORE.test(text),
    meToo: ME_TOO.exec(text)?.[0],
  };
};

const sentenceOf = (f: Finding, { text, breaks }: MessageContext): string =>
  text.slice(spanStart(breaks.sentence, f.start), spanEnd(breaks.sentence, f.start, text.length));

interface Decision {
  level: Level;
  flag: RedFlag | Level;
  reason: string;
}

/**
 * The level a finding counts at, given its context and the reply's, or none when it is set aside:
 * - affirmed counts at its own level, unless the reply says it was a joke or normal soreness;
 * - someone else's emergency sign counts (replies come from the client's own phone or email, so "my dad is grey and
 *   clammy" is the client or someone who needs help now), and so does any sign of someone tied to the session; not a
 *   named illness, a pet, or someone from long ago or elsewhere;
 * - an emergency sign that passed today is still urgent (a stroke sign that went away is a warning stroke); one
 *   from long ago, and any finding the rules cannot settle, escalates as unclear.
 */
function decide(f: Finding, message: MessageContext): Decision | undefined {
  const { level, flag, label } = f.rule;
  const counted = { level, flag, reason: quote(label, f.phrase) };
  if (f.context === 'affirmed') {
    const takenBack = (message.joking && level === 'escalate') || (message.normalSore && flag === 'severe-pain');
    if (nearlyFainted(f, message)) return { level: 'escalate', flag: 'dizziness-nausea', reason: quote('felt faint, and says they did not faint', f.phrase) };
    return takenBack ? undefined : counted;
  }
  if (f.context === 'other-person' && message.meToo && WARNING.has(level)) {
    return { level: 'escalate', flag, reason: quote(`unclear ${label} (someone else's, and "${message.meToo}")`, f.phrase) };
  }
  if (f.context === 'other-person') {
    // Someone else's sign is set aside by what its own sentence says ("I've been coming to you for years. My husband
    // just collapsed and isn't responding" counts): told as their history, or, for someone not tied to the session,
    // elsewhere, "I'm fine" or over; the whole reply's "I'm fine" or "for years" only when the sentence says nothing of
    // now. Someone tied to the session stands for the client: the writer's own "I'm fine" says nothing of them, unless
    // it comes after a sign below the urgent level, as a contrast ("my son gets dizzy after his massages but I'm fine").
    const sentence = sentenceOf(f, message);
    const after = message.text.slice(f.start + f.phrase.length);
    const fineAfter = level !== 'urgent' && (CLIENT_FINE.test(after.split(/[.!?\n]/)[0] ?? '') || /\b(?:just asking|just curious|solo pregunto|asking for (?:her|him|them))\b/.test(after));
    const notNow =
      toldAsHistory(f, message) ||
      (message.proxy && fineAfter) ||
      (!message.proxy && IN_CARE.test(sentence) && !STILL_IN_TROUBLE.test(sentence.replace(IN_CARE, ''))) ||
      (!message.proxy && (ELSEWHERE.test(sentence) || fineWithNoTurn(CLIENT_FINE, sentence) || fineWithNoTurn(OTHER_FINE, sentence) || (message.notTheClient && !SAID_NOW.test(sentence))));
    const someoneNow = flag !== 'named-emergency' && !notNow && !PET.test(f.trigger ?? '') && !fromWeeksAgo(sentence);
    return someoneNow && (level === 'urgent' || message.proxy) ? counted : undefined;
  }
  if (!WARNING.has(level) || (f.context !== 'unclear' && !(level === 'urgent' && f.context === 'resolved'))) return undefined;
  const trigger = f.trigger ?? f.context;
  // The client names an emergency they had long ago ("had a DVT 3 years ago", "past DVT"): their history, not now.
  if (flag === 'named-emergency' && LONG_AGO.test(trigger) && !BACK_NOW.test(trigger)) return undefined;
  // An emergency-sounding complaint the client came in with, now gone ("the chest tightness I came in with is gone").
  const said = message.text.slice(f.start, f.start + 120).split(/[.!?\n]/)[0] ?? '';
  if (level === 'urgent' && f.context === 'resolved' && CAME_IN_WITH.test(trigger) && GONE.test(said) && !/\b(?:worse|again|back|still|peor|otra vez)\b/.test(said)) return undefined;
  // "the double vision I had years ago never came back": history, said to be over for good.
  if (level === 'urgent' && LONG_AGO.test(trigger) && NEVER_BACK.test(message.text)) return undefined;
  if (level === 'urgent' && (!LONG_AGO.test(trigger) || BACK_NOW.test(trigger))) {
    return { level: 'urgent', flag, reason: quote(`${label}, said to have passed (${f.trigger ?? 'over'})`, f.phrase) };
  }
  return { level: 'escalate', flag, reason: quote(`unclear ${label} (${trigger})`, f.phrase) };
}

/** Classifies one reply; see the module comment for the steps. */
export function triage(text: string, options: TriageOptions = {}): TriageResult {
  const words = clientWords(text.trimStart().slice(0, TRIAGE_MAX_CHARS));
  const normalised = normaliseReply(words);
  const language = options.language ?? detectLanguage(normalised, words);
  const breaks = breaksIn(normalised);
  const cache: ContextCache = new Map();
  const findings = RULES.map((r) => findingOf(normalised, r, breaks, cache)).filter((f): f is Finding => f !== undefined);

  const message = messageContext(normalised, breaks);
  const decisions = findings.map((f) => ({ f, d: decide(f, message) }));
  const decided = decisions.flatMap(({ d }) => (d ? [d] : []));
  // Something the client feels now, that a stated duration can date.
  const complaint = decisions.some(
    ({ f, d }) => (f.rule.level === 'soreness' || WARNING.has(f.rule.level)) && (f.context === 'unclear' || (d !== undefined && (f.context === 'affirmed' || f.context === 'other-person')) || (f.context === 'other-person' && message.meToo !== undefined)),
  );
  // A duration said of a finding set aside ("an old bruise from a fall 3 weeks ago", "my friend was sore for a week")
  // does not date the client's soreness.
  const duration = complaint ? statedDuration(normalised, options, (phrase) => !datesSetAside(normalised, breaks, phrase, findings)) : undefined;

  const rising = RISING_SCORE.exec(normalised) ?? WAS_NOW_SCORE.exec(normalised);
  if (rising && Number(rising[2]) > Number(rising[1])) decided.push({ level: 'escalate', flag: 'worsening', reason: quote('getting worse', rising[0]) });
  if (duration && (duration.days === undefined || duration.days > 3)) {
    const label = duration.days === undefined ? 'unclear how long the soreness has lasted' : `soreness for ${duration.days} days`;
    decided.push({ level: 'escalate', flag: 'prolonged-soreness', reason: quote(label, duration.phrase) });
  }

  // The safety net: a reply filed as routine that speaks of the body in words the catalogue does not know, or of
  // doctors and worry, escalates as unclear. A plain thank-you is left alone.
  // Not when the catalogue found a warning sign and settled its context (negated, over, hypothetical…): it understood.
  const understood = findings.some((f) => WARNING.has(f.rule.level));
  const onlyThanks = decided.length > 0 && decided.every((d) => d.level === 'positive');
  const concern = understood || onlyThanks || message.normalSore ? undefined : residualConcern(normalised, { proxy: message.proxy });
  if (concern) decided.push({ level: 'escalate', flag: 'other-concern', reason: quote('unclear, in words triage does not know', concern) });
  const level = LEVELS.find((l) => decided.some((d) => d.level === l));
  const category: TriageCategory = level ?? 'other';
  const escalate = category === 'urgent' || category === 'escalate';
  const reasons = [...new Set(decided.filter((d) => d.level === level).map((d) => d.reason))];
  const flags = escalate ? [...new Set(decided.filter((d) => WARNING.has(d.level)).map((d) => d.flag as RedFlag))] : [];
  if (!escalate) {
    for (const f of findings) {
      const aside = SET_ASIDE[f.context];
      if (WARNING.has(f.rule.level) && aside) reasons.push(quote(`${aside} ${f.rule.label}`, f.phrase));
    }
  }
  if (reasons.length === 0) reasons.push(words.trim() === '' && text.trim() !== '' ? 'only quoted text or a signature' : 'no triage rule matched');
  return { category, escalate, urgent: category === 'urgent', reasons, flags, language };
}
