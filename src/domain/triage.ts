/**
 * Triage of a client's reply to an aftercare message: a pure, explainable rule set.
 *
 * Levels, highest first: urgent (call 911 now) › escalate (the therapist calls soon) › soreness › question ›
 * positive › other. The highest level with a counted match decides the category, so a reply that is both thankful
 * and mentions a stabbing pain escalates, and "a bit sore, can I book Tuesday?" is soreness.
 *
 * A match is not counted when a negator ("no", "not", "isn't", "without", "never", …) stands a few words before it
 * in the same clause; clauses end at punctuation, emoji and contrast words ("but", "just", "now", …). So
 * "no sharp pain, just tender" is soreness and "not sore, but a stabbing pain" escalates. The rules lean towards
 * escalating: phrases like "not sure" or "didn't help" do not negate, and a warning sign said to be over
 * ("not dizzy anymore") still escalates, because the therapist should hear about it.
 */

export type TriageCategory = 'urgent' | 'escalate' | 'soreness' | 'positive' | 'question' | 'other';

export interface TriageResult {
  category: TriageCategory;
  escalate: boolean;
  urgent: boolean;
  /** The phrases that decided the category, each as `label: "phrase as matched"`. */
  reasons: string[];
}

type Level = Exclude<TriageCategory, 'other'>;

const LEVELS: readonly Level[] = ['urgent', 'escalate', 'soreness', 'question', 'positive'];

/** Part of a rule: a `term` can be negated ("no swelling"); a `context` (a body part, a duration) cannot. */
interface Part {
  pattern: RegExp;
  negatable: boolean;
}

interface Rule {
  level: Level;
  label: string;
  parts: readonly Part[];
  /** Where all parts of a multi-part rule must fall together. */
  scope: 'clause' | 'sentence';
  unless?: RegExp;
}

const term = (pattern: RegExp): Part => ({ pattern: new RegExp(pattern.source, 'g'), negatable: true });
const context = (pattern: RegExp): Part => ({ pattern: new RegExp(pattern.source, 'g'), negatable: false });
const rule = (level: Level, label: string, ...parts: Part[]): Rule => ({ level, label, parts, scope: 'sentence' });
const inClause = (r: Rule): Rule => ({ ...r, scope: 'clause' });
/** The rule does not count in a sentence that also matches `exception` (e.g. a headache from before the session). */
const unless = (r: Rule, exception: RegExp): Rule => ({ ...r, unless: exception });

// Shared vocabulary ------------------------------------------------------------------------------------------------

const PAIN_WORDS = /\b(?:pain\w*|hurt\w*|sore\w*|ach(?:e|es|ing|y)|throb\w*|sharp)\b/;
const LEG = /\b(?:calf|calve|calves|leg|legs|lower leg|shins?|thighs?|ankles?)\b/;
const SWOLLEN = /\b(?:swol+e?n|swell\w*|puff\w*|enlarged|bigger than the other|(?:twice|double) the size)\b/;
const LEG_SIGN = /\b(?:red|reddish|redness|warm\w*|hot|painful|pain\w*|hurt\w*|tender\w*|sore\w*|throb\w*|ach(?:e|es|ing|y)|streak\w*)\b/;
const HEADACHE =
  /\b(?:head ?ach\w*|hedache\w*|headake\w*|mig?r[ae]i?ne?s?|head (?:is |was )?(?:pounding|throbbing|hurts|hurting|killing me)|pounding head|splitting head\w*)\b/;
const CANT = String.raw`(?:can'?t|cannot|can not|couldn'?t|could not|unable to|not able to|barely|hardly|struggl\w* to|hard to|difficult to|impossible to|hurts to|painful to|too (?:sore|painful|stiff) to|can only (?:half |partly )?)`;
const MOVE = String.raw`(?:turn|rotate|twist|lift|raise|move|bend|straighten|extend|look (?:up|down|left|right|over|behind|around)|walk|stand (?:up|straight|for)|sit\b(?! still)|reach|put (?:any )?weight|bear weight|grip|hold (?:my|a|the|anything|things)|open (?:my )?(?:mouth|jaw|hand)|close (?:my )?(?:mouth|jaw|hand)|make a fist|get (?:up|out of bed|dressed|out of the car)|tilt|nod|roll over|lie (?:down|on)|lay (?:down|on)|tie (?:my )?(?:shoes|laces)|use my)`;
const PAIN_TAIL = String.raw`(?:,? (?:\w+ )?(?:pains?|twinges?|aches?|feelings?|sensations?|stabs?|jabs?)\b)?`;

// The rules --------------------------------------------------------------------------------------------------------

const RULES: readonly Rule[] = [
  // urgent: escalate now and tell the client to call 911
  inClause(
    rule(
      'urgent',
      'chest pain or tightness',
      context(/\bchest\b/),
      term(/\b(?:pains?|painful|tight\w*|pres+ure|hurt\w*|ach(?:e|es|ing|y)|heav\w*|sore\w*|squeez\w*|crushing|discomfort|weird|funny|strange)\b/),
    ),
  ),
  rule(
    'urgent',
    'trouble breathing',
    term(
      /\b(?:short(?:ness)? (?:of|o) breath\w*|(?:trouble|difficulty|difficult|hard|struggl\w*|problems?|can'?t|cannot|cant|couldn'?t|unable to|not able to|barely) (?:to )?(?:catch (?:my )?)?breath\w*(?! (?:lol|lmao|haha))|breathless\w*|can'?t get (?:a |my )?(?:full |deep |good |proper )?breath|out of breath|breth\w*|(?:can'?t|cannot|couldn'?t) get (?:enough )?air|not (?:getting )?enough air|gasp\w*|wheez\w*|breathing (?:is |feels |was )?(?:\w+ )?(?:hard|difficult|labou?red|shallow|tight|painful|weird|funny|strange)|(?:hurts|painful|pain) (?:to|when i) breath\w*)/,
    ),
  ),
  rule('urgent', 'DVT signs (swollen leg, red/warm/painful)', context(LEG), term(SWOLLEN), term(LEG_SIGN)),
  rule(
    'urgent',
    'dark urine',
    context(/\b(?:urine|pee|peed|peeing|wee|weeing|piss\w*)\b/),
    term(/\b(?:dark\w*|brown\w*|cola|coke|tea|rust\w*|red|reddish|bloody|blood)\b/),
  ),
  rule(
    'urgent',
    'fainting',
    term(
      /\b(?:faint(?:ed|ing|ish|y)?\b(?! (?:bruise|mark|line|smell|hint|trace|outline|red|purple))|pass(?:ed|ing)? out|past out|black(?:ed|ing)? out|lost consciousness|collaps(?:ed|ing)|keeled over)/,
    ),
  ),
  rule(
    'urgent',
    'stroke signs (face)',
    context(/\b(?:face|facial|lips?|mouth|cheek|smile|eyelid)\b(?! (?:down|up|cradle|hole|rest|mask|wash|cream|oil))/),
    term(/\b(?:numb(?!er)\w*|droop\w*|weak\w*|tingl\w*|paraly\w*|sag\w*|crooked|lopsided|can'?t feel|no feeling)/),
  ),
  rule(
    'urgent',
    'stroke signs (speech)',
    term(
      /\b(?:slurr\w*|words (?:are |were |keep )?(?:coming out )?(?:wrong|weird|funny|jumbled|garbled|mixed up)|(?:can'?t|cannot) (?:speak|talk) (?:properly|right|clearly|normally)|(?:trouble|difficulty) (?:speaking|talking)|hard to (?:speak|talk)|speech (?:is |was |sounds? )?(?:slurred|weird|off|funny|strange))/,
    ),
  ),
  rule('urgent', 'worst headache', term(HEADACHE), context(/\b(?:worst|thunderclap)\b/)),

  // escalate: the therapist should call soon
  rule(
    'escalate',
    'sharp pain',
    term(new RegExp(String.raw`(?<!\d |\d|[ap]m |o'?clock |look |looking |dressed )\bsharpe?(?:ish|ly)?\b${PAIN_TAIL}`)),
  ),
  rule('escalate', 'stabbing pain', term(new RegExp(String.raw`\bstabb?(?:s|ing|in'?|y|ed)?\b${PAIN_TAIL}`))),
  rule(
    'escalate',
    'shooting pain',
    term(/\b(?:shoot(?:s|ing|in'?)?\b(?= (?:pains?|down|up|into|through|along|across|out|from|to))|shooting pains?\b|pains? (?:\w+ )?shoot\w*)/),
  ),
  rule(
    'escalate',
    'burning pain',
    term(new RegExp(String.raw`\bburn(?:s|ing|in'?|y)?\b(?! (?:calories|fat|candles?|the candle|sage|incense))${PAIN_TAIL}`)),
  ),
  rule(
    'escalate',
    'electric pain',
    term(
      /\b(?:electric(?:al|ity)?|zap(?:s|ping|py|ped)?|jolts?|shocks? (?:down|through|up|into|in|of pain)|like (?:a |an )?(?:electric )?shock|shock-like|knife|knives|daggers?|nerve (?:pain|pinch|issue|thing)|pinched (?:a )?nerve|sciatic\w*)\b/,
    ),
  ),
  rule(
    'escalate',
    'severe pain',
    term(
      /\b(?:killin'?g? me|kills me|murdering me|excru\w*|excrut\w*|unbear\w*|agon(?:y|i[sz]ing)|(?:severe|intense|horrible|terrible|awful|extreme|insane|serious|bad|so much|a lot of|lots of|worst) (?:pain|ache|soreness|hurting)|pain (?:is |was )?(?:really |so |very )?bad|in (?:so much |a lot of |serious |real |severe |constant |)pain|pain (?:level|score) (?:of |is |at )?(?:[7-9]|10)|(?<!(?:little|bit|slightly|mildly|tad|lil|somewhat) )painful|hurts? (?:so|really|very|super|too) (?:bad|badly|much)|hurts? like (?:hell|crazy|mad|a bitch|heck|fuck|shit)|really hurts|hurts a lot|hurts too much|(?:back|neck|muscles?|shoulders?|legs?|hips?) (?:is |are )?screaming|can'?t (?:bear|take|handle|stand) (?:it|the pain)|worse than (?:normal |usual |regular )?sore\w*|not (?:a |the |your )?(?:normal|usual|regular|typical) (?:sore\w*|ache|achy)|more than (?:just )?(?:sore\w*|achy))/,
    ),
  ),
  inClause(
    rule(
      'escalate',
      'severe pain',
      term(/\b(?:10|[7-9](?:\.5)?)\s*(?:\/|out of|outta)\s*10\b(?! (?:would|massage|experience|session|service|recommend|therapist|stars?))/),
      context(PAIN_WORDS),
    ),
  ),
  rule(
    'escalate',
    'pain stopping sleep',
    context(
      /\b(?:(?:can'?t|cannot|couldn'?t|could not|unable to|hard to|trouble|barely|hardly|not|didn'?t|haven'?t|hasn'?t) (?:\w+ )?(?:sleep\w*|slept)|(?:kept|keeping|keeps) me (?:up|awake)|(?:woke|waking|wakes) me up|no sleep)\b/,
    ),
    term(PAIN_WORDS),
  ),
  rule('escalate', 'bruising', term(/\b(?:bru+i?e?[sz](?!h)\w*|black (?:and|&|n) blue)/)),
  rule('escalate', 'swelling', term(/\b(?:swel+(?:ing|ed|s)?\b(?! (?:time|job|guy|gal|day))|swol+e?n?\b|puff(?:y|ed up|iness))/)),
  rule(
    'escalate',
    'numbness',
    term(
      /\b(?:numb(?!er)\w*|num+ness|can'?t feel (?:my|the)|cannot feel|no feeling in|(?:arms?|hands?|legs?|foot|feet|fingers?|toes?) (?:keeps? |kept |is |are )?(?:falling|fell|going|goes|went) (?:to )?asleep|dead arm)/,
    ),
  ),
  rule('escalate', 'tingling', term(/\b(?:tinge?l\w*|pins (?:and|&|n|'n') needles)/)),
  rule(
    'escalate',
    'restricted movement',
    term(
      new RegExp(
        String.raw`\b(?:${CANT} (?:(?:really|even|fully|properly|quite|totally|actually) )?${MOVE}|(?:trouble|difficulty|struggling) (?:turning|lifting|bending|moving|walking|raising|reaching|standing|sitting)|locked(?: up)?\b(?! (?:out|my|the|in the))|seiz(?:ed|ing) up|frozen (?:shoulder|neck)|(?:neck|back|shoulder|hip|jaw) (?:is |feels |got )?(?:stuck|frozen)|(?:limited|reduced|restricted|no|lost) (?:range|mobility|movement|motion)|limp(?:ing)?\b|won'?t (?:turn|move|bend|straighten))`,
      ),
    ),
  ),
  rule(
    'escalate',
    'soreness beyond 3 days',
    term(/\b(?:sore\w*|soar|ach(?:e|es|ing|y|ey)|hurt\w*|tender\w*|stiff\w*|pain\w*|killing me)\b/),
    context(
      /\b(?:(?:[4-9]|[1-9]\d|four|five|six|seven|eight|nine|ten|several|many)\s*\+?\s*days?|(?<!(?:in|every|next|per|once) )(?:a|one|1|2|two|3|three|over a|a whole|whole|full|couple of|couple) (?:weeks?|month)|(?<!(?:in|every|next|per|once|a) )weeks\b|day\s*(?:[4-9]|1\d|four|five|six|seven|eight|nine|ten)|more than (?:3|three) days|since (?:last )?(?:week|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thurs?|fri|sat|sun))\b/,
    ),
  ),
  rule(
    'escalate',
    'getting worse',
    term(
      /(?:(?<!(?:could be|could have been|could've been|couldve been|would be) )\bworse\b(?! before)|\bworsen\w*|\bsorer\b|\bmore (?:sore|painful|pain) (?:today|now|than|this)|\bhurts more\b)/,
    ),
  ),
  rule(
    'escalate',
    'not improving',
    term(
      /\b(?:(?:not|isn'?t|hasn'?t|won'?t|doesn'?t|never) (?:going|gone|go|went) away|(?:not|isn'?t) (?:getting |feeling |any )?better|no better|(?:not|isn'?t) (?:improving|easing|letting up)|hasn'?t (?:eased|improved|gotten better|got better)|won'?t (?:ease|let up))/,
    ),
  ),
  rule(
    'escalate',
    'possible injury',
    term(/\b(?:pulled (?:a |my )?(?:muscle|something)|tweak(?:ed|ing)|injur\w*|strained|sprain\w*|pinch(?:ed|ing)|torn|tore something)\b/),
  ),
  unless(rule('escalate', 'headache', term(HEADACHE)), /\b(?:before (?:the|my|our|i came|coming)|came in with)\b/),
  rule(
    'escalate',
    'dizziness',
    term(/\b(?:diz+[iy]\w*|dizy|light ?-?headed\w*|woozy|vertigo|(?:room|head) (?:is |was |keeps )?spinning|unsteady|off balance)\b/),
  ),
  rule(
    'escalate',
    'nausea',
    term(/\b(?:naus\w*|nautious|nasue\w*|nasea|queasy|sick to my stomach|feel(?:s|ing)? (?:\w+ )?sick|threw up|throw(?:ing)? up|vomit\w*|puk(?:e|ed|ing)|barf\w*)\b/),
  ),

  // routine
  rule(
    'soreness',
    'soreness',
    term(
      /\b(?:sore\w*|soar|ach(?:e|es|ed|ing|y|ey)|tender\w*|stiff\w*|tight\w*|tired\w*|fatigue\w*|exhausted|sleepy|wiped|drained|hurt(?:s|ing)?|doms|pains?|beat up|hit by a truck)\b/,
    ),
  ),
  rule(
    'question',
    'question',
    context(
      /(?:(?<=^|[.!?\n])[^.!?\n]*\?|(?:^|[.!?\n] ?)(?:(?:hi|hey|hello|hiya|ok|okay|so|also|quick question|quick one)[ ,!]+)?(?:can|could|should|shall|is|are|do|does|did|when|what|whats|what's|when's|how|where|would|may|any|who|why|which)\b(?!'|n't)[^.!?\n]*|\b(?:book(?:ing)?|re-?book\w*|reschedul\w*|availability|available|openings?|slots?|next (?:appointment|appt|session))\b)/,
    ),
  ),
  rule(
    'positive',
    'thanks or relief',
    term(
      /\b(?:thank\w*|thanx|thx|ty|tysm|appreciat\w*|great|amazing|awesome|wonderful|fantastic|incredible|fab(?:ulous)?|brilliant|lov(?:e|ed|es|ing)|relax\w*|relie[fv]\w*|better|easier|so good|feel(?:s|ing)? (?:so |really |very |super )?good|lighter|loose[rd]?|best|perfect|lifesaver|magic\w*|miracle|heaven\w*|bliss\w*|grateful|helped|new person|million bucks|recommend\w*|slept (?:like a baby|so well|great|through)|exactly what i needed|can'?t (?:wait|thank|believe how)|can (?:\w+ ){1,4}again|first time in (?:weeks|months|years|ages)|yay|woo+|cheers|gone now|went away|all gone|disappeared)\b/,
    ),
  ),
];

// Normalisation ----------------------------------------------------------------------------------------------------

const SYMPTOM_EMOJI: readonly [RegExp, string][] = [
  [/[\u{1F922}\u{1F92E}]/gu, ' nauseous '],
  [/\u{1F635}(?:\u200D\u{1F4AB})?/gu, ' dizzy '],
  [/[\u{1F602}\u{1F923}]/gu, ' lol '],
];
const EMOJI = /(?:[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}]|\u200D|\uFE0E|\uFE0F|\u20E3)+/gu;

/** Lowercase, straight quotes, emoji removed (as a clause break), whitespace collapsed; newlines kept as breaks. */
export function normaliseReply(text: string): string {
  let t = text.normalize('NFKC').toLowerCase();
  for (const [emoji, word] of SYMPTOM_EMOJI) t = t.replace(emoji, word);
  return t
    .replace(EMOJI, ' ; ')
    .replace(/[\u2018\u2019\u201A\u201B\u2032`]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/\bw\/o\b/g, 'without')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .replace(/(?: ?; ?)+/g, ' ; ')
    .trim();
}

// Negation ---------------------------------------------------------------------------------------------------------

const CLAUSE_BREAK =
  /[.,;:!?()\n"]|\s[-–—]+\s|\b(?:but|just|only|though|although|however|except|yet|still|now|instead|besides|plus|apart from|other than|aside from)\b|\band(?= (?:i|i'm|im|i've|ive|my|it|it's|its|the|now|then|can't|cant|cannot|also|there|this|that|today|tonight)\b)/g;
const SENTENCE_BREAK = /[.!?\n]+/g;
const NEGATOR =
  /\b(?:no(?: more| longer)?|not|nor|never|without|none|nothing|zero|neither|(?:is|are|was|were|do|does|did|have|has|had|ai)n'?t)\b/g;
/** Words a negator reaches forward, e.g. "no" reaches "shortness" in "no chest pain or shortness of breath". */
const NEGATION_REACH = 5;
/** Negator + these is not a negation of what follows ("not sure if", "didn't help", "no idea why"). */
const PSEUDO_NEGATION =
  /^ (?:(?:really|even|quite|totally|entirely|too|so) )?(?:sure|certain|positive|idea|clue|doubt|kidding|joking|joke|lie|lying|cap|gonna lie|going to lie|to (?:be|complain|worry|alarm|bother|panic|scare)|trying|want|wanna|mean|know|think|remember|notic\w*|reali[sz]\w*|expect\w*|worr\w*|matter|only|normal\w*|usual\w*|typical\w*|ever|help\w*|work\w*|improv\w*|eas(?:e|ed|ing)|letting up|let up|go(?:ing|ne)? away|went away|stop\w*|relief|able|sleep\w*|slept|budg\w*)\b/;
/** After the phrase: it is new or unusual ("never had pain like this"), so the negator does not hide it. */
const NOVELTY_AFTER = /\b(?:like (?:this|that|it)|this bad|before|until now)\b/;
/** A warning sign said to be over still counts: "not dizzy anymore", "no more tingling". */
const RESOLVED_WARNING = /\b(?:any ?more|no more|no longer)\b/;
/** Soreness said to be over is not a complaint: "my neck pain is finally gone". */
const RESOLVED_AFTER =
  /^(?: (?:is|was|has|have|are|feels?|feeling|got|been|all|finally|totally|completely|way|so|much|a lot|lot|pretty|almost|basically))* (?:gone|better|improved|disappeared|went away|eased|easing|easier|less|lifted|resolved)\b/;

interface Breaks {
  clause: number[][];
  sentence: number[][];
}

const breaksOf = (text: string, pattern: RegExp): number[][] =>
  [...text.matchAll(pattern)].map((m) => [m.index, m.index + m[0].length]);

/** Start of the span containing `at`: just after the last break that ends at or before it. */
const spanStart = (breaks: number[][], at: number): number =>
  breaks.reduce((start, [from = 0, to = 0]) => (to <= at && from < at ? Math.max(start, to) : start), 0);

/** End of the span containing `at`: the first break that starts at or after it. */
const spanEnd = (breaks: number[][], at: number, length: number): number =>
  breaks.reduce((end, [from = length]) => (from >= at ? Math.min(end, from) : end), length);

/** The start of the negator that negates text[start, end), or undefined when nothing does. */
function negatorOf(text: string, start: number, end: number, level: Level, breaks: Breaks): number | undefined {
  const clauseStart = spanStart(breaks.clause, start);
  const after = text.slice(end, spanEnd(breaks.clause, end, text.length));
  const negators = [...text.slice(clauseStart, start).matchAll(NEGATOR)].reverse();
  for (const negator of negators) {
    const from = clauseStart + negator.index;
    const to = from + negator[0].length;
    if (text.slice(to, start).trim().split(/\s+/).filter(Boolean).length > NEGATION_REACH) break;
    if (PSEUDO_NEGATION.test(text.slice(to))) continue;
    if (NOVELTY_AFTER.test(after)) continue;
    const warning = level === 'urgent' || level === 'escalate';
    if (warning && (RESOLVED_WARNING.test(negator[0]) || RESOLVED_WARNING.test(after))) continue;
    return from;
  }
  return undefined;
}

// Matching ---------------------------------------------------------------------------------------------------------

interface Hit {
  start: number;
  end: number;
  /** Where the negator starts, when the phrase is negated. */
  negatedFrom?: number;
}

interface RuleOutcome {
  rule: Rule;
  phrase?: string;
  negatedPhrase?: string;
}

function hitsOf(text: string, part: Part, level: Level, breaks: Breaks): Hit[] {
  return [...text.matchAll(part.pattern)]
    .filter((m) => m[0].trim() !== '')
    .map((m) => {
      const start = m.index + (m[0].length - m[0].trimStart().length);
      const end = m.index + m[0].trimEnd().length;
      const negatedFrom = part.negatable ? negatorOf(text, start, end, level, breaks) : undefined;
      const resolved = level === 'soreness' && RESOLVED_AFTER.test(text.slice(end));
      return { start, end, negatedFrom: resolved ? start : negatedFrom };
    });
}

/** The first combination of counted hits, one per part, that lies within one clause or sentence. */
function firstTogether(perPart: Hit[][], breaks: number[][], length: number): Hit[] | undefined {
  const [first, ...rest] = perPart;
  for (const anchor of first ?? []) {
    const from = spanStart(breaks, anchor.start);
    const to = spanEnd(breaks, anchor.end, length);
    const picked = rest.map((hits) => hits.find((h) => h.start >= from && h.end <= to));
    if (picked.every((h) => h !== undefined)) return [anchor, ...(picked as Hit[])];
  }
  return undefined;
}

function evaluate(text: string, r: Rule, breaks: Breaks): RuleOutcome {
  const perPart = r.parts.map((part) => hitsOf(text, part, r.level, breaks));
  const sentenceOf = (h: Hit) =>
    text.slice(spanStart(breaks.sentence, h.start), spanEnd(breaks.sentence, h.end, text.length));
  const excepted = (h: Hit) => r.unless !== undefined && r.unless.test(sentenceOf(h));
  const counted = perPart.map((hits) => hits.filter((h) => h.negatedFrom === undefined && !excepted(h)));
  const together = firstTogether(counted, r.scope === 'clause' ? breaks.clause : breaks.sentence, text.length);
  if (together) {
    const from = Math.min(...together.map((h) => h.start));
    const to = Math.max(...together.map((h) => h.end));
    const phrase =
      to - from <= 80 ? text.slice(from, to) : together.map((h) => text.slice(h.start, h.end)).join(' … ');
    return { rule: r, phrase };
  }
  // A negated phrase is reported only for one-part rules: "no headaches" does not explain a "worst headache" rule.
  const negated = r.parts.length === 1 ? perPart.flat().find((h) => h.negatedFrom !== undefined && h.negatedFrom < h.start) : undefined;
  return negated ? { rule: r, negatedPhrase: text.slice(negated.negatedFrom, negated.end) } : { rule: r };
}

const quote = (label: string, phrase: string): string => `${label}: "${phrase.replace(/\s+/g, ' ')}"`;

/** Classifies one reply; see the module comment for the levels and the negation rules. */
export function triage(text: string): TriageResult {
  const normalised = normaliseReply(text);
  const breaks: Breaks = { clause: breaksOf(normalised, CLAUSE_BREAK), sentence: breaksOf(normalised, SENTENCE_BREAK) };
  const outcomes = RULES.map((r) => evaluate(normalised, r, breaks));

  const category: TriageCategory = LEVELS.find((l) => outcomes.some((o) => o.rule.level === l && o.phrase)) ?? 'other';
  const escalate = category === 'urgent' || category === 'escalate';
  const reasons = outcomes.flatMap((o) => (o.rule.level === category && o.phrase ? [quote(o.rule.label, o.phrase)] : []));
  if (!escalate) {
    for (const o of outcomes) {
      const warning = o.rule.level === 'urgent' || o.rule.level === 'escalate';
      if (warning && o.negatedPhrase) reasons.push(quote(`negated ${o.rule.label}`, o.negatedPhrase));
    }
  }
  if (reasons.length === 0) reasons.push('no triage rule matched');
  return { category, escalate, urgent: category === 'urgent', reasons };
}
