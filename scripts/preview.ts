/**
 * Renders every template with the seed practice's settings and a 12-character first name, so texts can be
 * read and their cost checked. `--json` prints an array of { name, channel, text, encoding, segments };
 * without it, a readable listing ends with the 2h + 24h + 48h segment total per modality.
 */
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import type { TemplateSet, TemplateVars } from '#domain/templates';

interface PreviewEntry {
  name: string;
  channel: 'sms' | 'email';
  text: string;
  encoding: 'GSM-7' | 'UCS-2' | 'n/a';
  segments?: number;
}

const FOLLOW_UP_STEPS = ['2h', '24h', '48h'] as const;
const FOLLOW_UP_SEGMENT_BUDGET = 4;
const SMS_SEGMENT_BUDGET = 2;

const SAMPLE_VARS: TemplateVars = {
  firstName: 'Christabelle',
  practiceName: "Chris O'Hara Massage",
  therapistName: "Chris O'Hara",
  practicePhone: '(310) 896-0696',
  practiceHours: '10AM-10PM',
  unsubscribeUrl: 'http://localhost:3000/unsubscribe?t=sample',
  // The longest the automatic answer says.
  seenWhen: 'will see this tomorrow afternoon',
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

function entryName(modality: string | undefined, name: string, channel: 'sms' | 'email'): string {
  const base = modality ? `${modality}/${name}` : name;
  return channel === 'email' ? `${base} (email)` : base;
}

function render(templates: TemplateSet): PreviewEntry[] {
  const entries: PreviewEntry[] = [];
  for (const modality of [undefined, ...templates.modalities()]) {
    for (const name of templates.names()) {
      const channels = templates.channels(name);
      if (channels.includes('sms')) {
        const sms = templates.sms(name, SAMPLE_VARS, modality);
        entries.push({ name: entryName(modality, name, 'sms'), channel: 'sms', ...sms });
      }
      if (channels.includes('email')) {
        const email = templates.email(name, SAMPLE_VARS, modality);
        const text = `Subject: ${email.subject}\n\n${email.text}`;
        entries.push({ name: entryName(modality, name, 'email'), channel: 'email', text, encoding: 'n/a' });
      }
    }
  }
  return entries;
}

function followUpTotal(templates: TemplateSet, modality: string | undefined): number {
  return FOLLOW_UP_STEPS.reduce((sum, step) => sum + templates.sms(step, SAMPLE_VARS, modality).segments, 0);
}

function printListing(templates: TemplateSet, entries: PreviewEntry[]): void {
  const defaults = new Map(entries.filter((e) => !e.name.includes('/')).map((e) => [e.name, e.text]));
  for (const entry of entries) {
    const slash = entry.name.indexOf('/');
    if (slash !== -1 && defaults.get(entry.name.slice(slash + 1)) === entry.text) continue;
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
  for (const modality of [undefined, ...templates.modalities()]) {
    const total = followUpTotal(templates, modality);
    const verdict = total <= FOLLOW_UP_SEGMENT_BUDGET ? 'ok' : 'OVER BUDGET';
    console.log(
      `${modality ?? 'default'}: 2h + 24h + 48h = ${total} SMS segments (budget ${FOLLOW_UP_SEGMENT_BUDGET}, ${verdict})`,
    );
  }
}

const templates = loadTemplatesFromDir(defaultTemplatesDir());
const entries = render(templates);
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(entries, null, 2));
} else {
  printListing(templates, entries);
}
