/**
 * How an SMS body is billed: GSM 03.38 (7-bit) when every character is in the default alphabet or its
 * extension table, UCS-2 otherwise. One segment holds 160 septets (GSM-7) or 70 UTF-16 code units (UCS-2);
 * a multi-part message loses room to the concatenation header: 153 septets or 67 code units per segment.
 */

export type SmsEncodingName = 'GSM-7' | 'UCS-2';

export interface SmsEncoding {
  encoding: SmsEncodingName;
  segments: number;
  /** Billable units: septets for GSM-7 (an extension character is two), UTF-16 code units for UCS-2. */
  characters: number;
}

const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** Reached through the escape code, so each costs two septets. */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

const LIMITS: Record<SmsEncodingName, { single: number; multipart: number }> = {
  'GSM-7': { single: 160, multipart: 153 },
  'UCS-2': { single: 70, multipart: 67 },
};

/** Septets per character, or undefined when the text is not GSM-7. */
function gsm7Units(text: string): number[] | undefined {
  const units: number[] = [];
  for (const char of text) {
    if (GSM7_BASIC.has(char)) units.push(1);
    else if (GSM7_EXTENSION.has(char)) units.push(2);
    else return undefined;
  }
  return units;
}

/** A code point outside the BMP is a surrogate pair: two code units that stay in one segment. */
function ucs2Units(text: string): number[] {
  return Array.from(text, (char) => char.length);
}

/** Fills segments in order; a character never straddles two segments, as phones and carriers split them. */
function countSegments(units: number[], perSegment: number): number {
  let segments = 1;
  let used = 0;
  for (const size of units) {
    if (used + size > perSegment) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return segments;
}

export function isGsm7(text: string): boolean {
  return gsm7Units(text) !== undefined;
}

/** Characters of `text` that force UCS-2, each listed once, in order of appearance. */
export function nonGsm7Characters(text: string): string[] {
  const found = new Set<string>();
  for (const char of text) {
    if (!GSM7_BASIC.has(char) && !GSM7_EXTENSION.has(char)) found.add(char);
  }
  return [...found];
}

export function smsEncoding(text: string): SmsEncoding {
  const gsm = gsm7Units(text);
  const encoding: SmsEncodingName = gsm ? 'GSM-7' : 'UCS-2';
  const units = gsm ?? ucs2Units(text);
  const characters = units.reduce((sum, size) => sum + size, 0);
  const limits = LIMITS[encoding];
  const segments = characters <= limits.single ? 1 : countSegments(units, limits.multipart);
  return { encoding, segments, characters };
}

/**
 * A text's accented letters that GSM-7 lacks, as their plain letters: á í ó ú (and â, ç, õ, …) become a i o u (c, o,
 * …), so a Spanish text stays GSM-7 (it has é, ñ, ü, ¿, ¡ and the grave vowels, which are kept). Every other
 * character is left as it is. Texts only: an email keeps every accent.
 */
export function gsmTransliterated(text: string): string {
  let changed = false;
  const out = Array.from(text, (char) => {
    if (GSM7_BASIC.has(char) || GSM7_EXTENSION.has(char)) return char;
    const plain = char.normalize('NFD').replace(/\p{M}+/gu, '');
    if (plain !== char && plain.length > 0 && gsm7Units(plain)) {
      changed = true;
      return plain;
    }
    return char;
  });
  return changed ? out.join('') : text;
}
