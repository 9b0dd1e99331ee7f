import { describe, expect, it } from 'vitest';
import { phoneForPeople } from '#domain/phone';
import { alertConcern, capitalised, plainReasons, sessionSummary } from '#domain/therapist-alert';
import { triage } from '#domain/triage';
import type { Escalation } from '#domain/model';

const reply = (text: string) => {
  const result = triage(text);
  return { at: '2026-11-27T18:00:00.000Z', channel: 'sms' as const, text, category: result.category, reasons: result.reasons };
};
const escalation = (...texts: string[]): Pick<Escalation, 'urgent' | 'replies'> => {
  const replies = texts.map(reply);
  return { urgent: replies.some((r) => r.category === 'urgent'), replies };
};

describe("the therapist's alert", () => {
  it('says what is wrong in a few words: the warning signs, not the catalogue labels', () => {
    expect(alertConcern(escalation('chest pain and trouble breathing'))).toBe('chest pain and trouble breathing');
    expect(capitalised(alertConcern(escalation('sharp pain in my shoulder since this morning')))).toBe('Sharp pain');
    expect(alertConcern(escalation('burning pain in my neck'))).toBe('burning pain');
    expect(alertConcern(escalation('my calf is swollen and red'))).toBe('signs of a blood clot');
    expect(alertConcern(escalation('i think im having a heart attack'))).toBe('mentions "heart attack"');
    expect(alertConcern(escalation('me duele el pecho y me falta el aire'))).toBe('chest pain and trouble breathing');
    expect(alertConcern({ urgent: false, replies: [] })).toBe('a warning sign');
  });

  it('keeps an urgent escalation headed by its urgent reply when a calmer one follows', () => {
    expect(alertConcern(escalation('my chest feels tight', 'also a bruise on my back'))).toBe('chest pain');
    expect(alertConcern(escalation('a bruise on my back', 'sharp pain in my neck now'))).toBe('sharp pain');
  });

  it('gives the reasons in plain words, without repeating the quoted phrase', () => {
    expect(plainReasons(reply('chest pain and trouble breathing').reasons)).toEqual(['chest pain or tightness', 'trouble breathing']);
    expect(plainReasons(['sharp pain: "sharp pain"', 'sharp pain: "sharp pain"'])).toEqual(['sharp pain']);
    expect(plainReasons(['unclear sharp pain (maybe): "maybe sharp pain"'])).toEqual(['possibly sharp pain (the wording is unclear)']);
    expect(plainReasons(['chest pain or tightness, said to have passed (but it went away): "chest hurt"'])).toEqual(['chest pain or tightness, said to have passed']);
    expect(plainReasons(['unclear how long the soreness has lasted: "a while"', 'soreness for 5 days: "for 5 days now"'])).toEqual([
      'unclear how long the soreness has lasted',
      'soreness for 5 days',
    ]);
    expect(plainReasons(['unclear, in words triage does not know: "elbow fizzy"'])).toEqual(['something worrying, in words triage does not know']);
    for (const reason of plainReasons(reply('bruise on my back and sharp pain').reasons)) expect(reason).not.toContain('"');
  });

  it('names the session by modality and the day it ended in the client\'s zone', () => {
    const client = { name: 'Ana Ruiz', firstName: 'Ana', timezone: 'America/Los_Angeles' };
    // 03:00 UTC on the 28th is the evening of the 27th in Los Angeles.
    expect(sessionSummary({ endedAt: '2026-11-28T03:00:00.000Z', modality: 'deep tissue', client })).toBe('Session: deep tissue, Fri 27 Nov');
    expect(sessionSummary({ endedAt: '2026-11-28T03:00:00.000Z', client: { ...client, timezone: 'Europe/London' } })).toBe('Session: Sat 28 Nov');
    expect(sessionSummary(undefined)).toBe('Session: no longer on record');
  });

  it('writes the number as people do, national in the practice region and international elsewhere, with its tel: link', () => {
    expect(phoneForPeople('+13105550142', 'US')).toEqual({ text: '(310) 555-0142', tel: 'tel:+13105550142' });
    expect(phoneForPeople('+442079460958', 'US')).toEqual({ text: '+44 20 7946 0958', tel: 'tel:+442079460958' });
    expect(phoneForPeople('+442079460958', 'GB')?.text).toBe('020 7946 0958');
    expect(phoneForPeople('+13105550142', undefined)?.text).toBe('+1 310 555 0142');
    expect(phoneForPeople('not a number', 'US')).toBeUndefined();
  });
});
