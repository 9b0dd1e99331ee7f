import { describe, it, expect } from 'vitest';
import { isGsm7, nonGsm7Characters, smsEncoding } from '#domain/sms-encoding';

describe('smsEncoding', () => {
  it('fits 160 GSM-7 characters in one segment and needs two for 161', () => {
    expect(smsEncoding('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1, characters: 160 });
    expect(smsEncoding('a'.repeat(161))).toEqual({ encoding: 'GSM-7', segments: 2, characters: 161 });
  });

  it('fits 306 GSM-7 characters in two segments of 153 and needs three for 307', () => {
    expect(smsEncoding('a'.repeat(306)).segments).toBe(2);
    expect(smsEncoding('a'.repeat(307)).segments).toBe(3);
  });

  it('counts extension characters such as { and € as two septets', () => {
    expect(smsEncoding('{€')).toEqual({ encoding: 'GSM-7', segments: 1, characters: 4 });
    expect(smsEncoding(`${'a'.repeat(158)}€`).segments).toBe(1);
    expect(smsEncoding(`${'a'.repeat(159)}€`)).toEqual({ encoding: 'GSM-7', segments: 2, characters: 161 });
  });

  it('never splits an extension character across two segments', () => {
    // 152 + 2 septets would overflow the first 153-septet segment, so the € opens the second one.
    const text = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
    expect(smsEncoding(text)).toEqual({ encoding: 'GSM-7', segments: 3, characters: 306 });
  });

  it('switches to UCS-2 for a character outside GSM-7: 70 units fit one segment, 71 need two', () => {
    expect(smsEncoding(`Ł${'a'.repeat(69)}`)).toEqual({ encoding: 'UCS-2', segments: 1, characters: 70 });
    expect(smsEncoding(`Ł${'a'.repeat(70)}`)).toEqual({ encoding: 'UCS-2', segments: 2, characters: 71 });
    expect(smsEncoding(`Ł${'a'.repeat(133)}`).segments).toBe(2);
    expect(smsEncoding(`Ł${'a'.repeat(134)}`).segments).toBe(3);
  });

  it('counts an emoji as two UTF-16 code units', () => {
    expect(smsEncoding('🙂')).toEqual({ encoding: 'UCS-2', segments: 1, characters: 2 });
  });

  it('treats typographic quotes and dashes as UCS-2 but accented Latin letters in the set as GSM-7', () => {
    expect(smsEncoding('it’s').encoding).toBe('UCS-2');
    expect(smsEncoding('24–48 hours').encoding).toBe('UCS-2');
    expect(smsEncoding('Søren, Émile, Müller, Ñico, Åsa').encoding).toBe('GSM-7');
    // GSM 03.38 has ä, ö, ü, é, è but not ë, ú or ç (only Ç).
    expect(smsEncoding('Zoë').encoding).toBe('UCS-2');
    expect(smsEncoding('Raúl').encoding).toBe('UCS-2');
  });

  it('counts newlines as one septet and an empty text as one segment', () => {
    expect(smsEncoding('a\nb')).toEqual({ encoding: 'GSM-7', segments: 1, characters: 3 });
    expect(smsEncoding('')).toEqual({ encoding: 'GSM-7', segments: 1, characters: 0 });
  });

  it('lists the characters that force UCS-2', () => {
    expect(isGsm7('Hello {name} €5')).toBe(true);
    expect(nonGsm7Characters('“Łukasz” – 🙂')).toEqual(['“', 'Ł', '”', '–', '🙂']);
  });
});
