/**
 * The context of a finding, after ConText (Chapman, Chu & Dowling 2007; Harkema et al. 2009, "ConText: an algorithm
 * for determining negation, experiencer, and temporal status from clinical reports"), written for client texts in
 * English and Spanish. A modifier is a trigger phrase with a direction and a scope: it reaches from the trigger towards
 * the finding, within the sentence, and stops at a termination term ("but", "pero", "though", "now"…, the clause
 * breaks of `normalise.ts`) or, for other people, at the first word that is the client's own ("I", "my", "tengo").
 * Pseudo-triggers look like triggers but are not ("not sure if", "no sé si", "if it's normal").
 *
 * The outcome of a finding, first match wins:
 * - `other-person`: someone else's ("my sister bruised", "a mi hermana le salió un moretón");
 * - `hypothetical`: it may happen ("what if I bruise next time", "si me sale un moretón");
 * - `negated`: "no bruising", "sin dolor", "not numb at all";
 * - `figurative`: meant well ("you went sharp on my traps, in a good way"; set phrases are neutralised earlier);
 * - `resolved`: over, or from before the session ("the stabbing pain I came in with is gone", "ya no me duele",
 *   "an old bruise from a fall");
 * - `unclear`: the rules cannot tell ("not exactly numb", "better but", "mostly gone"): escalates, not urgent;
 * - `affirmed`: none of these.
 */
import { spanEnd, spanStart, type Breaks } from './normalise.ts';
import { BODY } from './residual.ts';

export type FindingContext = 'affirmed' | 'negated' | 'resolved' | 'hypothetical' | 'other-person' | 'figurative' | 'unclear';

export interface ContextOutcome {
  context: FindingContext;
  /** The trigger phrase that decided it, as written in the normalised text. */
  trigger?: string;
}

// Negation ---------------------------------------------------------------------------------------------------------

const NEGATOR =
  /\b(?:no(?: more| longer)?|not|nor|never|without|none|nothing|zero|neither|(?:is|are|was|were|do|does|did|have|has|had|ai|wo|could|would|should)n'?t|dont|doesnt|didnt|isnt|havent|hasnt|sin|ni|nada(?: de)?|ningun[oa]?|tampoco|nunca|jamas|cero)\b/g;
/** Words a negator reaches forward, e.g. "no" reaches "shortness" in "no chest pain or shortness of breath". */
const NEGATION_REACH = 5;
/** Negator + these is not a negation of what follows ("not sure if", "didn't help", "no sé si", "no creo"). */
const PSEUDO_NEGATION =
  /^ (?:(?:really|even|quite|totally|entirely|too|so) )?(?:(?:a |an |too )?(?:bad|big|huge|terrible|major|severe|serious|horrible|crazy|strong)\b|sure|certain|positive|idea|clue|doubt|kidding|joking|joke|lie|lying|cap|gonna lie|going to lie|to (?:be|complain|worry|alarm|bother|panic|scare|mention)|trying|want|wanna|mean|know|think|remember|notic\w*|reali[sz]\w*|expect\w*|worr\w*|matter|only|normal\w*|usual\w*|typical\w*|ever|help\w*|work\w*|improv\w*|eas(?:e|ed|ing)|letting up|let up|go(?:ing|ne)? away|went away|stop\w*|relief|able|sleep\w*|slept|budg\w*|se (?:si|que|por que|porque|como|cuanto|que hacer)|estoy segur\w*|creo|pienso|es normal|sabia|sabe\w*|quiero|quisiera|me ayud\w*|ayud\w*|funcion\w*|mejor\w*|se (?:me )?(?:quita|va|pasa)|para de|deja de|puedo dormir)\b/;
const CAUSAL = /\b(?:because|since|from|cause|due to|thanks to|porque|por el|por la|del|de la|debido)\b/;
/** After "couldn't" or "no": an ability lost or a thing that will not stop, which is the finding itself. */
const DEFICIT = /^ (?:(?:really|even|quite|properly) )?(?:feel|move|use|lift|see|hear|walk|grip|hold|control|breathe|speak|talk|swallow|(?:me |le |se )?(?:para|deja) de|(?:me |le )?responde)\b/;
/** What may stand between a Spanish "no" and what it negates: "no tengo moretones", "no me salió ningún". */
const SPANISH_NEGATION_FILLER = /^(?:\s+(?:tengo|tenia|tuve|hay|habia|siento|senti|me|salio|salieron|dio|duele|paso|ningun|ninguna|nada|de|el|la|los|las|un|una|mucho|tanto|ni|ya|para|mas|es|era|fue|veo|note|he|tenido|sentido))*\s*$/;
/** A hedge: the negation does not say the finding is absent ("not exactly numb, more weak"). */
const HEDGED_NEGATION = /^ (?:exactly|quite|really|totally|fully|completely|entirely|100%|exactamente|del todo|muy|tanto|mucho)\b/;
/** After the phrase: it is new or unusual ("never had pain like this"), so the negator does not hide it. */
const NOVELTY_AFTER = /\b(?:(?<!(?:anything|something|stuff|nothing|nada|algo) )like (?:this|that|it)|this bad|before|until now|como (?:esto|este|esta|ahora)|asi de|antes)\b/;
/** Backward negation: "dizzy? not at all", "moretones, para nada". */
const NEGATION_AFTER = /^(?:'s| is| are| was| were| seems| looks| feels)? (?:totally |completely |perfectly |all )?(?:fine|ok|okay|normal|clear)\b(?! (?:now|again|ahora))|^[^.!?\n]{0,60}\b(?:there'?s been none|there has been none|no ha habido (?:nada|ninguno|ninguna))\b|^[\s,?:-]*(?:not at all|none at all|none so far|nothing so far|none|nope|para nada|en absoluto|nada|ninguno)\b|^\s*no(?=\s*(?:$|[;.,!?]))|^[^.!?\n]{0,40}\b(?:i have neither|(?:have|had|got) neither|none of (?:that|those|these|them)|ninguno de (?:los dos|esos)|ninguna de (?:las dos|esas))\b/;

// Resolved or from before --------------------------------------------------------------------------------------------

/** Before the finding, in its clause: it was there before the session or is old. */
const RESOLVED_BEFORE =
  /\b(?:used to|last time|the time before|la vez pasada|la ultima vez|at (?:another|a different) (?:spa|place|therapist)|en otro (?:spa|lugar)|(?:my )?(?:previous|old|last|other) (?:therapist|massage therapist|masseuse|masseur|massage place)|llegue con|entre con|se (?:me )?(?:quito|fue|paso)|got rid of|(?:my |an? )?(?:chronic|old|existing|pre-?existing|usual)|(?:i'?ve|i have) (?:always )?had (?:\w+ ){0,3}(?:for years|for months|since)|came in (?:with|for)|i came (?:in )?for|booked (?:for|because of)|(?:the )?reason i (?:booked|came)|(?:my |a )?(?:past|previous|prior)|(?:a )?history of|made me (?:book|come in|call)|(?<!like )an old|my old|(?<!like an? )old|ya no|ya ni|no longer|no more|vine con|venia con|por (?:el|la) que (?:vine|fui|agende)|antes)\b/;
/** After the finding, in its sentence up to a turn ("but"): it is over or it came from before the session. */
const RESOLVED_AFTER =
  /\b(?:(?:is|was|has|have|are|'s|s|all|completely|totally|finally|basically|pretty much|entirely|now|fully|been)\s)*(?:gone|went away|go away|disappeared|cleared(?: up)?|resolved|fixed|healed|no longer|any ?more|before (?:the|my|our|your|this|that) (?:massage|session|appointment|appt|visit|treatment)|from before|i came in with|i came in for|(?:i )?walked in with|before i (?:came in|got there|got here|arrived|saw you|booked|came)|when i (?:came|walked) in|is (?:toast|history)|(?:i'?ve|i have) had (?:\w+ ){0,3}(?:since|for)|(?:that |which )?i told you about|(?:that|which) i mentioned|(?:that|which) i (?:booked|came in) for|(?:that|which) made me (?:book|come in|call)|(?:was|were) the reason i|from (?:a|my|the) (?:fall|accident)|from last (?:week|month|year)|(?:weeks|months|years) ago(?<!(?:died|passed away|fallecio|murio|se murio)\b[^.!?\n]{0,12}(?:weeks|months|years) ago)|(?:last|a) (?:month|year) ago|ya (?:se )?(?:me )?(?:quito|fue|paso|desaparecio)|(?:finally|has|have|had|it|it'?s|its|has now) lifted\b(?! (?:my|the|a|an|it|something|weights?|boxes|\w+ (?:arm|leg|box|bag))\b)|ya no (?:lo |la |los |las |me )?(?:tengo|siento|noto|duele|molesta|pica)|ya no (?:esta|está)\b|con (?:el|la) que (?:llegue|vine)|que (?:traia|tenia|tuve)\b|ya (?:lo |la |los |las )?(?:traia|tenia)\b|ni (?:noticias|rastro|sus luces)\b|back in (?:january|february|march|april|may|june|july|august|september|october|november|december|the spring|the summer|the fall|the winter|(?:19|20)\d\d)|(?:ain'?t|isn'?t|wasn'?t) (?:on )?you\b|not on you\b|hace (?:\w+ )?(?:semanas|meses|anos)(?<!(?:died|passed away|fallecio|murio|se murio)\b[^.!?\n]{0,12}hace (?:\w+ )?(?:semanas|meses|anos))|no fue (?:el|del|por el) masaje|se (?:me )?(?:quito|fue|paso)|desaparecio|antes (?:del|de la|de mi) (?:masaje|sesion|cita|tratamiento)(?! (?:no|nunca|jamas)\b)|de antes|desde antes|(?:for|since) (?:years|months|ages|forever|high school|college|childhood|i was (?:a kid|young|little))|(?:is |are )?chronic|(?:my |the )?usual|as usual|same as always|normal for me|always (?:have|get|had)|(?:i|that i) (?:always|usually) (?:have|get)|(?:known|diagnosed)|cronic\w*|de siempre|como siempre|desde hace (?:anos|meses)|(?:stopped|passed|subsided|settled(?: down)?|calmed(?: down)?|faded(?: away)?|wore off|worn off|(?:swelling|it) went down|(?:hasn'?t|has not|didn'?t|never|haven'?t) (?:come|came) back since|vanished|(?:hasn'?t|hasnt|has not|haven'?t|havent|didn'?t|didnt) (?:shown up|bothered me|flared(?: up)?|acted up|returned)(?: (?:once|at all|since|again))?|no (?:me )?ha (?:vuelto|regresado)|slept it off|back to normal|all good now|(?:fine|ok|okay) now|is fine now|all good now|se calmo|se (?:me )?bajo|ya (?:se )?(?:me )?paso|se alivio)|(?:only )?lasted (?:a|an|like a|about a|for a|just a) (?:few )?(?:minutes?|seconds?|hour|min|sec)|(?:from|de|por) (?:working out|the gym|yoga|running|lifting|my workout|my run|my kid|my dog|my cat|soccer|football|basketball|hockey|climbing|gardening|hiking|pilates|crossfit|el gimnasio|el gym|hacer ejercicio|correr|futbol|mi perro|mi gato)|(?<!like an? |como un |como una )(?:is |es |was )?(?:old|vieja|viejo|antigua|antiguo)|not (?:from|because of) (?:you|the massage|the session|your|my massage)|no (?:es )?(?:del|de la|por el|por la) (?:masaje|sesion)|not you\b|not your fault|unrelated|not related|no tiene que ver|(?:finally )?let up|(?:is |now |finally |so much )+quiet(?:er)?|calmed down|(?:that'?s |that has |which has |that )?(?:bugged|bothered|plagued) me (?:since|for)|nothing to do with (?:you|the massage|the session|your)|nada que ver con (?:el masaje|usted|la sesion)|from (?!the massage|the session|you|your|my massage|my session)(?:the |a |my )?(?:\w+ ){1,5}(?:last (?:week|weekend|month|night)|\w+ ago|the other day|on (?:sunday|monday|tuesday|wednesday|thursday|friday|saturday))|(?:is |es |was |came |viene )?(?:from|de|por) (?:a |an |my |the |una |un |mi |el |la )?(?:fall|tripping|falling|bumping|accident|gym|workout|run|soccer|football|basketball|hockey|rugby|climbing|gardening|hike|game|kid|dog|cat|caida|accidente|futbol|gimnasio|partido) (?:\w+ ){0,2}(?:last|ago|hace|pasad[oa]|the other day|yesterday)|ya (?:esta|estoy) (?:mejor|bien)|long gone|(?:was|were|fue|lasted|duro) (?:just |only |solo )?(?:for )?(?:a (?:sec|second|moment|minute)|un (?:momento|segundo|ratito))|(?:now|ahora) (?:it'?s |its |i'?m |im |i can|feels? |esta |estoy |puedo |se siente )?(?:totally |completely |perfectly |totalmente )?(?:gone|fine|good|ok|okay|great|normal|perfect|bien|perfecto|normal)|and now (?:i )?can|y ahora (?:ya )?puedo|(?:much|so much|way|a lot|heaps|tons|mucho|muchisimo) (?:better|mejor)|(?:better|mejor) (?:than|que) (?:ever|nunca)|(?:el|la) (?:ano|mes|semana) pasad[oa]|del (?:ano|mes) pasado|last year|better now|mejor ahora)\b/;
/** Said to be unlike the old or usual one: "nothing like my usual", "not like my old", "no es como mi". */
const COMPARED_AWAY = /\b(?:nothing|not|unlike|different (?:from|than|to)|isn'?t|wasn'?t|no es|no era|nada|distint[oa] (?:a|de)|diferente (?:a|de))(?: \w+)?(?: like| como)?\s*$/;
/** A resolution hoped for, denied or compared ("should be gone by now", "hasn't gone away", "worse than before"). */
const NOT_RESOLVED_BEFORE =
  /(?:\b(?:desde|since|would|should|thought|think|expected|expect|hoping|hope|hoped|wish|supposed to|deberia|pense|esperaba|not|never|yet|no|prob|probably|prolly|maybe|possibly|likely|guess|might|could|may|quizas|tal vez|creo)|n't)(?:\s+\w+){0,3}\s*$|\b(?:than|que)\s*$/;
/** Anywhere in the sentence: the finding was there before the session ("locked up before I came in, couldn't bend"). */
const BEFORE_SESSION =
  /\b(?:before (?:i came in|i got there|i arrived|i saw you|the massage|the session|my massage|my session|my appointment|my appt|coming in)|when i (?:came|walked) in|(?:walked|came) in with|antes del masaje|antes de la (?:sesion|cita)|llegue con|vine con)\b/;
/** There long before the session and unchanged by it: settled even when "still" there. */
const PREEXISTING =
  /\b(?:(?:that'?s|it'?s|its|has|have|they'?ve|that has) (?:always )?been (?:there|like that) (?:for (?:years|ever|months)|forever|since (?!the \d|\d|(?:the |my |your |our )?(?:massage|session|appointment|appt|treatment|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last|then|you|i (?:saw|left|came|got))))|always been (?:there|like that)|from (?:my |a |an |the )?(?:\w+ )?(?:surgery|operation|blood draw|shot|vaccine|vaccination|iv|biopsy)|(?:in|since) (?:19|20)\d\d|(?:was |were )?already there|was there before|ya (?:lo |la )?tenia|de (?:mi|una) (?:cirugia|operacion)|(?:have|has) been (?:\w+ ){0,2}(?:forever|for ages|for years)|siempre (?:tengo|me pasa|me dan?|las tengo|lo tengo)|por (?:el|la|mi) (?:raynaud\w*|diabetes|artritis|fibromialgia|neuropatia|hernia|escoliosis|lupus)|(?:i'?m |im |i am )?(?:\w+ )?prone\b|desde (?:la|mi|una) (?:cirugia|operacion) de hace (?:\d+|\w+) anos|(?:i )?mentioned (?:at|during|on) (?:the |my )?(?:intake|check-?in)|(?:que )?(?:te )?mencione (?:en|al) (?:la |el )?(?:entrevista|intake|inicio)|propens[oa]|(?:que )?(?:tengo|tenia) (?:desde )?hace (?:\w+ )?(?:anos|meses)|nothing new|nada nuevo|since (?:my|a|her|his) (?:\w+ )?(?:fall|accident|injury|surgery|operation|tumble|crash) (?:in (?:january|february|march|april|may|june|july|august|september|october|november|december|(?:19|20)\d\d)|last (?:week|month|year)|\w+ (?:weeks|months|years) ago|back in)\b|(?:llevaba|llevo|tenia|tengo) (?:\w+ )?(?:meses|anos) con|(?:igual|lo mismo) que siempre|same as (?:always|ever)|(?:my |a )?(?:sciatica|arthritis|back|neck|migraine|knee|hip) history|from (?:a|my|the) (?:fall|accident|injury|tumble) (?:\w+ ){0,2}(?:last (?:week|month|year)|\w+ (?:weeks|months|years) ago)|(?:from|de) (?:my|mi|la) (?:diabetes|neuropathy|neuropatia|arthritis|artritis|fibromyalgia|fibromialgia|sciatica|ciatica|scoliosis|escoliosis|ms|lupus|hernia|raynaud\w*|eczema|psoriasis))\b/;
/** The finding is there now, or back: a resolved trigger does not settle it. */
const PERSISTING = /\b(?:still|sigo|again|(?<!(?:n't|not|never) )(?:it'?s|is|are|came|comes|coming|come) back(?! to (?:normal|myself|my (?:old |usual )?self))|todavia|aun|sigue|siguen|otra vez|de nuevo|volvio|regreso)\b/;
/** The same, or only partly gone, or recurring: said just after a resolution, it keeps the finding current. */
const STILL = new RegExp(
  String.raw`${PERSISTING.source}|\b(?:happened (?:twice|a few times|several times|more than once)|keeps happening|paso (?:dos|varias) veces|a bit|a little|mostly|almost|kind of|kinda|partly|partially|except|un poco|casi)\b`,
);
/** An amount of time: what follows "pasó" when it is time that passed. */
const TIME_AMOUNT = /^\s+(?:ya\s+)?(?:una?|la|el|\d{1,2}|dos|tres|cuatro|cinco|seis|siete|ocho|diez|mas de una?|casi una?)\s+(?:semanas?|dias?|mes(?:es)?)\b/;
/** A new episode, dated after the session. */
const NEW_EPISODE = /\b(?:woke up with (?:\w+ ){0,4}(?:headache|migraine)|(?:got|had) (?:one of )?(?:my |a |the )?(?:usual|normal|regular|typical) (?:\w+ ){1,2}after\b|(?:me dio|me vino|me empezo|got|had|came on|started) (?:\w+ ){0,3}(?:after|since|despues de|desde) (?:the|my|la|el|mi) (?:session|massage|appointment|sesion|masaje|cita)|(?<!(?:n't|not|no|never) )flared? up (?:after|since|despues)|(?:today|tonight|this morning|hoy|esta (?:manana|noche)) (?:\w+ ){0,2}(?:got|had|came on|started|me dio|me vino|empezo)|(?:kicked in|came on|started|hit me|flared(?: up)?|me (?:dio|vino|empezo)) (?:\w+ ){0,2}(?:today|tonight|this (?:morning|afternoon|evening)|hoy|anoche|esta (?:manana|tarde|noche)))\b/;
/** Improving, not over: escalates with "unclear". */
const IMPROVING = /\b(?:better|eased|easing|improv\w*|less|fading|mejor|menos|mejorando|se esta quitando)\b/;
const MUCH = /\b(?:much|so much|way|a lot|heaps|tons|far|mucho|muchisimo|bastante)\s+$/;
/** The turn after a finding that settles it: "…, but it's gone now", "pero ya se me quitó". */
const TURN_RESOLVED = /^\s*(?:but|pero)\s+(?:it'?s|its|it is|that'?s|now (?:it'?s|its)|it|now|ya|ahora|ya se|se)\s*(?:has |have |had )?(?:been |already |since )?(?:all |completely |totally |finally |basically |mostly )?(?:gone|went away|fine|ok|okay|better|over|faded|healed|cleared(?: up)?|disappeared|gone down|me quito|quito|fue|paso|se (?:me )?(?:quito|fue|paso)|bien|mejor)\b/;
const TURN_FIXED =
  /^\s*(?:but|pero)\s+[^.!?\n]{0,60}?\b(?:that'?s just (?:the|my) (?:nap|hair|lighting|light|camera|photo|makeup|tan|filter)|that was (?:before|from before) (?:the|my) (?:massage|session|appointment|appt)|nope\b(?![^.!?\n]{0,24}\b(?:still|worse|hasn'?t|not (?:gone|better)|sigue|todavia|aun))|(?:it'?s|its|es|that'?s|eso es) (?:\w+ )?(?:from before|de antes|viej[oa]|antigu[oa]|old)|passed|fixed it|sorted it|slept it off|(?:today|hoy) (?:nothing|nada)\b|(?:today|now|hoy|ahora) (?:\w+ ){0,3}(?:feels|is|esta|se siente) (?:\w+ )?(?:amazing|great|fine|good|perfect|normal|bien|genial)|(?:all |completely |totally )?gone (?:this morning|today|by (?:the )?morning|by bedtime)|(?:hoy )?amaneci (?:normal|bien|perfect\w*)|woke up (?:fine|normal|ok|okay|good|great)|all good now|back to normal|fine now|fine since|fine (?:right |straight )?after|ok now|okay now|gone now|went away|long gone|ya (?:lo |la )?(?:muevo|puedo mover) (?:normal|bien)|(?:now )?i can move it (?:fine|normally|again)|(?:was )?gone (?:within|in|by|after) (?:the |an? )?(?:hour|few|couple|minutes|night|evening|bedtime|morning)|(?:was|lasted|fue|duro) (?:only |just |solo )?(?:for )?(?:a|un) (?:sec|second|moment|minute|momento|segundo)|(?:moving|working|turning) (?:fine|normal|ok|okay|great) (?:now|again)|se (?:me )?(?:quito|paso|fue)|ya (?:estoy|esta) bien)\b/;
const TURN_NO_LONGER = /^\s*(?:but|pero)\s+(?:(?:i'?m|im|it'?s|its|i|it|now|ahora)\s+)?(?:not|no longer|no|ya no)\s+(?:\w+\s+){0,3}?(?:any ?more|now|ya|ahora)\b|^\s*pero ya no\b/;

// Hypothetical -------------------------------------------------------------------------------------------------------

/** Conditionals that introduce something that has not happened. */
const HYPOTHETICAL_TRIGGER =
  /\b(?:what if|say (?:i|you|we)|thought (?:i was|i'?d be|i might be) (?:getting|going to get|coming down with|about to|having)|(?:swore|said|told me|thought|warned (?:me )?|expected|predicted|worried|afraid|scared|convinced|sure|certain) (?:that )?i(?:'?d| would| might| could| will|'?ll) (?=(?:be|get|have|feel|pass|faint|bruise|black|end up|need)\b)|what happens (?:if|si)|que pasa si|what (?:would|could|does|should)(?= [^.!?\n]*\b(?:mean|look like|feel like|be like)\b)|what(?: would|'?s| is| are)? (?:be )?the (?:signs?|warning signs?|red flags?)\b|(?:read|saw|got|in) (?:the|your) (?:email|text|message|article|advice|note) (?:about|on|that said|saying|mentioning)|(?:you|the (?:email|text|message)) (?:said|says|mentioned|wrote) (?:that )?|when i said|(?:el|tu|su) (?:mensaje|correo) (?:dice|decia|dijo) (?:que )?|in case|incase|if ever|if|supposing|(?:can|could|does|do|will|would|might) (?:a |deep |sports |hot stone |this kind of |that kind of )?(?:massage|tissue|deep tissue|cupping|it|that|this) (?:\w+ )?(?:cause|give|lead to|make|leave|result in)|would (?:it|that) be (?:normal|ok|okay|bad|safe|concerning)|is it (?:safe|common) (?:to|if|for)|do (?:people|clients|some people) (?:\w+ )?(?:get|feel|have)|does anyone (?:\w+ )?(?:get|feel)|when (?:should|do|would|will) i (?:worry|call|dial|be (?:worried|concerned)|go to)|what (?:would|does|should|will) count as|what counts as|what do you mean (?:by|with)|(?:you )?should (?:watch|look) (?:out )?for|(?:watch|look) out for|(?:signs?|symptoms?|things) (?:\w+ )?like|i (?:read|heard|saw) (?:online )?(?:that|about)|(?:lei|escuche) (?:en internet )?que|(?:es|seria) (?:mas )?(?:facil|probable|posible) que (?:me |te |le )?(?=(?:salga|salgan|de|den|pase|pasen))|que cuenta como|a que te refieres con|is (?:\w+ )?(?:normal|common|expected) after (?:a |deep )?(?:massage|tissue)|(?:puede|podria) (?:el masaje |un masaje |eso )?(?:causar|dar|dejar|provocar)|should i (?:ever )?(?:get|have|feel|notice|start)|next time|in the future|y si|por si|en caso de(?: que)?|la proxima vez|que hago si|que debo hacer si|si (?:se )?(?:pone|vuelve|hace|convierte|empeora|sigue|llega a)|(?<!como |pero |aunque )si (?:(?:manana|luego|despues|otra vez|de nuevo|alguna vez) )?(?=(?:me |te |le )?(?:sale|salen|saliera|aparece|aparecen|apareciera|da|dan|diera|llega|llego|llegara|noto|notara|veo|viera|tengo|tuviera|siento|sintiera|empiezo|empieza|vuelve|vuelven|pasa|pasara|hay|hubiera|duele|duelen|doliera|molesta|hincha|hinchan|mareo|mareara|marea))|hypothetically|hipoteticamente|(?:your|tu|su) (?:email|e-mail|text|message|note|mensaje|correo) (?:said|says|mentioned|told me|dice|decia) (?:to |that |que )?)\b/g;
/** The client says the question is only a question: a plain "if" then reaches any finding in its clause. */
const JUST_ASKING =
  /\b(?:just (?:curious|wondering|asking)|pregunto (?:porque|por que|por mi|por una)|yo estoy bien|(?:i'?m|im) not (?:\w+ )?(?:dizzy|sore|bruised|numb|swollen|nauseous)|(?:my )?(?:coworker|friend|sister|mom|colleague) asked me|(?:just )?want(?:ed)? to know what to (?:watch|look) (?:out )?for|asking for next time|asking before i (?:book|add|try|get)|(?:i was|i'?m|im) (?:totally |completely )?fine this time|asking (?:bc|because|since|for (?:my|the) (?:next|future|plan))|out of curiosity|for future reference|not happening|(?:haven'?t|have not|never) had (?:one|it|any|that)|pregunta nomas|solo (?:pregunto|por curiosidad)|por curiosidad|nomas pregunto)\b/;
/** "Is it normal to get a headache after…?": a question about others' experience, when the client says they are only asking. */
const CURIOUS_QUESTION = /\b(?:(?:is|are|can|could) (?=(?:\w+ ){1,5}(?:something|a thing) that (?:can|could|might|does) happen\b)|is it (?:normal|common|usual|ok|okay|typical) (?:to|for (?:\w+ ){1,2}to) (?:get|have|feel|develop|experience)|(?:would|is|are|could|can|does) (?=(?:\w+ ){1,5}(?:ever )?(?:be )?(?:normal|common|expected|typical|a thing)\b)|(?:es normal|es comun) (?:que (?:me |te |le |a uno le )?(?:de|den|salga|salgan|duela)|tener|sentir|el|la|los|las|un|una))\b/g;
/** A conditional about something already there: "not sure if", "let me know if it's normal". */
const PSEUDO_HYPOTHETICAL_BEFORE = /\b(?:not sure|unsure|wondering|wonder|idk|i don't know|dunno|no idea|let me know|tell me|curious|asking|no se|quiero saber|me pregunto)\s+(?:if|whether|si)\b$/;
const PSEUDO_HYPOTHETICAL_AFTER =
  /^\s*(?:is|'s|s|was|are|might be|could be|would be|es|sea|era)\s+(?:\w+\s+)?(?:normal|ok|okay|expected|common|from|related|because|due|a (?:bad|good) sign|something|serious|bad|worrying|concerning|normales?|grave|malo|de)\b/;
/** Only these may stand between a conditional and its finding ("if I ever get a bruise"). */
const CONDITIONAL_FILLER =
  /^(?:\s+(?:or|and|o|y|sharp|severe|bad|feeling|starts?|getting|turning|becomes|come|comes|back|home|into|chest|stomach|belly|jaw|throat|eyes?|face|lips?|i|i'm|im|i'd|you|it|it's|its|there|there's|theres|is|are|be|a|an|any|some|the|my|this|that|ever|start|starts|started|get|gets|got|getting|have|has|had|notice|noticed|see|feel|vision|eyes?|sight|hearing|felt|develop|develops|appear|appears|show|shows|turn|turns|become|becomes|happen|happens|experience|wake|up|with|do|does|to|more|really|much|like|again|end|up|any|kind|of|me|te|le|un|una|el|la|algun|alguna|mucho|mas|tanto|algo|de|dolor|do|get|later|after|neck|back|shoulders?|arms?|legs?|calf|calves|hips?|knees?|head|foot|feet|hands?|skin|muscles?|body|ankles?|wrists?|jaw|cuello|espalda|hombros?|brazos?|piernas?|rodillas?|cadera|cabeza|pies?|manos?|piel|musculos?|cuerpo|ever|felt|feels|go|goes|went|soreness|pain|ache|aches|tenderness|stiffness|molestia|turns|gets|would|could|broke|out|in|from|an|oil|did|i'd))*\s*$/;

// Someone else's -----------------------------------------------------------------------------------------------------

const OTHER_PERSON =
  /\b(?:(?:my|a|mi|una?|her|his|our|their|your|tu|su)\s(?:best\s|dear\s|good\s|old\s|close\s)?(?:mate|buddy|pal|friend|friends|friend's|bestie|sister|sister's|sis|brother|brother's|bro|mom|mom's|mum|mum's|mother|mother's|dad|dad's|father|husband|husband's|hubby|wife|wife's|partner|partner's|boyfriend|bf|girlfriend|gf|son|son's|daughter|daughter's|kid|kids|child|baby|coworker|co-worker|colleague|roommate|neighbou?r|aunt|uncle|cousin|grandma|grandmother|grandpa|grandfather|niece|nephew|client|clients|teammate|classmate|boss|patient|sister-in-law|brother-in-law|amig[oa]s?|herman[oa]s?|mama|madre|papa|padre|espos[oa]|marido|novi[oa]|hij[oa]s?|prim[oa]|tia|tio|abuel[oa]|abuelit[oa]|mami|papi|companer[oa]|vecin[oa]|suegr[oa]|cunad[oa]|sobrin[oa]|jefe|jefa)|(?:she|he|they|ella|ellos)(?:'s|s)?\s(?:\w+\s){0,2}?(?:has|had|got|gets|was|is|felt|feels|said|says|bruised|bruises|tiene|tuvo|le|se)|someone|somebody|some people|people|everyone|alguien|la gente|a (?:el|ella) le|^(?:friend|sister|brother|mom|mum|dad|coworker|husband|wife|neighbou?r|cousin|roommate|amig[oa]|herman[oa]|vecin[oa]) (?:got|had|has|says|said|tiene|tuvo)|(?:my|our|the|mi) (?:dog|cat|puppy|kitten|pet|horse|perro|perrito|gato|gatito|mascota)|you(?:'re| are| must| probably| might)?\s(?:\w+\s){0,2}?(?:must|probably|might)|your (?:hands?|arms?|fingers?|thumbs?|back|wrists?|shoulders?))\b/g;
/** The client speaking of themself again: the other person's scope ends ("my husband says I'm slurring"). */
const FIRST_PERSON = /\b(?:i|i'm|im|i've|ive|i'd|me|my|myself|mine|yo|tengo|estoy|siento|puedo|hablo|veo|estaba|tenia|sentia|mis|mi (?!(?:amig|herman|mama|madre|papa|padre|espos|marido|novi|hij|prim|tia|tio|abuel|companer|vecin|suegr|cunad|sobrin|jef)))\b/;

// The outcome ---------------------------------------------------------------------------------------------------------

const wordsBetween = (text: string): number => text.trim().split(/\s+/).filter(Boolean).length;

function negation(text: string, start: number, end: number, breaks: Breaks): ContextOutcome | undefined {
  const clauseStart = spanStart(breaks.clause, start);
  const clauseEnd = spanEnd(breaks.clause, end, text.length);
  const after = text.slice(end, clauseEnd);
  const negators = [...text.slice(clauseStart, start).matchAll(NEGATOR)].reverse();
  for (const negator of negators) {
    const to = clauseStart + negator.index + negator[0].length;
    const between = text.slice(to, start);
    if (wordsBetween(between) > NEGATION_REACH) break;
    // "no siento nada cuando me limpio y se me salió la orina": a new clause, with its own verb, starts after "y".
    if (/\b(?:y|e|and)\s+(?:se|me|le|ahora|luego|despues|tengo|siento|now|then|i|i'?m|my|it|it'?s)\b/.test(between)) break;
    // "didn't sleep because of the sharp pain", "no puedo dormir del dolor": the negation is of something else.
    if (CAUSAL.test(between)) continue;
    if (/^no$/.test(negator[0]) && !SPANISH_NEGATION_FILLER.test(between) && /\b(?:puedo|pude|podia|deja|dejo|quiero|se|aguanto|soporto)\b/.test(between)) continue;
    const rest = text.slice(to);
    if (PSEUDO_NEGATION.test(rest)) continue;
    // "couldn't feel the left side of my body", "no me para de sangrar": the negation is the symptom.
    if (/^(?:couldn'?t|could not|no)$/.test(negator[0]) && DEFICIT.test(rest)) continue;
    if (NOVELTY_AFTER.test(after) && !/\b(?:either|neither|tampoco)\b/.test(after)) continue;
    // "nunca en la vida me había dolido así", "never hurt like this": never before, so new.
    if (/^(?:never|nunca|jamas)$/.test(negator[0]) && /\b(?:asi|like (?:this|that)|this (?:bad|much)|so bad)\b/.test(`${between} ${text.slice(start, end)}`)) continue;
    // "nada de moretones, bueno, uno chiquito": the client takes the denial back.
    const takenBack = /^[\s,]*(?:bueno|well|ok|okay|actually|en realidad|except|salvo|menos|aside from|apart from)\b[\s,]*(?:maybe |quizas |tal vez )?(?:one|a|an|uno|una|un|solo|just|only|some)\b/.exec(text.slice(end, spanEnd(breaks.sentence, end, text.length)));
    if (takenBack) return { context: 'unclear', trigger: `${negator[0]} … ${takenBack[0].replace(/[\s,]+/g, ' ').trim()}` };
    const doubt = /^\s*(?:i think|i guess|i don'?t think|maybe|probably|prob|creo|supongo|no se|exactly|per se|as such|exactamente|del todo)\b/.exec(after);
    if (doubt) return { context: 'unclear', trigger: `${negator[0]} … ${doubt[0].trim()}` };
    const hedge = HEDGED_NEGATION.exec(rest);
    if (hedge) return { context: 'unclear', trigger: `${negator[0]}${hedge[0]}` };
    if (/^(?:no (?:more|longer)|ya no)$/.test(negator[0]) || /\bany ?more\b/.test(after)) return { context: 'resolved', trigger: negator[0] };
    return { context: 'negated', trigger: negator[0] };
  }
  // A checklist answer: "Sharp pain? No. Bruising? No."
  const sentenceEnd = spanEnd(breaks.sentence, end, text.length);
  const asked = text.slice(spanStart(breaks.sentence, start), sentenceEnd).trim().split(/\s+/).length <= 4 && text[sentenceEnd] === '?';
  const answer = asked ? /^[?\s]*(?:no|nope|none|nah|not at all|nada|ninguno|ninguna|zero|negative)\b/.exec(text.slice(sentenceEnd)) : null;
  if (answer) return { context: 'negated', trigger: answer[0].replace(/^[?\s]+/, '') };
  // "felt around for a lump and nothing there": looked for, not found.
  const lookedFor = /\b(?:felt|checked|looked|searched) (?:around )?for (?:a |an |any )?$/.test(text.slice(Math.max(0, start - 30), start));
  const notFound = lookedFor ? /^[^.!?\n]{0,25}\b(?:nothing (?:there|found)|didn'?t find (?:one|any|anything)|found nothing)\b/.exec(text.slice(end, sentenceEnd)) : null;
  if (notFound) return { context: 'negated', trigger: notFound[0].trim() };
  // "no veo nada por el ojo": the finding is itself a negation, and what follows it is not a denial.
  if (/^(?:no|can'?t|couldn'?t|cannot)\b/.test(text.slice(start, end))) return undefined;
  // "…if there's bruising or trouble moving. Thankfully neither!"
  const neither = /^[.!?\s]*(?:(?:thankfully|luckily|happily|fortunately|por suerte|gracias a dios),? )?(?:neither|none of (?:that|those|them|the above)|ninguno|ninguna de las dos|nada de eso)\s*(?:[.!?\n]|$)/.exec(text.slice(sentenceEnd, sentenceEnd + 40));
  if (neither) return { context: 'negated', trigger: neither[0].replace(/^[.!?\s]+/, '') };
  const backward = NEGATION_AFTER.exec(text.slice(end, sentenceEnd));
  return backward ? { context: 'negated', trigger: backward[0].trim() } : undefined;
}

/** Seen by someone else, on the client's body: "…noticed a bruise on my thigh" (not "threw up on my mat"). */
const ON_MY_BODY = new RegExp(String.raw`^\s*(?:\w+\s){0,4}?(?:on|in|under|at|en|sobre) (?:the (?:back|side|front) of )?(?:my|mi|mis) (?:\w+ )?${BODY}\b`);

/** Someone writing for the client: their "he" or "she" is the client. */
export const PROXY =
  /\b(?:typing for|texting for|writing for|messaging for|emailing for|on behalf of|this is (?:\w+'s|his|her) \w+|(?:\w+'s|his|her) (?:wife|husband|hubby|partner|mom|mum|mother|dad|father|son|daughter|friend|sister|brother|boyfriend|girlfriend|roommate) (?:here|writing|texting)|(?:she|he) asked me to (?:text|email|write|message|call|let you know)|(?:he|she) (?:won'?t|doesn'?t want to|didn'?t want to|refuses to) (?:text|email|write to|message|call) you (?:himself|herself)|(?:me pidio|me pide) que (?:te |le )?(?:escriba|mande|avise)|(?:le |les )?escribo (?:por|de parte de)|de parte de|soy (?:la|el|su) (?:esposa|esposo|mama|papa|hija|hijo|hermana|hermano|pareja|novia|novio)(?: de)?)\b/;

/** "Mi hermano, esto va de mal en peor", "sis, my calf…": the person addressed, not the one it happened to. */
const VOCATIVE = /^\s*(?:[,!:]|(?:esto|eso|te (?:cuento|digo|escribo)|oye|mira|fijate|que crees|sabes|listen|guess what)\b)/;

function otherPerson(text: string, start: number, end: number, breaks: Breaks): ContextOutcome | undefined {
  if (PROXY.test(text)) return undefined;
  const before = text.slice(spanStart(breaks.sentence, start), start);
  const triggers = [...before.matchAll(OTHER_PERSON)].filter(
    (m) =>
      !/\b(?:like|as if|as though|como si|como que)\s+$/.test(before.slice(0, m.index)) &&
      !(m.index === 0 && VOCATIVE.test(before.slice(m[0].length))) &&
      // "ay mi madre, el dolor…": an exclamation, not the client's mother.
      !(/\b(?:ay|uy|oh|hay)\W*$/.test(before.slice(0, m.index)) && /madre|mama|dios/.test(m[0])),
  );
  const last = triggers.at(-1);
  if (!last) return undefined;
  // "my coworker told me her calf swelled": "me" here is who heard it, not whose calf.
  const between = before.slice(last.index + last[0].length).replace(/\b(?:(?:told|tells|asked|showed|texted|sent|warned) me|me (?:conto|dijo|platico|comento|conte|ensen[oa]))\b/g, '');
  const phrase = text.slice(start, end);
  if ((FIRST_PERSON.test(between) || /\b(?:me|my|i)\b/.test(phrase)) && !/^(?:your|you)/.test(last[0])) return undefined;
  // "my daughter noticed a bruise on my thigh": someone else saw it, on the client.
  if (ON_MY_BODY.test(text.slice(end, spanEnd(breaks.sentence, end, text.length)))) return undefined;
  if (/^(?:your|you)/.test(last[0]) && wordsBetween(between) > 3) return undefined;
  return { context: 'other-person', trigger: last[0] };
}

/** After a turn, the client says they have it: "you said sharp pain isn't normal, but I have some". */
const BUT_I_HAVE = /\b(?:but|pero) (?:i |yo )?(?:do |si )?(?:have|got|feel|am having|tengo|siento)\b(?! (?:totally |so |really |just )?(?:great|fine|good|awesome|amazing|ok|okay|bien|genial|perfect\w*|wonderful|better|mejor|de maravilla))/;

function hypothetical(text: string, start: number, end: number, breaks: Breaks): ContextOutcome | undefined {
  if (BUT_I_HAVE.test(text.slice(end, spanEnd(breaks.sentence, end, text.length)))) return undefined;
  // "would it be normal to feel off for a day? because I do": the question is about what the client has.
  if (/^[?.!\s]*(?:because|cause|cuz|bc|since|porque|ya que|and|y)\s+(?:i|yo|me)\s+(?:do|am|have|did|si|tengo|estoy|siento|pasa)\b/.test(text.slice(spanEnd(breaks.sentence, end, text.length)))) return undefined;
  const sentenceStart = spanStart(breaks.sentence, start);
  const clauseStart = spanStart(breaks.clause, start);
  const sentence = text.slice(sentenceStart, spanEnd(breaks.sentence, end, text.length));
  const asking = JUST_ASKING.test(text) ? [...sentence.matchAll(CURIOUS_QUESTION)] : [];
  const triggers = [...sentence.matchAll(HYPOTHETICAL_TRIGGER), ...asking].filter((m) => sentenceStart + m.index + m[0].length <= start).sort((a, b) => a.index - b.index);
  const last = triggers.at(-1);
  if (!last) return undefined;
  const triggerEnd = sentenceStart + last.index + last[0].length;
  // A conditional reaches its own clause, or the next one when it opens the sentence ("next time, if I bruise…").
  const everOpener = /^(?:if|si)$/.test(last[0]) && /^\s*(?:i |it |you )?(?:ever|alguna vez)\b/.test(sentence.slice(last.index + last[0].length)) && /^[^.!\n]*\?/.test(text.slice(end));
  if (sentenceStart + last.index < clauseStart && !everOpener && !/^(?:next time|la proxima vez|in the future|in case|por si|en caso|what (?:would|could|does|should))/.test(last[0])) {
    return undefined;
  }
  if (PSEUDO_HYPOTHETICAL_BEFORE.test(text.slice(sentenceStart, triggerEnd))) return undefined;
  if (PSEUDO_HYPOTHETICAL_AFTER.test(text.slice(end))) return undefined;
  const between = text.slice(triggerEnd, start);
  const simpleIf = /^(?:if|si)$/.test(last[0]);
  if (everOpener) return { context: 'hypothetical', trigger: last[0] };
  if (simpleIf && !CONDITIONAL_FILLER.test(between) && !JUST_ASKING.test(text)) return undefined;
  if (wordsBetween(between) > 8) return undefined;
  return { context: 'hypothetical', trigger: last[0] };
}

/** "Before I came in" elsewhere in the sentence, unless a turn stands between or it is a comparison ("worse than"). */
function beforeSession(text: string, start: number, end: number, breaks: Breaks): string | undefined {
  const sentenceStart = spanStart(breaks.sentence, start);
  const match = BEFORE_SESSION.exec(text.slice(sentenceStart, spanEnd(breaks.sentence, end, text.length)));
  if (!match) return undefined;
  const at = sentenceStart + match.index;
  const between = text.slice(Math.min(at, end), Math.max(at, start));
  if (/\b(?:but|pero|however|though|although|aunque|sin embargo|now|ahora|tonight|today|hoy)\b/.test(between)) return undefined;
  if (/(?:n't|\bnot|\bno|\bnever|\bnunca)\s+(?:\w+\s+){0,2}$/.test(text.slice(Math.max(sentenceStart, at - 30), at))) return undefined;
  // "antes del masaje no me pasaba": it did not happen before the session.
  if (/^\s*(?:no|nunca|jamas|never|i (?:never|didn'?t|did not|wasn'?t))\b/.test(text.slice(at + match[0].length))) return undefined;
  if (/\b(?:than|que|worse|peor)\b/.test(text.slice(Math.max(sentenceStart, at - 30), at)) || /\b(?:worse|peor)\b/.test(text.slice(start, end))) return undefined;
  return match[0];
}

function resolved(text: string, start: number, end: number, breaks: Breaks): ContextOutcome | undefined {
  const clauseStart = spanStart(breaks.clause, start);
  const sentenceEnd = spanEnd(breaks.sentence, end, text.length);
  const rest = text.slice(end, sentenceEnd);
  const turn = rest.search(/\b(?:but|pero|however|though|although|aunque|sin embargo)\b/);
  const after = turn < 0 ? rest : rest.slice(0, turn);
  const settled = turn < 0 ? undefined : (TURN_RESOLVED.exec(rest.slice(turn)) ?? TURN_NO_LONGER.exec(rest.slice(turn)) ?? TURN_FIXED.exec(rest.slice(turn)))?.[0].trim();
  const before = text.slice(clauseStart, start);
  // "aggravated my old rotator cuff injury": an old complaint stirred up by the session is current.
  if (/\b(?:aggravat\w*|re-?injur\w*|flared|stirred up|set off|agrav\w*)\b/.test(before)) return undefined;
  const afterTrigger = RESOLVED_AFTER.exec(after);
  // "I can't reach behind me anymore": an ability lost, not a complaint that is over.
  const lostAbility = /^(?:can'?t|cannot|couldn'?t|unable|not able|no (?:me |lo |la )?puedo)\b/.test(text.slice(start, end)) && afterTrigger !== null && /^(?:any ?more|ya no|no longer)$/.test(afterTrigger[0].trim());
  // "ya pasó una semana" is time gone by, not the finding gone.
  const timePassed = afterTrigger && /\b(?:paso|pasaron)$/.test(afterTrigger[0]) && TIME_AMOUNT.test(after.slice(afterTrigger.index + afterTrigger[0].length));
  // "the worst pain I've had since I broke my arm": a comparison, not a complaint had for years.
  const superlative = afterTrigger !== null && /\bhad\b/.test(afterTrigger[0]) && /\b(?:worst|most|biggest|strongest)\b/.test(text.slice(Math.max(clauseStart, start - 12), end));
  const counted =
    afterTrigger && !timePassed && !lostAbility && !superlative && !NOT_RESOLVED_BEFORE.test(after.slice(0, afterTrigger.index)) && !COMPARED_AWAY.test(after.slice(0, afterTrigger.index)) ? afterTrigger : undefined;
  const beforeMatch = RESOLVED_BEFORE.exec(before);
  // "nothing like my usual migraines": the finding is compared away from the old one, not the old one.
  const beforeTrigger = beforeMatch && !COMPARED_AWAY.test(before.slice(0, beforeMatch.index)) ? beforeMatch[0] : undefined;
  const sentenceTrigger = beforeSession(text, start, end, breaks);
  const trigger = beforeTrigger ?? counted?.[0] ?? settled ?? sentenceTrigger;
  // The finding is still there if "still", "a bit" or "back" stands between it and the trigger, or just after.
  const near = counted
    ? after.slice(0, counted.index + counted[0].length) + (after.slice(counted.index + counted[0].length).split(/[,.;!?]|\b(?:solo|just|only|nomas|the rest|lo demas)\b/)[0] ?? '').slice(0, 24)
    : text.slice(end, Math.min(spanEnd(breaks.clause, end, text.length), end + 40));
  const stillAfterTurn = turn < 0 ? undefined : /^\s*(?:but|pero)\s+(?:(?:it'?s|its|i'?m|im|i|it|se|me|ya)\s+)?(?:still|todavia|aun|sigue|sigo|seguimos|back|volvio|regreso|(?:came|comes|coming|come) back|a bit|a little|un poco)\b/.exec(rest.slice(turn));
  // "still" opens the finding's clause ("todavía me duele"): the clause break word stands just before it.
  const opening = text.slice(Math.max(spanStart(breaks.sentence, start), clauseStart - 9), start);
  // "…hasn't totally gone. Still there": the next sentence opening on "still" keeps it current.
  const nextSentence = /^[.!?\s]*(?:still|todavia|aun|sigue|siguen|(?:then |and )?(?:it )?(?:did it|happened|came back|started(?: up)?) again|again|otra vez|de nuevo|volvio|regreso)\b/.exec(text.slice(sentenceEnd, sentenceEnd + 40));
  const still = STILL.exec(near) ?? PERSISTING.exec(opening) ?? stillAfterTurn ?? nextSentence;
  // Getting worse is never over ("the swelling I came in with is worse today"): the finding stands, or is unclear.
  if (/\b(?:worse|worsen\w*|peor|empeor\w*|more|increas\w*|mas|aument\w*)\b/.test(text.slice(start, end))) return undefined;
  const worse = /(?<!\b(?:ni|no|not|no es|no esta|isn'?t|any) )\b(?:worse|worsen\w*|bigger|spreading|peor|empeor\w*|mas grande|(?:far |much |way )?more than (?:the |it did |it was |before|when|what|yesterday)|stronger than|mas fuerte que)\b/.exec(rest);
  const preexisting = PREEXISTING.exec(after) ?? PREEXISTING.exec(before);
  // A long-standing condition flaring after the session ("migraña crónica y hoy me dio una fuerte después de la
  // sesión") is a new episode: unclear, so it escalates.
  const sentence = text.slice(spanStart(breaks.sentence, start), sentenceEnd);
  const episode = (preexisting ?? trigger) && !BEFORE_SESSION.test(sentence) ? NEW_EPISODE.exec(sentence) : null;
  if (episode) return { context: 'unclear', trigger: `${(preexisting ?? [trigger])[0]}, but ${episode[0]}` };
  if (preexisting) return worse ? { context: 'unclear', trigger: `${preexisting[0]}, but ${worse[0]}` } : { context: 'resolved', trigger: preexisting[0] };
  if (trigger && worse) return { context: 'unclear', trigger: `${trigger}, but ${worse[0]}` };
  // "like a knife in the joint for a sec, then gone" when getting out of the car: it comes back each time.
  const recurring = /\b(?:whenever|every time|each time|cada vez que|siempre que)\b|\bwhen i (?:get|stand|bend|walk|climb|sit|turn|lift|twist|move|reach|go|put|step)\b(?! (?:up )?(?:off |from )?(?:the )?table)/.test(sentence);
  if (trigger) {
    if (still || (recurring && !beforeTrigger && !sentenceTrigger)) return { context: 'unclear', trigger: `${trigger}, but ${still ? still[0].trim() : 'it comes back'}` };
    return { context: 'resolved', trigger };
  }
  // "the shoulder I couldn't lift last week? I can lift it now!": an ability back.
  if (/^(?:couldn'?t|could not|no podia|no pude)\b/.test(text.slice(start, end)) && /^[^\n]{0,10}?[.!?]?[^.!?\n]{0,40}\b(?:i can|now i can|can now|ya puedo|ahora puedo)\b(?! (?:barely|hardly|only|just about|'?t|not))/.test(text.slice(end, end + 90))) {
    return { context: 'resolved', trigger: 'can now' };
  }
  const improving = IMPROVING.exec(after);
  if (improving && !/\b(?:no|not|isn'?t|ni)\s+(?:\w+\s)?$/.test(after.slice(0, improving.index)) && !/\bworse\b/.test(after)) {
    if (MUCH.test(after.slice(0, improving.index)) && !still) return { context: 'resolved', trigger: improving[0] };
    return { context: 'unclear', trigger: improving[0] };
  }
  return undefined;
}

/** Said of the finding, in its sentence: it was meant in a good way. */
const GOOD_WAY = /^(?:\s+\S+){0,8}?\s*,?\s*(?:but |and |pero |y )?(?<!not |no |not the |no the )(?:in a good way|(?:the |a )?good kind|good pain|good hurt|in the best way|in (?:that|a|the) (?:nice|good|best|relaxed|happy|lovely) (?:[\w-]+ ){0,3}?way|en el buen sentido|de lo bueno|pero rico|bien rico|de la buena|del bueno)\b/;

function figurative(text: string, end: number): ContextOutcome | undefined {
  // An emoji between ("can't move a muscle 😌 in a good way") does not end what the client says of the finding.
  const match = GOOD_WAY.exec(text.slice(end).split(/[.!?\n]/)[0] ?? '');
  return match ? { context: 'figurative', trigger: match[0].trim() } : undefined;
}

/** The context of the finding at text[start, end). */
export function contextOf(text: string, start: number, end: number, breaks: Breaks): ContextOutcome {
  return (
    otherPerson(text, start, end, breaks) ??
    figurative(text, end) ??
    hypothetical(text, start, end, breaks) ??
    negation(text, start, end, breaks) ??
    resolved(text, start, end, breaks) ?? { context: 'affirmed' }
  );
}
