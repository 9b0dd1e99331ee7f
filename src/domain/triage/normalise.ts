/**
 * Text as the triage rules read it: lower case, accents folded (so "moretón" and "moreton" are one word), straight
 * single quotes (double quotes dropped), emoji turned into clause breaks (a few into the symptom they stand for), figures of speech neutralised, and
 * the spans that end clauses and sentences. Positions in the result are what every other part of triage points into.
 */

const SYMPTOM_EMOJI: readonly [RegExp, string][] = [
  [/[\u{1F922}\u{1F92E}]/gu, ' nauseous '],
  [/\u{1F635}(?:\u200D\u{1F4AB})?/gu, ' dizzy '],
  [/[\u{1F602}\u{1F923}]/gu, ' lol '],
];
const EMOJI = /(?:[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}]|\u200D|\uFE0E|\uFE0F|\u20E3)+/gu;

/**
 * Figures of speech that use a warning word without meaning it ("a bruised ego", "sharp in a good way", "I passed
 * out on the table" for falling asleep). Each is replaced by a neutral word of the same meaning before the rules run.
 */
const FIGURES: readonly [RegExp, string][] = [
  [/\bi bruise (?:pretty |really |very |super |so )?eas(?:y|ily)\b/g, 'i am sensitive'],
  [/\bseeing stars\b(?=[^.!\n]{0,12}\b(?:(?:five|5) (?:of them|stars)|all five)\b)/g, 'rating'],
  [/\b(?:a |my )?(?:diagnosed |known )?(?:fainting|syncope|vasovagal) (?:condition|disorder)\b/g, 'a known condition'],
  [/\b(?:work|my job|my boss|this week|the commute) (?:is|has been) (?:killing|murdering) me\b/g, 'work is busy'],
  [/\bna'?(?= (?:de|ni)\b)(?! de (?:repente|golpe|pronto))/g, 'nada'],
  [/\b(?:only )?bruise (?:is|was) (?:my|to my) (?:ego|pride)\b/g, 'feelings'],
  [/\bbruise(?:s)? like a (?:peach|banana|grape|plum|tomato)\b|\bbruise(?:s)? and bleed (?:really |very |so |super )?eas(?:y|ily)\b|\bbleed (?:really |very |so |super )?eas(?:y|ily)\b|\bsoy (?:muy )?alergic[oa](?=,|\.|$| es para| por eso)(?![^.!?\n]*\b(?:reaccion|ronchas|hinch\w*|garganta|respir\w*))|\bbruise(?:s)? (?:really |very |so |super )?easy\b|\bbruise(?:s)? (?:really |very |so |super )?easily\b|\b(?:me salen|me sale|me hago) moretones (?:muy )?(?:facil(?:mente)?|con facilidad)\b/g, 'mark easily'],
  [/\b(?:so |too |that )?(?:relaxed|chill|zen|blissed out|out of it)(?: that)? (?:[^.!?\n]{0,25} )?(?:i )?(?:genuinely |literally |honestly |actually |truly )?(?:forgot|didn'?t know|don'?t know|lost track of) (?:what day it (?:is|was)|my own name|where i (?:parked|was))\b/g, 'very relaxed'],
  [/\bbruised (?:ego|pride|feelings|heart|wallet|bank account|budget)\b|\b(?:ego|pride|wallet|bank account|budget)(?:'s)? (?:\w+ ){0,4}bruised\b|\bego (?:\w+ ){0,2}(?:moreteado|golpeado|herido)\b/g, 'feelings'],
  [/\b(?:sharp|intense|strong|deep|firm) (?:but |and )?(?:in a good way|the good kind|(?:but )?good)\b/g, 'firm'],
  [/\b(?:the )?good (?:kind of |sort of )?(?:pain|hurt|sore(?:ness)?|ache)\b|\bhurts? so good\b|\bhurt(?:s)? (?:in )?the good way\b/g, 'good'],
  [/\bdolor (?:rico|bueno|del bueno)\b|\bduele (?:rico|bien rico)\b|\bde lo bueno\b/g, 'rico'],
  [/\b(?:killer|killa|wicked) (?:massage|session|pressure|hands|job|deal|workout|deep tissue|work)\b|\bkill(?:ed|ing)? it\b/g, 'great'],
  [/\b(?:a|such a|what a|real|total|royal|bit of a|that|this) pain (?:in the )?(?:neck|butt|ass|arse|backside)?\b(?! (?:is|was|feels|hurts|gets|got|and|since|when))/g, 'annoying'],
  [/\b(?:look(?:s|ed|ing)?|dress(?:ed)?|sharp) sharp\b|\bsharp (?:dresser|mind|eye|eyes|wit|suit|outfit|looking)\b/g, 'smart'],
  [/\b(?:at |by )?(?:\d{1,2}(?::\d\d)?\s*(?:am|pm)?|noon|o'?clock) sharp\b|\bsharp at \d/g, 'on time'],
  [/\bburn(?:ed|ing|s|t)? (?:calories|fat|the candle|sage|incense|a candle|candles)\b|\bburn(?:ed|t)[- ]out\b/g, 'tired'],
  [/\b(?:took|takes|take) my breath away\b|\bbreath of fresh air\b|\bbreathtaking\b|\bcatch (?:up|my breath after laughing)\b/g, 'wonderful'],
  [/\b(?:my )?heart (?:skipped|stopped|dropped) (?:a beat )?(?=(?:when|at|seeing|reading|over|lol|haha)\b)/g, 'surprised '],
  [/\b(?:in shock|shocked|shocking|shook)\b(?= (?:at|how|by|that|lol|haha|honestly))/g, 'surprised'],
  [/\btake a stab\b|\bstab at\b|\b(?:you|u|your (?:elbows?|thumbs?|knuckles?|fingers?))(?: \w+)? (?:stabbed|stabbing|stab) (?:my|me|into)\b/g, 'pressed'],
  [/\b(?:passed out|crashed|conked out) (?:on|in) (?:the |my )?(?:couch|sofa|bed)\b(?=[^\n]{0,80}\b(?:nap\w*|slept|asleep|snor\w*|sleep)\b)/g, 'slept on the couch'],
  [
    /\b(?:(?:totally|basically|literally|completely|practically|nearly|almost|kinda|kind of|def(?:initely)?) )?(?:passed out|past out|blacked out|knocked out|conked out|zonked out|out like a light|fell asleep|dozed off)\b(?= (?:on (?:the|your) table|during (?:the |my )?(?:massage|session)|halfway|in the first|like a baby|and (?:snored|drooled|woke up refreshed))|[^.!?\n]{0,60}\b(?:snor\w*|drool\w*|nap\w*|asleep|relax\w*|best sleep|slept|sleep(?:ing)? (?:so|like))\b)/g,
    'slept',
  ],
  [/\bme (?:quede|dormi) (?:dormid[oa]|profund[oa])\b/g, 'dormi'],
  [/\bme mataste\b|\bme mato (?:ese|el|tu) masaje\b/g, 'me encanto'],
  [/\b(?:technique|skills?|work|pressure|mind|you) (?:was|were|is|are|looked?|looking) (?:\w+ )?sharp\b|\bsharp as (?:always|ever|usual|a (?:tack|whip|knife|pin))\b/g, 'skilled'],
  [/\bswollen head\b|\b(?:thing|only thing) swollen is my (?:head|ego)\b|\bhead (?:is )?(?:swollen|big) from\b/g, 'proud'],
  [/\bhypothetically\b|\bhipoteticamente\b/g, 'if'],
  [/\b(?:can'?t|couldn'?t|cannot|could not) (?:think of|find) (?:the |any )?(?:right )?words? (?:to (?:thank|describe|express)|for (?:how good|how great|it|you))\b|\b(?:can'?t|couldn'?t) (?:think of|find) (?:the |any )?words?,? (?:it was|that'?s how|so) (?:that |so )?(?:good|amazing|great|relaxing)\b|\bno (?:tengo |hay )?palabras para\b/g, 'speechless'],
  [/\b(?:relaxed|chill|zen|happy|blissed out|relajad[oa])\b[^.!?\n]{0,25}\b(?:face|body|i|i'?m|me) (?:is |am |'m )?melt(?:ing|ed|s)\b|\bmelt(?:ed|ing) (?:into|like butter)\b|\b(?:smile|face|cheeks?) (?:is |are |feels? )?(?:sore|tired|aching|achy|hurts?) (?:from|because of|after) (?:grinning|smiling|laughing)\b/g, 'very relaxed'],
  [/\b(?:tan|so) relajad[oa] que casi me desmay\w*|\bcasi me desmay\w*(?= de (?:lo )?(?:relajad[oa]|rico|gusto|bueno|emocion|risa))/g, 'muy relajada'],
  [/\blike (?:how )?a bruise (?:feels|would feel)\b|\bcomo (?:cuando tienes )?un moreton\b(?= pero no)/g, 'tender'],
  [/\b(?:i'?m|i am|im|soy|she'?s|he'?s|es) (?:very |muy |super |severely )?(?:allergic|alergic[oa]) (?:to|a|al|a la|a las|a los) (?:\w+ ){0,2}?(?:nuts?|nuez|nueces|latex|shellfish|mariscos|peanuts?|cacahuates?|mani|almonds?|almendras?|coconut|coco|lavender|lavanda|fragrances?|perfumes?|scents?|penicillin\w*|bees?|abejas?|cats?|gatos?|dogs?|perros?)\b(?![\s\S]{0,300}\b(?:reaction|reaccion|hives|swell\w*|throat|breath\w*|rash|itch\w*|ronchas|hinch\w*|garganta|respir\w*))/g, 'has a known sensitivity'],
  [/\b(?:week|month|year|job|work|life|semana|mes|trabajo) (?:has been|was|is|ha sido|fue) (?:one |a |un |una )?(?:giant |huge |massive |total |real |big |enorme )?(?:headache|dolor de cabeza)\b/g, 'stressful'],
  [/\bstroke (?:rate|count)\b/g, 'rowing pace'],
  [/\bstroke of (?:genius|luck|brilliance)\b/g, 'genius'],
  [/\bseeing double\W+double\b/g, 'double'],
  [/\bthe headache of\b|\b(?:my )?only headache is\b/g, 'the hassle of'],
  [/\b(?:can'?t|cannot) (?:even )?feel my (?:feet|legs|body|face) (?:lol|haha|jaja|lmao)\b(?![^.!?\n]{0,30}\b(?:is (?:that|it|this) normal|should i|es normal|worried))/g, 'so relaxed'],
  [/\bsee(?:ing)? double when (?:i'?m|i am|i get|i'?ve had) (?:drunk|tipsy|a few)\b/g, 'tipsy'],
  [/\bpupils? (?:were|are|was|is|got) (?:\w+ )?(?:huge|big|dilated|enormous)\b(?=[^.!?\n]{0,40}\b(?:drops|eye (?:doctor|exam|appointment)|optometrist|ophthalmologist|dilat\w*)\b)/g, 'eyes dilated for an exam'],
  [/\b(?:autocorrect\w*|auto-correct\w*|spell ?check\w*) (?:turned|changed|made|corrected) '?\w+'? (?:into|to) '?\w+'?/g, 'a typo'],
  [/\b(?:i'?m|im|i am) (?:so |too )?(?:relaxed|chill|zen|happy|blissed out|high on life)\b[^.!?\n]{0,20}\b(?:talking|speaking|babbling) (?:nonsense|gibberish)\b|\b(?:talking|speaking) (?:nonsense|gibberish)(?= (?:lol|haha|lmao|jaja))/g, 'very relaxed'],
  [/\b(?:traffic|work|my job|the job|my boss|boss|kids|the kids|commute|this week|life|parking|the weather|weather|heat|the heat|taxes|school|homework|my mother-in-law|mother-in-law|these prices|prices|gas prices) (?:is|are) (?:\w+ )?killing me\b|\b(?:boss|kids?|work|job|traffic|husband|wife|mother-in-law|coworkers?|this week|taxes|school|homework|paperwork|inbox|noise|neighbou?rs?|commute|life|my team|the news)(?: \w+){0,3} (?:is |are |has been |keeps )?giving me (?:a |such a )?(?:\w+ )?headache\b|\b(?:me tiene|me tienen|me da|me dan) (?:con )?(?:un )?dolor de cabeza\b|\b(?:you'?re|you are|this is|that'?s|these \w+ are|ur) killing me\b|\bme mata de (?:risa|gusto)\b/g, 'funny'],
  [/\b(?:wallet|bank account|bank|credit card|cartera|inbox|email|emails|calendar|schedule|agenda) (?:is |was |are )?(?:bleeding|crying|hurting|hurts|in pain)\b|\bbleeding (?:money|cash)\b|\bme sangra (?:la|mi) (?:cartera|billetera|bolsa|tarjeta|cuenta)\b/g, 'expensive'],
  [/\b(?:(?:nearly|almost|practically) )?(?:had|gave me|giving me|have) a (?:heart attack|stroke)\b(?= (?:when|at|from|lol|haha|seeing|looking|reading|over)|[^.!?\n]{0,30}\b(?:price|bill|lol|haha|jk)\b)|\bcasi me (?:da|dio) un infarto\b|\bme (?:dio|da) un infarto (?:de|con|cuando|al ver)\b/g, 'surprised'],
  [/\b(?:i'?m|im|i am|estoy|quede) (?:so |literally |totally |completely )?(?:dead|muert[oa])\b(?= (?:lol|haha|jaja|💀|de (?:risa|cansancio|sueno))|\s*$|\s*[.!])/g, 'tired'],
  [/\b(?:to die for|dying of laughter|died laughing|me muero de (?:risa|gusto|sueno))\b/g, 'great'],
  [/\b(?:legs|body|arms|i|me|i'?m|im|felt|feel|feels) (?:\w+ )?(?:like|as|to|turned to|into) (?:jelly|jello|a noodle|noodles|spaghetti|mush|butter|a puddle|gelatina|un fideo|mantequilla)\b(?![^.!?\n]{0,20}\bnot in (?:a|the) good way)|\b(?:limp noodle|boneless|puddle)\b|\bcomo (?:gelatina|un fideo|mantequilla)\b/g, 'relaxed'],
  [/\bburning (?:question|desire)\b|\b(?:mind|head) (?:is )?(?:blown|spinning with (?:ideas|options|all))\b|\bblown away\b/g, 'amazed'],
  [/\bcan'?t breathe (?:from|for|because of) (?:laughing|laughter)\b|\bno puedo respirar de la risa\b/g, 'laughing'],
  [/\bjaw (?:hit|dropped to|was on) the floor\b/g, 'surprised'],
  [/\bde la nada\b/g, 'de repente'],
  [/\b(?:nap|sleep|slept|asleep|tired|exhausted|siesta)\b[^.!?\n]{0,30}\b(?:passed out|crashed|conked out|out like a light)\b/g, 'slept'],
  [/\blaugh\w*[^.!?\n]{0,30}\b(?:couldn'?t|can'?t) breathe\b|\b(?:couldn'?t|can'?t) breathe (?:from|for|because of) (?:laugh\w*)\b/g, 'laughing'],
  [/\bsharp-good(?: not sharp-bad)?\b|\bgood-sharp\b/g, 'firm'],
  [/\b(?:back|muscles?|body|legs?|shoulders?) (?:is |are )?screaming (?:thank you|thanks|with (?:joy|gratitude)|in a good way)\b/g, 'so grateful'],
  [/\bchest muscles?\b|\bpectorals?\b|\bpec muscles?\b/g, 'pecs'],
  [/\bhead (?:is |was )?spinning (?:with|from) (?:how|all|joy|happiness|relief)\b/g, 'so happy'],
  [/\bheadache[- ]killer\b/g, 'great'],
  [/\bdizzy with (?:happiness|joy|relief|excitement|delight)\b/g, 'so happy'],
  [/\b(?:casi (?:que )?)?me (?:desmayo|desmaye|muero|mori) (?:del?|de la) (?:lo )?(?:rico|bueno|relajad\w*|relajacion|gusto|placer|bien)\b|\b(?:almost|nearly) (?:passed out|fainted|died) (?:(?:from|because of) (?:how|the)|it was so|that was so|it felt so) (?:good|relax\w*|nice|amazing|great)\b/g, 'me encanto'],
  // "basically collapsed on the couch and slept 3 hours": worn out and happy, not a faint.
  [/\b(?:basically |just )?collapsed (?:on|onto|into|in) (?:the |my |her |his )?(?:couch|sofa|bed)\b(?= (?:and|to) (?:slept|sleep|napped|nap|fell asleep|dozed|snored))/g, 'lay down'],
  [/\bnumb with (?:bliss|joy|happiness|relaxation|pleasure)\b/g, 'blissful'],
  [/\bnumb to (?:stress|it all|criticism|the news|everything|drama|the world)\b/g, 'used to it'],
  [/\b(?:was |went |i was )?out cold\b(?=[^.!?\n]{0,30}\b(?:minute|minutes|mins?|table|asleep|snor\w*|nap)\b)|\b(?:total|complete) knockout\b/g, 'asleep'],
  [/\b(?:dying|muero|muriendo) (?:to|de ganas|por)\b/g, 'eager'],
  [/\bpins and needles waiting\b/g, 'eager'],
  [/\b(?:(?:nearly|almost|practically|about to) )?(?:fainted|passed out|died|had a heart attack|me desmaye|me muero|casi me desmayo)\b(?= (?:when|after|at|al) (?:i )?(?:saw|seeing|see|looked at|read|got|opened|ver|vi) (?:the |my |mi |el |la )?(?:\w+ )?(?:bill|price|prices|statement|total|receipt|invoice|card|bank|account|cuenta|precio|recibo|tarjeta))/g, 'surprised'],
  [/\b(?:so|too|super|soo+|tan|muy) (?:relaxed|chill|zen|blissed out|relajad[oa])\b[^.!?\n]{0,20}\b(?:can'?t|cant|could ?n'?t) feel (?:my )?(?:face|body|legs|arms)\b|\b(?:can'?t|cant) feel (?:my )?face\b(?= (?:lol|haha|jaja|from (?:how )?relax\w*))/g, 'relaxed'],
  [/\b(?:shoulders?|back|neck|body|muscles?|legs|knots?|hombros?|espalda|cuerpo) (?:is |are |has been |have been )?(?:screaming|crying|begging|asking|calling|yelling) (?:out )?(?:for|to book|pidiendo|por)\b/g, 'wanting'],
  [/\b(?:achy|aching|sore|tired|drained|blah) (?:all over )?(?:\w+ ){0,3}(?:like (?:a |i have a )?(?:mild |little |slight |bit of a )?flu(?:-ish)?(?: feeling)?|flu-?(?:like|ish))\b|\bcuerpo cortado\b/g, 'achy'],
];

/**
 * Clinical shorthand, as nurses and other clinicians text it ("substernal CP x30 min, diaphoretic", "thunderclap HA"),
 * in the words the catalogue knows. Capitals only, so "sob" and "ha" in ordinary words stay.
 */
const SHORTHAND: readonly [RegExp, string][] = [
  [/\bSOB\b/g, 'short of breath'],
  [/\bCP\b/g, 'chest pain'],
  [/\bHA\b/g, 'headache'],
  [/\bHR\b/g, 'heart rate'],
  [/\bN\/V\b/g, 'nausea and vomiting'],
  [/\b(?:ED|A&E)\b/g, 'emergency room'],
  [/\bL(?= (?:jaw|arm|side|leg|hand|shoulder|calf|thigh|lateral|foot|eye|face)\b)/g, 'left'],
  [/\bR(?= (?:jaw|arm|side|leg|hand|shoulder|calf|thigh|lateral|foot|eye|face)\b)/g, 'right'],
  [/\bsubsternal\b/gi, 'chest'],
  [/\bdiaphoretic\b|\bdiaphoresis\b/gi, 'sweating'],
  [/\bpleuritic\b/gi, 'hurts to breathe'],
  [/\bparesth?esias?\b/gi, 'tingling'],
  [/\bpruritic\b|\bpruritus\b/gi, 'itchy'],
  [/\bdermatitis\b|\berythema\b/gi, 'rash'],
  [/\bedema\b|\boedema\b/gi, 'swelling'],
  [/\bemesis\b/gi, 'vomiting'],
  [/\bsyncop(?:e|al)\b/gi, 'fainted'],
  [/\bvertiginous\b/gi, 'dizzy'],
  [/↑/g, ' up '],
  [/↓/g, ' down '],
];

/** Lower case, accents folded, straight quotes, emoji as breaks, figures of speech neutralised; newlines kept. */
export function normaliseReply(text: string): string {
  // "Sí" (yes) and "si" (if) fold to one word: keep the yes apart ("sí, me duele" is not "si me duele").
  // An acute accent typed as an apostrophe ("can´t") first: NFKC would make it a space and a combining accent.
  let t = text.replace(/\u00B4/g, "'").normalize('NFKC');
  // "My. right. hand. keeps. dropping.": a full stop after every word is a way of writing, not sentence ends.
  const words = t.split(/\s+/).filter(Boolean);
  // Not a checklist ("Fever. No. Chest pain. Yes."): there the full stops are answers.
  const dotted = words.filter((w) => /^\p{L}+\.$/u.test(w));
  if (words.length >= 6 && dotted.length > 0.6 * words.length && !dotted.some((w) => /^(?:no|none|nope|yes|yep|si|sí|nada|ninguno)\.$/iu.test(w))) t = t.replace(/(\p{L})\.(?=\s)/gu, '$1');
  for (const [short, plain] of SHORTHAND) t = t.replace(short, plain);
  t = t
    .replace(/(?<!\p{L})s[ií](?=\s*[,!.]|$)|(?<!\p{L})sí(?!\p{L})/giu, 'yes')
    .toLowerCase();
  for (const [emoji, word] of SYMPTOM_EMOJI) t = t.replace(emoji, word);
  t = t
    .replace(EMOJI, ' ; ')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2018\u2019\u201A\u201B\u2032`´]/g, "'")
    // Double quotes go: reported words are still the client's ("she feels "weird"" is "she feels weird").
    .replace(/["\u201C\u201D\u201E\u201F\u2033«»]/g, ' ')
    .replace(/[¿¡]/g, (m) => (m === '¿' ? '. ' : ' '))
    .replace(/\bw\/o\b/g, 'without')
    .replace(/\bw\/(?=\s)/g, 'with')
    .replace(/\bw(?= (?:you|u|the|my|your)\b)/g, 'with')
    .replace(/\b(?:b\/c|bc|cuz|coz)\b/g, 'because')
    .replace(/\bu\b/g, 'you')
    .replace(/\bur\b/g, 'your')
    .replace(/\b(?:rn)\b/g, 'right now')
    .replace(/\bidk\b/g, "i don't know")
    .replace(/\b(?:smth|sth|somethin|sumthin|smthg|sumting|summat)\b/g, 'something')
    .replace(/\b(?:cyah|cyaan|kyaan|kyan)\b/g, "can't")
    .replace(/\bketch\b/g, 'catch')
    .replace(/\b(?:can ?not|cant)\b/g, "can't")
    .replace(/\b(could|would|should|do|does|did|is|are|was|were|have|has|had)(?: not|nt)\b/g, "$1n't")
    .replace(/\b(?:will not|wont)\b/g, "won't")
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    // A text split over lines mid-sentence ("i cant\nbreathe good\nit hurts\nwhen i inhale") reads as one sentence: a
    // line that ends on a word no sentence ends on, or a line that starts by continuing the one before.
    .replace(/\b(can't|cannot|i|my|the|a|an|to|and|or|but|of|with|is|am|are|was|feel|feels|so|very|really|in|on|at|when|no puedo|me|mi|el|la|de|y|que|muy)\n(?=[a-z])/g, '$1 ')
    .replace(/\n(?=(?:when|whenever|if|because|since|like|every time|cuando|si|porque|como)\b)/g, ' ')
    .replace(/(?: ?; ?)+/g, ' ; ')
    .trim();
  for (const [figure, plain] of FIGURES) t = t.replace(figure, plain);
  // Every normalised text is one-byte (Latin-1). V8 compiles a RegExp once per string encoding, and a catalogue this
  // large, met with one-byte and two-byte texts in turn, was recompiled over and over (triage ran about 3 times
  // slower). Dashes stay dashes (they break clauses); anything else left (spaces are already plain) is a symbol.
  return oneByte(t.replace(/[\u2010-\u2015\u2212]/g, '-').replace(/[^\t-\xff]/g, '~'));
}

/** The same characters in a string V8 stores one byte per character (a slice of a two-byte string stays two-byte). */
function oneByte(latin1: string): string {
  let out = '';
  for (let i = 0; i < latin1.length; i += 4096) out += String.fromCharCode(...Array.from(latin1.slice(i, i + 4096), (c) => c.charCodeAt(0)));
  return out;
}

/** Where clauses end: punctuation, emoji, and the words that turn a sentence ("but", "pero", "though", "now"…). */
const CLAUSE_BREAK =
  /[.,;:!?()\n]|\s[-–—]+\s|\b(?:but|just|only|though|although|however|except|yet|still|now|instead|besides|plus|apart from|other than|aside from|pero|aunque|sino|solo|nomas|sin embargo|excepto|ahora|todavia|aun|tambien)\b|\b(?:and|y|e)(?= (?:i|i'm|im|i've|ive|my|it|it's|its|the|now|then|can't|cant|cannot|also|there|this|that|today|tonight|yo|me|mi|ahora|hoy|tengo|el|la|los|las|siento|estoy|ya)\b)|\b(?=(?:it'?s|its|es|esta) (?:like|more|just|only|como|mas|solo)\b)/g;
/** Where sentences end. */
const SENTENCE_BREAK = /[.!?\n]+|\s;\s/g;

export interface Breaks {
  clause: number[][];
  sentence: number[][];
}

const breaksOf = (text: string, pattern: RegExp): number[][] =>
  [...text.matchAll(pattern)].map((m) => [m.index, m.index + m[0].length]);

export const breaksIn = (text: string): Breaks => ({ clause: breaksOf(text, CLAUSE_BREAK), sentence: breaksOf(text, SENTENCE_BREAK) });

/** Start of the span containing `at`: just after the last break that ends at or before it. */
export const spanStart = (breaks: number[][], at: number): number =>
  breaks.reduce((start, [from = 0, to = 0]) => (to <= at && from < at ? Math.max(start, to) : start), 0);

/** End of the span containing `at`: the first break that starts at or after it. */
export const spanEnd = (breaks: number[][], at: number, length: number): number =>
  breaks.reduce((end, [from = length]) => (from >= at ? Math.min(end, from) : end), length);
