import { describe, it, expect } from 'vitest';
import { clientWords, triage } from '#domain/triage';
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import { parseInboundEmail } from '#adapters/email-parser';

const templates = loadTemplatesFromDir(defaultTemplatesDir());
const vars = {
  firstName: 'Dana',
  practiceName: "Chris O'Hara Massage",
  therapistName: "Chris O'Hara",
  practicePhone: '(310) 896-0696',
  practiceHours: '10AM-10PM',
  unsubscribeUrl: 'https://example.test/unsubscribe?t=x',
  seenWhen: 'will see this tomorrow morning',
  sessionDay: 'yesterday',
};
const ourEmail = (step: '2h' | '24h' | '48h') => templates.email(step, vars).text;
const quoted = (text: string) => text.split('\n').map((line) => `> ${line}`).join('\n');

/** Replies that say "all good" above our own message, as the common mail programs lay them out. */
const layouts: Record<string, (step: '2h' | '24h' | '48h') => string> = {
  gmail: (step) => `Thanks, all good!\n\nOn Tue, Mar 3, 2026 at 9:05 AM Chris O'Hara Massage <reply+abc@aftercare.example> wrote:\n${quoted(ourEmail(step))}`,
  'gmail, header wrapped': (step) =>
    `feeling great thank you\n\nOn Tue, Mar 3, 2026 at 9:05 AM Chris O'Hara Massage <\nreply+abc@aftercare.example> wrote:\n\n${quoted(ourEmail(step))}`,
  'apple mail': (step) => `All good here 🙂\n\nSent from my iPhone\n\n> On Mar 3, 2026, at 09:05, Chris O'Hara Massage <reply+abc@aftercare.example> wrote:\n>\n${quoted(ourEmail(step))}`,
  'outlook original message': (step) => `Thanks Chris, no problems at all.\n\n-----Original Message-----\nFrom: Chris O'Hara Massage <reply+abc@aftercare.example>\nSent: Tuesday, March 3, 2026 9:05 AM\nTo: dana@example.com\nSubject: How are you feeling today, Dana?\n\n${ourEmail(step)}`,
  'outlook header block without address': (step) =>
    `Thank you, all fine!\n\nFrom: Chris O'Hara Massage\nSent: Tuesday, March 3, 2026 9:05:12 AM\nTo: Dana Reyes\nSubject: Checking in after your massage\n\n${ourEmail(step)}`,
  'outlook.com underscores': (step) => `Thanks! Felt amazing.\n\n________________________________\nFrom: Chris O'Hara Massage <reply+abc@aftercare.example>\nSent: Tuesday, March 3, 2026 5:05 PM\nTo: Dana\nSubject: Checking in\n\n${ourEmail(step)}`,
  'android gmail, wrapped without >': (step) =>
    `all good thx\n\nOn Tue, 3 Mar 2026, 09:05 Chris O'Hara Massage, <reply+abc@aftercare.example> wrote:\n\n${ourEmail(step)}`,
  'spanish gmail': (step) => `¡Todo bien, gracias!\n\nEl mar, 3 mar 2026 a las 9:05, Chris O'Hara Massage (<reply+abc@aftercare.example>) escribió:\n${quoted(ourEmail(step))}`,
  'unquoted paste': (step) => `thanks!! ${ourEmail(step).split('\n').slice(2).join(' ')}`,
};

describe('clientWords', () => {
  for (const [layout, reply] of Object.entries(layouts)) {
    it.each(['2h', '24h', '48h'] as const)(`leaves a thank-you quoting our %s email routine (${layout})`, (step) => {
      const result = triage(reply(step));
      expect(result.escalate, `${result.category}: ${result.reasons.join('; ')}`).toBe(false);
    });
  }

  it('keeps a warning sign the client wrote above the quote', () => {
    const reply = `My shoulder has a sharp pain when I lift it.\n\nOn Tue, Mar 3, 2026 at 9:05 AM Chris O'Hara Massage <reply+abc@aftercare.example> wrote:\n${quoted(ourEmail('24h'))}`;
    expect(triage(reply)).toMatchObject({ escalate: true, category: 'escalate' });
  });

  it('reads an empty reply above a quote as no words, not as our quoted advice', () => {
    const reply = `\n\nSent from my iPhone\n\nOn Mar 3, 2026, at 09:05, Chris O'Hara Massage <reply+abc@aftercare.example> wrote:\n${quoted(ourEmail('2h'))}`;
    expect(clientWords(reply)).toBe('');
    expect(triage(reply)).toMatchObject({ category: 'other', escalate: false, reasons: ['only quoted text or a signature'] });
  });

  it('drops signatures and legal disclaimers', () => {
    const reply = `Great session, thanks!\n--\nDana Reyes\nParalegal\nCONFIDENTIALITY NOTICE: this message may contain privileged information. If you are not the intended recipient call 911`;
    expect(clientWords(reply)).toBe('Great session, thanks!');
    expect(clientWords('All good!\n--\nDana Reyes, RN\nUrgent Care Unit')).toBe('All good!');
  });

  it('reads what the client writes below the quoted history or after their signature', () => {
    const below = "Thanks\n\nOn Mon, Mar 2, 2026 at 1:00 PM Chris O'Hara Massage <aftercare@ohara-massage.example> wrote:\n> Hi Jane, how are you feeling?\n\nactually my face is drooping on one side";
    expect(triage(below).urgent).toBe(true);
    expect(triage('Cheers,\n--\nJane Doe\nDirector\n\nPS my speech is slurred since lunch').urgent).toBe(true);
    expect(triage('Sent from my iPhone\n\nmy right hand keeps dropping things').urgent).toBe(true);
    // A quote line wrapped by Android Gmail, without its ">", is still the quote.
    expect(triage("Thanks, all good!\n\nOn Mon, Mar 2, 2026 at 1:00 PM Chris <a@b.example> wrote:\n> If anything feels sharp rather than achy, or you notice\nbruising or trouble moving, reply here").escalate).toBe(false);
  });

  it('drops a reaction that quotes our text message', () => {
    expect(triage('Liked “Hi Dana, any soreness should be easing now. If it lasts more than a few days or feels sharp rather than achy, reply or call (310) 896-0696.”').escalate).toBe(false);
  });

  it('leaves every one of our client messages, English and Spanish, routine when pasted back whole', () => {
    for (const language of ['en', 'es'] as const) {
      const given = language === 'es' ? { ...vars, seenWhen: 'lo verá mañana por la mañana', sessionDay: 'ayer' } : vars;
      for (const name of templates.names().filter((n) => !n.startsWith('therapist') && n !== 'first-text')) {
        for (const channel of templates.channels(name)) {
          const text = channel === 'sms' ? templates.sms(name, given, undefined, language).text : templates.email(name, given, undefined, language).text;
          const result = triage(text);
          expect(result.escalate, `${language} ${name} (${channel}): ${result.reasons.join('; ')}`).toBe(false);
        }
      }
    }
  });

  it.each(['2h', '24h', '48h'] as const)('leaves a Spanish thank-you quoting our Spanish %s email routine', (step) => {
    const ours = templates.email(step, { ...vars, sessionDay: 'ayer' }, undefined, 'es').text;
    const reply = `¡Todo bien, gracias!\n\nEl mar, 3 mar 2026 a las 9:05, Chris O'Hara Massage (<reply+abc@aftercare.example>) escribió:\n${quoted(ours)}`;
    expect(triage(reply).escalate).toBe(false);
    // Pasted back unquoted, too.
    expect(triage(`gracias!! ${ours.split('\n').slice(2).join(' ')}`).escalate).toBe(false);
  });
});

describe('parseInboundEmail', () => {
  const message = (headers: string, body: string, type = 'text/plain') =>
    `From: Dana Reyes <dana@example.com>\r\nTo: reply+abc@aftercare.example\r\nSubject: Re: Checking in\r\nMessage-ID: <m1@example.com>\r\n${headers}Content-Type: ${type}; charset=utf-8\r\n\r\n${body.replace(/\n/g, '\r\n')}`;

  it('gives an empty reply as empty, not as the quoted history', async () => {
    const email = await parseInboundEmail(message('', `\nOn Tue, Mar 3, 2026 at 9:05 AM Chris O'Hara Massage <reply+abc@aftercare.example> wrote:\n${quoted(ourEmail('2h'))}`));
    expect(email.text).toBe('');
  });

  it("reads Outlook.com's HTML-only layout without the quoted message", async () => {
    const html = `<div>Thanks, all good!</div><hr><div><b>Date:</b> Tuesday, March 3, 2026<br><b>Subject:</b> Checking in<br><b>From:</b> Chris O'Hara Massage<br><b>To:</b> Dana</div><div>${ourEmail('24h').replace(/\n/g, '<br>')}</div>`;
    const email = await parseInboundEmail(message('', html, 'text/html'));
    expect(triage(email.text).escalate).toBe(false);
    expect(email.text).toContain('Thanks, all good!');
  });
});
