/**
 * English or Spanish, for the auto-reply. Triage itself reads both vocabularies in every reply (Spanglish is common),
 * so this only chooses the language of the answer. Written by hand: on short texts ("me duele", "ok gracias") the
 * general-purpose detectors measured in docs/triage.md do worse than counting Spanish and English words.
 */

export type Language = 'en' | 'es';

const SPANISH = new Set(
  (
    'el la los las un una unos unas de del que y en me mi mis muy pero por para con sin es esta estoy estaba tengo tenia ' +
    'duele dolor hoy ayer manana gracias hola se si ya mas todo toda bien mal como cuando donde porque pues tambien ' +
    'nada algo mucho poco cuello espalda hombro hombros pierna brazo mano cabeza pecho masaje sesion cita puedo puede siento ' +
    'senti me le lo al su sus eso esto este ese muchas muchos buenas buenos dias noches tarde semana desde hace despues antes ' +
    'ahora todavia aun sigue estuvo fue soy eres usted ustedes nos nuestra favor adolorida adolorido moreton moretones ' +
    'gracias mija mijo oye quiero necesito parece creo tarde noche aceptan tarjeta solo efectivo entendido numero ' +
    'equivocado va vale ando manejando escribo luego claro perfecto listo gusto encanto siento sentia quedo quede ' +
    'tambien entonces cuanto cuesta precio puedo podria quisiera hacer tener estar ser hay habia sea seria donde ' +
    'quien cual cuales porque aqui alli alla ahorita nomas bueno buena mala malo mejor peor poquito poco nuevo nueva ' +
    'otra otro otros mismo misma sigo seguir llevo lleva duermo dormir dormi cama trabajo casa carro espalda rodilla ' +
    'cadera cuello brazos piernas pie pies dedos ojos boca cara garganta lengua labios piel ayuda ayudo favor disculpe ' +
    'perdon saludos bendiciones igualmente chido padre genial excelente increible rico sabroso masajista usted ustedes ' +
    'hoy anoche semana mes dia dias horas hora minutos despues todavia ya'
  ).split(' '),
);
const ENGLISH = new Set(
  (
    'the and i my is it to of in a so but for with have has feel feeling im i\'m its it\'s today yesterday pain sore thanks ' +
    'thank hi hey you this that can not just really after was were be been am are do does did what when how if me on at ' +
    'your our we they he she very much bit little still now back neck shoulder leg arm head chest massage session'
  ).split(' '),
);

/** The language of a reply: 'es' when its Spanish words outweigh its English ones, else 'en'. */
export function detectLanguage(normalised: string, original = normalised): Language {
  const tokens = normalised.split(/[^a-z'ñ]+/).filter(Boolean);
  let es = /[ñ¿¡]|[áéíóú]/i.test(original) ? 1.5 : 0;
  let en = 0;
  for (const token of tokens) {
    if (SPANISH.has(token)) es += 1;
    if (ENGLISH.has(token)) en += 1;
  }
  return es > en ? 'es' : 'en';
}
