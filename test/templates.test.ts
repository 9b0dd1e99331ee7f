import { describe, it, expect } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import { KNOWN_VARIABLES, TemplateError, normaliseModality, parseTemplates } from '#domain/templates';
import type { TemplateVars } from '#domain/templates';

const templates = loadTemplatesFromDir(defaultTemplatesDir());

/** The seed practice, and a first name of 12 characters: the longest the segment budget is promised for. */
const CLIENT_VARS: TemplateVars = {
  firstName: 'Christabelle',
  practiceName: "Chris O'Hara Massage",
  therapistName: "Chris O'Hara",
  practicePhone: '(310) 896-0696',
  practiceHours: '10AM-10PM',
  unsubscribeUrl: 'http://localhost:3000/unsubscribe?t=sample&c=42',
  // The longest thing an automatic answer says of when the therapist will see a message.
  seenWhen: 'will see this on Wednesday afternoon',
  // The longest day word: a session more than a week back ("September" is the longest month).
  sessionDay: 'on September 27',
};

/** The same in Spanish: the values the code gives a Spanish client at their longest. */
const SPANISH_VARS: TemplateVars = { ...CLIENT_VARS, seenWhen: 'lo vera el miercoles por la mañana', sessionDay: 'el 27 de septiembre' };
const LANGUAGES = [
  { language: 'en', vars: CLIENT_VARS, budget: 4, optOut: 'Reply STOP to opt out' },
  { language: 'es', vars: SPANISH_VARS, budget: 5, optOut: 'Responde STOP o PARAR para no recibir mas' },
] as const;

const THERAPIST_VARS: TemplateVars = {
  urgencyPrefix: 'URGENT: ',
  concern: 'sharp pain and trouble moving',
  clientName: 'Christabelle Reyes',
  clientContact: '(310) 555-0142',
  clientContactUrl: 'tel:+13105550142',
  replyText: 'Sharp pain in my neck, I can barely turn my head',
  reasons: 'sharp pain; restricted movement',
  sessionSummary: 'Session: deep tissue, Fri 27 Nov',
  sessionUrl: 'http://localhost:3000/sessions/s1',
  ackUrl: 'http://localhost:3000/ack?t=abc',
  ackCode: '2',
  outcome: 'Their automated follow-ups resume as gentle check-ins ("How are you feeling now?").',
  openList: '2 open: Christabelle Reyes (OK 1), Ana Ruiz (OK 2)',
};

const FOLLOW_UPS = ['2h', '24h', '48h'];
const OPT_OUT = 'Reply STOP to opt out';
const MODALITIES = [undefined, ...templates.modalities()];
const clientNames = templates.names().filter((name) => !name.startsWith('therapist-'));
const clientSmsNames = clientNames.filter((name) => name !== 'first-text' && templates.channels(name).includes('sms'));
const clientEmailNames = clientNames.filter((name) => templates.channels(name).includes('email'));

function expectTemplateError(action: () => unknown, ...mentions: string[]): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(TemplateError);
  for (const mention of mentions) expect((thrown as Error).message).toContain(mention);
}

describe('templates folder', () => {
  it('has every follow-up, reply and notification template', () => {
    expect(templates.names()).toEqual(
      expect.arrayContaining([
        ...FOLLOW_UPS,
        'reply-urgent',
        'reply-escalate',
        'reply-soreness',
        'reply-positive',
        'reply-question',
        'help',
        'therapist-escalation',
      ]),
    );
    for (const name of [...FOLLOW_UPS, 'therapist-escalation', ...clientNames.filter((n) => n.startsWith('reply-'))]) {
      expect(templates.channels(name), name).toEqual(['sms', 'email']);
    }
    expect(templates.channels('help')).toEqual(['sms']);
    expect(templates.modalities()).toContain('deep-tissue');
  });

  it.each(LANGUAGES.flatMap(({ language, vars }) => MODALITIES.flatMap((modality) => clientSmsNames.map((name) => [language, modality ?? 'default', name, modality, vars] as const))))(
    '%s: %s/%s texts render in GSM-7 within 2 segments for a 12-character first name',
    (language, _label, name, modality, vars) => {
      const sms = templates.sms(name, vars, modality, language);
      expect(sms.encoding).toBe('GSM-7');
      expect(sms.segments).toBeLessThanOrEqual(2);
    },
  );

  it.each(LANGUAGES.flatMap(({ language, vars, budget }) => MODALITIES.map((modality) => [language, modality ?? 'default', modality, vars, budget] as const)))(
    '%s: %s: the 2h, 24h and 48h texts of a session cost at most 4 segments together in English, 5 in Spanish',
    (language, _label, modality, vars, budget) => {
      const total = FOLLOW_UPS.reduce((sum, step) => sum + templates.sms(step, vars, modality, language).segments, 0);
      expect(total).toBeLessThanOrEqual(budget);
    },
  );

  it.each(LANGUAGES.flatMap(({ language, vars, optOut }) => ['24h', '48h'].map((step) => [language, step, vars, optOut] as const)))(
    '%s: the %s text wrapped as a first text names the practice, says how to opt out, and stays within 2 GSM-7 segments',
    (language, step, vars, optOut) => {
      const message = templates.sms(step, vars, undefined, language).text;
      const first = templates.sms('first-text', { ...vars, message }, undefined, language);
      expect(first.text.startsWith("Chris O'Hara Massage: ")).toBe(true);
      expect(first.text).toContain(message);
      expect(first.text.endsWith(optOut)).toBe(true);
      expect(first.encoding).toBe('GSM-7');
      expect(first.segments).toBeLessThanOrEqual(2);
    },
  );

  it('writes every Spanish client text in Spanish, with its accents in emails and without á í ó ú in texts', () => {
    expect(templates.languages()).toEqual(['en', 'es']);
    expect(templates.sms('2h', SPANISH_VARS, undefined, 'es').text).toMatch(/^Hola Christabelle, gracias por venir el 27 de septiembre a Chris O'Hara Massage\./);
    expect(templates.sms('2h', SPANISH_VARS, undefined, 'es').text).not.toMatch(/[áíóúÁÍÓÚ]/);
    const email = templates.email('2h', SPANISH_VARS, undefined, 'es');
    expect(email.subject).toContain('el 27 de septiembre');
    expect(email.text).toMatch(/[áíóú]/);
    // A therapist's text has no Spanish version: English, whatever the client's language.
    expect(templates.sms('therapist-ack', { clientName: 'Ana', outcome: 'x' }, undefined, 'es').text).toBe(templates.sms('therapist-ack', { clientName: 'Ana', outcome: 'x' }).text);
  });

  it('has the opt-out line only in texts that also name the practice, so a first text never loses who it is from', () => {
    for (const { language, vars } of LANGUAGES) {
      for (const name of [...FOLLOW_UPS, 'checkin', '48h-checkin']) {
        for (const modality of MODALITIES) {
          const text = templates.sms(name, vars, modality, language).text;
          if (/\bSTOP\b/.test(text)) expect(text, `${language} ${name}`).toContain("Chris O'Hara Massage");
        }
      }
    }
  });

  it('puts the opt-out line in the first text (and the HELP reply), not in every later one', () => {
    for (const modality of MODALITIES) {
      expect(templates.sms('2h', CLIENT_VARS, modality).text).toContain(OPT_OUT);
    }
    expect(templates.sms('help', CLIENT_VARS).text).toContain(OPT_OUT);
    expect(templates.sms('24h', CLIENT_VARS).text).not.toContain(OPT_OUT);
  });

  it('follows the practice aftercare advice at each step', () => {
    for (const modality of MODALITIES) {
      const first = templates.sms('2h', CLIENT_VARS, modality).text;
      expect(first).toMatch(/water/i);
      expect(first).toMatch(/mov(e|ing) gently/i);
      expect(first).toMatch(/soreness for 24-48 hours is normal/i);
      const second = templates.sms('24h', CLIENT_VARS, modality).text;
      expect(second).toMatch(/heat or cold/i);
      expect(second).toMatch(/rest/i);
      expect(second).toMatch(/sharp.*reply/i);
      const third = templates.sms('48h', CLIENT_VARS, modality).text;
      expect(third).toMatch(/easing/i);
      expect(third).toMatch(/more than a few days/i);
      expect(third).toMatch(/sharp rather than achy, reply or call \(310\) 896-0696/);
    }
    expect(templates.email('48h', CLIENT_VARS).text).toMatch(/pressure/);
  });

  it('tells the client to call 911 or go to the ER and gives the practice phone in the urgent reply', () => {
    const text = templates.sms('reply-urgent', CLIENT_VARS).text;
    expect(text).toContain('911');
    expect(text).toContain('ER');
    expect(text).toContain('(310) 896-0696');
    expect(templates.sms('reply-escalate', CLIENT_VARS).text).toContain("Chris O'Hara has been told");
    expect(templates.sms('help', CLIENT_VARS).text).toContain('10AM-10PM');
  });

  it('never uses the email unsubscribe link in a text', () => {
    for (const name of templates.names()) {
      if (!templates.channels(name).includes('sms')) continue;
      const all: TemplateVars = { ...CLIENT_VARS, ...THERAPIST_VARS, message: 'A follow-up text.' };
      const { unsubscribeUrl: _omitted, ...smsVars } = all;
      for (const modality of MODALITIES) expect(() => templates.sms(name, smsVars, modality)).not.toThrow();
    }
  });

  it.each(MODALITIES.flatMap((modality) => clientEmailNames.map((name) => [modality ?? 'default', name, modality])))(
    '%s/%s email shows the unsubscribe link in both the HTML and the text part',
    (_label, name, modality) => {
      const email = templates.email(name as string, CLIENT_VARS, modality);
      expect(email.html).toContain('href="http://localhost:3000/unsubscribe?t=sample&amp;c=42"');
      expect(email.html).toMatch(/>Unsubscribe</);
      expect(templates.email(name as string, SPANISH_VARS, modality, 'es').html).toMatch(/>Dejar de recibir</);
      expect(email.text).toContain('http://localhost:3000/unsubscribe?t=sample&c=42');
      expect(email.text).toContain("Chris O'Hara Massage");
      expect(email.subject).not.toMatch(/[\r\n]/);
    },
  );

  it('renders a client name outside GSM-7 as UCS-2', () => {
    expect(templates.sms('24h', { ...CLIENT_VARS, firstName: 'Łukasz' }).encoding).toBe('UCS-2');
    expect(templates.sms('24h', { ...CLIENT_VARS, firstName: '陈' }).encoding).toBe('UCS-2');
  });

  it('keeps a name typed with a curly apostrophe in GSM-7', () => {
    const sms = templates.sms('24h', { ...CLIENT_VARS, firstName: 'D’Andre' });
    expect(sms.text).toContain("Hi D'Andre,");
    expect(sms.encoding).toBe('GSM-7');
  });

  it('starts the therapist text with the urgency and what is wrong, ends it with the acknowledgement keyword, keeps fixed text short', () => {
    const urgent = templates.sms('therapist-escalation', THERAPIST_VARS);
    expect(urgent.text.startsWith('URGENT: sharp pain and trouble moving - Christabelle Reyes, (310) 555-0142\n')).toBe(true);
    expect(urgent.text).toContain('Sharp pain in my neck, I can barely turn my head');
    expect(urgent.text).toContain('Session: deep tissue, Fri 27 Nov');
    expect(urgent.text.endsWith('Reply OK 2 to acknowledge')).toBe(true);
    // One link in a text: the session's page.
    expect(urgent.text.match(/https?:\/\//g)).toEqual(['http://']);
    const calm = templates.sms('therapist-escalation', { ...THERAPIST_VARS, urgencyPrefix: '', concern: 'Sharp pain' });
    expect(calm.text.startsWith('Sharp pain - Christabelle Reyes')).toBe(true);
    const tiny = Object.fromEntries(Object.keys(THERAPIST_VARS).map((key) => [key, 'x']));
    expect(templates.sms('therapist-escalation', tiny).text.length).toBeLessThanOrEqual(70);
  });

  it('says in the therapist email subject what is wrong and who, with the number as a tel: link and one link to act on', () => {
    const email = templates.email('therapist-escalation', THERAPIST_VARS);
    expect(email.subject).toBe('URGENT: sharp pain and trouble moving — Christabelle Reyes');
    expect(templates.email('therapist-escalation', { ...THERAPIST_VARS, urgencyPrefix: '', concern: 'Sharp pain' }).subject).toBe('Sharp pain — Christabelle Reyes');
    expect(email.html).toContain('<a href="tel:+13105550142" style="color:#2b2b2b;">(310) 555-0142</a>');
    expect([...email.html.matchAll(/href="(?!tel:)([^"]+)"/g)].map((m) => m[1])).toEqual(['http://localhost:3000/ack?t=abc']);
    expect(email.text).toContain('Session: deep tissue, Fri 27 Nov');
    expect(email.text).toContain('Why you are seeing this: sharp pain; restricted movement');
    expect(email.text.match(/https?:\/\//g)).toHaveLength(1);
  });

  it('lists the variables a template uses', () => {
    expect(templates.variables('2h')).toEqual(
      expect.arrayContaining(['firstName', 'practiceName', 'practicePhone', 'unsubscribeUrl']),
    );
    expect(templates.variables('help')).toEqual(['practiceHours', 'practiceName', 'practicePhone']);
    expect(templates.variables('therapist-escalation')).toEqual(Object.keys(THERAPIST_VARS).filter((v) => !['outcome', 'openList'].includes(v)).sort());
    expect(templates.variables('therapist-ack')).toEqual(['clientName', 'outcome']);
  });
});

describe('modality variants', () => {
  it('uses the deep-tissue text for 2h and the default for a part the variant lacks', () => {
    const deep = templates.sms('2h', CLIENT_VARS, 'deep-tissue');
    expect(deep.text).toContain('deep tissue');
    expect(deep.text).not.toEqual(templates.sms('2h', CLIENT_VARS).text);
    const deepEmail = templates.email('2h', CLIENT_VARS, 'deep-tissue');
    expect(deepEmail.text).toContain('deep tissue');
    expect(deepEmail.subject).toEqual(templates.email('2h', CLIENT_VARS).subject);
    expect(templates.sms('24h', CLIENT_VARS, 'deep-tissue')).toEqual(templates.sms('24h', CLIENT_VARS));
  });

  it('normalises the modality name and falls back to the default for one without templates', () => {
    expect(normaliseModality(' Deep Tissue ')).toBe('deep-tissue');
    expect(normaliseModality('deep_tissue')).toBe('deep-tissue');
    expect(templates.sms('2h', CLIENT_VARS, 'Deep Tissue')).toEqual(templates.sms('2h', CLIENT_VARS, 'deep-tissue'));
    expect(templates.sms('2h', CLIENT_VARS, 'Hot Stone')).toEqual(templates.sms('2h', CLIENT_VARS));
  });

  it('falls back part by part when parsed from files', () => {
    const set = parseTemplates(
      {
        'default/2h.sms.txt': 'Hi {{firstName}}, default text',
        'default/2h.email-subject.txt': 'Default subject',
        'default/2h.email.html': '<p>Default {{firstName}}</p>',
        'default/2h.email.txt': 'Default {{firstName}}',
        'prenatal/2h.email.txt': 'Prenatal {{firstName}}',
      },
      KNOWN_VARIABLES,
    );
    expect(set.sms('2h', { firstName: 'Ann' }, 'Prenatal').text).toBe('Hi Ann, default text');
    expect(set.email('2h', { firstName: 'Ann' }, 'Prenatal')).toEqual({
      subject: 'Default subject',
      html: '<p>Default Ann</p>\n',
      text: 'Prenatal Ann\n',
    });
  });
});

describe('rendering', () => {
  it('throws naming the variable when one is missing or blank, instead of sending a blank', () => {
    const { firstName: _omitted, ...withoutName } = CLIENT_VARS;
    expectTemplateError(() => templates.sms('2h', withoutName), 'firstName');
    expectTemplateError(() => templates.email('2h', { ...CLIENT_VARS, unsubscribeUrl: '' }), 'unsubscribeUrl');
    expectTemplateError(() => templates.sms('48h', { ...CLIENT_VARS, practicePhone: '  ' }), 'practicePhone');
  });

  it('escapes values in HTML and leaves them as typed in text parts', () => {
    const vars = { ...CLIENT_VARS, firstName: '<script>alert(1)</script>', practiceName: "O'Hara & Sons" };
    const email = templates.email('2h', vars);
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('O&#39;Hara &amp; Sons');
    expect(email.text).toContain('<script>alert(1)</script>');
    expect(email.text).toContain("O'Hara & Sons");
    expect(email.subject).toContain("O'Hara & Sons");
  });

  it('keeps a subject on one line whatever the values hold', () => {
    const set = parseTemplates(
      {
        'default/x.email-subject.txt': 'Hello {{firstName}}',
        'default/x.email.html': '<p>{{firstName}}</p>',
        'default/x.email.txt': '{{firstName}}',
      },
      KNOWN_VARIABLES,
    );
    expect(set.email('x', { firstName: 'Ann\r\nBcc: evil@example.com' }).subject).toBe(
      'Hello Ann Bcc: evil@example.com',
    );
  });

  it('throws for an unknown template or a channel the template lacks', () => {
    expectTemplateError(() => templates.sms('3h', CLIENT_VARS), '3h');
    expectTemplateError(() => templates.email('help', CLIENT_VARS), 'help');
  });
});

describe('parseTemplates', () => {
  it('rejects an unknown variable at load, naming the file and the variable', () => {
    expectTemplateError(
      () => parseTemplates({ 'default/2h.sms.txt': 'Hi {{fristName}}' }, KNOWN_VARIABLES),
      'default/2h.sms.txt',
      'fristName',
    );
  });

  it.each([
    ['an unclosed placeholder', 'Hi {{firstName'],
    ['a stray closing brace pair', 'Hi firstName}}'],
    ['a triple brace', 'Hi {{{firstName}}}'],
    ['an empty placeholder', 'Hi {{ }}'],
  ])('rejects %s at load, naming the file', (_label, source) => {
    expectTemplateError(() => parseTemplates({ 'default/2h.sms.txt': source }, KNOWN_VARIABLES), 'default/2h.sms.txt');
  });

  it('accepts spaces inside a placeholder and single braces in HTML', () => {
    const set = parseTemplates(
      {
        'default/x.email-subject.txt': 'Hi {{ firstName }}',
        'default/x.email.html': '<style>p { color: red; }</style><p>{{firstName}}</p>',
        'default/x.email.txt': 'Hi',
      },
      KNOWN_VARIABLES,
    );
    expect(set.email('x', { firstName: 'Ann' }).subject).toBe('Hi Ann');
  });

  it('rejects a text whose fixed wording is not GSM-7, naming the character', () => {
    expectTemplateError(
      () => parseTemplates({ 'default/2h.sms.txt': 'Hi {{firstName}}, it’s normal — really' }, KNOWN_VARIABLES),
      'default/2h.sms.txt',
      '’',
      '—',
    );
  });

  it('rejects an incomplete email, an override of nothing, an empty file and a misnamed file', () => {
    expectTemplateError(
      () => parseTemplates({ 'default/2h.sms.txt': 'Hi', 'default/2h.email.txt': 'Hi' }, KNOWN_VARIABLES),
      '2h.email-subject.txt',
    );
    expectTemplateError(
      () => parseTemplates({ 'default/2h.sms.txt': 'Hi', 'deep-tissue/3h.sms.txt': 'Hi' }, KNOWN_VARIABLES),
      'deep-tissue/3h.sms.txt',
    );
    expectTemplateError(() => parseTemplates({ 'default/2h.sms.txt': '\n' }, KNOWN_VARIABLES), 'empty');
    expectTemplateError(
      () => parseTemplates({ 'default/2h.sms.txt': 'Hi', 'default/24h.sms.text': 'Hi' }, KNOWN_VARIABLES),
      'default/24h.sms.text',
    );
    expectTemplateError(
      () => parseTemplates({ 'default/2h.sms.txt': 'Hi', 'Deep Tissue/2h.sms.txt': 'Hi' }, KNOWN_VARIABLES),
      'Deep Tissue/2h.sms.txt',
    );
  });

  it('strips the trailing newline an editor leaves at the end of a text', () => {
    const set = parseTemplates({ 'default/2h.sms.txt': 'Hi {{firstName}}\n' }, KNOWN_VARIABLES);
    expect(set.sms('2h', { firstName: 'Ann' }).text).toBe('Hi Ann');
  });
});

describe('loadTemplatesFromDir', () => {
  it('reads nested modality folders and skips notes and dotfiles', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aftercare-templates-'));
    mkdirSync(join(dir, 'default'));
    mkdirSync(join(dir, 'deep-tissue'));
    writeFileSync(join(dir, 'default', '2h.sms.txt'), 'Hi {{firstName}}\n');
    writeFileSync(join(dir, 'deep-tissue', '2h.sms.txt'), 'Hi {{firstName}}, deep\n');
    writeFileSync(join(dir, 'default', '.DS_Store'), 'junk');
    writeFileSync(join(dir, 'README.md'), '# notes');
    const set = loadTemplatesFromDir(dir);
    expect(set.names()).toEqual(['2h']);
    expect(set.sms('2h', { firstName: 'Ann' }, 'Deep Tissue').text).toBe('Hi Ann, deep');
  });

  it('fails with a template error when the folder cannot be read', () => {
    expectTemplateError(() => loadTemplatesFromDir(join(tmpdir(), 'no-such-aftercare-templates')), 'cannot read');
  });
});
