import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('scripts/triage.ts', () => {
  it('answers each JSON line in order, reports a bad line with its number and exits 1', () => {
    const input = ['{"text":"no sharp pain, just tender"}', 'not json', '{"text":"my calf is swollen and red"}'].join('\n');

    const run = spawnSync('npx', ['tsx', 'scripts/triage.ts'], { cwd: root, input, encoding: 'utf8', timeout: 60_000 });

    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ category: 'soreness', escalate: false, urgent: false });
    expect(lines[1]).toEqual({ error: expect.stringMatching(/^line 2: /) });
    expect(lines[2]).toMatchObject({ category: 'urgent', escalate: true, urgent: true });
    expect(lines[2]?.reasons).toEqual([expect.stringContaining('calf is swollen and red')]);
    expect(run.status).toBe(1);
  });

  it('exits 0 when every line is good, and rejects a line without a string "text"', () => {
    const good = spawnSync('npx', ['tsx', 'scripts/triage.ts'], {
      cwd: root,
      input: '{"text":"thank you!"}\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(good.status).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ category: 'positive' });

    const bad = spawnSync('npx', ['tsx', 'scripts/triage.ts'], {
      cwd: root,
      input: '{"text":42}\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(JSON.parse(bad.stdout)).toEqual({ error: expect.stringMatching(/^line 1: .*"text"/) });
    expect(bad.status).toBe(1);
  });

  it('writes the language of each reply, takes an optional language and dates, and rejects a bad one by name', () => {
    const input = [
      '{"text":"me duele el pecho y no puedo respirar"}',
      '{"text":"sore since tuesday","receivedAt":"2026-03-09T10:00:00-07:00"}',
      '{"text":"ok","language":"es"}',
      '{"text":"ok","receivedAt":"last week"}',
    ].join('\n');
    const run = spawnSync('npx', ['tsx', 'scripts/triage.ts'], { cwd: root, input, encoding: 'utf8', timeout: 60_000 });
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ category: 'urgent', urgent: true, language: 'es' });
    expect(lines[1]).toMatchObject({ category: 'escalate', language: 'en' });
    expect(lines[2]).toMatchObject({ category: 'other', language: 'es' });
    expect(lines[3]).toEqual({ error: expect.stringMatching(/^line 4: .*receivedAt/) });
  });
});
