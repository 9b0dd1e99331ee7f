/**
 * The safety net under the catalogue: a reply the rules file as routine, that still speaks of the body in words the
 * rules do not know, or of care and worry, escalates as "unclear".
 */
export const BODY = String.raw`(?:head|face|eyes?|ears?|nose|mouth|jaw|lips?|tongue|throat|neck|shoulders?|arms?|elbows?|wrists?|hands?|fingers?|thumbs?|chest|ribs?|back|spine|stomach|belly|tummy|hips?|butt|groin|legs?|thighs?|knees?|calf|calves|shins?|ankles?|feet|foot|toes?|heels?|skin|muscles?|joints?|body|cabeza|cara|ojos?|oidos?|orejas?|nariz|boca|quijada|mandibula|labios?|lengua|garganta|cuello|hombros?|brazos?|codos?|munecas?|manos?|dedos?|pecho|costillas?|espalda|columna|estomago|panza|barriga|cadera|nalgas?|piernas?|muslos?|rodillas?|pantorrillas?|tobillos?|pies?|talon|piel|musculos?|cuerpo)`;
const STATE = String.raw`(?:feels?|felt|feeling|is|are|was|were|looks?|looked|seems?|got|gets|getting|keeps?|kept|went|gone|turned|has been|have been|been|started|se siente|se ve|esta|estan|me quedo|quedo|se puso|se me puso|sigue|siento)`;
const BENIGN =
  /^(?:(?:so|really|very|super|much|far|loads|lots|a lot|way|a bit|a little|a tad|tad|slightly|mildly|lil|little|kind of|kinda|pretty|totally|completely|still|now|just|also|too|all|finally|actually|definitely|honestly|literally|amazingly|bien|muy|super|mucho|mas|un poco|ya|tan)\s+)*(?:like|as if|como|from|de|gone|down|beat up|worked over|used|less|calmer|quieter|happier|the same|same|exactly|both|all good|comma|great|good|amazing|awesome|better|best|brand new|dead tired|dead from|dead after|mint|ace|grand|brilliant|class|sweet|loose|looser|relaxed|lighter|light|fine|ok|okay|sore|tender|stiff|tight|tired|achy|heavy|wonderful|fantastic|incredible|perfect|free|new|normal|happy|genius|a genius|a treat|a hit|heaven|mild|minor|manageable|(?:lower|looser|higher|better|lighter) than|bearable|tolerable|soportable|epic|mint|in (?:desperate |dire |serious |real )?need of|(?:\w+ )?(?:yrs?|years) younger|younger|grateful|up|out of bed|worked|stretched|warm|nice|lovely|calm|open|mejor|bien|relajad[oa]s?|suelt[oa]s?|liger[oa]s?|adolorid[oa]s?|cansad[oa]s?|tens[oa]s?|perfect[oa]s?|genial|increible|de maravilla|nuev[oa]|tiesos?|rigid[oa]s?|sensibles?|cargad[oa]s?|resentid[oa]s?|llevadero)\b/;
const CARE = /\b(?:doctor|doc|docs|gp|physician|pcp|dr|er|emergency room|urgent care|hospital|clinic|911|ambulance|paramedics?|nurse|medic\w*|prescri\w*|allerg\w*|infect\w*|concussion|x-?ray|mri|diagnos\w*|symptoms?|worried|worry|worrying|concerned|scared|afraid|anxious|freak\w*|medico|urgencias|emergencias|clinica|medicina|alergi\w*|infecci\w*|sintomas?|preocup\w*|asustad[oa]|miedo)\b/g;
/** A known condition in a doctor's hands: "diagnosticado, lo lleva mi doctor", "my neurologist manages it". */
const MANAGED_BY_CARE =
  /\b(?:(?:lo|la|me lo|me la|los|las) (?:lleva|maneja|controla) (?:mi )?(?:doctor|doctora|medico|medica|neurologo)|(?:my )?(?:doctor|doc|neurologist|cardiologist|gp|physician) (?:knows|manages|is managing|has (?:it|them) (?:well )?(?:handled|under control))|(?:mi )?(?:doctor|medico|doctora) me dio (?:permiso|el ok|luz verde))\b/;
/** "nothing you'd worry about", "no need to worry". */
const NOT_A_CONCERN = /\b(?:nothing(?: you'?d| to)?|no need to|don'?t|dont|nuh|not|no|sin|nada de que)\s+(?:\w+\s+)?$/;
/** A worry the client answers themself: "was worried about the new oil but my skin is totally fine". */
const WORRY = /^(?:worried|worry|worrying|concerned|scared|afraid|anxious|preocup\w*|asustad[oa]|miedo)$/;
const FINE_ALL_THE_SAME =
  /\b(?:(?:i'?m|im|i am|i feel|feeling|feel|i'?ve been|been|my \w+ (?:is|feels)|skin'?s|everything'?s|all) (?:totally |completely |perfectly |really |just )?(?:fine|ok|okay|good|great|normal)|just (?:curious|asking|wondering)|for (?:the )?future(?: reference)?|(?:estoy|me siento) (?:muy |super )?bien|solo (?:pregunto|curiosidad))\b/;

/** "if my neck ever gets stuck": a condition, not a report. */
const CONDITIONAL = /\b(?:if|what if|in case|si|en caso de)\b[^.!?\n]*$/;
/** "what should I watch out for… when is it an ER thing?": a question about warning signs, not a report of one. */
const ASKS_WHAT_TO_WATCH = /\b(?:what (?:symptoms|signs|should i (?:watch|look)(?: out)? for)|is (?:that|it|this) a (?:real )?risk|when is it an? )/;
const STATE_PHRASE = new RegExp(String.raw`\b${BODY}\s+(?:\w+\s+){0,2}?${STATE}\s+(.{0,40})|\b(?:siento|sentia|noto|feel|felt) (?:el |la |los |las |mi |mis |my )?${BODY}\s+(.{0,40})`, 'g');

/** Someone else's doctor or back: "her doctor", "my husband's back", "su médico". */
const THEIRS = /\b(?:his|her|their|su|sus|\w+'s|(?:he|she|they)(?:'s|s| is| was| were| are)?(?: been)?(?: \w+)?|(?:del?|de la) (?:\w+ )?(?:amig[oa]|herman[oa]|mama|madre|papa|padre|espos[oa]|marido|hij[oa]))\s+$/;
/** "when should I worry", "how do I know when to worry": a question about the future. */
const WHEN_TO_WORRY = /\b(?:when|how (?:do i|would i|will i) know (?:when|if)|at what point|cuando|should i(?: be)?|do i need to)\s+(?:\w+\s+){0,3}$/;

/**
 * The phrase of concern in a reply the catalogue filed as routine, if any. Someone writing for the client (`proxy`)
 * speaks of the client when they say "her back".
 */
export function residualConcern(normalised: string, { proxy = false }: { proxy?: boolean } = {}): string | undefined {
  const before = (at: number, span: number) => normalised.slice(Math.max(0, at - span), at);
  const theirs = (at: number) => !proxy && THEIRS.test(before(at, 40));
  // A question about warning signs, or a condition in a doctor's hands: care words there are not a report.
  const notAReport = ASKS_WHAT_TO_WATCH.test(normalised) || MANAGED_BY_CARE.test(normalised);
  for (const care of normalised.matchAll(CARE)) {
    if (notAReport && !WORRY.test(care[0])) continue;
    const answered = WORRY.test(care[0]) && (FINE_ALL_THE_SAME.test(normalised) || WHEN_TO_WORRY.test(before(care.index, 40)));
    // "on my feet all day at the hospital": where the client works.
    const atWork = /^(?:hospital|clinic|er|nurse|medic\w*|doctor|dr)$/.test(care[0]) && /\b(?:work(?:s|ing)?|shift|job|all day|on my feet|i'?m a|as a|trabajo)\b[^.!?\n]{0,30}$/.test(before(care.index, 40));
    // "my doctor says I'm all clear": care that settles it.
    const cleared = !/\bnot\b/.test(normalised.slice(care.index, care.index + 60)) && /^(?:\w+ )?(?:says|said|told me|cleared me|gave me)\b[^.!?\n]{0,20}\b(?:clear|cleared|fine|ok|okay|safe|good to go|the all clear|green light)\b/.test(normalised.slice(care.index + care[0].length + 1, care.index + care[0].length + 60));
    // "permiso del doctor", "gastos médicos": paperwork, not a worry about the body.
    const note = /^'?s? (?:note|letter|clearance|permission|ok|okay|approval|sign-off)\b/.test(normalised.slice(care.index + care[0].length, care.index + care[0].length + 12));
    const paperwork = note || /\b(?:permiso|permission|clearance|nota|note|approval|autorizacion|gastos|seguro|receipt|expenses?|insurance|spending|fsa|hsa)\s+(?:(?:del|de su|de mi|from (?:her|his|my|the|a|your)|for (?:her|his|my|the|a|your))\s+)?$/.test(before(care.index, 30));
    if (!answered && !atWork && !cleared && !paperwork && !theirs(care.index) && !NOT_A_CONCERN.test(before(care.index, 25))) return care[0];
  }
  for (const m of normalised.matchAll(STATE_PHRASE)) {
    if (CONDITIONAL.test(before(m.index, 30)) || theirs(m.index)) continue;
    const rest = (m[1] ?? m[2] ?? '').split(/[.,;!?\n]/)[0] ?? '';
    if (rest.trim() === '') continue;
    if (!BENIGN.test(rest.trim())) return m[0].trim().slice(0, 60);
  }
  return undefined;
}
