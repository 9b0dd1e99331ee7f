import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as z from 'zod';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

const Entry = z.object({
  name: z.string().min(1),
  channel: z.enum(['sms', 'email']),
  language: z.enum(['en', 'es']),
  text: z.string().min(1),
  encoding: z.string(),
  segments: z.number().int().positive().optional(),
});

describe('npm run preview -- --json', () => {
  it('prints every template rendered, with texts in GSM-7 within 2 segments', async () => {
    const { stdout } = await run('npx', ['tsx', 'scripts/preview.ts', '--json'], { cwd: root });
    const entries = z.array(Entry).parse(JSON.parse(stdout));

    const names = entries.map((entry) => entry.name);
    expect(names).toEqual(expect.arrayContaining(['2h', '24h', '48h', '2h (email)', 'deep-tissue/2h', 'help']));

    const texts = entries.filter((entry) => entry.channel === 'sms');
    expect(texts.length).toBeGreaterThan(0);
    for (const sms of texts) {
      expect(sms.encoding, sms.name).toBe('GSM-7');
      expect(sms.segments, sms.name).toBeLessThanOrEqual(2);
    }
    expect(texts.every((sms) => !sms.text.includes('{{'))).toBe(true);
    expect(entries.some((entry) => entry.channel === 'email' && entry.text.startsWith('Subject: '))).toBe(true);
  });

  it('includes every Spanish template, named with "es", each text with its encoding and segments within budget', async () => {
    const { stdout } = await run('npx', ['tsx', 'scripts/preview.ts', '--json'], { cwd: root });
    const entries = z.array(Entry).parse(JSON.parse(stdout));
    const spanish = entries.filter((entry) => entry.language === 'es');
    expect(spanish.map((entry) => entry.name)).toEqual(
      expect.arrayContaining(['es/2h', 'es/24h', 'es/48h', 'es/2h (email)', 'es/deep-tissue/2h', 'es/help', 'es/reply-urgent', 'es/first-text']),
    );
    expect(spanish.every((entry) => entry.name.includes('es'))).toBe(true);
    for (const sms of spanish.filter((entry) => entry.channel === 'sms')) {
      expect(sms.encoding, sms.name).toBe('GSM-7');
      expect(sms.segments, sms.name).toBeLessThanOrEqual(2);
    }
    const total = ['es/2h', 'es/24h', 'es/48h'].reduce((sum, name) => sum + (spanish.find((e) => e.name === name)?.segments ?? 99), 0);
    expect(total).toBeLessThanOrEqual(5);
    expect(spanish.find((e) => e.name === 'es/2h')?.text).toContain('Responde STOP o PARAR para no recibir mas');
  });
});
