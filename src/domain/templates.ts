/**
 * Message templates: plain text with `{{variable}}` placeholders, one file per template name and part,
 * keyed `<modality>/<name>.<part file>` (e.g. `default/2h.sms.txt`, `deep-tissue/2h.email.html`) for English and
 * `<language>/<modality>/<name>.<part file>` for another language (`es/default/2h.sms.txt`).
 * Everything that can be wrong with a template (unknown variable, malformed braces, an SMS that is not GSM-7,
 * an email missing a part) fails at load; a variable missing or blank at render fails before anything is sent.
 * Rendering is pure: values are HTML-escaped in the HTML part only.
 */
import { forMessage } from './text.ts';
import { AftercareError } from '#domain/errors';
import { gsmTransliterated, nonGsm7Characters, smsEncoding } from '#domain/sms-encoding';
import type { SmsEncodingName } from '#domain/sms-encoding';
import type { Language } from '#domain/triage/language';

export type TemplatePart = 'sms' | 'emailSubject' | 'emailHtml' | 'emailText';

export interface RenderedSms {
  text: string;
  encoding: SmsEncodingName;
  segments: number;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export type TemplateVars = Record<string, string>;

export class TemplateError extends AftercareError {}

export interface TemplateSet {
  /** Every template name in natural order, e.g. ['2h', '24h', '48h', 'help', 'reply-escalate', ...]. */
  names(): string[];
  /** Modalities with at least one override, e.g. ['deep-tissue']. */
  modalities(): string[];
  /** Channels a template can be rendered for. */
  channels(name: string): ('sms' | 'email')[];
  /** Languages with a template set: always 'en', then the others found (['en', 'es']). */
  languages(): Language[];
  /** Variables used by any part of the template: of that modality (with fallbacks) if given, else of any. */
  variables(name: string, modality?: string): string[];
  /**
   * A text: the language's modality override, else the language's default; a language without the template (the
   * therapist's, which are English) falls back to English.
   */
  sms(name: string, vars: TemplateVars, modality?: string, language?: Language): RenderedSms;
  email(name: string, vars: TemplateVars, modality?: string, language?: Language): RenderedEmail;
}

export const DEFAULT_LANGUAGE: Language = 'en';
/** Folders of the languages other than English, beside the English modality folders. */
const OTHER_LANGUAGES: readonly Language[] = ['es'];

/** A template as the session's log names it: "2h", or with its language when not English ("es/2h"). */
export const templateLabel = (name: string, language: Language | undefined): string =>
  !language || language === DEFAULT_LANGUAGE ? name : `${language}/${name}`;

/** Templates only the therapist reads: they exist in English only, and a language folder need not have them. */
const isTherapistTemplate = (name: string) => name.startsWith('therapist-');

/** Variables a client-facing template may use. `unsubscribeUrl` is for emails: an SMS says "Reply STOP". */
export const CLIENT_VARIABLES = [
  'firstName',
  'practiceName',
  'therapistName',
  'practicePhone',
  'practiceHours',
  'unsubscribeUrl',
  /** In automatic answers: when the therapist will see the message ("will see this tomorrow morning"). */
  'seenWhen',
  /** In follow-ups: the session's day as seen at sending, in the client's zone ("today", "yesterday", "on Monday"). */
  'sessionDay',
  /** In `first-text`: the follow-up text it wraps with who it is from and how to opt out. */
  'message',
] as const;

/** The practice as the client's messages name it. */
export interface PracticeText {
  practiceName: string;
  therapistName: string;
  practicePhone: string;
  practiceHours: string;
}

/** The variables of every client template (unsubscribeUrl aside, which only emails have). */
export const clientTemplateVars = (practice: PracticeText, firstName: string): TemplateVars => ({
  firstName: forMessage(firstName),
  practiceName: practice.practiceName,
  therapistName: practice.therapistName,
  practicePhone: practice.practicePhone,
  practiceHours: practice.practiceHours,
});

/**
 * Variables of the message that tells a therapist about a client's reply. `concern`: what is wrong in a few words
 * ("Sharp pain", or "chest pain" after an `urgencyPrefix`); `clientContact`: the number to call as people write it
 * (or the email address), `clientContactUrl` its `tel:` (or `mailto:`) link; `sessionSummary`: "Session: deep
 * tissue, Fri 27 Nov"; `reasons`: triage's reasons in plain words.
 */
export const THERAPIST_VARIABLES = [
  'urgencyPrefix',
  'concern',
  'clientName',
  'clientContact',
  'clientContactUrl',
  'replyText',
  'reasons',
  'sessionSummary',
  'sessionUrl',
  'ackUrl',
  'ackCode',
  'outcome',
  'openList',
] as const;

export const KNOWN_VARIABLES: readonly string[] = [...CLIENT_VARIABLES, ...THERAPIST_VARIABLES];

/** Variables that must be passed but may be empty, e.g. `urgencyPrefix` is "URGENT: " or "". */
export const MAY_BE_EMPTY_VARIABLES: readonly string[] = ['urgencyPrefix', 'ackCode'];

export const DEFAULT_MODALITY = 'default';

const PART_FILES: Record<string, TemplatePart> = {
  'sms.txt': 'sms',
  'email-subject.txt': 'emailSubject',
  'email.html': 'emailHtml',
  'email.txt': 'emailText',
};

const EMAIL_PARTS: readonly TemplatePart[] = ['emailSubject', 'emailHtml', 'emailText'];

const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
const TEMPLATE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

type Piece = string | { variable: string };

interface CompiledPart {
  file: string;
  pieces: Piece[];
  variables: string[];
}

type PartMap = Partial<Record<TemplatePart, CompiledPart>>;

/** "Deep Tissue", "deep_tissue" and " DEEP-TISSUE " all become "deep-tissue". */
export function normaliseModality(modality: string): string {
  return modality
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Typographic punctuation a phone keyboard inserts into a value; each would turn the whole text into UCS-2. */
const SMS_LOOKALIKES: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2033': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
  '\u00A0': ' ',
};

/** A value as a text carries it: NFC (a decomposed "José" would turn the text to UCS-2), no typographic lookalikes. */
function smsSafe(value: string): string {
  return Array.from(value.normalize('NFC'), (char) => SMS_LOOKALIKES[char] ?? char).join('');
}

/** Header values must stay on one line. */
function oneLine(value: string): string {
  return value.replace(/\s*[\r\n]+\s*/g, ' ');
}

function compile(file: string, source: string, known: ReadonlySet<string>): CompiledPart {
  const pieces: Piece[] = [];
  const variables = new Set<string>();
  let rest = source;
  let offset = 0;
  while (rest.length > 0) {
    const open = rest.indexOf('{{');
    const strayClose = rest.indexOf('}}');
    if (strayClose !== -1 && (open === -1 || strayClose < open)) {
      throw new TemplateError(`${file}: "}}" without "{{" at character ${offset + strayClose}`);
    }
    if (open === -1) {
      pieces.push(rest);
      break;
    }
    const close = rest.indexOf('}}', open + 2);
    if (close === -1) {
      throw new TemplateError(`${file}: "{{" without "}}" at character ${offset + open}`);
    }
    const variable = rest.slice(open + 2, close).trim();
    if (!VARIABLE_NAME.test(variable)) {
      const placeholder = rest.slice(open, close + 2);
      throw new TemplateError(`${file}: malformed placeholder "${placeholder}" at character ${offset + open}`);
    }
    if (!known.has(variable)) {
      throw new TemplateError(`${file}: unknown variable "${variable}" (known: ${[...known].join(', ')})`);
    }
    if (open > 0) pieces.push(rest.slice(0, open));
    pieces.push({ variable });
    variables.add(variable);
    offset += close + 2;
    rest = rest.slice(close + 2);
  }
  return { file, pieces, variables: [...variables] };
}

/** SMS and subjects are single strings without the trailing newline an editor adds; bodies keep one. */
function tidy(part: TemplatePart, source: string): string {
  if (part === 'sms' || part === 'emailSubject') return source.trim();
  return `${source.trim()}\n`;
}

function checkPart(file: string, part: TemplatePart, compiled: CompiledPart): void {
  const literal = compiled.pieces.filter((p): p is string => typeof p === 'string').join('');
  if (part === 'sms') {
    const bad = nonGsm7Characters(gsmTransliterated(literal));
    if (bad.length > 0) {
      const shown = bad.map((c) => `"${c}" (U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')})`);
      throw new TemplateError(`${file}: SMS text must be GSM-7; replace ${shown.join(', ')}`);
    }
  }
  if (part === 'emailSubject' && /[\r\n]/.test(literal)) {
    throw new TemplateError(`${file}: an email subject must be one line`);
  }
}

function parseKey(key: string): { language: Language; modality: string; name: string; part: TemplatePart } | undefined {
  const segments = key.split('/');
  const language = segments.length === 3 ? OTHER_LANGUAGES.find((l) => l === segments[0]) : DEFAULT_LANGUAGE;
  if (!language || segments.length < 2 || segments.length > 3) return undefined;
  const [modality, file] = segments.slice(-2) as [string, string];
  for (const [suffix, part] of Object.entries(PART_FILES)) {
    if (file.endsWith(`.${suffix}`)) {
      return { language, modality, name: file.slice(0, -suffix.length - 1), part };
    }
  }
  return undefined;
}

function renderPiece(piece: Piece, vars: TemplateVars, file: string, escape: (value: string) => string): string {
  if (typeof piece === 'string') return piece;
  const value = Object.hasOwn(vars, piece.variable) ? vars[piece.variable] : undefined;
  if (value === undefined) {
    throw new TemplateError(`${file}: variable "${piece.variable}" is missing`);
  }
  if (value.trim() === '' && !MAY_BE_EMPTY_VARIABLES.includes(piece.variable)) {
    throw new TemplateError(`${file}: variable "${piece.variable}" is empty`);
  }
  return escape(value);
}

function render(compiled: CompiledPart, vars: TemplateVars, escape: (value: string) => string): string {
  return compiled.pieces.map((piece) => renderPiece(piece, vars, compiled.file, escape)).join('');
}

/**
 * Builds a template set from file contents keyed by path under the templates folder. Markdown files are notes
 * and skipped; any other file that is not `[<language>/]<modality>/<name>.<part file>` is an error, so a misnamed
 * file cannot silently fall back to the default. A language folder must have every client template English has,
 * with the same channels: a Spanish-speaking client never gets an English text because one was forgotten.
 */
export function parseTemplates(files: Record<string, string>, known: readonly string[]): TemplateSet {
  const knownSet = new Set(known);
  const byLanguage = new Map<Language, Map<string, Map<string, PartMap>>>();

  for (const [key, source] of Object.entries(files)) {
    if (key.endsWith('.md')) continue;
    const parsed = parseKey(key);
    if (!parsed) {
      throw new TemplateError(
        `${key}: expected [<language>/]<modality>/<name>.<part> with language one of ${OTHER_LANGUAGES.join(', ')} and part one of ${Object.keys(PART_FILES).join(', ')}`,
      );
    }
    const { language, modality, name, part } = parsed;
    if (normaliseModality(modality) !== modality || modality === '') {
      throw new TemplateError(`${key}: modality folder must be lower-case words joined by "-", e.g. "deep-tissue"`);
    }
    if (!TEMPLATE_NAME.test(name)) {
      throw new TemplateError(`${key}: template name must be lower-case letters, digits and "-"`);
    }
    if (source.trim() === '') throw new TemplateError(`${key}: template is empty`);
    const compiled = compile(key, tidy(part, source), knownSet);
    checkPart(key, part, compiled);
    const modalities = byLanguage.get(language) ?? new Map<string, Map<string, PartMap>>();
    byLanguage.set(language, modalities);
    const names = modalities.get(modality) ?? new Map<string, PartMap>();
    modalities.set(modality, names);
    const parts = names.get(name) ?? {};
    parts[part] = compiled;
    names.set(name, parts);
  }

  const defaults = byLanguage.get(DEFAULT_LANGUAGE)?.get(DEFAULT_MODALITY);
  if (!defaults || defaults.size === 0) {
    throw new TemplateError(`no templates in "${DEFAULT_MODALITY}/"`);
  }
  for (const [language, modalities] of byLanguage) {
    const prefix = language === DEFAULT_LANGUAGE ? '' : `${language}/`;
    const base = modalities.get(DEFAULT_MODALITY);
    if (!base) throw new TemplateError(`${prefix}: no templates in "${prefix}${DEFAULT_MODALITY}/"`);
    for (const [name, parts] of base) {
      const present = EMAIL_PARTS.filter((p) => parts[p]);
      if (present.length > 0 && present.length < EMAIL_PARTS.length) {
        const missing = EMAIL_PARTS.filter((p) => !parts[p]).map((p) => partFileName(name, p));
        throw new TemplateError(`${prefix}${DEFAULT_MODALITY}/${name}: email is incomplete, missing ${missing.join(', ')}`);
      }
      const english = defaults.get(name);
      if (language !== DEFAULT_LANGUAGE && !english) {
        throw new TemplateError(`${prefix}${DEFAULT_MODALITY}/${name}: no English ${DEFAULT_MODALITY}/${name} to translate`);
      }
    }
    if (language !== DEFAULT_LANGUAGE) {
      for (const [name, parts] of defaults) {
        if (isTherapistTemplate(name)) continue;
        const translated = base.get(name);
        const missing = (['sms', ...EMAIL_PARTS] as TemplatePart[]).filter((p) => parts[p] && !translated?.[p]);
        if (missing.length > 0) {
          throw new TemplateError(`${prefix}${DEFAULT_MODALITY}/: missing ${missing.map((p) => partFileName(name, p)).join(', ')}`);
        }
      }
    }
    for (const [modality, names] of modalities) {
      if (modality === DEFAULT_MODALITY) continue;
      for (const [name, parts] of names) {
        for (const part of Object.keys(parts) as TemplatePart[]) {
          if (!base.get(name)?.[part]) {
            const file = partFileName(name, part);
            throw new TemplateError(`${prefix}${modality}/${file}: overrides nothing; add ${prefix}${DEFAULT_MODALITY}/${file} first`);
          }
        }
      }
    }
  }

  const modalityNames = [
    ...new Set([...byLanguage.values()].flatMap((modalities) => [...modalities.keys()]).filter((m) => m !== DEFAULT_MODALITY)),
  ].sort();
  const languageNames = [DEFAULT_LANGUAGE, ...OTHER_LANGUAGES.filter((l) => byLanguage.has(l))];

  function defaultParts(name: string): PartMap {
    const parts = defaults?.get(name);
    if (!parts) throw new TemplateError(`unknown template "${name}"`);
    return parts;
  }

  function resolve(name: string, part: TemplatePart, modality: string | undefined, language: Language = DEFAULT_LANGUAGE): CompiledPart | undefined {
    defaultParts(name);
    const key = modality === undefined ? undefined : normaliseModality(modality);
    const chain = language === DEFAULT_LANGUAGE ? [DEFAULT_LANGUAGE] : [language, DEFAULT_LANGUAGE];
    for (const lang of chain) {
      const modalities = byLanguage.get(lang);
      const found = (key ? modalities?.get(key)?.get(name)?.[part] : undefined) ?? modalities?.get(DEFAULT_MODALITY)?.get(name)?.[part];
      if (found) return found;
    }
    return undefined;
  }

  function partOf(name: string, part: TemplatePart, modality: string | undefined, language: Language | undefined): CompiledPart {
    const compiled = resolve(name, part, modality, language);
    if (!compiled) throw new TemplateError(`template "${name}" has no ${partFileName(name, part)}`);
    return compiled;
  }

  return {
    names: () => [...defaults.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    modalities: () => [...modalityNames],
    languages: () => [...languageNames],
    channels(name) {
      const parts = defaultParts(name);
      const channels: ('sms' | 'email')[] = [];
      if (parts.sms) channels.push('sms');
      if (parts.emailSubject) channels.push('email');
      return channels;
    },
    variables(name, modality) {
      const used = new Set<string>();
      const variants = modality === undefined ? [DEFAULT_MODALITY, ...modalityNames] : [normaliseModality(modality)];
      for (const part of Object.values(PART_FILES)) {
        for (const variant of variants) {
          for (const language of languageNames) resolve(name, part, variant, language)?.variables.forEach((v) => used.add(v));
        }
      }
      return [...used].sort();
    },
    sms(name, vars, modality, language) {
      const text = gsmTransliterated(render(partOf(name, 'sms', modality, language), vars, smsSafe));
      const { encoding, segments } = smsEncoding(text);
      return { text, encoding, segments };
    },
    email(name, vars, modality, language) {
      const nfc = (value: string) => value.normalize('NFC');
      return {
        subject: render(partOf(name, 'emailSubject', modality, language), vars, (value) => oneLine(nfc(value))),
        html: render(partOf(name, 'emailHtml', modality, language), vars, (value) => escapeHtml(nfc(value))),
        text: render(partOf(name, 'emailText', modality, language), vars, nfc),
      };
    },
  };
}

function partFileName(name: string, part: TemplatePart): string {
  const suffix = Object.keys(PART_FILES).find((file) => PART_FILES[file] === part);
  return `${name}.${suffix}`;
}
