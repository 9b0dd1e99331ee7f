/**
 * Renders every template with the seed practice's settings and a 12-character first name, so texts can be
 * read and their cost checked. `--json` prints an array of { name, channel, language, text, encoding, segments }
 * (Spanish ones named `es/2h`, `es/deep-tissue/2h`, …); without it, a readable listing ends with the 2h + 24h + 48h
 * segment total per language and modality. `first-text` is shown wrapping the 24 h text, as a first text to a number.
 */
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import type { TemplateSet, TemplateVars } from '#domain/templates';
import type { Language } from '#domain/triage/language';

interface PreviewEntry {
  name: string;
  channel: 'sms' | 'email';
  language: Language;
  text: string;
  encoding: 'GSM-7' | 'UCS-2' | 'n/a';
  segments?: number;
}

const FOLLOW_UP_STEPS = ['2h', '24h', '48h'] as const;
/** 2h + 24h + 48h together: Spanish words are longer, and the issue allows them one more. */
const FOLLOW_UP_SEGMENT_BUDGET: Record<Language, number> = { en: 4, es: 5 };
const SMS_SEGMENT_BUDGET = 2;

const SAMPLE_VARS: TemplateVars = {
  firstName: 'Christabelle',
  practiceName: "Chris O'Hara Massage",
  therapistName: "Chris O'Hara",
  practicePhone: '(310) 896-0696',
  practiceHours: '10AM-10PM',
  unsubscribeUrl: 'http://localhost:3000/unsubscribe?t=sample',
  // The longest the automatic answer says, and the longest day word.
  seenWhen: 'will see this on Wednesday afternoon',
  sessionDay: 'on September 27',
  urgencyPrefix: 'URGENT: ',
  concern: 'sharp pain and trouble moving',
  clientName: 'Christabelle Reyes',
  clientContact: '(310) 555-0142',
  clientContactUrl: 'tel:+13105550142',
  replyText: 'Sharp pain in my lower back since this morning, hard to turn',
  reasons: 'sharp pain; restricted movement',
  sessionSummary: 'Session: deep tissue, Fri 27 Nov',
  sessionUrl: 'http://localhost:3000/sessions/sample',
  ackUrl: 'http://localhost:3000/ack?t=sample',
  ackCode: '2',
  outcome: 'Their automated follow-ups resume as gentle check-ins ("How are you feeling now?").',
  openList: '2 open: Christabelle Reyes (OK 1), Ana Ruiz (OK 2)',
};

const SPANISH_VARS: TemplateVars = { ...SAMPLE_VARS, seenWhen: 'lo vera el miercoles por la mañana', sessionDay: 'el 27 de septiembre' };
const varsIn = (language: Language) => (language === 'es' ? SPANISH_VARS : SAMPLE_VARS);

function entryName(language: Language, modality: string | undefined, name: string, channel: 'sms' | 'email'): string {
  const base = [...(language === 'en' ? [] : [language]), ...(modality ? [modality] : []), name].join('/');
  return channel === 'email' ? `${base} (email)` : base;
}

/** Languages other than English have only the client's templates (the therapist reads English). */
const namesIn = (templates: TemplateSet, language: Language) => templates.names().filter((name) => language === 'en' || !name.startsWith('therapist-'));

function render(templates: TemplateSet): PreviewEntry[] {
  const entries: PreviewEntry[] = [];
  for (const language of templates.languages()) {
    const vars = varsIn(language);
    for (const modality of [undefined, ...templates.modalities()]) {
      for (const name of namesIn(templates, language)) {
        const channels = templates.channels(name);
        if (channels.includes('sms')) {
          const message = name === 'first-text' ? templates.sms('24h', vars, modality, language).text : '';
          const sms = templates.sms(name, { ...vars, message }, modality, language);
          entries.push({ name: entryName(language, modality, name, 'sms'), channel: 'sms', language, ...sms });
        }
        if (channels.includes('email')) {
          const email = templates.email(name, vars, modality, language);
          const text = `Subject: ${email.subject}\n\n${email.text}`;
          entries.push({ name: entryName(language, modality, name, 'email'), channel: 'email', language, text, encoding: 'n/a' });
        }
      }
    }
  }
  return entries;
}

function followUpTotal(templates: TemplateSet, language: Language, modality: string | undefined): number {
  return FOLLOW_UP_STEPS.reduce((sum, step) => sum + templates.sms(step, varsIn(language), modality, language).segments, 0);
}

function printListing(templates: TemplateSet, entries: PreviewEntry[]): void {
  const byName = new Map(entries.map((e) => [e.name, e.text]));
  for (const entry of entries) {
    // A modality entry the same as its language's default is not repeated.
    const parts = entry.name.split('/');
    const modality = parts.length > (entry.language === 'en' ? 1 : 2);
    const base = [...parts.slice(0, entry.language === 'en' ? 0 : 1), parts.at(-1)].join('/');
    if (modality && byName.get(base) === entry.text) continue;
    const cost =
      entry.channel === 'sms'
        ? `${entry.encoding}, ${entry.segments} segment${entry.segments === 1 ? '' : 's'}` +
          (entry.segments !== undefined && entry.segments > SMS_SEGMENT_BUDGET ? `  (over ${SMS_SEGMENT_BUDGET})` : '')
        : 'email';
    console.log(`=== ${entry.name}  [${cost}]`);
    console.log(entry.text.trimEnd());
    console.log();
  }
  console.log('(modality entries identical to the default are not repeated)');
  for (const language of templates.languages()) {
    for (const modality of [undefined, ...templates.modalities()]) {
      const total = followUpTotal(templates, language, modality);
      const budget = FOLLOW_UP_SEGMENT_BUDGET[language];
      const verdict = total <= budget ? 'ok' : 'OVER BUDGET';
      console.log(`${language} ${modality ?? 'default'}: 2h + 24h + 48h = ${total} SMS segments (budget ${budget}, ${verdict})`);
    }
  }
}

const templates = loadTemplatesFromDir(defaultTemplatesDir());
const entries = render(templates);
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(entries, null, 2));
} else {
  printListing(templates, entries);
}
