import { describe, it, expect } from 'vitest';
import { triage } from '#domain/triage';
import type { TriageCategory, TriageResult } from '#domain/triage';
import { isCarrierKeyword, keywordIntent, keywordLanguage } from '#domain/keywords';

describe('triage', () => {
  const expectCategory = (text: string, category: TriageCategory): TriageResult => {
    const result = triage(text);
    expect(result.category, `${text} -> ${result.reasons.join('; ')}`).toBe(category);
    return result;
  };

  it('treats a negated warning sign followed by mild tenderness as soreness', () => {
    const result = expectCategory('no sharp pain, just tender', 'soreness');
    expect(result).toMatchObject({ escalate: false, urgent: false });
    expect(result.reasons).toContain('soreness: "tender"');
  });

  it('escalates a stabbing pain that follows a negated soreness', () => {
    const result = expectCategory('not sore, but a stabbing pain under my shoulder blade', 'escalate');
    expect(result).toMatchObject({ escalate: true, urgent: false });
    expect(result.reasons.join('\n')).toContain('stabbing pain');
  });

  it('ends a negation at a clause boundary but lets it reach across a list', () => {
    expectCategory('no numbness or tingling, just a bit stiff', 'soreness');
    expectCategory('no bruising, but my knee is swollen', 'escalate');
    expectCategory('no chest pain or shortness of breath, just sore', 'soreness');
  });

  it('does not let "not sure", "didn\'t help" or "no idea" hide a warning sign', () => {
    expectCategory("I'm not sure if this is normal but I have a sharp pain near my spine", 'escalate');
    expectCategory("took ibuprofen and it didn't help the burning", 'escalate');
    expectCategory('no idea why but my calf is swollen and red', 'urgent');
  });

  it('sets aside a warning sign the client says is over, but not an emergency sign that passed today', () => {
    expectCategory('i was a bit dizzy last night but not dizzy anymore', 'other');
    // A stroke sign that went away is a warning stroke: still a call to 911.
    const passed = triage('my face went numb on one side for a few minutes last night, it went away');
    expect(passed).toMatchObject({ category: 'urgent', urgent: true });
    expect(passed.reasons.join('\n')).toContain('said to have passed');
    // From long ago, it reaches the therapist, not 911.
    expect(triage('I fainted once years ago after a hot bath, is a hot stone massage ok?')).toMatchObject({ escalate: true, urgent: false });
  });

  it('understands the misspellings and slang clients write', () => {
    for (const text of [
      'sharpe pain in my lower back',
      'stabbin feeling under my shoulder blade',
      'this pain is killing me',
      'fingers are numb-ish',
      'tinglin in my hand',
      'brused on my arm',
      'dizzy af since the massage',
      'excrutiating pain in my shoulder',
      'my ankle is sweling',
    ]) {
      expect(triage(text).escalate, text).toBe(true);
    }
  });

  it('names the rule and the phrase as written in every reason', () => {
    const result = triage('Sharpe pain in my hip when I climb stairs');
    expect(result.reasons).toEqual(['sharp pain: "sharpe pain"']);
  });

  it('sends the urgent signs to urgent with a reason naming each', () => {
    const cases: [string, string][] = [
      ['my chest feels tight', 'chest pain or tightness'],
      ["can't breathe properly", 'trouble breathing'],
      ['my calf is swollen and warm', 'one leg swollen, red, warm or painful'],
      ['my pee looks like cola', 'dark urine'],
      ['I passed out after my shower', 'fainting or blacking out'],
      ['my face is numb on one side', 'face drooping or numb'],
      ['my speech is slurred', 'speech or confusion'],
      ['worst headache of my life', 'worst or sudden headache'],
    ];
    for (const [text, label] of cases) {
      const result = triage(text);
      expect(result, text).toMatchObject({ category: 'urgent', urgent: true, escalate: true });
      expect(result.reasons.join('\n'), text).toContain(label);
    }
  });

  it('normalises curly quotes, emoji and whitespace', () => {
    expectCategory('I can’t   turn my neck 😩😩', 'escalate');
    expectCategory('feel amazing 🙌🏽 thank you ❤️', 'positive');
    expectCategory('🤢 since I got home', 'escalate');
  });

  it('classifies routine replies', () => {
    expectCategory('a bit sore today but nothing crazy', 'soreness');
    expectCategory('Thank you!! feel amazing', 'positive');
    expectCategory('can i book in for next tuesday?', 'question');
    expectCategory('running 10 min late sorry!', 'other');
  });

  it('classifies an empty reply as other', () => {
    expect(triage('')).toEqual({ category: 'other', escalate: false, urgent: false, reasons: ['no triage rule matched'], flags: [], language: 'en' });
    expect(triage('   ').category).toBe('other');
  });
});

describe('keywordIntent', () => {
  it.each(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'])(
    'reads %s as an opt-out in any case, with surrounding whitespace and punctuation',
    (keyword) => {
      for (const text of [keyword, keyword.toLowerCase(), ` ${keyword[0]}${keyword.slice(1).toLowerCase()}. `, `${keyword}!!`]) {
        expect(keywordIntent(text), text).toBe('stop');
      }
    },
  );

  it.each([
    ['START', 'start'],
    ['YES', 'start'],
    ['UNSTOP', 'start'],
    ['HELP', 'help'],
    ['INFO', 'help'],
  ] as const)('reads %s as %s in any case', (keyword, intent) => {
    for (const text of [keyword, keyword.toLowerCase(), ` ${keyword[0]}${keyword.slice(1).toLowerCase()}? `]) {
      expect(keywordIntent(text), text).toBe(intent);
    }
  });

  it.each([
    'please stop texting me',
    'stop sending me messages',
    'unsubscribe me',
    'take me off your list',
    "don't text me anymore",
    'Don’t text me again!',
    'no more texts please',
    'Stop please',
    'Hi, please unsubscribe me from this list, thanks!',
  ])('reads the polite "%s" as an opt-out', (text) => {
    expect(keywordIntent(text)).toBe('stop');
  });

  it.each([
    "the pain won't stop",
    "can't stop shaking",
    'when will the soreness stop?',
    'cancel my appointment on friday',
    'yes it still hurts',
    'help! my calf is swollen',
    'end of the day works for me',
    'ok',
    '',
    // "Cancel" with anything else is about an appointment: the therapist answers it.
    'I need to cancel',
    'can you cancel?',
    "I'd like to cancel please",
    'cancel please',
    'hi, i need to cancel',
    'quiero cancelar mi cita del viernes',
    'para mañana está bien?',
  ])('does not read "%s" as a keyword', (text) => {
    expect(keywordIntent(text)).toBeNull();
  });

  it.each(['PARAR', 'parar', 'Alto', 'CANCELAR', 'baja', 'BAJA!', 'Para', 'ya no me manden mensajes', 'Ya no me manden más mensajes por favor', 'no quiero recibir mensajes', 'dejen de enviarme mensajes', 'quiero darme de baja'])(
    'reads the Spanish "%s" as an opt-out, in Spanish',
    (text) => {
      expect(keywordIntent(text)).toBe('stop');
      expect(keywordLanguage(text)).toBe('es');
    },
  );

  it('reads AYUDA as help in Spanish, and an English keyword as no Spanish', () => {
    expect(keywordIntent('ayuda')).toBe('help');
    expect(keywordLanguage('AYUDA')).toBe('es');
    expect(keywordLanguage('STOP')).toBeUndefined();
  });

  it('keeps the carrier keywords Twilio acts on itself in step with what we record: each alone is an opt-out for us too', () => {
    // Twilio's default opt-out keywords (docs: "Advanced Opt-Out"); any of them alone blocks the number at Twilio.
    for (const keyword of ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']) {
      expect(isCarrierKeyword(keyword)).toBe(true);
      expect(keywordIntent(keyword)).toBe('stop');
    }
    // Ours alone: Twilio does not block on them, so we answer them and the sender skips the number.
    for (const ours of ['PARAR', 'please stop texting me']) expect(isCarrierKeyword(ours)).toBe(false);
  });
});
