/**
 * The red-flag catalogue: what a client may write, in English and Spanish (accents folded, common misspellings),
 * and how fast a human must see it. Each category names the public guidance it is written from. Patterns run on the
 * text from `normaliseReply`; a `term` is checked for context (negated, over, hypothetical, someone else's), a `cue`
 * (a body part, a time) is not. All parts of a rule must fall in one sentence, or one clause where it says so.
 */

export type Level = 'urgent' | 'escalate' | 'soreness' | 'question' | 'positive';

export type RedFlag =
  | 'heart'
  | 'breathing'
  | 'dvt'
  | 'stroke'
  | 'anaphylaxis'
  | 'syncope'
  | 'cauda-equina'
  | 'neck-artery'
  | 'rhabdo'
  | 'bleeding'
  | 'other-urgent'
  | 'self-harm'
  | 'named-emergency'
  | 'sharp-pain'
  | 'severe-pain'
  | 'bruising'
  | 'restricted-movement'
  | 'numbness-tingling'
  | 'swelling-lump'
  | 'prolonged-soreness'
  | 'worsening'
  | 'dizziness-nausea'
  | 'headache'
  | 'injury'
  | 'skin'
  | 'other-concern';

export interface Part {
  pattern: RegExp;
  /** A term is checked for context; a cue is not. */
  checked: boolean;
}

export interface Rule {
  level: Level;
  /** The catalogue category, or the routine level itself. */
  flag: RedFlag | Level;
  /** What the therapist reads: plain words. */
  label: string;
  parts: readonly Part[];
  scope: 'clause' | 'sentence' | 'message';
}

const term = (pattern: RegExp): Part => ({ pattern: new RegExp(pattern.source, 'g'), checked: true });
const cue = (pattern: RegExp): Part => ({ pattern: new RegExp(pattern.source, 'g'), checked: false });
const rule = (level: Level, flag: RedFlag | Level, label: string, ...parts: Part[]): Rule => ({ level, flag, label, parts, scope: 'sentence' });
const inClause = (r: Rule): Rule => ({ ...r, scope: 'clause' });
const urgent = (flag: RedFlag, label: string, ...parts: Part[]) => rule('urgent', flag, label, ...parts);
const escalate = (flag: RedFlag, label: string, ...parts: Part[]) => rule('escalate', flag, label, ...parts);
const words = (...alternatives: string[]): RegExp => new RegExp(String.raw`\b(?:${alternatives.join('|')})\b`);

// Shared vocabulary ------------------------------------------------------------------------------------------------

const URINE = /\b(?:urine|pee|peed|peeing|wee|weeing|piss\w*|number one|orina|orine|orino|orinando|orin|orines|pipi|pis|orinar)\b/;
const DARK_URINE = /\b(?:dark\w*|oscur\w*)\b/;
const PAIN = String.raw`ouch\w*|pain\w*|duela\w*|adolorid\w*|hurt\w*|sore\w*|ach(?:e|es|ing|y)|throb\w*|sharp|killing|discomfort|dolor\w*|duele\w*|dolia|doliendo|molest\w*|ardor`;
const LEG = words('calf', 'calve', 'calves', 'leg', 'legs', 'shins?', 'thighs?', 'ankles?', 'pantorrillas?', 'piernas?', 'chamorros?', 'gemelos?', 'muslos?', 'tobillos?', 'pantorilla');
const SWOLLEN = String.raw`swol+e?n|swell\w*|puff\w*|puffing shut|huge|enormous|massive|ballooned|enlarged|inflam\w*|hinch\w*|inchad\w*|inchazon|inchar\w*|incho\b|inflamad[oa]s?`;
const BIGGER = String.raw`(?:(?:more|bigger|larger) than (?:the )?other (?:leg|one|side)|(?:bigger|larger|fatter|thicker|puffier|wider|(?:twice|double|2x) (?:the size|as big)(?: of| as)?|mas (?:grande|gorda|gordo|gruesa|grueso|h?inchad[oa]|ancha))(?: than| que)? (?:the other|my other|the other one|the (?:left|right)(?: one)?|my (?:left|right)(?: one)?|la otra|el otro|la (?:izquierda|derecha)|el (?:izquierdo|derecho))|(?:the other|la otra|el otro)(?: one)? (?:is |esta |se ve |looks )?(?:\w+ )?(?:normal|fine|bien))`;
const HEADACHE = String.raw`head ?ach\w*|cabeza (?:\w+ )?pesada|(?:dolido|dolio|dolia|doliendo) (?:\w+ ){0,2}la cabeza|(?:me )?duele (?:\w+ ){0,2}la frente|dolor de frente|duele (?:\w+ ){0,2}la cabeza|cabeza como un bombo|(?:noggin|skull)(?:'s| is)? (?:\w+ )?(?:throbbing|pounding|aching|splitting)|head(?:'s)? (?:feels |is |has been |been |felt )?(?:\w+ ){0,2}(?:achy|aching|sore|throbbing|pounding|hurting|killing me)\b|(?:ache|pain|achy|aching|pressure) behind (?:my |the )?eyes|duele (?:\w+ )?la cabeza|hedache\w*|headake\w*|mig?r[ae]i?ne?s?|head (?:is |was )?(?:pounding|throbbing|hurts|hurting|killing me)|pounding head|splitting head\w*|dolor\w* de cabeza|duele la cabeza|jaqueca|migran\w*|cefalea`;
const CHEST_PLACE = String.raw`chest|pecho|breastbone|sternum|esternon|(?:right )?in the (?:center|centre|middle)(?! of (?:my |the )?(?:back|night|day|session|massage|week|afternoon|morning|road|room|bed))|en (?:el )?(?:medio|centro) del pecho`;
const CHEST_FEELING = String.raw`duela\w*|vi[cs]e|brick|rock|weight|band|belt|ladrillo|piedra|losa|elefante|bloque|pains?|painful|tight\w*|pres+ure|pressing|hurt\w*|ach(?:e|es|ing|y)|heav\w*|squeez\w*|crush\w*|discomfort|burn\w*|full(?:ness)?|weird|funny|strange|off|dolor\w*|duele\w*|apret\w*|presion|opresion|pesad\w*|peso|ardor|molest\w*|raro|rara|oprim\w*`;
const VISION = String.raw`destellos?|flashes of light|viendo doble|ver doble|(?:everything|things|the room) (?:looks|is|seems) (?:tilted|slanted|crooked|sideways)|vision|eyesight|sight|doubled|see double|won'?t focus|can'?t focus|not focusing|(?:2|two) of everything|seeing (?:double|spots|stars|black|zig ?zag\w*|flashing|flashes|lines|sparkl\w*)|zig ?zag\w*|double vision|blurr\w*|blind(?! spot)|can'?t see|couldn'?t see|went (?:dark|black|grey|gray)|vista|vision borrosa|veo (?:doble|borroso|manchas|negro|todo negro)|no veo(?! (?:\w+ )?(?:borros\w*|doble|manchas|luces|lucecitas|raro|rara|mal|nublad\w*))|borros[oa]`;
const CANT = String.raw`(?:can'?t|cant|cannot|can not|couldn'?t|could not|unable to|(?:won'?t|wont|doesn'?t|wouldn'?t) let me|not able to|barely|hardly|struggl\w* to|hard to|difficult to|impossible to|hurts to|painful to|too (?:sore|painful|stiff) to|can only(?: half| partly)?)`;
const MOVE = String.raw`(?:turn|rotate|twist|lift|raise|move|bend|climb|step|kneel|squat|crouch|go (?:up|down) (?:the )?stairs|straighten|extend|look (?:up|down|left|right|over|behind|around)|walk|stand (?:up|straight|for)|sit\b(?! still)|reach|put (?:any )?weight|bear weight|grip|hold (?:my|a|the|anything|things)|open (?:my )?(?:mouth|jaw|hand)|close (?:my )?(?:mouth|jaw|hand)|make a fist|get (?:up|out of bed|dressed|out of the car)|tilt|nod|roll over|lie (?:down|on)|lay (?:down|on)|tie (?:my )?(?:shoes|laces)|use my|check (?:my )?blind spot|shoulder check|brush my hair|wash my hair|get (?:my )?(?:arms?|legs?|hands?) (?:up|over|above|behind))`;
const NO_PUEDO = String.raw`(?:no (?:me |lo |la |los |las |se )?(?:puedo|podia|pude|logro|puede|pudo|podemos)(?: ni)?|apenas (?:puedo|podia)|me cuesta(?: mucho| trabajo| hasta| incluso)?|no soy capaz de|me duele (?:al|para)|casi no puedo)`;
const MOVER = String.raw`(?:(?:lo |la |los |las )?(?:mover|moverlo|moverla|girar|voltear|levantar|alzar|doblar|agachar\w*|caminar|pararme|sentarme|estirar|subir|bajar|cerrar|abrir|apretar|agarrar|sostener|inclinar|acostarme|vestirme|peinarme|manejar|enderezar\w*|sentar|parar|acostar|raise|lift|move|turn|bend)|(?:poner|apoyar) (?:el )?pie)`;
const TAIL = String.raw`(?:,? (?:\w+ )?(?:pains?|twinges?|aches?|feelings?|sensations?|stabs?|jabs?)\b)?`;

// The catalogue ----------------------------------------------------------------------------------------------------

export const RULES: readonly Rule[] = [
  // Heart attack. Source: American Heart Association, "Warning Signs of a Heart Attack" (heart.org); NHS "Heart attack".
  inClause(
    urgent(
      'heart',
      'chest pain or tightness',
      cue(words('chest', 'breastbone', 'sternum', 'pecho', 'torax', 'esternon')),
      term(/\b(?:pains?|painful|tight\w*|pres+ure|hurt\w*|(?<!(?:bit|little|touch|slightly|mildly|kinda|of|poco|poquito|tantito|lil) )(?:ach(?:e|es|ing|y)|sore\w*)(?! (?:when|if) i (?:press|push|touch)| to (?:the )?(?:press|touch)| (?:to|on) press| post-gym| like after| in that)|heav\w*|squeez\w*|crush\w*|pressing|discomfort|weird|funny|strange|burn\w*|dolor\w*|duele\w*|dolia|apret\w*|presion|opresion|pesad\w*|peso|ardor|molest\w*|raro|rara|oprim\w*|killing)\b|\belephant\b/),
    ),
  ),
  urgent('heart', 'chest pressure or squeezing', cue(words('chest', 'breastbone', 'sternum', 'pecho', 'torax', 'esternon')), term(/\b(?:squeez\w*|crush\w*|pres+ure|elephant|apret\w*|aprieta\w*|oprim\w*|opresion)\b/)),
  urgent('heart', 'a weight on the chest', term(/\b(?:elephant (?:\w+ )?(?:sitting |standing )?on (?:me|my)|(?:someone|somebody|something|a (?:\w+ )?(?:weight|brick|rock|person|truck))(?:'s)? (?:is |was |were )?(?:sitting|standing|pressing|lying|laying|stepping|kneeling) on my chest|(?:like|as if|as though) (?:\w+ ){1,5}(?:is |was |were )?(?:sitting|standing|pressing|lying|laying|stepping|kneeling|parked|sat|stood) (?:\w+ ){0,3}?on (?:me|my chest|the chest)\b(?! lol)|(?:something|someone) (?:is )?(?:pressing|squeezing|sitting) on me from (?:inside|the inside|within)|(?:a |like a )?(?:heavy )?weight on my chest|(?:un |como un )?peso (?:\w+ )?(?:en|sobre) el pecho|(?:ladrillo|piedra|elefante|bloque|losa) (?:\w+ )?(?:encima del|sobre el|en el) pecho|(?:alguien|algo) (?:\w+ )?(?:sentad[oa]|parad[oa]|encima) (?:en|sobre) (?:mi|el) pecho)\b/)),
  urgent(
    'heart',
    'arm, jaw, back or upper belly pain with sweating or nausea',
    cue(/\b(?:jaw|arms?|shoulders?|upper back|between (?:my )?shoulders?|upper (?:stomach|belly|abdomen|tummy)|quijada|mandibula|brazos?|hombros?|espalda alta|espalda (?:de )?arriba|parte (?:de )?arriba de la espalda|boca del estomago)\b/),
    cue(new RegExp(String.raw`\b(?:${PAIN}|pres+ure|pressing|squeez\w*|tight\w*|heav\w*|burn\w*|apret\w*|opresion)\b`)),
    term(/\b(?:sweat\w*|cold sweat|clammy|sudando|sudor\w*|suda\w*|nause\w*|nautious|queasy|sick|vomit\w*|threw up|throw(?:ing)? up|puk\w*|grey|gray|ashen|pale|palid[oa])\b/),
  ),
  // Heart attack symptoms told loosely: chest discomfort in any words, with one of the signs that go with it anywhere in
  // the reply (AHA "Warning Signs of a Heart Attack": discomfort with shortness of breath, cold sweat, nausea or
  // lightheadedness, or spreading to the arm, back, neck or jaw).
  {
    ...urgent(
      'heart',
      'chest discomfort with sweating, nausea, breathlessness or pain that spreads',
      term(new RegExp(String.raw`\b(?:${CHEST_PLACE})\b[^.!?\n]{0,40}?\b(?:${CHEST_FEELING})\b|\b(?:${CHEST_FEELING})\b[^.!?\n]{0,40}?\b(?:${CHEST_PLACE})\b`)),
      cue(/\b(?:sweat\w*|clammy|nause\w*|nautious|queasy|feel(?:s|ing)? sick|vomit\w*|threw up|throw(?:ing)? up|jaw|left (?:arm|hand|shoulder)|arm (?:is |feels )?(?:heavy|numb|tingl\w*)|short\w* of breath|breathless\w*|can'?t (?:catch|get) my breath|out of breath|light ?-?headed\w*|dizz\w*|faint\w*|grey|gray|ashen|white as a sheet|sudor\w*|sudando|sudad[oa]|mandibula|quijada|brazo izquierdo|falta (?:el )?aire|me ahogo|mare\w*|ganas de vomitar)\b/),
    ),
    scope: 'message' as const,
  },
  // Jaw or left-arm pain with sweating or nausea anywhere in the reply (the back and shoulders are where massage
  // leaves soreness, so they count only in one sentence, above).
  {
    ...urgent(
      'heart',
      'jaw or left arm pain with sweating or nausea',
      term(new RegExp(String.raw`\b(?:jaw|left arm|upper (?:stomach|belly|abdomen|tummy)|quijada|mandibula|brazo izquierdo|boca del estomago)\b[^.!?\n]{0,50}?\b(?:${PAIN}|pres+ure|heav\w*|tight\w*)\b|\b(?:${PAIN}|pres+ure|heav\w*|tight\w*)\b[^.!?\n]{0,50}?\b(?:jaw|left arm|upper (?:stomach|belly|abdomen|tummy)|quijada|mandibula|brazo izquierdo|boca del estomago)\b`)),
      cue(/\b(?:sweat\w*|cold sweat|clammy|sudando|sudor\w*|nause\w*|nautious|queasy|vomit\w*|threw up|throw(?:ing)? up|short\w* of breath|breathless\w*|falta (?:el )?aire|grey|gray|ashen|pale|palid[oa]|light ?-?headed\w*|faint\w*)\b/),
    ),
    scope: 'message' as const,
  },
  // Pain in the heart itself, discomfort brought on by effort, and a crushing feeling with a sign beside it (AHA, "Angina
  // (Chest Pain)": pressure, squeezing or pain in the chest, throat, jaw or arm, brought on by exertion).
  urgent('heart', 'pain in the heart', term(/\b(?:(?:my )?heart (?:\w+ ){0,2}(?:hurts?|hurting|aches?|aching|pains?)|pain (?:in|around) my heart|(?:me )?duele el corazon|dolor (?:en el|del) corazon)\b/)),
  {
    ...urgent(
      'heart',
      'discomfort in the chest, throat, jaw or arm brought on by effort',
      term(new RegExp(String.raw`\b(?:chest|pecho|throat|jaw|arm|heart|garganta|quijada|mandibula|brazo|corazon)\b[^.!?\n]{0,30}?\b(?:${CHEST_FEELING})\b|\b(?:${CHEST_FEELING})\b[^.!?\n]{0,30}?\b(?:chest|pecho|throat|jaw|arm|heart|garganta|quijada|mandibula|brazo|corazon)\b`)),
      cue(/\b(?:(?:worse|comes? on|starts?|hurts?|kicks in|brought on) (?:\w+ )?(?:when|if|after) i (?:walk|climb|go up|exert|move around|do anything)|(?:walking|climbing|stairs|exertion|effort) (?:\w+ )?(?:makes it|brings it)|al (?:caminar|subir|hacer esfuerzo)|cuando (?:camino|subo))\b/),
    ),
    scope: 'message' as const,
  },
  { ...urgent('heart', 'a crushing feeling with sweating, nausea or breathlessness', term(/\b(?:crushing|vi[cs]e-?like|like a (?:vi[cs]e|band|belt) (?:around|across|on) (?:my )?(?:chest|ribs)|(?:belt|band|strap|vi[cs]e|cinturon|faja) (?:\w+ ){0,3}(?:tighten\w*|squeez\w*|cinch\w*|apret\w*) (?:\w+ )?(?:round|around|across|on|alrededor de|en) (?:my |mi |el |las )?(?:chest|ribs|rib ?cage|pecho|costillas)|aplastante|como (?:un|una) (?:prensa|tenaza))\b/), cue(/\b(?:sweat\w*|feel(?:s|ing)? sick|sick to my stomach|cold sweat|clammy|sudando|sudor\w*|nause\w*|nautious|queasy|vomit\w*|threw up|throw(?:ing)? up|short\w* of breath|breathless\w*|falta (?:el )?aire|grey|gray|ashen|pale|palid[oa]|light ?-?headed\w*|faint\w*|mare\w*)\b/)), scope: 'message' as const },
  { ...urgent('heart', 'grey or pale and sweating', cue(/\b(?:grey|gray|ashen|pale|palid[oa]|gris|blanc[oa] como (?:un )?papel)\b/), term(/\b(?:sweat(?:ing|y)|cold sweat|clammy|sudando|sudad[oa]|sudor frio)\b/)), scope: 'message' as const },
  urgent('heart', 'grey or pale and sweating', term(/\b(?:grey|gray|pale|ashen|palid[oa]|gris) (?:and|y|,) (?:\w+ )?(?:clammy|sweaty|sweating|sudad[oa]|sudando|frio)\b/)),
  urgent(
    'heart',
    'pain spreading to the arm or jaw',
    term(/\b(?:(?:pain|ache|tight\w*|pressure) (?:\w+ )?(?:going|spreading|radiating|shooting|moving|travel\w*) (?:down|into|to|up) (?:my )?(?:left )?(?:arm|jaw)|left arm (?:is |feels |went |keeps )?(?:numb|tingl\w*|heavy|aching|hurt\w*|pain\w*|weird)|dolor (?:que )?(?:baja|se va|corre|sube|se extiende) (?:\w+ )?(?:al|por el|a la) (?:brazo|quijada|mandibula)|brazo izquierdo (?:dormido|entumid\w*|me duele|adormecido|pesado))\b/),
  ),
  urgent('heart', 'heartburn that spreads, with sweating', cue(/\b(?:heartburn|indigestion|acidez|agruras)\b/), term(/\b(?:spread\w*|radiat\w*|sweat\w*|clammy|jaw|arm|never get|se (?:me )?(?:extiende|corre|pasa) (?:al|a la)|sud\w*|brazo|quijada|mandibula)\b/)),
  // Pulmonary embolism. Source: NHS "Pulmonary embolism"; American Lung Association.
  urgent(
    'breathing',
    'trouble breathing',
    term(
      /\b(?:short\w* (?:of|o) breath\w*|(?:trouble|difficulty|difficult|hard|hard time|struggl\w*|problems?|can'?t|cannot|cant|couldn'?t|unable to|not able to|barely) (?:really |even |quite )?(?:to )?(?:catch\w* (?:my )?)?breath\w*(?! (?:lol|lmao|haha))|breathless\w*|can'?t get (?:a |my )?(?:full |deep |good |proper )?breath|(?:only|barely) (?:get|take|getting) (?:in )?half (?:a )?breath|half a breath|breathing (?:feels |is |seems )?(?:wrong|off|weird)|(?:harder|getting harder|hard) to breathe|(?:stab\w*|sharp|pain|hurts?)\b[^.!?\n]{0,40}\bwhen i (?:take (?:a |in a )?(?:deep |big )?breath|breathe (?:in|deep)|inhale)|drowning|(?:can'?t|can hardly|can barely|hardly|barely) (?:finish|get out|say) a (?:full )?sentence|out of puff|puffed out|every breath (?:in )?(?:is |feels )?like a knife|cough\w* (?:up )?(?:bright )?red|out of breath|winded|breth\w*|(?:can'?t|cannot|couldn'?t) get (?:enough )?air|not (?:getting )?enough air|gasp\w*|wheez\w*|breathing (?:is |feels |was )?(?:\w+ )?(?:hard|difficult|labou?red|shallow|tight|painful|weird|funny|strange)|(?:hurts|painful|pain|stabs?) (?:to|when i|when breathing|when i breathe|if i) (?:\w+ ){0,3}breath\w*|(?:hurts|painful|pain|stabs?) (?:to|when i|when i try to|if i) (?:\w+ )?(?:inhale|breathe in)|cough\w* (?:up )?blood|breath\w* (?:is |feels |gets |are |keeps )?(?:\w+ )?(?:short|fast|rapid|shallow|tight|heavy|labou?red|hard|quick)|short breaths|lungs? (?:\w+ )?(?:hurt\w*|burn\w*|ache|aching|feel\w* (?:tight|heavy|weird)|pain)|suffocat\w*|smother\w*|air hunger|(?:can'?t|cannot|couldn'?t|hard to|trouble|difficult to|struggling to|hard time) (?:take|taking|get|getting) a (?:deep|full|big|proper) breath|(?:deep )?breaths? (?:\w+ )?(?:hurt|hurts|is painful|stab\w*)|(?:when|if) i (?:take a )?(?:deep )?breath\w* (?:in )?(?:it )?(?:hurts|stabs|pain\w*)|lips? (?:\w+ )?(?:blue|bluish|purple)|me sofoc\w*|asfixi\w*|respir\w* (?:muy )?(?:rapido|agitad\w*|cortit\w*|corta)|pulmon\w* (?:me )?(?:duele\w*|arde\w*)|no puedo respirar|(?:me )?falta (?:el )?aire|falta de aire|me cuesta (?:mucho |trabajo )?respirar|(?:tosi|tose|tosiendo|toser|tos)\w*(?: \w+){0,3} sangre|dificultad (?:para|al) respirar|me ahog\w*|ahogando|sin aire|no (?:me|le|nos) entra (?:el )?aire|no (?:puedo|podia|puede) (?:agarrar|jalar|tomar|meter|coger) (?:el )?aire|(?:through|thru) a straw|respirando (?:bien |muy |super )?rapido|duele (?:al |cuando |si )?respir\w*|respiro hondo|respiro mal|no respiro bien|(?:me )?duele (?:al )?respirar|dolor al respirar|respirar me duele|tos con sangre|tosiendo sangre|tosi sangre)/,
    ),
  ),
  // Deep vein thrombosis. Source: NHS "DVT (deep vein thrombosis)"; CDC "Signs and Symptoms of Venous Thromboembolism".
  urgent('dvt', 'one leg swollen, red, warm or painful', cue(LEG), term(new RegExp(String.raw`\b(?:${SWOLLEN})`)), cue(/\b(?:red|reddish|redness|warm\w*|hot|painful|pain\w*|hurt\w*|tender\w*|sore\w*|throb\w*|ach(?:e|es|ing|y)|streak\w*|heavy|tight|hard|roj[oa]|calient\w*|duele|dolor\w*|pesad[oa]|pesa|dura|duro|calor|one side|un lado)\b/)),
  { ...urgent('dvt', 'one leg swollen, red, warm or painful', cue(LEG), term(new RegExp(String.raw`\b(?:${SWOLLEN})`)), cue(/\b(?:hot(?! stones?| tub| bath| shower| yoga)|warm\w*|red|redness|one side|one leg|only one|calient\w*|roj[oa]|un lado|una sola)\b/)), scope: 'message' },
  { ...urgent('dvt', 'one leg red, heavy or swollen and not the other', cue(LEG), term(new RegExp(String.raw`\b(?:${SWOLLEN}|red|reddish|heavy|hot|warm|roj[oa]|pesad[oa]|calient\w*)\b`)), cue(new RegExp(String.raw`\b${BIGGER}\b`))), scope: 'message' },
  urgent('dvt', 'a calf or leg warm and red', cue(LEG), term(/\b(?:warm\w*|hot(?! stones?| tub| bath| shower| yoga| towels?)|calient\w*)\b/), cue(/\b(?:red|reddish|redness|roj[oa]|enrojecid[oa])\b/)),
  { ...urgent('dvt', 'one leg heavy and warm, on one side', cue(LEG), term(/\b(?:heavy|warm\w*|hot(?! stones?| tub| bath| shower| yoga))\b/), cue(/\b(?:just (?:that|the|one) (?:side|leg)|only (?:that|the|one|my) (?:\w+ )?(?:side|leg)|one leg|(?:left|right) (?:leg|calf|thigh) only|solo (?:esa|una|la) pierna|de un (?:solo )?lado)\b/)), scope: 'message' as const },
  urgent('dvt', 'one leg bigger than the other', cue(LEG), term(new RegExp(String.raw`\b${BIGGER}\b|\b(?:one|una) (?:\w+ ){0,2}(?:is|looks?|looking|esta|se ve) (?:\w+ )?(?:bigger|larger|fatter|swollen|mas grande|hinchad[oa])`))),
  // Stroke (BE FAST: balance, eyes, face, arm, speech, time). Source: American Stroke Association "Stroke Symptoms";
  // CDC "Signs and Symptoms of Stroke".
  urgent(
    'stroke',
    'face drooping or numb',
    cue(/\b(?:face|facial|lips?|mouth|cheek|smile|eyelids?|(?:left|right|one) eye|cara|boca|labios?|mejilla|sonrisa|parpados?|ojo (?:izquierdo|derecho))\b(?! (?:down|up|cradle|hole|rest|mask|wash|cream|oil|abajo|arriba))/),
    term(/\b(?:numb(?!er)\w*|droop\w*|weak\w*|tingl\w*|paraly\w*|sag\w*|slack\w*|melt\w*|went limp|crooked|lopsided|uneven|slant\w*|off to one side|one sided|can'?t feel|no feeling|weird on one side|funny on one side|frozen on one side|won'?t move|(?:isn'?t|isnt|is not|wasn'?t|wasnt|not|doesn'?t|doesnt|didn'?t) (?:moving|move)|caid[oa]|chuec[oa]|torcid[oa]|de lado|dormid[oa]|durmi\w*|duerme|entumid\w*|entumecid\w*|adormecid\w*|paraliz\w*|no la siento|se (?:me |le )?(?:cae|cayo|caia)|ladead[oa]|se (?:me |le )?(?:torcio|ladeo|chueque\w*))/),
  ),
  urgent(
    'stroke',
    'face or mouth odd on one side',
    cue(/\b(?:face|mouth|lips?|smile|cheek|cara|boca|labios?|sonrisa|mejilla)\b/),
    term(/\b(?:off|funny|weird|strange|novocaine|numb\w*|droop\w*|drool\w*|dribbl\w*|heavy|melt\w*|lower|rar[oa]|dormid[oa]|entumid\w*)\b/),
    cue(/\b(?:left|right|one side|one half|half|un lado|izquierd[oa]|derech[oa]|la mitad)\b/),
  ),
  urgent(
    'stroke',
    'weakness on one side',
    term(/\b(?:(?:one|left|right) side of (?:my )?(?:body|face)|half (?:of )?my (?:face|body|smile|mouth)|(?:won'?t|can'?t) hold (?:onto )?(?:my |a |the )?(?:\w+ )?(?:cup|mug|phone|fork|pen|coffee|glass)|(?:keeps? |kept )?(?:letting|let|lets) go of (?:my |the )?(?:\w+ )?(?:cup|mug|phone|fork|pen|coffee|glass)|(?:left|right) (?:arm|leg|hand) (?:is |feels |went |got |has gone )?(?:\w+ )?(?:weak|numb|heavy|dead|limp|useless)|(?:left|right) (?:arm|leg|hand|foot) (?:is |feels |went |got |has gone )?(?:\w+ ){0,3}clumsy|arm (?:just )?(?:dropped|fell) (?:by|to) my side|(?:left|right) (?:arm|leg|knee) (?:just )?(?:gave out|gave way|buckled|collapsed|went out)|(?:left|right) (?:arm|leg|side)(?: (?:and|or) (?:arm|leg))? (?:are |is |feel |feels |went )?(?:\w+ )?(?:weak|numb|heavy|dead)|(?:can'?t|couldn'?t|cannot|could not) (?:really )?(?:move|feel) (?:my |the )?(?:left|right) (?:arm|leg|side|hand|foot)|(?:can |could )?barely hold (?:it|my arm) up|(?:left|right) side of (?:the|my) (?:page|screen|vision|view|plate) (?:\w+ ){0,3}(?:disappeared|went|gone|missing|blank|dark|vanished)|half of (?:the|my) (?:vision|view|screen|page) (?:\w+ )?(?:gone|missing|disappeared|dark)|everything'?s doubled|(?:see|seeing|there'?s|there are) (?:2|two) of\b|keeps? slipping (?:out|from)|(?:mouth|face|lips?|smile|arm|hand|leg) (?:\w+ ){0,4}(?:not mine|isn'?t mine)|dribbl\w*|drool\w* (?:\w+ )?(?:when|out|from)|only half (?:of (?:my )?(?:face|smile|mouth) )?(?:goes up|moves|works|lifts)|(?:leg|foot) (?:has been |is |keeps )?dragg\w*|(?:leg|foot) (?:\w+ ){1,3}(?:drags|dragging|dragged)\b|dragging my (?:leg|foot)|foot keeps catching|arrastr\w* (?:el|la|mi) (?:pie|pierna)|like novocaine|(?:everything|things) (?:is |looks |are )?double|two of every\w*|dos de cada|balance (?:issue|problem)s?|leaning to (?:the )?(?:left|right|one side)|grabbing (?:the )?(?:furniture|walls?)|se (?:va|iba|fue) (?:de lado|(?:para|hacia) un lado)|(?:no tengo|no tiene|no tenia|sin) (?:\w+ )?equilibrio|me voy (?:de|para|hacia) (?:un )?lado|no (?:puede|puedo) caminar derecho|can'?t understand (?:what )?(?:people|anyone|my \w+|what \w+ (?:is|are)|\w+)(?: \w+){0,4} say\w*|(?:talking|speaking) (?:a |another |a different |a foreign )language|no entiendo lo que (?:me )?dice\w*|(?:can'?t|couldn'?t|cannot|could not) see (?:\w+ ){0,4}on (?:my|the) (?:left|right)|(?:walking|bumping|walked|bumped) into (?:\w+ ){0,4}(?:doorways?|door frames?|walls?|things)|la mitad de (?:la |mi )?(?:cara|cuerpo)|(?:weak|numb|heavy|dead)(?:ness)? (?:on|down) (?:one|the left|the right|my left|my right) side|(?:dropped|dropping) (?:my |the |a )?(?:fork|phone|cup|mug|coffee|keys|glass|pen|spoon)\b|(?:keep|keeps|kept|keeping) dropping (?:\w+ )?(?:things|stuff|my (?:cup|phone|coffee|keys|fork|mug|glass)|everything)|(?:slipping|slipped|slips|falls?|fell) (?:out of|from) my (?:hand|grip|fingers)|(?:arm|hand) (?:just )?(?:went|goes|is|feels) (?:limp|dead|useless)|(?:arm|one|hand) (?:\w+ )?(?:drifts|drifted|drifting|sinks|sank|keeps? (?:drifting|sinking|dropping)) (?:down|lower)|se (?:me|le) (?:dobla\w*|venc\w*) la (?:pierna|rodilla) (?:izquierd|derech)\w*|can'?t (?:lift|raise) (?:my )?(?:\w+ )?arm (?:at all|up)|un lado (?:del cuerpo|de la cara)|(?:lado|brazo|pierna) (?:izquierd[oa]|derech[oa]),? (?:\w+ ){0,3}?(?:sin fuerza|debil|dormid[oa]|no responde|muert[oa]|entumid[oa]|adormecid[oa]|flojo|floja)|se (?:me|le) caen las cosas|se (?:me|le) cae todo|se (?:me|le) (?:cayo|cae) (?:\w+ )?(?:de la mano|de las manos)|no puedo sostener (?:nada|las cosas))\b/),
  ),
  urgent(
    'stroke',
    'speech or confusion',
    term(
      /\b(?:slurr\w*|words (?:are |were |keep |kept )?(?:coming out )?(?:all |so |really )?(?:wrong|weird|funny|jumbled|garbled|scrambled|mixed up|all wrong|slow|slurred|mushy)|(?:gibberish|nonsense) (?:came|comes|coming) out|(?:came|come|coming) out (?:as )?(?:gibberish|nonsense)|habl\w* como si (?:estuviera|estuviese|anduviera) borrach\w*|borrach\w*[^.!?\n]{0,30}\bno (?:ha|he|habia|hemos|han) (?:tomado|bebido)|(?:can'?t|cannot|couldn'?t) (?:speak|talk|get (?:my |the )?words out)(?! (?:right )?now\b|,? (?:i'?m |im )?(?:driving|at work|in a meeting|busy|on the phone)) (?:properly|right|clearly|normally)?|(?:can'?t|couldn'?t|cannot|could not) find (?:my |his |her |their |the )?(?:right )?words|(?:saying|calling|using|uses|says|calls) (?:\w+ )?(?:the )?wrong (?:names?|words?) for|(?:sounds?|sounded|sounding) (?:so |really |kind of |kinda |totally |completely )?drunk|(?:me|le) cuesta (?:mucho |trabajo )?hablar|(?:trouble|difficulty) (?:speaking|talking|getting words out)|hard to (?:speak|talk)|speech (?:is |was |sounds? )?(?:\w+ ){0,2}(?:slurred|weird|off|funny|strange|slow|garbled|jumbled|mixed up|wrong|not right|mushy|thick)|(?:mouth|boca) (?:is |feels |felt )?(?:\w+ )?full of (?:marbles|cotton)|marbles in my mouth|(?:trouble|difficulty|problems?|struggl\w*) (?:with|finding) (?:my|his|her|their|the) words|(?:keeps?|kept) asking (?:\w+ ){0,2}(?:where (?:she|he|i) (?:is|am|was)|what day|what'?s going on|the same (?:thing|question))|(?:talking|speaking) (?:really |so )?slow(?:ly)?|talking (?:funny|weird|strange|gibberish|nonsense)|(?:talking|sounds?|speaking) like (?:he'?s|she'?s|i'?m|im|hes|shes|they'?re) drunk|(?:speaking|spoke|speak|saying) (?:gibberish|nonsense)|mumbl\w*|(?:words|speech) (?:came|come|coming) out (?:\w+ )?(?:wrong|weird|jumbled|garbled|slurred)|not making (?:any )?sense|(?:the )?wrong words (?:come|came|coming|keep coming|keep|kept) (?:out)?|(?:my )?mouth (?:isn'?t|isnt|is not|wasn'?t|wasnt|won'?t|wont) (?:working|work) (?:right|properly|normally)?|(?:no )?(?:estoy|esta|estaba) hablando (?:bien|raro|mal)|dig(?:o|a|e|ia) cosas (?:sin sentido|raras|que no)|cosas sin sentido|(?:confused|confusion|disoriented|disorientated)(?! (?:about|by|with|as to|on|regarding|over) (?:the|your|which|when|what|how|this|that|booking|appointment|price|bill|link|time|date)| (?:why|what|how|which|if|whether))|doesn'?t know where (?:i|she|he) (?:am|is)|arrastr\w* (?:las )?palabras|habl\w* (?:raro|chistoso|extrano|mal|como borrach\w*)|no (?:puedo|podia|puede|pudo|podia) hablar(?![,.]? (?:ahora|ahorita|voy|estoy|ando)\b)(?: bien| claro)?|se (?:me |le )?traba\w* (?:la lengua|las palabras)|no me salen las palabras|(?:he|she|they|he'?s|she'?s|they'?re|husband|wife|mom|mum|dad|mother|father|partner|son|daughter|i'?m|im|i am|i was|been) (?:is |was |has been |been |keeps |started )?acting (?:really |so |very )?(?:strange|weird|confused|drunk|odd|funny|not like (?:himself|herself))|(?:can'?t|doesn'?t|couldn'?t) (?:remember|recogni[sz]e|know) (?:my|her|his|their|me|where)(?: own)?(?: name)?\b|no (?:me )?reconoce|no sabe (?:quien soy|mi nombre)|hablaba enredado|hablo enredado|habl\w* (?:todo |bien |muy )?(?:enreda\w*|trabad\w*|lento|despacio|arrastrado)|(?:quiero|queria|quise) decir (?:\w+ ){0,3}y (?:me )?(?:digo|dije|decia|sale|salia|salio) otr[ao]|(?:digo|dice|decia|dices|dijo) (?:una cosa|otra cosa) (?:por|en vez de) otra|(?:no me entiende|no le entiendo) (?:nada|lo que digo)?|(?:came|comes|coming) out (?:all )?(?:jumbled|garbled|scrambled|wrong)|(?:kept|keep|keeps) repeating (?:myself|herself|himself|the same)|(?:didn'?t|don'?t|couldn'?t|did not) (?:know|remember) (?:what day|where i (?:was|am)|what year|how i got)|(?:no sabia|no se|no sabe) (?:que dia|donde (?:estaba|estoy|esta))|repit\w* (?:lo mismo|las mismas cosas)|confundid[oa]|confusion|desorientad[oa]|no (?:tengo|tiene|tenia) sentido lo que dig\w*|no hago sentido|no se (?:me|le) entiende)\b/,
    ),
  ),
  urgent(
    'stroke',
    'sudden weakness, numbness, confusion or trouble seeing or walking',
    cue(/\b(?:sudden\w*|all of a sudden|out of nowhere|out of the blue|de repente|de golpe|repentin\w*)\b/),
    term(/\b(?:numb\w*|weak\w*|confus\w*|dizz\w*|vision|blurr\w*|double|(?:can'?t|couldn'?t) (?:see|walk|talk|speak|move|read|understand|make sense of)|trouble (?:seeing|walking|talking|speaking|reading|understanding)|clumsy|mare\w*|entumi\w*|debil\w*|confund\w*|dormid\w*|durmi\w*|torpe|no tengo fuerza|sin fuerza|arrastr\w*|no (?:veo|ve|(?:puedo|puede|podia|pude|pudo) (?:caminar|hablar|ver|leer|mover\w*|levantar\w*))|borros\w*)\b/),
  ),
  {
    ...urgent(
      'stroke',
      'one arm or leg weak or numb, the other fine',
      cue(/\b(?:left|right|izquierd[oa]|derech[oa])\b/),
      term(/\b(?:weak\w*|numb\w*|heavy|dead|tingl\w*|gave out|gives out|giving out|wouldn'?t go|won'?t go|debil|dormid[oa]|pesad[oa]|no responde)\b/),
      cue(/\b(?:(?:the )?(?:other|left|right) (?:one|arm|leg|hand|side)(?:'s| is| feels| seems)? (?:totally |completely |perfectly |just )?(?:fine|ok|okay|normal|good)|(?:left|right) (?:arm|leg|hand)'?s fine|(?:el|la) otr[oa] (?:esta|lo siento|la siento) (?:bien|normal))\b/),
    ),
    scope: 'message' as const,
  },
  urgent('stroke', 'an arm or hand that does not work', term(/\b(?:(?:arm|hand|leg|foot|fingers) (?:feels |is |are |felt )?(?:like it'?s not mine|like it isn'?t mine|not mine|useless|not working|won'?t work|won'?t do what)|(?:arm|hand|leg|foot|fingers|side) (?:\w+ ){0,3}(?:doesn'?t|does not|don'?t|do not) belong to me|(?:arm|hand|leg|foot|fingers|feet) (?:just |really |still )?(?:aren'?t|isn'?t|won'?t|don'?t|doesn'?t|are not|is not|not|ain'?t) (?:\w+ )?(?:doing what i (?:tell|want|ask)|do what i (?:tell|want|ask)|listen\w*|obey\w*|cooperat\w*|respond\w*)|(?:(?:la|mi|el|los|mis) (?:pierna|pie|mano|brazo|dedos)(?: (?:izquierd|derech)\w*)?|my (?:left |right )?(?:leg|foot|hand|arm)) no (?:me |le )?(?:responde\w*|obedece\w*|hace caso)|como si no fuera mi[oa]|no me pertenece|(?:can'?t|couldn'?t) (?:write|type|hold (?:a|my) (?:pen|cup|fork|coffee|phone)|button my)|el brazo (?:no me responde|no responde|como si no fuera mio)|la mano no me responde|(?:slipped|slid|fell|dropped) (?:right )?out of my (?:left |right )?hand|(?:keep|kept|keeps) dropping (?:things|stuff|everything|my \w+)|grip (?:is |has )?(?:gone|weak\w*|went)|(?:lost|losing) (?:my|all my) grip|no (?:tengo|tiene) fuerza en la mano|handwriting (?:\w+ ){0,3}(?:messy|weird|off|like a (?:child|kid)|sloppy|shaky|illegible|wrong|all over the place|a mess|scribbl\w*|squiggl\w*)|(?:can'?t|couldn'?t|cannot) make (?:the|my) (?:pen|pencil|hand|fingers|fork|spoon|arm|leg|foot) (?:do|go|work)|no (?:puedo|pude|podia|puede) escribir (?:bien )?con la mano|(?:mi )?letra (?:\w+ )?(?:rara|fea|como de nino)|se (?:me|le) (?:cae|caen|cayo|cayeron|resbala|resbalan|resbalo|resbalaron) (?:\w+ ){1,5}?de (?:la|las|mi|mis|su|sus) manos?|(?:se me|se le|me) (?:caen|cae|cayo|cayeron|resbalan) (?:las cosas|todo) (?:\w+ )?de (?:la|las|su|sus) manos?)\b/)),
  urgent(
    'stroke',
    'arm and leg on one side numb or weak',
    cue(/\b(?:(?:arm|brazo)s? (?:\w+ ){0,2}(?:and|y|e|&) (?:my |the |el |la |mi )?(?:\w+ )?(?:leg|pierna)|(?:leg|pierna)s? (?:\w+ ){0,2}(?:and|y|e|&) (?:my |the |el |la |mi )?(?:\w+ )?(?:arm|brazo)|same side|del mismo lado|on that side too)\b/),
    term(/\b(?:numb\w*|weak\w*|dead|heavy|tingl\w*|asleep|dormid[oa]s?|durmi\w*|entumid\w*|adormecid\w*|debil\w*|pesad[oa]s?|no (?:me )?responde\w*)\b/),
  ),
  urgent('stroke', 'drooling from one side, or a limb like dead weight', term(/\b(?:(?:drool\w*|dribbl\w*|se me cae la baba|se le cae la baba|babe\w*) (?:\w+ ){0,3}(?:one side|un lado|the left|the right|left side|right side|lado izquierdo|lado derecho)|(?:falling|fell|falls|spill\w*|leak\w*|dribbl\w*|running|ran|coming|came|dripping|drips) (?:out )?(?:of|from) (?:the )?(?:one side|(?:left|right)(?: side)?|one corner|the corner|(?:left|right) corner) of (?:my|his|her|their) mouth|se (?:me|le) (?:sale|salia|salio|cae|caia|cayo|escurre|escurria|chorrea) (?:\w+ ){0,3}(?:por|de) un (?:lado|costado) de la boca|(?:arm|leg|hand|brazo|pierna|mano) (?:feels |is |se siente )?(?:like )?(?:a |un )?(?:dead ?weight|peso muerto))\b/)),
  // Stroke signs as people notice them in daily life (American Stroke Association, "Stroke Symptoms": sudden
  // confusion, trouble understanding, trouble walking or with coordination, one-sided weakness).
  urgent(
    'stroke',
    'stroke signs in everyday life',
    term(
      /\b(?:(?:(?:couldn'?t|can'?t|could not|cannot) (?:remember|figure out|work out) how to|forgot how to) (?:use|work|open|unlock|dial) (?:my |the )?(?:phone|keys|door|tv|remote|car)|(?:couldn'?t|can'?t|kept missing|keep missing) (?:get (?:my |the )?(?:fork|spoon|cup|glass|hand|food) to )?my (?:mouth|face)\b|(?:fingers|hand) (?:just )?(?:wouldn'?t|won'?t|can'?t|don'?t|didn'?t|couldn'?t) (?:close|grip|open|work|cooperate|button|hold|write|type|do (?:it|anything|what))|(?:feel|felt|feeling) (?:\w+ )?(?:drunk|tipsy) (?:but|and) i (?:haven'?t|didn'?t|hadn'?t|havent|didnt)|(?:drunk|tipsy)\b[^.!?\n]{0,30}\b(?:but|and|even though|though) (?:he|she|they|i)(?:'s| has| have)? (?:hasn'?t|haven'?t|hadn'?t|didn'?t|doesn'?t|don'?t|not|hasnt|didnt|doesnt|had nothing|been sober|sober)|(?:know|figure out|tell|remember) which (?:sleeve|shoe|arm|leg|foot)|(?:forgot|forgotten|couldn'?t remember|can'?t remember|doesn'?t know|didn'?t know|don'?t know) how to (?:get dressed|dress (?:himself|herself|myself)|button|tie (?:his|her|my) shoes|use (?:a |the |his |her |my )?(?:fork|spoon|knife|toothbrush|zipper))|(?:puts?|putting) (?:his|her|my) (?:\w+ ){0,2}on (?:backwards|inside out|the wrong (?:way|foot|arm))|tongue (?:won'?t|doesn'?t|isn'?t|wouldn'?t) (?:do|work|move|cooperat)\w*|words (?:on the (?:page|screen)|i (?:read|see)) (?:\w+ )?(?:look|looked|are|were) (?:like )?(?:nonsense|gibberish|foreign|strange|scrambled)|(?:forgot|couldn'?t remember|can'?t remember) (?:my )?(?:own )?(?:daughter'?s|son'?s|wife'?s|husband'?s|kids'?|mom'?s|dad'?s|own)? ?name|(?:couldn'?t|can'?t) understand (?:the tv|the radio|what (?:people|anyone|they|he|she) (?:are|were|was|is) saying|anyone|a word)|(?:whole )?(?:right|left) side (?:of my (?:body|face) )?(?:feels|felt|is|went|has gone) (?:\w+ )?(?:off|weird|strange|heavy|dead|funny|numb|wrong|useless|pins and needles|tingl\w*|asleep)|(?:keep |kept )?veer\w* (?:to the )?(?:left|right)|drifting to one side|(?:eye|eyelid) (?:on (?:one|the (?:left|right)) side |on the (?:left|right) )?(?:won'?t|doesn'?t|can'?t|wouldn'?t) (?:close|shut|blink)|can'?t (?:close|shut) my (?:left |right )?eye|arm (?:just )?(?:flopped|flopping|dropped|fell) (?:down|to my side)|can'?t smile on (?:one|the (?:left|right)) side|(?:la )?mitad (?:del|de mi) cuerpo|(?:letras|palabras) (?:se (?:me )?(?:veian|ven|veia)|estaban|parecian) (?:\w+ )?(?:raras|extranas|revueltas|sin sentido|en otro idioma)|medio cuerpo|se me (?:olvidan|van|trababan|traban) las palabras|no (?:encuentro|encuentra|encontraba|encuentras|encontraba) las palabras|no (?:puedo|puede|podia) mover (?:el |la |mi )?(?:brazo|pierna|mano) (?:derech|izquierd)\w*)/,
    ),
  ),
  urgent('stroke', 'sudden loss of balance', term(/\b(?:lost (?:my )?balance|losing (?:my )?balance|(?:keep |kept |keeps )?(?:falling|leaning|tipping|tilting|veering|pulling|listing) (?:over )?to (?:one side|the (?:left|right)(?: side)?|the side)|stagger\w*|(?:pierdo|pierde|perdiendo) (?:el )?(?:equilibrio|balance)|me voy (?:de lado|hacia un lado)|(?<!(?:back|hip|knee|spine|espalda)\b[^.!?\n]{0,30})can'?t (?:walk|stand) (?:straight|up straight)|walking like (?:i'?m )?drunk|keep (?:falling|tipping) over|perdi (?:el )?(?:equilibrio|balance)|no (?:me )?puedo (?:mantener|sostener) (?:de pie|en pie|parad[oa])|camino como borrach\w*)\b/)),
  urgent('stroke', 'sudden vision loss', term(/\b(?:(?:vision|eye|sight) (?:\w+ ){0,3}(?:went|goes|going|gone) (?:dark|black|grey|gray|dim|blurry|out)|like a curtain|curtain (?:came|coming|come) down|curtain (?:over|across)|(?:half|part) (?:of )?my (?:vision|sight) (?:\w+ )?(?:gone|dark|black|missing|blurry)|(?:over|across) half (?:of )?my (?:vision|sight)|shadow (?:over|across) (?:my )?(?:eye|vision)|(?:lost|losing|lose) (?:the )?(?:vision|sight)|vision (?:\w+ )?(?:went|goes|going|is going) (?:dark|black|blurry|grey|gray|out)|can'?t see (?:out of|from) (?:my |one )|(?:double vision|seeing double)|\bsee (?:things |everything )?double\b|(?:everything|things) (?:has|have) (?:a )?twins?|(?:splits?|split|splitting) in(?:to)? (?:two|2)|(?:see|seeing|saw|there'?s|there are) (?:two|2) (?:\w+ ){0,2}(?:where there should be one|tellies|tvs|moons|of (?:everything|you|them|him|her))|seeing (?:2|two) of everything|(?:vision|everything) (?:is |looks )?doubled|veo (?:todo |como |medio |un poco |las cosas )*dobles?|(?:cosas|todo) (?:se (?:me )?ven?|las veo) dobles?|se (?:me|le) fue la vista|blind (?:in|out of) (?:one|my)|perdi (?:la )?vista|no (?:veo|ve|veia) (?:nada |bien )?(?:de|por|del|con) (?:un |el |mi |su )?ojo|veo doble|se me nublo la vista|(?:sudden(?:ly)?|de repente) (?:\w+ )?(?:blurry|blurred|borros\w*))\b/)),
  // Anaphylaxis. Source: NHS "Anaphylaxis"; American College of Allergy, Asthma and Immunology.
  urgent(
    'anaphylaxis',
    'swelling of lips, tongue or throat',
    cue(words('lips?', 'tongue', 'throat', 'face', 'eyes?', 'eyelids?', 'labios?', 'lengua', 'garganta', 'gaznate', 'cara', 'ojos?', 'parpados?')),
    term(new RegExp(String.raw`\b(?:${SWOLLEN})\b`)),
  ),
  urgent(
    'anaphylaxis',
    'a thick tongue or a tight throat',
    cue(words('lips?', 'tongue', 'throat', 'labios?', 'lengua', 'garganta', 'gaznate')),
    term(/\b(?:thick\w*|fat|big|huge|tight\w*|closing|closed|cerrad[oa]|cerrando|gord[oa]|grande|apretad[oa]|cierra)\b/),
  ),
  urgent('anaphylaxis', 'trouble swallowing', term(/\b(?:(?:trouble|difficulty|hard|can'?t|cannot|struggling) (?:to )?swallow\w*|throat (?:is |feels )?(?:closing|tight|swelling)|no puedo tragar|me cuesta tragar|se me (?:cierra|esta cerrando) (?:la garganta|el gaznate|el pescuezo))\b/)),
  urgent('anaphylaxis', 'hives spreading', term(/\b(?:hives|welts|rash|ronchas|urticaria|sarpullido|salpullido|erupcion|rasquina|(?:itchy |red )?bumps)\b/), term(/\b(?:spread\w*|all over|everywhere|whole body|face|lips?|throat|breath\w*|por todo|todo el cuerpo|por todas partes|extend\w*|expand\w*|regando|cara|garganta|respirar)\b/)),
  // Fainting. Source: NHS "Fainting"; American Heart Association "Syncope".
  urgent(
    'syncope',
    'fainting or blacking out',
    term(
      /\b(?:faint(?:ed|ing|ish|y)?\b(?! (?:bruise|mark|line|smell|hint|trace|outline|red|purple|moreton))|pass(?:ed|ing)? out|past out|black(?:ed|ing)? out|lost consciousness|los[et] (?:my )?conscious\w*|collaps(?:ed|ing)|desvanec\w*|perdi\w* (?:el )?conocimiento|los[te]\w* (?:my )?conscien\w*|(?:i was|found me|woke up|came to) (?:lying )?on (?:the )?floor|(?:me )?cai redond[oa]|soponcio|patatus|telele|yeyo|desmall\w*|(?:abri|abro|abrio) los ojos[^.!?\n]{0,25}\b(?:en el piso|en el suelo|tirad[oa])|quede tirad[oa]|(?:went|go|going) out like a light(?!,? (?:in a good way|as soon as|the second|the moment|when i (?:got home|lay|laid|hit the)))|(?:woke up|came to|found myself) (?:lying )?on the (?:\w+ )?(?:floor|tiles|ground|carpet|rug)|(?:the )?lights went out and i|dropped like a (?:sack|stone|rock|bag)|went down like a (?:sack|stone|rock)|hit the (?:deck|floor)\b|se me apago (?:todo|la luz)|me fui al (?:piso|suelo)|(?:desperte|me desperte) en el (?:piso|suelo)|no supe (?:nada|de mi)|perdi el sentido|keeled over|(?:came|come|coming) to on the (?:\w+ )?(?:floor|ground|sidewalk|couch)|(?:found|find) me (?:\w+ )?(?:on|lying on) the (?:\w+ )?(?:floor|ground|sidewalk|street|pavement)|(?:woke|woken|waking|found myself) (?:up )?on the (?:\w+ )?(?:floor|ground)|everything went (?:black|dark)|next thing i know (?:i'?m |im |i was )?(?:on|lying on|laying on) (?:the )?(?:\w+ )?(?:floor|ground)|went down like|(?:was |were |he was |she was )?out for (?:\w+ ){0,3}(?:seconds?|minutes?|mins?|secs?)|desplom\w*|no respond\w*|unresponsive|(?:don'?t|can'?t|do not) remember (?:falling|fainting|what happened|how i got|going down|hitting)|se me fue todo (?:a )?negro|no se cuanto tiempo (?:estuve|estaba|me quede) en el (?:piso|suelo)|(?:how long|no idea how long) i was (?:out|on the floor|down)|hit the (?:floor|deck|ground)|(?:was|went) out (?:cold|for a (?:few )?(?:seconds?|secs?|minutes?|mins?))|went down (?:hard|on the floor|in the)|se me fue el mundo|me desmay\w*|desmay\w*|perdi (?:el )?conocimiento|me desvaneci|(?:desperte|amaneci) en el (?:piso|suelo)|todo se (?:puso|volvio) negro|se me (?:fue|puso) todo negro)/,
    ),
  ),
  // Cauda equina syndrome. Source: NHS "Cauda equina syndrome"; Chartered Society of Physiotherapy CES warning card.
  urgent(
    'cauda-equina',
    'saddle numbness or bladder or bowel changes',
    term(
      /\b(?:(?:numb\w*|no feeling|can'?t feel (?:anything )?|tingl\w*|pins and needles) (?:\w+ ){0,2}(?:groin|crotch|genitals?|private\w*|inner thighs?|butt|buttocks?|bottom|saddle|between (?:my )?legs|vagina|perineum|down there|bum|taint)|(?:groin|crotch|genitals?|private\w*|inner thighs?|butt|buttocks?|bottom|saddle area|down there|bum) (?:is |are |feels |went |going )?(?:\w+ )?(?:numb\w*|tingl\w*|dead)|(?:can'?t|cannot) feel (?:it|anything) (?:\w+ )?when i wipe|no (?:siento|sentia|sient[oe]) (?:nada )?(?:cuando|al) (?:me )?limpi\w*|hard time (?:peeing|urinating)|(?:trouble|problems?|difficulty) (?:peeing|urinating)|saddle (?:numbness|area)|(?:can'?t|cannot|couldn'?t|unable to|trouble|hard to) (?:\w+ )?(?:feel|control|hold|start) (?:my )?(?:bladder|bowels?|pee|peeing|poop|urine)|(?:lost|losing|no|loss of) (?:\w+ )?(?:bladder|bowel) control|(?:wet|peed|pooped|soiled) myself|(?:can'?t|couldn'?t|unable to|trouble|struggling to) (?:pee|urinate|wee)|incontinen\w*|(?:both|my) legs (?:are |feel |went |keep )?(?:weak|numb|giving (?:out|way)|gave (?:out|way))|legs (?:keep )?(?:giving|gave) (?:out|way)|(?:no siento|entumid\w*|adormecid\w*|dormid[oa]|se (?:me )?duerme\w*) (?:\w+ ){0,3}(?:la entrepierna|la ingle|los muslos por dentro|entre las piernas|mis partes|las nalgas|el trasero|la zona intima|la ingle|sentaderas)|no (?:puedo|pude) (?:orinar|hacer pipi|controlar (?:la orina|la vejiga|el intestino|el bano))|no controlo (?:bien )?(?:la vejiga|la orina|el intestino|el bano)|me cuesta (?:mucho )?(?:orinar|hacer pipi)|me (?:hice|orine) (?:pipi|encima)|se me salio la orina|perdi el control de (?:la vejiga|la orina|el intestino)|(?:las dos|ambas) piernas (?:\w+ ){0,2}(?:debiles|sin fuerza|dormidas|entumidas))\b/,
    ),
  ),
  urgent(
    'cauda-equina',
    'numbness in the saddle area',
    cue(/\b(?:groin|crotch|genitals?|private (?:parts|area)|privates|inner thighs?|butt|buttocks|butt ?cheeks|bottom|saddle|between (?:my|the) legs|perineum|perine|(?:parte|cara) (?:de dentro|interna) de los muslos|down there|taint|backs? of (?:my |both )?(?:\w+ )?thighs|toilet (?:seat|paper)|when i wipe|seat area|down-there|loo roll|toilet roll|inside of (?:my|both|the) thighs|insides? of my (?:\w+ )?thighs|where (?:one|i|you) sits?|entrepierna|ingle|nalgas|pompis|trasero|zona intima|entre las piernas|entre los muslos|muslos por dentro|(?:parte )?(?:de adentro|interna|de dentro) de los muslos|partes intimas)\b/),
    term(/\b(?:numb\w*|tingl\w*|dead|no feeling|can'?t feel|pins and needles|entumid\w*|entumecid\w*|adormecid\w*|anestesiad\w*|dormid[oa]s?|no siento|no noto|hormig\w*)\b/),
  ),
  urgent(
    'cauda-equina',
    'weakness in both legs or trouble with the bladder or bowels',
    term(/\b(?:(?:both|my) legs (?:are |feel |went |keep )?(?:\w+ )?(?:weak|numb|giving (?:out|way)|gave (?:out|way))|both (?:my )?legs (?:\w+ ){0,4}(?:don'?t|won'?t) (?:want to )?(?:hold|carry|support) me|(?:weak|numb)\w*,? both of them|(?:can'?t|don'?t) (?:tell|feel) when i (?:need|have) to (?:go|pee|poop)|(?:had|having) an accident (?:\(|in my|at work|number|#|on the)|(?:almost|nearly) (?:didn'?t|did not) make it to the (?:bathroom|toilet|restroom)|(?:struggl\w*|trouble|hard time|can'?t) (?:to )?start (?:peeing|urinating|to pee)|(?:no pude|no puedo) aguantar (?:la orina|el pipi|las ganas)|(?:me he hecho|me hice|me orine) (?:pis |pipi |del bano )?encima|(?:las dos|ambas) piernas (?:\w+ ){0,2}debilit\w*|se me (?:durmieron|entumieron|adormecieron) (?:las dos|ambas) piernas|(?:las dos|ambas) piernas (?:\w+ ){0,2}(?:doblan|fallan|se me doblan|no me sostienen)|se me (?:estan )?debilit\w* (?:las dos|ambas) piernas)\b/),
  ),
  // Cervical artery dissection after neck work; thunderclap headache. Source: American Heart Association/American
  // Stroke Association scientific statement "Cervical Arterial Dissections and Association With Cervical Manipulative
  // Therapy" (Biller et al., Stroke 2014); NHS "Headaches" (sudden severe headache).
  urgent('neck-artery', 'a head that feels it exploded', term(/\b(?:thunderclap|(?:hit|struck|smacked|whacked|clobbered) (?:in|on|over) (?:the )?(?:back of (?:the |my )?)?head (?:with|by) (?:a |an )?(?:\w+ )?(?:bat|hammer|brick|club|sledgehammer|plank)|(?:exploded|explosion) (?:at|in) (?:the (?:base|back) of )?my (?:skull|head)|head (?:\w+ )?(?:exploded|is exploding|felt like it (?:exploded|would explode|was going to explode))|head (?:is |feels |felt )?(?:like it'?s |like it |as if it )?(?:splitting|split|cracked|cracking) (?:open|in two|in half)|(?:la )?cabeza (?:me )?(?:explota|exploto|va a explotar|estalla|estallo|revienta|revento)|me (?:explota|exploto|revienta|revento|estalla|estallo|va a explotar|va a estallar) la cabeza)\b(?! de (?:lo )?(?:bien|bueno|rico|feliz|contento|content[oa]|relajad\w*|gusto|risa))/)),
  urgent('neck-artery', 'worst or sudden headache', term(new RegExp(String.raw`\b(?:${HEADACHE})`)), cue(/\b(?:worst|thunderclap|10\/10|10 out of 10|gonna split|going to split|gonna explode|sudden\w*|out of nowhere|like (?:a |being )?(?:hit|thunder|bolt|hammer|explosion|lightning|bomb|gunshot)|came on (?:all at once|in (?:a )?seconds|like a)|explod\w*|el peor|de repente|repentin\w*|de golpe|explotar|insoportable|nunca (?:habia|he) tenido|never had (?:a |one |an? \w+ )?(?:\w+ )?like (?:this|it)|worse than any (?:i'?ve |i have )?(?:ever )?had|(?:peor|mas fuerte) que (?:cualquier|nunca)|(?:not|nothing) like my (?:usual |normal |regular )?(?:migraines?|headaches?)|unlike any|como nunca|trueno|como un rayo|trancazo|martillazo|nunca en (?:la|mi) vida|nunca (?:me dan|me da|me habia dado) (?:dolores?|uno|una) asi)\b/)),
  urgent('neck-artery', 'headache with vision changes', term(new RegExp(String.raw`\b(?:${HEADACHE}|neck pain|dolor de cuello|me duele el cuello)`)), cue(new RegExp(String.raw`\b(?:${VISION})\b`))),
  // The same across sentences ("My head is pounding since the neck work. And my vision is blurry."); the vision part is
  // read for context, so "no vision changes" sets it aside.
  { ...urgent('neck-artery', 'headache or neck pain with vision changes', term(new RegExp(String.raw`\b(?:${HEADACHE}|neck pain|dolor de cuello|me duele el cuello)`)), term(new RegExp(String.raw`\b(?:${VISION})\b`))), scope: 'message' as const },
  urgent('neck-artery', 'neck pain with vision changes', cue(words('neck', 'cuello', 'nuca')), term(new RegExp(String.raw`\b(?:${PAIN})\b`)), cue(new RegExp(String.raw`\b(?:${VISION})\b`))),
  urgent('neck-artery', 'dizziness with double or blurred vision', cue(/\b(?:diz+[iy]\w*|light ?-?headed\w*|woozy|vertigo|spinning|mare(?:ad[oa]|o|os|a)\b|da vueltas)\b/), term(/\b(?:double|doubled|(?:2|two) of everything|(?:two|2) (?:tellies|tvs)|blurr\w*|dobles?|borros[oa]|(?:splits?|split|splitting) in(?:to)? (?:two|2))\b/)),
  urgent('neck-artery', 'drooping eyelid or one pupil', term(/\b(?:(?:drooping|droopy) (?:eyelid|eye)|(?:eye|eyelid) (?:looks |is |seems )?(?:drooping|droopy|lower)|eyelid (?:is |looks )?(?:feels heavy|looks lower|is lower|hanging (?:lower|down))|one pupil|pupils? (?:are |is )?(?:different|uneven)|pupil (?:\w+ ){0,4}(?:looks |is |seems )?(?:smaller|bigger|tiny|huge) than|pupil on one side|(?:eyelid|parpado) (?:\w+ ){0,2}(?:hangs|hanging|sags|sagging|colgando|se cae|se me cae|se le cae)|pupila (?:\w+ ){0,3}(?:mas (?:chica|chiquita|pequena|grande)|diferente)|parpado (?:\w+ )?(?:caido|cayendo)|se me (?:esta )?cayendo el parpado)\b/)),
  // Rhabdomyolysis. Source: CDC/NIOSH "Rhabdomyolysis"; MedlinePlus "Rhabdomyolysis".
  urgent(
    'rhabdo',
    'dark urine',
    cue(URINE),
    term(/\b(?:brown\w*|black\w*|(?:like|colou?r(?:ed)?(?: of| like)?|as dark as|looks like) (?:\w+ )?(?:tea|coke|cola|coca|coffee)|(?:tea|cola|coke)[- ]colou?red|coca[- ]?cola|como (?:coca|refresco|te|cafe|tinto)|colou?r (?:de )?(?:coca|te|refresco|cafe|tinto)|refresco de cola|as gravy|like gravy|rust\w*|red|reddish|bloody|blood|cafe|marron|color (?:coca|te|refresco|cafe)|sangre|roj[oa])\b/),
  ),
  // Urine only "dark" is an emergency with muscle pain or weakness beside it (CDC/NIOSH); alone (often too little
  // water) the therapist checks in.
  { ...urgent('rhabdo', 'dark urine with sore or weak muscles', cue(URINE), term(DARK_URINE), cue(new RegExp(String.raw`\b(?:${PAIN}|weak\w*|debil\w*|sin fuerza|agony|agujetas|cramp\w*|calambre\w*|can'?t (?:stand|walk|get up|lift)|no (?:me )?puedo (?:parar|levantar|caminar|mover))\b`))), scope: 'message' as const },
  escalate('other-concern', 'dark urine', cue(URINE), term(DARK_URINE)),
  // Severe bleeding. Source: American Red Cross first aid; Stop the Bleed (American College of Surgeons).
  urgent(
    'bleeding',
    'bleeding that will not stop',
    term(/\b(?:(?:bleeding|blood|bleed) (?:\w+ )?(?:won'?t|will not|doesn'?t|does not|wont|isn'?t|not) (?:stop\w*|slow\w*)|(?:won'?t|wont|will not|doesn'?t|does not|isn'?t|hasn'?t|not) (?:stop\w*|slow\w*) bleed\w*|(?:gone|went|going|bled|bleeding|bleed|dripping|soaking|soaked|sangrando|sangro) (?:thr(?:ough|u)|a traves de|por) (?:\w+ ){0,3}(?:band-?aids?|bandages?|towels?|pads?|gauze|tissues?|shirt)|coffee grounds?|me sangra\w*|(?:esta|sigue|no para de) sangr\w*|hemorragia\w*|(?:bleed\w*|blood) (?:\w+ ){0,6}(?:won'?t (?:quit|let up)|even with pressure)|like a stuck pig|still pouring|pouring (?:blood|out)|been pressing (?:it|on it) for|bleeding (?:steadily|nonstop|non-stop|constantly|for (?:over |more than )?(?:an hour|hours|\d+ (?:min|minutes|hours)))|(?:bleeding|sangrando)\b[^.!?\n]{0,40}\b(?:half (?:an )?hour|an hour|media hora|una hora|\d+ ?(?:mins?|minutes|minutos)) (?:now|already|ya|straight)|no (?:me |le |se )?(?:para|deja) de sangrar|(?:no se (?:detiene|para|corta)|no (?:para|deja) de sangrar)|ya (?:llene|empape) (?:una |la )?(?:toalla|gasa)|can'?t (?:get (?:it|the bleeding) to )?stop (?:the )?bleed\w*|bleeding (?:a lot|heavily|badly|everywhere|through|so much|like crazy)|(?:soaked|soaking) (?:through )?(?:\w+ ){0,2}(?:bandages?|towels?|gauze|napkins?|tissues?)|gushing|lots of blood|so much blood|(?:throwing|threw|vomit\w*|puk\w*) (?:up )?blood|blood in (?:my )?(?:pee|urine|stool|poop|vomit)|no (?:para|deja) de sangrar|sangr\w* (?:mucho|muchisimo|sin parar)|mucha sangre|sangrado (?:fuerte|abundante|que no para)|vomit\w* sangre|sangre en (?:la orina|el popo|las heces))\b/),
  ),

  { ...urgent('bleeding', 'bleeding that will not stop', term(/\b(?:bleed\w*|bled|nose ?bleed\w*|sangr\w*|blood\b(?! (?:pressure|test|work|draw|sugar|thinners?|type|flow|circulation|orange)))/), cue(/\b(?:won'?t stop|not stopping|can'?t (?:get it to )?stop|keeps? bleeding|(?:been )?pressing on it|holding pressure|still (?:dripping|bleeding|coming|going|pouring)|(?:pinching|pressure|pressing) (?:it )?(?:doesn'?t|isn'?t|not|didn'?t) (?:help\w*|working|stop\w*)|through the (?:towel|bandage|gauze|shirt|band-?aid)|\d+ ?(?:mins?|minutes) ago|no (?:para|se detiene|se corta))\b/)), scope: 'message' as const },
  urgent(
    'bleeding',
    'heavy bleeding or blood where it should not be',
    term(/\b(?:bleed\w*|bled|blood\w*|sangr\w*|nose ?bleed\w*|ooz\w*|dripping|puddle|cut (?:\w+ ){0,4}(?:reopened|opened up|won'?t stop|can'?t get it to stop))\b(?! (?:flow|pressure|circulation|work|test|draw|sugar|type|donation|thinners?|presion|circulacion))/),
    cue(/\b(?:won'?t stop|can'?t get it to stop|stop|not stopping|keeps|kept|puddle|no se (?:le |me )?para|a lot|so much|lots|heavy|heavily|soak\w*|eliquis|xarelto|warfarin|coumadin|apixaban|rivaroxaban|blood thinners?|anticoagula\w*|gush\w*|pour\w*|everywhere|cough\w*|vomit\w*|throw\w* up|threw up|pee|urine|stool|poop|toilet|nose|mouth|spit\w*|no para\w*|mucha|mucho|abundante|tos\w*|tosi|orina|popo|heces|nariz|boca|escup\w*)\b/),
  ),
  // A complaint about how the session went: the practice must hear it from a person, at once.
  escalate('other-concern', 'a complaint about the session', term(/\b(?:(?:felt|feel|was|made me(?: feel)?) (?:\w+ )?uncomfortable (?:with|about|when)|uncomfortable with (?:how|the way|what|where)|(?:his|her|their|the therapist'?s) hands (?:went|were|wandered)|inappropriat\w*|crossed (?:a|the) line|unprofessional|(?:told|asked|begged) (?:him|her|them|you) (?:\w+ ){0,3}(?:too much|too hard|to stop|it hurt\w*|to ease up|to go (?:lighter|easier|softer))\b[^.!?\n]{0,40}\b(?:kept going|didn'?t stop|wouldn'?t stop|ignored|kept pressing|carried on)|(?:the therapist|therapist|she|he|you|they) (?:really )?hurt me\b(?! (?:in a|in the) (?:good|best))|me (?:lastim\w*|hiciste dano|hizo dano)|no (?:quede|quedo|quedamos|estoy|estuve) (?:\w+ )?(?:content[oa]s?|satisfech[oa]s?|conformes?)|me (?:apretaste|apreto|apretaron) (?:muy |demasiado |super |bien )?fuerte|me (?:senti|sentí) (?:muy )?incomod[oa]|me toco (?:donde|en) (?:no|mis)|fuera de lugar)\b/)),
  // Pain on swallowing after work near the throat (the labelling guide; NHS "Sore throat"): the therapist checks in.
  escalate('other-concern', 'pain on swallowing', term(/\b(?:hurts? (?:\w+ ){0,2}(?:to|when i|when i'm|on) swallow\w*|(?:pain|sore|painful) (?:\w+ )?(?:when|on|while) swallowing|swallowing (?:hurts|is painful|is sore)|(?:me )?duele (?:al |para )?tragar)\b/)),
  // Low mood after the session: the therapist checks in (a person in danger is the self-harm entry above).
  escalate('other-concern', 'feeling low', term(/\b(?:cried (?:all|most of the) (?:night|day)|(?:feel|feeling|felt) (?:really |so |very )?(?:low|down|depressed|hopeless|empty)\b(?! (?:key|there|to earth))|llore toda la noche|me (?:siento|sienta|senti|sentia) (?:muy |bien |super |medio )?(?:triste|deprimid[oa]|bajonead[oa]|vaci[oa]|decaid[oa])|ganas de llorar|bajonead[oa])\b/)),
  // Pain that moves somewhere new ("it was my shoulders and now it's my ribs"): not the usual soreness pattern.
  escalate('other-concern', 'pain that moves', term(/\b(?:(?:soreness|pain|ache|sore spot|dolor|molestia)(?:'s| is| has)? (?:\w+ )?(?:moved|moving|shifted|travel\w*|se (?:me |le )?(?:paso|movio|fue|corrio|bajo|subio|extendio|rego) (?:a|al|hasta|para))|(?:ache|pain|soreness|sore spot|it) (?:left|went from) my \w+|it was my \w+ (?:\w+ )?and now (?:it'?s|its)|(?:ya no me duele|no longer hurts|doesn'?t hurt) (?:\w+ ){0,4}(?:pero|but) (?:ahora )?(?:me duele|it hurts|hurts)|(?:dolor|molestia)\b[^.!?\n]{0,40}\b(?:me |se me )?(?:esta|va) (?:bajando|subiendo|corriendo|pasando|extendiendo) (?:a|al|hacia|por|hasta))\b/)),
  // An eye that keeps watering or twitching after face work.
  escalate('other-concern', 'an eye that waters or twitches', term(/\b(?:eye|eyelid|ojo|parpado)s? (?:\w+ ){0,6}(?:keeps? |sigue |won'?t stop )?(?:watering|twitching|tearing|llorando|temblando|brincando)\b/)),
  // Unwell in ways that are not soreness: the article's "if something feels off" (the labelling guide's other-concern).
  escalate('other-concern', 'feeling unwell', term(/\b(?:(?:feel|feeling|felt) like i'?m (?:getting|coming down with|going to be|gonna be) (?:sick|ill|the flu|a cold|something)|brain ?fog\w*(?! from (?:work|the day|my job))|foggy|spacey|spaced out|out of it|disconnected|detached|hungover|hung over|like a hangover|(?:heavy and weak|weak and heavy|weak all over)|hot flash\w*|panick\w*|panic attack|(?:don'?t|do not|doesn'?t|does not) feel normal|not (?:feeling )?normal\b|diarrh\w*|diarrea|the runs\b|(?:hurts|burns|stings|painful) (?:\w+ )?(?:to|when i) (?:pee|urinate|wee)|(?:me )?(?:duele|arde) al orinar|(?:dent|dip|hollow|divot) in (?:my|the) (?:muscle|arm|leg|thigh|calf|back|shoulder)|orino (?:mucho )?mas (?:seguido|frecuente)|peeing (?:a lot )?more|(?:pee|peeing|urinate|urinating) (?:all the time|constantly|every \w+ minutes)|glands? (?:are |is )?(?:up|swollen)|lymph nodes?|(?:drained|exhausted|tired|wiped) and (?:kind of |really |a bit )?(?:weird|off|strange|shaky|dizzy|sick)|(?:stomach|belly|tummy|abdomen|abdominal) (?:\w+ )?(?:hurts|pain|aches?|aching|cramp\w*)|cramp(?:s|ing)? (?:in|up in) my (?:calf|calves|leg|legs|thigh)|(?:calf|leg) cramp\w*|charley horse|me duele (?:la panza|el estomago|la barriga)|(?:niebla mental|como en las nubes|desconectad[oa]|como cruda|crudo|cruda|malit[oa]|animo por el (?:piso|suelo)|bajon de animo|achicopalad[oa]|pachuch[oa]|(?:me siento|me encuentro|ando|estoy) (?:como )?(?:enferm[oa]|decaid[oa]|flojo|floja|sin fuerzas)|cuerpo (?:\w+ )?(?:flojo|sin fuerzas|debil)|decaid[oa]|(?:me siento|ando|estoy) (?:muy |bien |medio )?(?:debil|sin fuerzas?|sin energia|decaid[oa]|enferm[oa]|mal\b(?! (?:por|de|que|con)\b))))\b/)),
  // Blurred or changed vision on its own: the therapist checks in (sudden loss and the combinations above are urgent).
  escalate('other-concern', 'vision changes', term(new RegExp(String.raw`\b(?:${VISION})\b`))),
  // Blood pressure well above the client's usual (AHA: 160/100 and over needs a doctor's attention; 180/120 with
  // symptoms is an emergency, which the signs above catch).
  escalate('other-concern', 'high blood pressure', term(/\b(?:bp|blood pressure|presion|tension)(?: arterial)? (?:is |was |at |de |of |reading (?:of )?)?(?:1[6-9]\d|2\d\d) ?(?:\/|over|sobre) ?\d{2,3}\b/)),
  // The client has seen, or is about to see, a doctor about their body.
  escalate('other-concern', 'saw a doctor', term(/\b(?:(?:went|go|going|been|gone|was|were|ended up|had to go|have to go|headed|heading) (?:in )?to (?:the |an? |my )?(?:urgent care|er|emergency room|a&e|hospital|doctor|doc|gp|walk-in|clinic)|(?:i'?m|im|i am) (?:at|in) (?:the )?(?:urgent care|er|emergency room|hospital)|(?:doctor|doc|gp|dr) (?:\w+ )?(?:wants|asked|told me) (?:to see me|me to come)|my (?:chiro|chiropractor|physio|physiotherapist|physical therapist|doctor|doc|gp) (?:says|said|thinks|told me)|(?:fui|tuve que ir|fuimos|voy|estoy) (?:al|a la|a|en|en el|en la) (?:urgencias|emergencias|hospital|medico|doctor|clinica)|(?:el |la |mi )?(?:medic[oa]|doctor[a]?) (?:\w+ )?quiere verme)\b/)),
  escalate('other-concern', 'bleeding', term(/\b(?:bleed\w*|bleeding|sangr\w*|ooz\w*|nose ?bleed\w*)\b/)),

  // The client names the emergency, or asks for 911, themself.
  urgent(
    'named-emergency',
    'names an emergency',
    term(/\b(?:heart attack|(?<!(?:long|gentle|firm|light|deep|the|your|each|every|that|this|great|nice|massage|effleurage) )stroke\b(?! of)|infarto|derrame(?: cerebral)?|embolia|ataque (?:al corazon|cardiaco|de corazon)|anaphyla\w*|anafila\w*|(?:bad |severe |an? )?allergic reaction|anaphylactic|epi-?pen|epinephrine|blood clot|a clot|clot in my|dvt|pulmonary embolism|embolism|coagulo|trombo\w*|(?:call|calling|called|should i call|llam(?:e|ar|o|amos)(?: al)?) 911|ambulance|ambulancia|paramedics|emergency room|sala de emergencias|(?:go|going|went|ir|voy|fui) (?:to )?(?:the )?(?:er|a urgencias|al hospital|to the hospital))\b/),
  ),
  // Other emergencies. Pregnancy: ACOG "Preterm Labor and Birth" and CDC "Urgent Maternal Warning Signs" (Hear Her).
  // Fever with a stiff neck or a purple rash: CDC "Meningococcal Disease: Signs and Symptoms". Seizures: CDC "First
  // Aid for Seizures". Sudden severe belly pain: NHS "Stomach ache" (when to call 999).
  // Pregnant, and bleeding or contractions anywhere in the reply ("32 wks. … i'm bleeding now").
  {
  ...urgent(
    'other-urgent',
    'pregnancy warning sign',
    cue(/\b(?:pregnan\w*|\d+ ?(?:weeks|wks|semanas)|embarazada|prenatal|baby|bebe|third trimester)\b/),
    term(/\b(?:spotting|bleed\w*|contractions?|cramp\w* (?:that )?(?:come|coming|every)|water (?:broke|broken)|leaking (?:fluid|water)|(?:hasn'?t|has not|isn'?t|is not|not) (?!stopped)(?:\w+ )?(?:moved|moving|kicking|kicked)|(?<!(?:n't|not|never) )stopped (?:moving|kicking)|no se (?:ha )?mueve|no se ha movido|no (?:siento|he sentido|lo siento) (?:al |a mi )?bebe (?:moverse|mover)|(?:panza|barriga|vientre) (?:\w+ ){0,4}dur[oa]|se me rompio la fuente|(?:me )?sale liquido|sangr\w*|manchado|manchando|contracciones|colicos)\b/),
  ),
  scope: 'message' as const,
  },
  urgent(
    'other-urgent',
    'fever with a stiff neck or a purple rash',
    cue(/\b(?:fever|temp\w*|10[1-5](?:\.\d)?|fiebre|calentura)\b/),
    term(/\b(?:stiff neck|neck (?:is )?(?:\w+ )?stiff|can'?t (?:put|touch|get) (?:my )?chin|purple (?:spotty |spots? |blotch\w* )?rash|rash (?:that )?(?:doesn'?t|won'?t) fade|(?:spots?|rash|marks?) (?:\w+ ){0,6}(?:don'?t|doesn'?t|won'?t|do not) fade|press(?:ed)? a glass|glass test|(?:tiny|pinpoint|little) (?:red |purple )?(?:purple|red) spots|petechia\w*|manchitas moradas|cuello (?:muy |tan |bien )?(?:rigido|tieso)|(?:no puedo|can'?t) (?:bajar|tocar|put|touch|get) (?:la barbilla|my chin)|manchas moradas)\b/),
  ),
  // Thoughts of suicide. Source: 988 Suicide & Crisis Lifeline (988lifeline.org), "Know the signs".
  urgent('self-harm', 'thoughts of ending their life', term(/\b(?:(?:terminar|acabar) con todo|me quiero morir|quiero morirme|ya no quiero estar aqui|quitarme la vida|no quiero (?:vivir|seguir viviendo)|matarme|(?:want|wanna|going) to (?:die|kill myself|end it)|kill myself|suicid\w*|end my life|(?:don'?t|do not) (?:really |even )?want to (?:be here|be alive|live|wake up|exist)(?: any ?more)?|won'?t be around (?:for|much)|pills lined up|pills (?:out|ready|on the counter)|(?:don'?t|do not|can'?t) see the point|no le veo (?:el )?sentido|tengo las pastillas|(?:take|taking|took) all (?:my|the|of my) pills|end it all|(?:ya )?no quiero (?:seguir )?(?:vivir|viviendo|estar aqui|despertar)(?: ya)?|quitarme la vida|matarme)\b/)),
  // A very high fever with shivering or feeling very ill: NHS "Sepsis" (call 999 or go to A&E).
  { ...urgent('other-urgent', 'a very high fever with shivering', term(/\b(?:(?:fever|fiebre|temp\w*|calentura) (?:de |of |is |was |at |up to )?(?:4[0-2](?:[.,]\d)?|10[4-7](?:\.\d)?)|(?:4[0-2](?:[.,]\d)?|10[4-7](?:\.\d)?) ?(?:°|grados|degrees)? ?(?:c |f )?(?:de |of )?(?:fiebre|fever|temp\w*|calentura))\b/), cue(/\b(?:shiver\w*|shaking|shakes|chills|rigors|temblando|tiritando|escalofrios|muy mal|very (?:ill|unwell|sick)|terrible|awful)\b/)), scope: 'message' as const },
  // Low blood sugar that does not come up: American Diabetes Association, "Hypoglycemia (Low Blood Glucose)".
  urgent('other-urgent', 'low blood sugar', term(/\b(?:(?:blood )?sugar (?:is |was |at |of |down to )?(?:[1-5]\d)\b(?! (?:years|yrs|minutes|min))|(?:glucose|bg|glucosa|azucar) (?:is |was |at |de |en )?(?:[1-5]\d)\b|(?:juice|glucose tabs?|candy|sugar) (?:isn'?t|is not|not|won'?t) (?:bringing|helping|working|bring)|bajon de azucar|se me bajo (?:mucho )?el azucar)\b/)),
  // Too many pills: America's Poison Centers (call 1-800-222-1222, or 911 if the person is drowsy or hard to wake).
  urgent('other-urgent', 'too much medicine', term(/\b(?:took (?:way |far )?too many (?:of )?(?:my |the |these |those )?(?:\w+ ){0,3}?(?:pills|tablets|meds|painkillers)|took (?:a (?:whole )?(?:heap|bunch|load|lot|handful|pile) of|a whole (?:bottle|pack|box) of) (?:her |my |his |their |the )?(?:\w+ ){0,2}(?:pills|tablets|meds|painkillers)|overdos\w*|(?:tome|me tome) (?:demasiadas|muchas|un monton de) (?:pastillas|pildoras))\b/)),
  // Not responding: Red Cross first aid (an unresponsive person needs 911).
  urgent('other-urgent', 'not responding', term(/\b(?:unresponsive|(?:he|she|they|him|her|husband|wife|partner|mom|dad|son|daughter) (?:\w+ )?(?:won'?t|doesn'?t|isn'?t) (?:wake up|waking up|respond\w*)|can'?t wake (?:him|her|them)|can'?t wake (?:\w+ ){1,2}up|(?:really |very )?drowsy and (?:not answering|confused|not making sense|won'?t respond)|not answering (?:right|properly)|no reacciona|adormilad[oa] y no (?:contesta|responde)|(?:can'?t|cannot|couldn'?t|won'?t) rouse|gone (?:all )?(?:floppy|limp)|barely (?:with us|conscious|awake)|(?:is|are|was) not responding|(?:not|isn'?t|won'?t|wasn'?t) answering (?:me|when)|won'?t answer me|(?:no (?:me )?responde|no contesta) (?:bien|nada|cuando le hablo)|(?:esta|está) como id[oa]|(?:esta|está) inconsciente)\b/)),
  // Blue lips or fingertips (cyanosis): NHS "Blue skin or lips (cyanosis)" — call 999 if lips or fingertips turn blue suddenly.
  urgent('other-urgent', 'blue lips or fingertips', term(/\b(?:(?:lips?|fingertips|finger ?tips|fingernails|nails|labios|yemas de los dedos) (?:\w+ ){0,3}(?:blue|bluish|purple|grey|gray|azul\w*|morad\w*)|(?:blue|bluish|azul\w*) (?:lips?|fingertips|labios))\b/)),
  // A checklist answer: "pee? dark brown. muscles? hurt like crazy".
  urgent('rhabdo', 'dark urine', term(/\b(?:urine|pee|wee|orina|pipi)\?\s*(?:\w+ ){0,2}(?:dark|brown|black|cola|tea|oscur[oa]|cafe)\w*/)),
  urgent('other-urgent', 'a spreading infection', term(/\b(?:red streaks?|streaking|streaks? (?:going|running) up|lineas rojas|rayas rojas)\b/)),
  urgent('other-urgent', 'a spreading infection', cue(/\b(?:fever\w*|chills|fiebre|escalofrios|calentura)\b/), term(/\b(?:spreading|red and hot|hot and red|getting bigger|se esta extendiendo|roj[oa] y caliente|caliente y roj[oa])\b/)),
  urgent(
    'other-urgent',
    'a fall with a possible fracture',
    cue(/\b(?:slipped|slip|fell(?! asleep| for)|fall(?! asleep)|tripped|landed|me cai|se cayo|resbale|me resbale|tropece)\b/),
    term(/\b(?:can'?t (?:put|bear) (?:any )?weight|can'?t get up|(?:foot|leg|arm|wrist|hip) (?:is )?(?:turned|twisted|bent) (?:out|in|the wrong way|funny|wrong)|bone (?:is )?(?:sticking|poking) out|broken|broke (?:my|a)|fractur\w*|dislocat\w*|no (?:puedo|me puedo) (?:apoyar|levantar)|se me salio (?:el|la)|hueso)\b/),
  ),
  // Head injury warning signs. Source: CDC HEADS UP "Danger signs" after a concussion.
  {
    ...urgent(
    'other-urgent',
    'a knock to the head with warning signs',
    cue(/\b(?:hit|bumped|banged|smacked|knocked|cracked) (?:my |his |her )?head|head injury|golpe en la cabeza|me (?:pegue|golpee|di) (?:en )?la cabeza|se (?:pego|golpeo) (?:en )?la cabeza\b/),
    term(/\b(?:thr(?:own|ew|owing) up|vomit\w*|puk\w*|foggy|confus\w*|dizz\w*|drowsy|sleepy|can'?t stay awake|passed out|blacked out|worst headache|mare\w*|confundid[oa]|somnolient[oa]|desmay\w*|vomito|mucho sueno|muy dormid[oa])\b/),
    ),
    scope: 'message',
  },
  urgent('other-urgent', 'sudden severe belly pain', term(/\b(?:(?:sudden|severe|terrible|worst|horrible|intense|excruciating) (?:\w+ )?(?:stomach|abdominal|belly|tummy) pain|(?:stomach|abdominal|belly|tummy) pain (?:is )?(?:so )?(?:severe|horrible|terrible|unbearable|excruciating)|dolor de (?:panza|estomago|barriga|vientre|abdomen|pancita) (?:muy )?(?:horrible|fuerte|insoportable|terrible|intenso))\b/)),
  urgent(
    'other-urgent',
    'a seizure, or a fever with a stiff neck',
    term(/\b(?:seizures?|seizing|convuls\w*|had a fit|convulsion\w*|ataque epileptico|(?:se (?:le |me )?puso|se (?:le |me )?quedo|went|got) (?:\w+ ){0,3}?(?:tiesa|tieso|rigid[oa]?|stiff)\b[^.!?\n]{0,40}\b(?:tembl\w*|shak\w*|jerk\w*|sacud\w*)|(?:temblar|tembl\w*|shaking|jerking|sacud\w*)[^.!?\n]{0,30}\bsin (?:responder|contestar|reaccionar)|stiff neck (?:\w+ ){0,6}(?:fever|rash)|(?:fever|rash) (?:\w+ ){0,6}stiff neck)\b/),
  ),

  // Not an emergency; the therapist calls soon. Source for all below: the practice's aftercare article ("sharp or
  // painful instead of achy", "bruised", "restricted movement", "lasts more than a few days", "if something feels off").
  escalate('sharp-pain', 'sharp pain', term(new RegExp(String.raw`(?<!\d |\d|[ap]m |o'?clock )\bsharpe?(?:ish|ly|er|est)?\b${TAIL}|\bpiercing\b(?! (?:in my|on my|studio|shop|got|was|done))|\bpun[sz]ante\w*|\bpun[sz]ada\w*|\bpinchazo\w*|\bchuz(?:on|ones|o)\b|\bpiquete\w*(?! de (?:mosco|mosquito|zancudo|abeja|arana|hormiga|insecto))|\bme punza\w*|\bdolor agud\w*|\bagud(?:[oa]|it[oa])\b`))),
  escalate('sharp-pain', 'stabbing pain', term(new RegExp(String.raw`\bstabb?(?:s|ing|in'?|y|ed|bing)?\b${TAIL}|\bice ?picks?\b|\b(?:poking|sticking|jabbing|stabbing|driving) (?:a |me with a )?(?:hot |red[- ]hot )?(?:needle|pin|hatpin|knife|nail|skewer)s?\b|\bzing(?:ers?|s|y)?\b|\brubber band snapp\w*|\bpiquet\w*|\bjab(?:s|bing|bed)?\b|\bmakes? me (?:wince|flinch|gasp|yelp|jump)\b|\blive wire\b|\bpok(?:e|es|ing) (?:\w+ )?(?:into|in)\b|\bcomo (?:una |un )?(?:cuchillo|navaja|pu[nñ]al|aguja|cuchillada)|\bcomo si me (?:clavaran|clavara|metieran|enterraran) (?:un |una )?(?:cuchillo|aguja|clavo|navaja)|\bdolor filos[oa]|\bagujitas?\b|\bpiquetitos?\b`))),
  escalate('sharp-pain', 'shooting pain', term(/\b(?:shoot(?:s|ing|in'?)?\b(?= (?:(?:thing|feeling|sensation|kind of|sort of) )?(?:pains?|down|up|into|through|along|across|out|from|to))|shooting pains?\b|pains? (?:\w+ )?shoot\w*|dolor (?:que )?(?:me )?(?:baja|corre|recorre|sube))/)),
  escalate('sharp-pain', 'burning pain', term(new RegExp(String.raw`\bburn(?:s|ing|in'?|y)?\b${TAIL}|\bon fire\b|\bme arde\w*|\bardor\w*|\bquema\w*|\bardiente\b`))),
  escalate(
    'sharp-pain',
    'electric or nerve pain',
    term(/\b(?:electric(?:al|ity)?|zap(?:s|ping|py|ped)?|jolts?|shocks? (?:down|through|up|into|in|of pain)|like (?:a |an )?(?:electric )?shock|shock-like|knife|knives|daggers?|nerve (?:pain|pinch|issue|thing)|pinched (?:a )?nerve|sciatic\w*|electric\w*|toques?|descargas?|corrientaz\w*|corriente|calambres? (?:electric\w*|que baja)|nervio (?:pinchado|pellizcado|atrapado|pinzado)|ciatic\w*)\b/),
  ),
  escalate(
    'severe-pain',
    'severe pain',
    term(
      /\b(?:killin'?g? me|pain (?:level|score)\??\s*(?:\w+ ){0,2}(?:[7-9](?:\.5)?|10)\b(?!\s*(?:am|pm|days?|hours?))|(?:way |far |well )?(?:past|beyond) (?:sore|normal soreness|normal)\b|(?:sore\w*|pain|ache|hurts?) (?:\w+ ){0,2}so bad (?:i|that)\b|had to (?:leave work|go home|call in sick|stay home|take (?:the day|time) off|leave early)|pain (?:is |was )?(?:really |so |very )?strong|can'?t (?:even )?think straight|something fierce|like the dickens|(?:dolor|duele) (?:\w+ )?(?:mas|tan) grande|no puedo con (?:el|este|ese) dolor|no puedo con el\b|pain (?:is |was |has been )?(?:\w+ )?(?:unreal|insane|brutal|ridiculous)|(?:can barely|barely|hardly|can hardly) (?:stand|bear|take|handle|tolerate) (?:it|the pain)|agony|(?:pain|it|dolor) (?:is |was |has been )?(?:\w+ )?through the roof|kills me|murdering me|(?:dolor|duele) (?:\w+ ){0,8}?(?:es |esta )?(?:demasiado|canon|cabron|bien fuerte|muy fuerte|fuertisim[oa]|fortisim[oa]|tremendo|insoportable)|(?:me )?duele tanto|(?:dolor|duele|molestia)\b[^.!?\n,]{0,60}\b(?:es|esta|fue|sigue|se puso) (?:muy|bien|super|demasiado) fuerte|reportarme enfermo|(?:tuve|tengo) que (?:faltar|pedir permiso|salir temprano|irme) (?:al|del|en el|a mi) trabajo|(?:falte|no fui) al trabajo (?:por|del|de) (?:el )?dolor|(?:duele|dolor|adolorid[oa]) (?:\w+ ){0,2}?(?:horrores|un chingo|un chingon|a morir|una barbaridad|de muerte|como nunca|bestial\w*)|no (?:lo |la )?(?:aguanto|soporto)(?! (?:las ganas|para|a que|mas sin))|(?:esta|está) (?:bien )?bravo el dolor|el dolor (?:esta|está) (?:bien )?bravo|no me deja (?:trabajar|concentrarme|hacer nada)|in bits with (?:the )?pain|(?:el dolor|me duele) no me deja (?:hacer nada|trabajar|caminar|moverme|vivir)|(?:the )?pain (?:won'?t|doesn'?t) let me (?:do anything|work|sleep|move)|duele raro|dolor raro|duele diferente|no es (?:un |el |como )?(?:dolor )?(?:normal|de masaje|agujeta\w*)|hurts? (?:that|this) much|(?:can'?t|cannot|couldn'?t) get comfortable|(?:had|have|tuve|tengo) (?:to|que) (?:take|tomar) (?:\w+ ){0,2}(?:strong|fuerte) (?:\w+ )?(?:to|for|para)|ni con (?:el |la |las |los |unas? )?(?:ibuprofeno|paracetamol|pastillas?|advil|tylenol|analgesicos?|aspirinas?|medicinas?)|(?:even with|even after|despite) (?:the |some |my )?(?:ibuprofen|advil|tylenol|painkillers|pain killers|pain meds|aspirin|motrin|aleve|meds)|(?:took|taking|tried|had|taken) (?:\w+ ){0,3}(?:ibuprofen|advil|tylenol|painkillers|pain killers|pain meds|aspirin|motrin|aleve|meds|pills)\b[^.!?\n]{0,30}?\b(?:isn'?t|aren'?t|doesn'?t|don'?t|not|hasn'?t|haven'?t|didn'?t|did not|does not|do not|no) (?:\w+ )?(?:help\w*|work\w*|touch\w*|do\w* (?:anything|a thing|much))|(?:ibuprofen|advil|tylenol|painkillers|pain killers|pain meds|motrin|aleve|meds) (?:isn'?t|aren'?t|doesn'?t|don'?t|not|hasn'?t|haven'?t|didn'?t|did not|does not|do not) (?:\w+ )?(?:help\w*|work\w*|touch\w*|do\w* (?:anything|a thing|much))|excru\w*|excrut\w*|unbear\w*|agon(?:y|i[sz]ing)|(?:severe|intense|horrible|terrible|awful|extreme|insane|serious|bad|so much|a lot of|lots of|a great deal of|considerable|significant|worst|real|crazy|major) (?:pain|ache|soreness|hurting)|(?:left|leave|leaving) (?:work|the office|my shift) early|cr(?:y|ies|ied|ying) out (?:in pain|when|if|every)|pain (?:is |was )?(?:really |so |very )?(?:bad|intense|severe|awful)|in (?:so much |a lot of |serious |real |severe |constant |)pain|pain (?:level|score) (?:(?:of|is|at|like|about|around|maybe|prob|probably|a|an)\s)*(?:[7-9](?:\.5)?|10)|(?<!(?:little|bit|slightly|mildly|tad|lil|somewhat|kinda|kind of) )painful|hurts? (?:so|really|very|super|too) (?:bad|badly|much)|hurts? (?:real )?bad(?:ly)?\b|hurts? like (?:hell|crazy|mad|a bitch|heck|fuck|shit)|really hurts|hurts a lot|hurts too much|(?:back|neck|muscles?|shoulders?|legs?|hips?) (?:is |are )?screaming|can'?t (?:bear|take|handle|stand) (?:it|the pain)|worse than (?:normal |usual |regular )?sore\w*|not (?:a |the |your )?(?:normal|usual|regular|typical|ordinary|everyday) (?:sore\w*|ache|achy|pain)|more than (?:just )?(?:sore\w*|achy)|me duele (?:\w+ )?(?:muchisimo|mucho|demasiado|horrible\w*|un monton|bastante|fuerte)|duele (?:muchisimo|mucho|demasiado|horrible)|dolor (?:muy )?(?:fuerte|intenso|horrible|terrible|insoportable|tremendo|severo|espantoso|bien feo|feo|grave)|mucho dolor|muchisimo dolor|no (?:aguanto|soporto) (?:el dolor|el cuello|la espalda|nada)|me (?:esta )?(?:mata|matando)\b|(?:way |far |well )?(?:past|beyond) (?:normal|usual|regular)|(?:\w+ing|hurts?|aches?) so (?:bad|badly)|never (?:hurt|been in (?:this much|so much) pain|had pain) (?:this|like this|so)|(?:hurts|pain|aches?|ache) like a (?:[7-9]|10)\b|no puedo (?:dormir|ni dormir) (?:del|por el|de) dolor)/,
    ),
  ),
  escalate(
    'severe-pain',
    'severe pain',
    term(/\b(?:10|[7-9](?:\.5)?)\s*(?:\/|out of|outta|de)\s*10\b(?! (?:would|massage|experience|session|service|recommend|therapist|stars?|masaje|servicio))/),
    // The pain is read for context too: "zero soreness, zero bruising, 10/10" rates the massage.
    term(new RegExp(String.raw`\b(?:${PAIN})\b`)),
  ),
  escalate(
    'severe-pain',
    'severe pain',
    cue(new RegExp(String.raw`\b(?:${PAIN})\b`)),
    term(/\b(?:severe|unbearable|intense|excruciating|agoni[sz]ing|insoportable|horrible|terrible|espantos[oa]|fuertisim[oa]|brutal|cried|crying|in tears|brought me to tears|llore|llorando|lloro)\b/),
  ),
  { ...escalate('severe-pain', 'a high pain score', cue(new RegExp(String.raw`\b(?:${PAIN}|ibuprofen|advil|tylenol|painkillers?|motrin|aleve|ouch)\b`)), term(/\b(?:still|it'?s|its|now|like|about|maybe|prob|probably|easily|solid) (?:a |an )(?:[7-9](?:\.5)?|10)\b(?! (?:am|pm|o'?clock|days?|hours?|minutes?|mins?|weeks?|times?|sessions?|out of 10 (?:massage|experience|would)))/)), scope: 'message' as const },
  escalate(
    'severe-pain',
    'pain stopping sleep',
    cue(
      /\b(?:(?:can'?t|cannot|couldn'?t|could not|unable to|hard to|trouble|barely|hardly|not|didn'?t|haven'?t|hasn'?t) (?:\w+ )?(?:sleep\w*|slept)|(?:kept|keeping|keeps) me (?:up|awake)|(?:woke|waking|wakes) me up|no sleep|no (?:pude|puedo|podia) dormir|no dormi|me desperto|me despierta|no me (?:deja|dejo|dejaba) dormir)\b/,
    ),
    term(new RegExp(String.raw`\b(?:${PAIN})\b`)),
  ),
  escalate('bruising', 'bruising', term(/\b(?:bru+i?e?[sz](?!h)\w*|bruse\w*|bursie\w*|brews|bruze\w*|bruize\w*|bluey|(?:i'?m|im|it'?s|its|is|are) (?:all )?purple\b|(?:going|turning|gone|went) (?:a bit |kind of |kinda )?(?:blue|purple|black and blue)\b|(?:is|looks|kind of|kinda|turned|went|gone|going) (?:\w+ )?(?:purple|purplish|black and blue)\b|black (?:and|&|n) blue|(?:purple|purplish|blue|bluish|black|dark|yellow|green|greenish)(?:-?ish)? (?:marks?|spots?|patch\w*|blotch\w*|area|splotch\w*|discolou?ration|circles?|rings?)|discolou?r\w*|hematoma|haematoma|moret(?:on|e)\w*|machuc(?:on|ones|ado|ada)\b|morad(?:[oa]s?|it[oa]s?)|amoratad\w*|cardenal\w*|mancha\w* (?:morad|azul|negr|verde|amarill)\w*|marcas? morad\w*|se (?:me )?puso morad[oa]|verdugon\w*)\b/)),
  escalate(
    'restricted-movement',
    'trouble moving',
    term(
      new RegExp(
        String.raw`\b(?:${CANT} (?:(?:really|even|fully|properly|quite|totally|actually) )?${MOVE}|(?:trouble|difficulty|struggling|problems?) (?:turning|lifting|bending|moving|walking|raising|reaching|standing|sitting|getting up)|(?<!(?:door|gate|car|was it|is it|it was|it'?s|its) )locked(?: up)?\b(?! (?:out|my|the|in the))|seiz(?:ed|ing) up|torticolis|no (?:giro|volteo|muevo) (?:la cabeza|el cuello)|(?:arm|leg|head|neck|shoulder) (?:won'?t|doesn'?t|can'?t|will not) (?:go|get|lift|move|turn|raise) (?:\w+ )?(?:above|over|past|up|all the way|behind)|se me (?:trabo|atoro|bloqueo) (?:la espalda|el cuello|la cadera|el hombro)|ni (?:el|la|los|las|mi|mis) \w+ (?:puedo|podia|pude) (?:subir|levantar|mover|girar|alzar|voltear|doblar)|locks? up|locking up|(?:just |but )?not all the way (?:to the|up|down|round|around|back|over)\b|(?:can'?t|cannot) (?:\w+ ){0,3}all the way\b|(?:neck|back|shoulder|hip|knee|arm)(?:'s| is) stuck|(?:can|could) only look (?:straight )?ahead|(?:is |'s )?a no-?go|won'?t let my (?:head|neck|arm|leg|shoulder) (?:go|move|turn)|frozen (?:shoulder|neck)|(?:neck|back|shoulder|hip|jaw) (?:is |feels |got )?(?:stuck|frozen)|(?:limited|reduced|restricted|no|lost) (?:range|mobility|movement|motion|rotation|turning)|(?:can'?t|cannot|couldn'?t) get (?:my )?(?:\w+ )?(?:arm|leg|head|neck|shoulder) (?:up|over|past|behind|around|above)|(?:before|without) it catch\w*|(?:it )?catches (?:when|whenever|if|every time)|limp(?:ing)?\b|won'?t (?:turn|move|bend|straighten|open|close|lift|go (?:up|down|all the way|back))|(?:can'?t|can only|won'?t) (?:\w+ ){0,3}all the way|like there'?s a wall|(?:needed|required|need) (?:help|assistance) (?:\w+ )?(?:dressing|getting (?:up|dressed|out)|standing|walking|to (?:dress|stand|walk|get up))|(?:just |is |feels |it'?s )stuck\b|${NO_PUEDO} (?:(?:bien|casi|ni|mucho) )?${MOVER}|(?:cuello|espalda|hombro|cadera|quijada|mandibula|rodilla) (?:\w+ )?(?:trabad[oa]|bloquead[oa]|congelad[oa]|atorad[oa]|atascad[oa])|cojea\w*|cojo\b|rengue\w*|no (?:lo|la) puedo mover)`,
      ),
    ),
  ),
  escalate(
    'numbness-tingling',
    'numbness or tingling',
    term(
      /\b(?:numb(?!er)\w*|num+ness|numm\w*|nunb\w*|numd\w*|can'?t feel (?:my|the)|(?:can'?t|cannot|barely) (?:really )?feel (?:the |my )?(?:tip|tips|side|back|part|end)|wrapped in (?:a )?(?:glove|cotton|plastic|wool)|(?:keeps?|kept) (?:falling asleep|going numb|going dead)|acorchad[oa]s?|se (?:me|le|nos|les) (?:entumen|entumecen|duermen|adormecen)|(?:como )?agujitas|hormigue\w*|(?:dedos?|pulgar|indice|menique|anular|mano|manos|brazo|pierna|pie|pies|muslo|pantorrilla|cara|labio) (?:\w+ ){0,4}(?:medio |como |bien )?dormid[oa]s?|been to the dentist|like (?:at |after )?the dentist|novocaine|in (?:\w+ )?(?:gloves|mittens)|ants (?:\w+ ){0,2}(?:crawling|marching|walking|running)|bugs crawling|hormig(?:as|uitas) (?:\w+ )?(?:caminando|corriendo|en)|like (?:i'?m |im )?wearing a glove|(?:it'?s|its|feels?) like (?:it'?s |its )?asleep|buzz(?:ing|y) (?:feeling|sensation)|(?:like|more like) (?:a )?buzz\w*|(?:vibrat\w*|buzz\w*) (?:under|in) my (?:skin|\w+)|cannot feel|no feeling in|(?:arms?|hands?|legs?|foot|feet|fingers?|toes?) (?:keeps? |kept |is |are |has |have )?(?:falling|fell|fallen|going|goes|went) (?:to )?asleep|(?:fingers?|hand|arm|leg|foot|toes?) (?:are |is |feel |feels )?(?:\w+ ){0,2}asleep|(?:it|foot|feet|hand|arm|leg|fingers?|toes?) (?:has |have |had )?(?:fallen|fell|gone|went) asleep|dead arm|tinge?l\w*|pins (?:and|&|n|'n') needles|prickl\w*|buzz\w* (?:in|down|through)|entumid\w*|entumecid\w*|adormecid\w*|adormec\w*|se (?:me )?(?:durmio|duerme|duermen|durmieron) (?:el|la|los|las|mi|mis)|dormid[oa]s? (?:el|la|los|las|mi|mis)? ?(?:brazo|mano|pierna|dedos|pie)|(?:brazo|mano|pierna|dedos|pie)s? (?:\w+ ){0,3}dormid[oa]s?|hormig\w*|cosquill\w*|no siento (?:el|la|los|las|mi|mis) (?:brazo|mano|pierna|dedo|pie)\w*)/,
    ),
  ),
  escalate('numbness-tingling', 'weakness', term(/\b(?:weak(?:ness)? (?:in|on) (?:my )?(?:arm|hand|leg|grip|fingers|wrist)|(?:arm|hand|leg|grip|fingers|wrist)s? (?:feels? |is |are |got |went |so )?(?:\w+ )?(?:weak|weaker)|no grip|lost (?:my )?(?:grip|strength)|sin fuerza|debil(?:idad)? (?:en )?(?:el |la |mi )?(?:brazo|mano|pierna)|(?:brazo|mano|pierna) (?:\w+ )?debil)\b/)),
  escalate('swelling-lump', 'swelling', term(new RegExp(String.raw`\b(?:balloon\w*|puffed up|puff(?:y|ier|iness)\b|blew up like|swel+(?:ing|ed|s)?\b(?! (?:time|job|guy|gal|day))|swol+e?n?\b|puff(?:y|ed up|iness)|inflam\w*|hinch\w*|inchad\w*|inchazon|inchar\w*|incho\b|inflamacion|se (?:me )?inflamo)`))),
  escalate('swelling-lump', 'a lump', term(/\b(?:lumps?|lumpy|nodules?|(?:\w+ )?(?:bump|knot|ball)s? (?:\w+ )?(?:came up|popped up|showed up|appeared|formed)|(?:(?:a|an|the) )?(?:(?:new|hard|big|tender|small|little|painful|weird|squishy|soft) )+(?:bump|knot|ball)s? (?:\w+ )?(?:at|appeared|showed up|came up|popped up|formed|that wasn'?t|on|under|in|behind)|(?:a|an) (?:bump|ball)s? (?:\w+ )?(?:at|appeared|showed up|came up|popped up|formed|that wasn'?t|on|under|in|behind)|(?:bump|knot|ball)s? (?:\w+ )?under (?:the|my) skin|turned into (?:an? )?(?:actual |real |hard |big )?(?:bump|lump|ball)|(?:knot|bump|lump) (?:\w+ ){0,2}(?:sticks|sticking|poking) out|raised (?:bump|lump|spot)|(?:bump|lump) (?:is |that'?s |thats )?(?:raised|hard|warm)|(?:like|size of|big as) an? (?:marble|pea|grape|golf ball|walnut|egg|almond)|(?:bump|bulto|bolita|chichon|lump|bola)\w* (?:\w+ ){0,4}(?:que antes no (?:tenia|estaba|habia)|that wasn'?t there before|that'?s new|nuev[oa])|pea[- ]?sized|marble[- ]sized|grape[- ]sized|golf ball|bolita\w*|bulto\w*|bultito\w*|chipote\w*|protuberancia\w*|chichon\w*|se (?:me )?(?:hizo|formo|salio) una (?:bola|bolita)|una bola)\b/)),
  escalate(
    'worsening',
    'getting worse',
    term(/(?:(?<!(?:could be|could have been|could've been|couldve been|would be|it'?d be) )\bworse\b(?! (?:before|than (?:i expected|expected)))|\bworsen\w*|\bsorer\b|\bmore (?:sore|painful|pain) (?:today|now|than|this)|\b(?:hurts|hurting|aching|aches) more\b|\bmore and more\b|\bgetting worst\b|\bworst every day\b|\bpeor cada dia\b|\b(?:pain|ache|soreness|dolor)(?:'s| is)? (?:\w+ )?(?:going|went|gone|getting) up\b|\bgoing up not down\b|\b(?:se (?:me )?(?:esta )?poniendo|se pone|se puso) (?:cada vez )?mas (?:fuerte|intenso|feo)\b|\b(?:va|ha ido|fue|iba|sigue) a mas\b|\bva de mal en peor\b|\bva en aumento\b|\bcada (?:dia|vez|noche|manana) (?:mas|peor)\b(?! (?:mejor|bien|relajad\w*|content\w*|feliz|suelt\w*|liger\w*|tranquil\w*|facil|rapido|comod\w*|flexible\w*|agradecid\w*))|\b(?:pain|ache|soreness|sore|dolor|back|neck|it|numbers?|scores?)\b[^.!?\n]{0,20}\btrending (?:up|upward|the wrong way)\b|\b(?:dolor|molestia) (?:\w+ )?(?:no (?:baja|cede|afloja|disminuye)|aument\w*|empeor\w*)\b|\bmas (?:fuerte|intens[oa]|fe[oa]) que (?:ayer|antes|anoche|el primer dia|el otro dia)\b|\ben vez de (?:bajar|mejorar|quitarse)\b|\bal contrario\b[^.!?\n]{0,30}\b(?:mas|peor)\b|\bya no es (?:una )?molestia\b|\bgoing the wrong (?:way|direction)\b|\b(?:yesterday|ayer) (?:\w+ ){0,3}(?:a little|a bit|un poco|poco)\b[^.!?\n]{0,12}\b(?:today|hoy) (?:\w+ ){0,2}(?:a lot|more|mucho|worse|peor)\b|\b(?:pain|ache|soreness|dolor)(?:'s| is| keeps)? (?:\w+ ){0,5}?(?:is |keeps )?(?:increasing|intensifying|escalating|aumentando)\b|\b(?:came|coming|comes) back(?: \w+)?,? (?:stronger|worse)\b|\bstronger than (?:before|yesterday|ever)\b|\b(?:volvio|regreso) (?:el dolor|mas fuerte|peor)\b|\bkeeps? (?:climbing|going up|rising|increasing|getting stronger)\b|\b(?:going|gone|went) downhill\b|\b(?:pain|ache|soreness|dolor)(?:'s| is)? (?:climbing|ramping up|creeping up|building)\b|\bfrom a (?:whisper|murmur|niggle|tickle) to a (?:shout|scream|roar)\b|\bsorer and sorer\b|\bramping up\b|\b(?:spreading|spread) (?:down|up|into|to|across)\b|\bgetting (?:stronger|more intense|bigger|darker)\b|\b(?:going|went) in the (?:other|wrong|opposite) direction\b|\bme (?:esta|va) subiendo\b|\b(?:se (?:me )?)?(?:esta|va) extendiendo\b|\bpeor\b|\bempeor\w*|\bcada vez (?:mas|peor)\b(?! (?:mejor|bien|relajad\w*|content\w*|feliz|suelt\w*|liger\w*|tranquil\w*|facil|rapido|comod\w*|flexible\w*|agradecid\w*))|\bme duele mas\b|\bmas (?:dolor|adolorid[oa])\b)/),
  ),
  escalate(
    'worsening',
    'not improving',
    term(/\b(?:(?:not|isn'?t|hasn'?t|won'?t|doesn'?t|never) (?:going|gone|go|went) away|(?:not|isn'?t) (?:getting |feeling |any )?better|no better|(?:not|isn'?t) (?:improving|easing|letting up)|hasn'?t (?:eased|improved|gotten better|got better)|won'?t (?:ease|let up)|no (?:se me )?(?:quita|quito|mejora|mejoro|ha mejorado|se (?:me )?ha quitado|ha pasado|se va|se me va)|sigue igual|no mejora|no (?:estoy|me siento|esta|me encuentro) (?:nada )?mejor)\b/),
  ),
  escalate('injury', 'possible injury', term(/\b(?:(?:pulled|strained|tweaked) (?:a |my )?(?:\w+ )?(?:muscle|something|groin|hamstring|calf|back|neck|shoulder|quad|hip flexor|rib|oblique)|tweak(?:ed|ing)|injur\w*|strained|sprain\w*|pinch(?:ed|ing)|torn|tore (?:something|a)|hyperextend\w*|unstable|slipped|tripped|rolled (?:my )?(?:ankle|foot|wrist)|twisted (?:my )?(?:ankle|knee|wrist|back)|torc(?:i|io|ido)\w* (?:el |la |mi )?(?:tobillo|rodilla|muneca)|desacomod\w*|out of place|popped out|(?:fell|landed) (?:on|off|down)|me (?:cai|resbale)|wobbly|gave way|giving way|(?:leg|knee|ankle|hip)s? (?:\w+ )?(?:gives? out|gives? way|buckles?)\b|(?:could|might|going to|gonna|about to) (?:slip|pop|come) out|dislocat\w*|se me (?:sale|salio|zafa|zafo) el (?:hombro|codo|tobillo)|goose ?egg|(?:felt|had|got|feel) (?:a |this )?(?:\w+ )?(?:twang|ping|pop)\b|popp?(?:ed|ing) (?:sound|noise)|(?:heard|felt) a (?:\w+ )?(?:pop|snap|click|crack)|went '?(?:clunk|pop|snap|crack|click)|ribs? (?:might be |is |was |are |may be |could be )?out\b|a pop in my|(?:cracked|broken|fractured|broke) (?:a |my )?ribs?|ribs? (?:\w+ ){0,6}(?:cracked|broken|fractured)|(?:costilla|hueso) (?:\w+ ){0,3}(?:rota|roto|fracturad[oa])|felt something (?:tear|rip|snap|pop|give|shift)|tronido|se (?:me )?(?:pinzo|pincho|pellizco) (?:un )?nervio|(?:pinz|pinch|pellizc)\w* (?:un |el |algun )?nervio|nervio pinzado|(?:senti|escuche|oi) (?:un )?(?:crack|crujido|tronido|chasquido)|fisur\w*|me (?:jodieron|fregaron|chingaron|lastimaron) (?:la|el) \w+|algo se (?:movio|salio|zafo) (?:feo|mal|de lugar)|se (?:me|le) (?:doblo|torcio|tuerce|volteo|fue) (?:el|un) (?:tobillo|pie)|(?:me )?(?:doble|torci|voltee) el (?:tobillo|pie)|nervio montad?o|se (?:me|le) (?:trabo|atoro|atasco|zafo) algo|(?:me )?(?:quedo|dejaste|dejo) algo mal|(?:trono|crujio|sono|tronaba|hizo crack) (?:\w+ )?(?:feo|fuerte|raro|horrible|durisimo)|nerve(?:'s| is)? (?:\w+ )?(?:caught|trapped|stuck)|something (?:popped|snapped|shifted|moved)|me lastim\w*|lastimad[oa]|(?:hurt|injured|banged|bumped|jammed) (?:my|her|his|their) (?:\w+ )?(?:wrist|ankle|knee|back|neck|shoulder|hip|hand|arm|leg|elbow|head|finger|thumb|foot|toe)|lesion\w*|desgarr\w*|esguince|torcedura|me jale|jalon|tiron|me jala (?:feo|raro|mucho)|(?:algo )?(?:me |se me )(?:trono|trono algo|crujio|zafo)|me (?:troné|trone|trono|tronó) algo|se (?:me )?zafo)\b/)),
  escalate('headache', 'headache', term(new RegExp(String.raw`\b(?:${HEADACHE})`))),
  escalate(
    'dizziness-nausea',
    'dizziness',
    term(/\b(?:diz+[iy]\w*|dizy|light ?-?headed\w*|woozy|vertigo|(?:the|this|that) spinning\b(?! (?:class|bike|session))|(?:room|head|everything|world|ceiling) (?:\w+ )?(?:is |was |keeps |starts |started )?(?:spinning|spins|spun|spin)|(?:me dan?|me daban?|dan) vueltas|(?:seeing|see|saw|seen) stars|(?:everything|vision|world|it all) (?:went|goes|going|turns?|turned) (?:grey|gray|black|dark|white|fuzzy|staticky)\b|veo estrellitas|se me nubla (?:la vista|todo) al (?:pararme|levantarme)|mare(?:e|aba|ar|arme|ando)\b|todo se (?:movio|mueve|mov\w*)|on a boat|on a ship|(?:floor|ground|room|bed|world) (?:\w+ )?(?:moving|tilting|tilts|tilted|swaying|sways|rocking|rocks)|como (?:en|si estuviera en) un barco|(?:room|everything|world|head) (?:did|does|do) (?:a |some )?(?:little |bit of a |quick |weird )?(?:spin|twirl|whirl)|se (?:me )?mueve todo|unsteady|off balance|mare(?:ad[oa]|o|os|a)\b|mareit[oa]s?|mareadit[oa]|mareos?|(?:me da|me daba|da) vueltas|(?:la cabeza|todo) me da vueltas)\b/),
  ),
  escalate(
    'dizziness-nausea',
    'nausea',
    term(/\b(?:naus\w*|nautious|nasue\w*|nasea|queasy|sick to my stomach|feel(?:s|ing)? (?:\w+ )?sick|threw up|throw(?:ing)? up|vomit\w*|puk(?:e|ed|ing)|barf\w*|nause\w*|seasick|carsick|motion sick|green (?:around|about|at) the gills|ganas de vomitar|devolvi|basca\w*|trasboc\w*|guacar\w*|(?:con|tengo|siento|me da|me dio) (?:\w+ )?asco\b(?! (?:de|el|la|que|ver))|estomago revuelto|revuelto el estomago|asquead[oa])\b/),
  ),
  escalate('skin', 'rash or skin reaction', term(/\b(?:rash\w*|hives|welts?|irritat\w*|itch\w*|redness|red (?:marks?|patch\w*|area|skin|welts?)|blotch\w*|scratch\w*|pimples?|zits?|acne|enrojecid\w*|irritad\w*|irritacion|granos?|rasgu\w*|itchy (?:bumps|spots|red|skin|patches|all over)|(?:(?:little|tiny|small|raised|white|red|itchy) )+bumps|itch(?:ing|y)? (?:all over|everywhere|like crazy)|red (?:bumps|spots|blotch\w*|patches|dots)|broke out|breakout|break(?:ing)? out\b(?! (?:the|a|my) (?:wine|champagne|good))|allergic|reaction (?:to|from) (?:the )?(?:oil|lotion|cream|wax)|blister\w*|ampoll\w*|(?:hot|warm) to (?:the )?touch|(?:tender|sore|red|swollen) (?:\w+ ){0,3}and (?:warm|hot)\b|(?:warm|hot) and (?:tender|sore|red|swollen)\b|sunburn\w*|like a burn|quemadura|caliente al tacto|sting\w*|peel\w*|(?:piel|skin) (?:\w+ ){0,5}(?:roja|red|irritated|raw|enrojecida)|raw (?:skin|spot)|me arde la piel|me pica\b|(?:espalda|cuello|brazo|pierna|cara|pecho) (?:toda |todo |muy |bien )?roj[oa]|se me (?:pela|esta pelando)|burnt\b|burned (?:skin|spot|patch|red)|(?:skin|it) (?:is |looks |feels )?(?:\w+ ){0,3}burn(?:ed|t)\b|quemad[oa]|me queme|me quemaron|me quemo|(?:burned|burnt) (?:me|my skin)|(?:the )?(?:hot )?stones? (?:\w+ )?burn(?:ed|t)\b|sarpullido|salpullido|ronch\w*|erupcion|(?:un |el )?brote (?:en|de) (?:la piel|los brazos|la espalda|los hombros)|se me broto|me broto|alergi\w*|reaccion (?:alergica|al aceite|a la crema|a la locion)|comezon|picazon|me pica (?:todo|mucho|la piel)|granitos|manchas rojas|ampolla\w*)\b/)),
  escalate(
    'other-concern',
    'something feels wrong',
    term(/\b(?:something (?:just |really |definitely )?(?:feels|is|seems|'s|felt) (?:off|wrong|not right|weird)|(?:feel(?:s|ing)? like|think|scared) i'?m (?:dying|going to die|gonna die)\b(?![^.!?\n]{0,20}\b(?:lol|lmao|haha|laughing|legs|glutes|workout|gym))|siento que me (?:muero|voy a morir)\b(?![^.!?\n]{0,20}\b(?:jaja|de risa))|peaky|peaked|(?:i'?ve|i have|i'?m|im|i am|been) (?:been )?(?:a bit |kind of |kinda |really |so )?off (?:all day|today|since|all week|lately)|(?:don'?t|do not|doesn'?t) feel the same|something happened (?:during|in|at) (?:the|my) (?:massage|session)|no me siento (?:igual|la misma|el mismo)|look(?:s|ing)? (?:rough|awful|terrible|unwell|ill|sick|like death)|paliduch[oa]|maluc[oa]|malit[oa]\b(?! (?:la|el) (?:cita|horario))|(?:me ve|me veo|se ve|te ves) (?:\w+ )?(?:palid\w*|paliduch\w*|amarill\w*|gris\w*|mal)\b|(?:not|no) (?:in )?(?:a |the )?good (?:kind|way|sore|pain)\b|just wrong|cuerpo (?:\w+ )?(?:raro|extrano)|algo (?:no )?(?:quedo|esta|se siente) (?:bien|mal|raro)|es otra cosa|(?:not|n't) (?:doing|feeling) (?:so |too |very |that |all that )?(?:great|good|well|hot)\b(?! (?:about (?:the|my) (?:price|booking|schedule)))|(?:feel(?:s|ing)?|felt) (?:\w+ )?(?:run ?-?down|blah|crappy|crummy|lousy|like crap|like garbage|icky|yucky|unwell|ill)|(?:fighting|coming down with) (?:off )?(?:something|a bug|a cold)|not (?:feeling )?like myself|not (?:quite |really |totally )?(?:herself|himself|themselves|themself)|no me (?:he )?sentido (?:yo )?mism[oa]|no me siento (?:yo )?mism[oa]|(?:heart|corazon)(?:'?s| is| has been|'?s been)? (?:\w+ ){0,3}(?:racing|pounding|fluttering|skipping|beating (?:really |so )?(?:fast|hard|weird))|corazon (?:me )?late (?:\w+ )?(?:rapido|fuerte|raro)|(?:me )?late (?:muy |bien |super )?(?:rapido|fuerte|raro) el corazon|sin energia|aguitad[oa]|(?:resting )?heart rate (?:is |was |has been |keeps )?(?:\w+ ){0,3}(?:high|fast|up|elevated)|pulse (?:is |was )?(?:\w+ )?(?:high|fast|racing|weird)|(?:look|looks|looking|looked|se ve|me veo|te ves) (?:\w+ ){0,2}(?:pale|grey|gray|ashen|palid[oa]|gris)|low[- ]grade (?:temp|fever)|running a (?:temp|fever)|(?:have|had|got|has) a (?:temp|temperature)\b|(?:tengo|con) (?:\d\d )?(?:de )?(?:fiebre|temperatura|calentura)|(?:isn'?t|not|doesn'?t feel) like (?:normal|regular|usual|typical) (?:soreness|sore|ache)|(?:corazon|heart) (?:\w+ ){0,2}(?:palpita\w*|salta\w*|skipp\w*|flutter\w*|flip\w*)|se (?:me )?salta (?:un )?latido|latidos? (?:raros?|irregulares?|rapidos?)|something (?:just |really )?(?:isn'?t|is not|doesn'?t feel|does not feel|ain'?t) right|(?:odd|weird|strange|funny|unusual|rar[oa]|extran[oa]) (?:\w+ ){0,2}(?:feeling|sensation|pressure|sensacion|presion)|(?:sensacion|presion) (?:\w+ )?(?:rar[oa]|extran[oa])|algo (?:no (?:anda|esta|se siente) bien|anda mal|raro)|(?:doesn'?t|does not|don'?t) feel right|not (?:feeling )?right|(?:feel(?:ing|s)?|felt) (?:really |very |super |so |kind of |kinda |a bit )?(?:unwell|ill|awful|terrible|horrible|off|strange|weird|faint\w*|feverish|shaky)|fever\w*|chills|temperature of|not (?:feeling )?myself|clammy|shiver\w*|coming down with|ears? (?:are |is )?ringing|ringing in (?:my )?ears|flushed|zumbido|destemplad[oa]|no me encuentro bien|feel(?:s|ing)? (?:\w+ ){0,2}(?:wrong|strange|weird|off)|cold sweats?|sweat(?:ing|y) (?:a lot|buckets|like crazy|profusely)|shak(?:y|ing)|trembl\w*|tembl\w*|sudor\w* fri\w*|(?<!\b(?:was|were|estaba|estuve) (?:\w+ )?)(?:worried|concerned|scared|freaking out|nervous|anxious|preocupad[oa]|asustad[oa]) (?:about|by|that|because|porque|por)(?: \w+){0,3} (?:my|the|this|mi|el|la|este|esta)\b|(?<=\b(?:was|were|estaba|estuve) (?:\w+ )?)(?:worried|concerned|scared|freaking out|nervous|anxious|preocupad[oa]|asustad[oa]) (?:about|by|that|because|porque|por)(?: \w+){0,3} (?:my|the|this|mi|el|la|este|esta)\b(?![^.!?\n]{0,80}\b(?:but|pero)\b[^.!?\n]{0,40}\b(?:zero|no|none|nothing|fine|normal|ok|okay|great|good|bien|nada|perfect\w*)\b)|racing heart|heart (?:\w+ ){0,5}(?:racing|pounding|flutter\w*|skip\w*|palpitat\w*|flip\w*)|flip[- ]?flop\w*|crying on and off|can'?t stop crying|no (?:puedo )?dej(?:o|ar) de llorar|no (?:me )?llega (?:la )?sangre|poor circulation|(?:frio|calor|cosquilleo|hormigueo) raro|(?:hot|warm|caliente) (?:and|y) (?:hard|dur[oa])|(?:hard|dur[oa]) (?:and|y) (?:hot|warm|caliente)|(?:vaina|cosa|algo) rar[oa] en (?:la|el|mi|mis)|fuera de sitio|(?:se siente|siento) como si algo|(?:dolor|molestia|pain|ache)\b[^.!?\n,]{0,40}\b(?:se siente|lo siento|la siento|siento|feels|is) (?:\w+ )?(?:diferente|distint[oa]|different)|(?:sensible|duele|dolor|arde) (?:\w+ ){0,3}(?:con el|al) roce|hurts? (?:\w+ ){0,3}(?:when|if) (?:my )?(?:clothes|shirt|sheets?|bra strap) (?:touch\w*|brush\w*|rub\w*)|(?:ruido|sonido|crujido) raro|cruj\w*|antes no (?:lo )?hacia|skipp\w* a beat|skipped beats?|extra beats?|corazon (?:\w+ ){0,3}(?:acelerado|brinca\w*|salta\w*|late (?:muy )?(?:rapido|fuerte|raro))|metallic taste|taste (?:of |like )?metal|bad taste|sabor (?:\w+ )?(?:raro|a metal|metalico)|puls(?:ing|ating|e)\b|heartbeat (?:in|there|everywhere)|latido\w* (?:\w+ )?(?:en|raro)|night sweats|sudores nocturnos|frio por dentro|cold inside|tiembl\w*|se siente (?:muy |medio )?rar[oa]|(?:me siento|estoy|ando) (?:\w+ ){0,2}rar[oa]|(?:dedos|manos|pies) (?:\w+ ){0,3}(?:blancos|morados|azules|frios)|(?:fingers|toes|hands) (?:go|turn|turning|going|are|went|turned) (?:\w+ )?(?:white|blue|purple)|flutter\w*|pulse (?:\w+ ){0,2}(?:thump\w*|pound\w*|throb\w*|racing)|freak(?:ing|ed) (?:me )?out|scares me|me asusta|me da miedo|(?:colder|paler|bluer) than (?:my |the )?(?:other|left|right)|(?:bluish|blue|purple|white|pale) (?:fingers|fingertips|toes|lips|nails)|fingertips? (?:\w+ ){0,3}(?:blue\w*|white|pale|purple)|new click|click\w* (?:in|when|every)|me truena\w*|truena|(?:antes no|never (?:did|used to)) (?:hacia|do|did) (?:eso|that)|flu\b|flu-?like|gripa|gripe|cuerpo cortado|sore throat|throat (?:is )?sore|dolor de garganta|joints ache|palpitations?|(?:hurts|painful|pain|hard) (?:to|when i|when) swallow\w*|sore to swallow|pain (?:on|with) swallowing|algo (?:no (?:esta|anda|se siente) bien|anda mal|raro)|me siento (?:muy |bien |super )?(?:mal\b(?! (?:por|de|que|con)\b)|rar[oa]|fatal|enferm[oa]|pesim[oa]|malisim[oa]|horrible|terrible|del asco|de la patada|fatal)|sigo (?:muy |igual de |bien |super )?mal\b(?! (?:por|de|que|con)\b)|(?:me|se me|le|se le) (?:bajo|baja|bajaba) (?:mucho |muchisimo |bastante |harto |un chorro )?la presion|(?:siento|con|tengo|traigo|ando con) la presion (?:muy |super |bien )?baja|(?:my )?(?:bp|blood pressure) (?:\w+ )?(?:dropped|crashed|tanked|went (?:low|down)|bottomed)|se (?:sintio|siente|sentia) (?:muy )?(?:mal|rar[oa])\b(?! (?:por|de|que|con)\b)|fiebre|escalofrios|calentura|palpitaciones|el corazon (?:\w+ )?(?:acelerado|muy rapido|rapidisimo)|me duele (?:al )?tragar|dolor al tragar|(?:jaw|knee|shoulder|hip|neck|quijada|mandibula|rodilla) (?:\w+ )?(?:clicks|clicking|pops|popping|grinds|cracks|truena)|(?:wasn'?t|didn'?t|did not|was not) (?:there|happen|do that) before|(?:didn'?t|did not) (?:\w+ )?before)\b/),
  ),

  escalate(
    'other-concern',
    'something new since the session',
    term(/\b(?:grind\w*|crunch\w*|crackl\w*|crepit\w*|click\w*|clunk\w*|popp(?:ing|s)|twitch\w*|tics?|(?:me )?brinca|jumping|pulling|tugging|(?:doesn'?t|does not|don'?t|won'?t|wont) (?:close|line up|sit|fit) (?:right|the same|properly)?|(?:weird|strange|odd|off) in (?:my|her|his|the) (?:body|\w+)|rar[oa] en (?:el|mi) cuerpo)\b/),
    cue(/\b(?:since (?:the|my|her|his|your|that) (?:\w+ )?(?:massage|session|facial|appointment|treatment|work)|(?:it'?s|its|that'?s|thats|this is) (?:\w+ )?new|(?:wasn'?t|wasnt|was not|never) (?:like that|like this|doing that|did that) before|never (?:had|did|done) (?:that|this) before|desde (?:el|la|mi) (?:\w+ )?(?:masaje|sesion|cita)|no (?:era|estaba|hacia) (?:asi|eso) antes|es nuevo|(?:when|every time|whenever) i move now|lately|since (?:then|yesterday))\b/),
  ),
  escalate('worsening', 'pain that spreads', term(/\b(?:(?:ache|pain|soreness|sore|hurt|dolor|molestia)(?:'s| is| has)? (?:\w+ )?(?:spreading|spread|moving|travel\w*|creeping)|se (?:me )?(?:esta )?(?:extiende|extendiendo|corriendo) (?:el dolor|la molestia))\b/)),
  escalate('worsening', 'pain rated higher', term(/\b(?:from (?:like |about |around )?(?:an? )?(?:0 to (?:an? )?1|0 to (?:an? )?2|0 to (?:an? )?3|0 to (?:an? )?4|0 to (?:an? )?5|0 to (?:an? )?6|0 to (?:an? )?7|0 to (?:an? )?8|0 to (?:an? )?9|0 to (?:an? )?10|1 to (?:an? )?2|1 to (?:an? )?3|1 to (?:an? )?4|1 to (?:an? )?5|1 to (?:an? )?6|1 to (?:an? )?7|1 to (?:an? )?8|1 to (?:an? )?9|1 to (?:an? )?10|2 to (?:an? )?3|2 to (?:an? )?4|2 to (?:an? )?5|2 to (?:an? )?6|2 to (?:an? )?7|2 to (?:an? )?8|2 to (?:an? )?9|2 to (?:an? )?10|3 to (?:an? )?4|3 to (?:an? )?5|3 to (?:an? )?6|3 to (?:an? )?7|3 to (?:an? )?8|3 to (?:an? )?9|3 to (?:an? )?10|4 to (?:an? )?5|4 to (?:an? )?6|4 to (?:an? )?7|4 to (?:an? )?8|4 to (?:an? )?9|4 to (?:an? )?10|5 to (?:an? )?6|5 to (?:an? )?7|5 to (?:an? )?8|5 to (?:an? )?9|5 to (?:an? )?10|6 to (?:an? )?7|6 to (?:an? )?8|6 to (?:an? )?9|6 to (?:an? )?10|7 to (?:an? )?8|7 to (?:an? )?9|7 to (?:an? )?10|8 to (?:an? )?9|8 to (?:an? )?10|9 to (?:an? )?10))\b/)),

  escalate(
    'other-concern',
    'a body part that feels wrong',
    cue(/\b(?:arms?|hands?|fingers?|legs?|feet|foot|toes?|calf|calves|neck|back|shoulders?|hips?|knees?|jaw|face|eyes?|skin|brazos?|manos?|dedos?|piernas?|pies?|cuello|espalda|hombros?|cadera|rodillas?|cara|ojos?|piel)\b/),
    term(/\b(?:feels? (?:\w+ )?(?:weird|funny|strange|odd|off|wrong|cold|dead)|(?:looks?|is|are|went|turned) (?:\w+ ){0,2}(?:blue|bluish|pale|white|grey|gray|purple)|ice cold|(?:se (?:siente|ve)|esta) (?:\w+ )?(?:rar[oa]|extran[oa]|fri[oa]|pesad[oa]|azul|palid[oa]|blanc[oa]|morad[oa]))\b/),
  ),

  escalate(
    'other-concern',
    'feeling off',
    term(/\b(?:feel(?:ing|s)?(?: \w+){0,2}[\s.]+(?:off|funky|wonky|spacey|out of sorts|not right|wrong|strange|weird|odd|funny)\b(?![\s,]*(?:but )?(?:not bad|in a good way|good))|just\W+off\b|(?:not|ain'?t|isn'?t) sitting right|(?:ain'?t|isn'?t|not) right (?:with|in) my|wonky|out of sorts|spacey|spaced out|(?:strange|weird|odd|funny|wonky|warm) (?:\w+ )?(?:feeling|sensation)|something (?:\w+ ){0,2}(?:going on|off|wrong|not right|ain'?t right|funny)|no me siento (?:yo mism[oa]|bien|normal)|sensacion (?:rara|extran[oa])|(?:ando|estoy|me siento|se siente)\W{1,3}(?:\w+\W{1,3}){0,2}(?:extran[oa]|off|rar[oa])|algo no (?:cuadra|anda bien|esta bien)|pesad[oa] y rar[oa])/),
  ),

  // Routine: what the auto-reply answers.
  rule(
    'soreness',
    'soreness',
    'soreness',
    term(
      /\b(?:sore\w*|soar|ach(?:e|es|ed|ing|y|ey)|tender\w*|stiff\w*|tight\w*|tired\w*|fatigue\w*|exhausted|sleepy|wiped|drained|hurt(?:s|ing)?|doms|pains?|twing\w*|comes and goes|va y viene|beat up|hit by a (?:truck|bus|train|car)|(?:hate|hates|hating|punishing|cursing|mad at|yelling at) me|adolorid[oa]s?|dolorid[oa]s?|me duele\w*|duele\w*|dolor\w*|doliendo|dolio|dolia|molestia\w*|molest[oa]|resentid[oa]s?|cansad[oa]s?|rigid[oa]s?|tens[oa]s?|tiesos?|tiesas?|agujetas|sensibles?|agotad[oa]s?|molid[oa]s?|contracturad[oa]s?)\b/,
    ),
  ),
  rule(
    'question',
    'question',
    'question',
    cue(
      /(?:(?<=^|[.!?\n])[^.!?\n]*\?|(?:^|[.!?\n] ?)(?:(?:hi|hey|hello|hiya|ok|okay|so|also|quick question|quick one|hola|oye|una pregunta)[ ,!]+)?(?:can|could|should|shall|is|are|do|does|did|when|what|whats|what's|when's|how|where|would|may|any|who|why|which|puedo|puede|podria|debo|deberia|cuando|cuanto|cuantos|donde|como|que|hay|es normal|se puede|tienen)\b(?!'|n't)[^.!?\n]*|\b(?:book(?:ing)?|re-?book\w*|reschedul\w*|availability|available|openings?|slots?|next (?:appointment|appt|session)|cita|agendar|reservar|reprogramar|espacio|disponib\w*)\b)/,
    ),
  ),
  rule(
    'positive',
    'positive',
    'thanks or relief',
    term(
      /\b(?:thank\w*|thanx|thx|ty|tysm|appreciat\w*|great|amazing|awesome|wonderful|fantastic|incredible|fab(?:ulous)?|brilliant|lov(?:e|ed|es|ing)|relax\w*|relie[fv]\w*|better|easier|so good|feel(?:s|ing)? (?:so |really |very |super )?good|lighter|loose[rd]?|best|perfect|lifesaver|magic\w*|miracle|heaven\w*|bliss\w*|grateful|helped|new person|million bucks|recommend\w*|slept (?:like a baby|so well|great|through)|exactly what i needed|can'?t (?:wait|thank|believe how)|can (?:\w+ ){1,4}again|first time in (?:weeks|months|years|ages)|yay|woo+|cheers|gone now|went away|all gone|disappeared|gracias|grax|me encant\w*|excelente|genial|increible|maravill\w*|muy bien|mejor|relajad[oa]|de lujo|perfect[oa]|buenisim[oa]|lo maximo|feliz|como nuev[oa]|agradecid[oa]|super bien|bendicion\w*|ya no me duele)\b/,
    ),
  ),
];
