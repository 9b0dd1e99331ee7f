import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import {
  escalationRecall,
  falseAlarmRate,
  figures,
  fixturePath,
  loadSet,
  report,
  score,
  urgentRecall,
  type Scored,
} from './support/triage-evaluation.ts';

/**
 * The blind set was written and labelled from the policy alone (test/fixtures/triage-labelling-guide.md) by someone
 * who never saw the rules, before any rule was changed. It is frozen: a changed file fails here. Only its figures are
 * printed, never its replies, so it cannot be tuned against. The development sets may be read and tuned freely.
 */
const BLIND_SHA256 = 'e890733db17e6c11742e936f66e1e4bdd5e07e2bc02d8e364386eda476f7fa33';

const development = ['triage-replies.jsonl', 'triage-dev-2.jsonl', 'triage-dev-3.jsonl', 'triage-dev-4.jsonl', 'triage-dev-5.jsonl', 'triage-dev-6.jsonl', 'triage-dev-7.jsonl', 'triage-dev-8.jsonl', 'triage-dev-9.jsonl', 'triage-dev-10.jsonl', 'triage-dev-11.jsonl', 'triage-dev-12.jsonl', 'triage-dev-13.jsonl', 'triage-dev-14.jsonl', 'triage-dev-15.jsonl', 'triage-dev-16.jsonl', 'triage-dev-17.jsonl', 'triage-dev-18.jsonl', 'triage-dev-19.jsonl', 'triage-dev-20.jsonl', 'triage-dev-21.jsonl'].map((file) => ({ file, rows: score(loadSet(file)) }));
const blind = score(loadSet('triage-blind.jsonl'));

const inLanguage = (rows: Scored[], language: 'en' | 'es') => rows.filter((r) => (r.language ?? 'en') === language);

describe('triage evaluation', () => {
  for (const { file, rows } of development) console.log(`${report(`development set ${file}`, rows, { misses: true })}\n`);
  console.log(report('blind set triage-blind.jsonl', blind, { misses: false }));

  it('keeps the blind set frozen, and large and varied enough to mean something', () => {
    const hash = createHash('sha256').update(readFileSync(fixturePath('triage-blind.jsonl'))).digest('hex');
    expect(hash).toBe(BLIND_SHA256);
    const f = figures(blind);
    expect(f.replies).toBeGreaterThanOrEqual(400);
    expect(f.urgent).toBeGreaterThanOrEqual(60);
    expect(blind.filter((r) => r.label === 'escalate').length).toBeGreaterThanOrEqual(120);
    expect(inLanguage(blind, 'es').length).toBeGreaterThanOrEqual(40);
  });

  it('catches every urgent and warning reply of the development sets, and escalates few routine ones', () => {
    for (const { file, rows } of development) {
      const f = figures(rows);
      expect(urgentRecall(f), file).toBeGreaterThanOrEqual(0.98);
      expect(escalationRecall(f), file).toBeGreaterThanOrEqual(0.98);
      expect(falseAlarmRate(f), file).toBeLessThanOrEqual(0.05);
    }
  });

  // Floors at the figures measured on the blind set (docs/triage.md), so a change cannot make them worse unnoticed.
  // They are below the issue's targets (98 % / 98 % / at most 8 %): the blind set shows triage still falls short.
  it.each([
    ['all', blind, { urgent: 0.965, escalate: 0.965, falseAlarms: 0.045 }],
    ['English', inLanguage(blind, 'en'), { urgent: 0.955, escalate: 0.96, falseAlarms: 0.05 }],
    ['Spanish', inLanguage(blind, 'es'), { urgent: 1, escalate: 0.97, falseAlarms: 0.035 }],
  ] as const)('holds its measured recall and false-alarm rate on the blind set (%s)', (_name, rows, floor) => {
    const f = figures(rows);
    expect(urgentRecall(f)).toBeGreaterThanOrEqual(floor.urgent);
    expect(escalationRecall(f)).toBeGreaterThanOrEqual(floor.escalate);
    expect(falseAlarmRate(f)).toBeLessThanOrEqual(floor.falseAlarms);
  });
});
