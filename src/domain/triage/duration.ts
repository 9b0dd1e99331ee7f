/**
 * How long a complaint has lasted, in days, read from the reply ("for 5 days", "a week now", "since Tuesday", "since
 * the 2nd", "hace una semana", "desde el martes", "day 4") and measured against the reply's own time and, where
 * known, the end of the session ("still sore" four days after it). The article's rule: soreness that lasts more than
 * a few days (we say more than 3) is a sign to check in.
 */

export interface Timing {
  /** When the reply arrived: an ISO 8601 string, ideally with the client's offset. */
  receivedAt?: string;
  /** When the session ended, ISO 8601. */
  sessionEndedAt?: string;
}

export interface Duration {
  /** Days the complaint has lasted, or undefined when a date was named but the reply's time is unknown. */
  days: number | undefined;
  phrase: string;
}

const NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, fourteen: 14, 'couple of': 2, couple: 2, few: 3, 'a few': 3, several: 4, many: 5,
  un: 1, una: 1, uno: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10,
  once: 11, doce: 12, quince: 15, varios: 4, varias: 4, unos: 3, unas: 3,
};
const ORDINALS: Record<string, number> = { fourth: 4, fifth: 5, sixth: 6, seventh: 7, cuarta: 4, quinta: 5, sexta: 6, cuarto: 4, quinto: 5, sexto: 6 };
const NUMBER = String.raw`\d{1,2}|a few|couple of|couple|few|several|many|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|una?|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|varios|varias|unos|unas`;
const UNIT: Record<string, number> = { day: 1, dia: 1, week: 7, wk: 7, semana: 7, month: 30, mes: 30 };
const UNITS = String.raw`days?|dias?|weeks?|wks?|semanas?|months?|mes(?:es)?`;

/** "for 5 days", "been a week", "hace 5 dias", "llevo una semana", "5 days now", "4 days straight". */
const COUNTED = new RegExp(
  String.raw`\b(?:(for|been|over|about|almost|nearly|like|going on|after|it'?s|its|hace|desde hace|llevo|lleva|llevamos|tengo|tiene|ya tengo|ya|durante|por|mas de|more than|past|last|whole|entire|all|toda la|todo el|ya van|van|ya pasaron|pasaron|han pasado|ya han pasado)\s+)?(?:(?:the|a|las?|los?|unos?|unas?|como|casi|about|like)\s+)?(${NUMBER})\s*\+?\s*(${UNITS})\b(?:\s+(now|straight|in a row|later|already|and counting|ago|after|since|seguidos|seguidas|ya|despues|and (?:i'?m|it'?s) still))?`,
  'g',
);
/** A number of days that is not a duration: the future, a habit, a booking. */
const NOT_A_DURATION = /\b(?:in|every|next|per|once|within|each|en|cada|proxim\w*|dentro de|after (?:my|the|our)|for (?:my|the|our) next)\s+$/;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const DIAS = ['domingo', 'lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado'];
const WEEKDAY = String.raw`(?:last\s+)?(sun|mon|tues?|wed|thu(?:rs?)?|fri|sat)\w*|(?:el\s+)?(domingo|lunes|martes|miercoles|jueves|viernes|sabado)(?:\s+pasado|\s+de la semana pasada)?`;
const SINCE_WEEKDAY = new RegExp(String.raw`\b(?:since|from|desde|(?:the )?same as|as on|like on|como el|llevo desde)\s+(?:${WEEKDAY})\b`, 'g');
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MESES = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'];
const SINCE_DATE = new RegExp(
  String.raw`\b(?:since|from|desde)\s+(?:(?:the|el|el dia)\s+)?(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\s+)?(\d{1,2})(?:st|nd|rd|th|o)?(?:\s+(?:of|de)\s+(\w+))?(?:\/(\d{1,2}))?\b`,
  'g',
);
/** "since the weekend", "desde el finde": counted from the Saturday before the reply. */
const SINCE_WEEKEND = /\b(?:since|from|desde) (?:the |this past |last |el |este )?(?:weekend|finde|fin de semana)\b/;
/** "the massage was Monday (and today is Friday)": counted from that weekday. */
const SESSION_WEEKDAY = new RegExp(String.raw`\b(?:massage|session|appointment|appt|masaje|sesion|cita) (?:was|fue) (?:on |el )?(?:${WEEKDAY})\b`);
const TODAY_WEEKDAY = new RegExp(String.raw`\b(?:today is|today'?s|it'?s|its|now it'?s|hoy es|ya es) (?:${WEEKDAY})\b`);
const SINCE_SESSION = /\b(?:since|desde|from)\s+(?:the|my|our|your|el|mi)\s+(?:massage|session|appointment|appt|visit|treatment|masaje|sesion|cita)\b/;
const ORDINAL_DAY = new RegExp(String.raw`\b(?:day|dia)\s+(\d{1,2}|four|five|six|seven|eight|nine|ten|cuatro|cinco|seis|siete|ocho|nueve|diez)\b|\b(\d{1,2})(?:th|rd|nd|st|o|a)\s+(?:day|dia|night|noche|morning|manana)\b|\b(fourth|fifth|sixth|seventh|cuarta|quinta|sexta|cuarto|quinto|sexto) (?:day|night|morning|dia|noche|manana)\b|\b(\d{1,2}|four|five|six|seven|cuatro|cinco|seis|siete) (?:nights|mornings|noches|mananas) in a row\b`, 'g');
const WHOLE_WEEK = /\b(?:all week|the whole week|last week'?s (?:session|massage|appointment|appt)|(?:since|from|desde) (?:last week|la semana pasada)|(?:the )?(?:better|most) part of a week|most of the week|casi una semana|toda la semana|weeks now|for weeks|semanas|a week now|(?:ya )?(?:paso|pasaron) (?:una|la) semana|(?:it'?s|its|it has|it'?s been|been) (?:over )?a week)\b/;
const STILL = /\b(?:still|todavia|aun|sigue|sigo|continua|llevo|(?:hasn'?t|has not|haven'?t|isn'?t) (?:really |at all |totally |fully )?(?:eased|let up|improved|gone away|budged|changed|settled)|no (?:se me )?(?:ha|han) (?:quitado|mejorado|pasado|bajado))\b/;

const numberOf = (word: string): number => (/^\d+$/.test(word) ? Number(word) : (NUMBERS[word] ?? 0));
const unitOf = (word: string): number => UNIT[word.replace(/e?s$/, '')] ?? UNIT[word.replace(/s$/, '')] ?? 1;

/** The local calendar date of an ISO string (the part before 'T'), as days since the epoch. */
const localDay = (iso: string): number | undefined => {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86_400_000 : undefined;
};

const weekdayIndex = (day: string): number => {
  const english = WEEKDAYS.findIndex((w) => w.startsWith(day.slice(0, 3)));
  return english >= 0 && !DIAS.includes(day) ? english : DIAS.indexOf(day);
};

function sinceWeekday(day: string, receivedAt: string | undefined): number | undefined {
  const today = receivedAt ? localDay(receivedAt) : undefined;
  if (today === undefined) return undefined;
  const index = weekdayIndex(day);
  if (index < 0) return undefined;
  const todayIndex = (new Date(today * 86_400_000).getUTCDay() + 7) % 7;
  return (todayIndex - index + 7) % 7 || 7;
}

/** Days from one named weekday to a later one ("Monday … Friday" is 4). */
function weekdayGap(from: string, to: string): number | undefined {
  const [a, b] = [weekdayIndex(from), weekdayIndex(to)];
  return a < 0 || b < 0 ? undefined : (b - a + 7) % 7 || 7;
}

function sinceDate(month: string | undefined, dayOfMonth: number, receivedAt: string | undefined): number | undefined {
  const today = receivedAt ? localDay(receivedAt) : undefined;
  if (today === undefined || dayOfMonth < 1 || dayOfMonth > 31) return undefined;
  const now = new Date(today * 86_400_000);
  const named = month ? Math.max(MONTHS.indexOf(month.slice(0, 3)), MESES.indexOf(month.slice(0, 3))) : -1;
  for (let back = 0; back < 12; back++) {
    const m = named >= 0 ? named : now.getUTCMonth() - back;
    const candidate = Date.UTC(now.getUTCFullYear() - (named >= 0 && named > now.getUTCMonth() ? 1 : 0), m, dayOfMonth) / 86_400_000;
    if (candidate <= today) return today - candidate;
    if (named >= 0) return undefined;
  }
  return undefined;
}

/** The longest duration the reply states, if any. */
export function statedDuration(text: string, timing: Timing = {}, counts: (phrase: string) => boolean = () => true): Duration | undefined {
  const found: Duration[] = [];
  for (const m of text.matchAll(COUNTED)) {
    const [phrase, framing, count = '', unit = '', after] = m;
    if (NOT_A_DURATION.test(text.slice(Math.max(0, m.index - 20), m.index)) && !framing) continue;
    if (!framing && !after) continue;
    if (after === 'ago' && !STILL.test(text)) continue;
    found.push({ days: numberOf(count) * unitOf(unit), phrase });
  }
  for (const m of text.matchAll(SINCE_WEEKDAY)) {
    const day = m[1] ?? m[2] ?? '';
    found.push({ days: sinceWeekday(day, timing.receivedAt), phrase: m[0] });
  }
  for (const m of text.matchAll(SINCE_DATE)) {
    const [phrase, monthName, day = '', ofMonth, slashDay] = m;
    // "since 3/2" reads month/day, as in the US.
    const dayOfMonth = Number(slashDay ?? day);
    const month = slashDay ? MONTHS[Number(day) - 1] : (monthName ?? ofMonth);
    if (!slashDay && !monthName && !ofMonth && !/\b(?:the|el)\s|\d(?:st|nd|rd|th)\b/.test(phrase)) continue;
    found.push({ days: sinceDate(month, dayOfMonth, timing.receivedAt), phrase });
  }
  for (const m of text.matchAll(ORDINAL_DAY)) {
    const word = m[1] ?? m[2] ?? m[4] ?? '';
    found.push({ days: numberOf(word) || (NUMBERS[word] ?? 0) || (ORDINALS[m[3] ?? ''] ?? 0), phrase: m[0] });
  }
  const weekend = SINCE_WEEKEND.exec(text);
  if (weekend) found.push({ days: sinceWeekday('sat', timing.receivedAt), phrase: weekend[0] });
  const sessionDay = SESSION_WEEKDAY.exec(text);
  if (sessionDay) {
    const day = sessionDay[1] ?? sessionDay[2] ?? '';
    const today = TODAY_WEEKDAY.exec(text);
    const days = today ? weekdayGap(day, today[1] ?? today[2] ?? '') : sinceWeekday(day, timing.receivedAt);
    found.push({ days, phrase: today ? `${sessionDay[0]} … ${today[0]}` : sessionDay[0] });
  }
  const week = WHOLE_WEEK.exec(text);
  if (week) found.push({ days: 7, phrase: week[0] });
  const session = SINCE_SESSION.exec(text) ?? (STILL.test(text) ? STILL.exec(text) : null);
  if (session && timing.sessionEndedAt && timing.receivedAt) {
    // Counted in calendar days, as people count them: a Monday session is four days old on Friday morning.
    const [from, to] = [localDay(timing.sessionEndedAt), localDay(timing.receivedAt)];
    if (from !== undefined && to !== undefined && Date.parse(timing.receivedAt) >= Date.parse(timing.sessionEndedAt)) found.push({ days: to - from, phrase: session[0] });
  }
  const kept = found.filter((d) => counts(d.phrase));
  if (kept.length === 0) return undefined;
  const unknown = kept.find((d) => d.days === undefined);
  const longest = kept.filter((d) => d.days !== undefined).sort((a, b) => (b.days ?? 0) - (a.days ?? 0))[0];
  return longest && (longest.days ?? 0) > 3 ? longest : (unknown ?? longest);
}
