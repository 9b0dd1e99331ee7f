import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import {
  DEVELOPMENT_SETS,
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
/** A second blind set, written the same way by another writer, later; frozen the same way. */
const BLIND_2_SHA256 = '089579828ebbb6885aa3168a7c6fbd81591891da582a73d7a2ac5785f17fff70';
/** A third, written at the start of the third round and measured once, at its end; frozen the same way. */
const BLIND_3_SHA256 = 'd353a0290f0b47a6cb0fde40a05b7219ae8f165c024d6a4cef470117c1d3fceb';
/** A fourth, written at the start of the fourth round and measured once, at its end; frozen the same way. */
const BLIND_4_SHA256 = 'c712a1f48cc136438426038b636ae0f80a9aaaf80a357a470a90465eb3f0a8ec';

const development = DEVELOPMENT_SETS.map((file) => ({ file, rows: score(loadSet(file)) }));
const blind = score(loadSet('triage-blind.jsonl'));
const blind2 = score(loadSet('triage-blind-2.jsonl'));
const blind3 = score(loadSet('triage-blind-3.jsonl'));
const blind4 = score(loadSet('triage-blind-4.jsonl'));

const inLanguage = (rows: Scored[], language: 'en' | 'es') => rows.filter((r) => (r.language ?? 'en') === language);

describe('triage evaluation', () => {
  for (const { file, rows } of development) console.log(`${report(`development set ${file}`, rows, { misses: true })}\n`);
  console.log(`${report('blind set triage-blind.jsonl', blind, { misses: false })}\n`);
  console.log(`${report('blind set triage-blind-2.jsonl', blind2, { misses: false })}\n`);
  console.log(`${report('blind set triage-blind-3.jsonl', blind3, { misses: false })}\n`);
  console.log(report('blind set triage-blind-4.jsonl', blind4, { misses: false }));

  it.each([
    ['triage-blind.jsonl', BLIND_SHA256, blind],
    ['triage-blind-2.jsonl', BLIND_2_SHA256, blind2],
    ['triage-blind-3.jsonl', BLIND_3_SHA256, blind3],
    ['triage-blind-4.jsonl', BLIND_4_SHA256, blind4],
  ] as const)('keeps the blind set %s frozen, and large and varied enough to mean something', (file, sha256, rows) => {
    const hash = createHash('sha256').update(readFileSync(fixturePath(file))).digest('hex');
    expect(hash).toBe(sha256);
    const f = figures(rows);
    expect(f.replies).toBeGreaterThanOrEqual(400);
    expect(f.urgent).toBeGreaterThanOrEqual(60);
    expect(rows.filter((r) => r.label === 'escalate').length).toBeGreaterThanOrEqual(120);
    expect(inLanguage(rows, 'es').length).toBeGreaterThanOrEqual(40);
  });

  it('catches every urgent and warning reply of the development sets, and escalates few routine ones', () => {
    for (const { file, rows } of development) {
      const f = figures(rows);
      expect(urgentRecall(f), file).toBeGreaterThanOrEqual(0.98);
      expect(escalationRecall(f), file).toBeGreaterThanOrEqual(0.98);
      expect(falseAlarmRate(f), file).toBeLessThanOrEqual(0.05);
    }
  });

  // Floors at the figures measured on the blind sets (docs/triage.md), so a change cannot make them worse unnoticed.
  // Where they are below the issue's targets (98 % / 98 % / at most 8 %), the blind sets show triage still falls short.
  it.each([
    ['1, all', blind, { urgent: 0.978, escalate: 0.988, falseAlarms: 0.028 }],
    ['1, English', inLanguage(blind, 'en'), { urgent: 0.971, escalate: 0.984, falseAlarms: 0.032 }],
    ['1, Spanish', inLanguage(blind, 'es'), { urgent: 1, escalate: 1, falseAlarms: 0.016 }],
    ['2, all', blind2, { urgent: 1, escalate: 0.991, falseAlarms: 0.023 }],
    ['2, English', inLanguage(blind2, 'en'), { urgent: 1, escalate: 0.992, falseAlarms: 0.025 }],
    ['2, Spanish', inLanguage(blind2, 'es'), { urgent: 1, escalate: 0.989, falseAlarms: 0.017 }],
    ['3, all', blind3, { urgent: 0.975, escalate: 0.986, falseAlarms: 0.019 }],
    ['3, English', inLanguage(blind3, 'en'), { urgent: 0.961, escalate: 0.98, falseAlarms: 0.021 }],
    ['3, Spanish', inLanguage(blind3, 'es'), { urgent: 1, escalate: 1, falseAlarms: 0.014 }],
    ['4, all', blind4, { urgent: 0.979, escalate: 0.988, falseAlarms: 0.047 }],
    ['4, English', inLanguage(blind4, 'en'), { urgent: 0.984, escalate: 0.987, falseAlarms: 0.044 }],
    ['4, Spanish', inLanguage(blind4, 'es'), { urgent: 0.969, escalate: 0.988, falseAlarms: 0.051 }],
  ] as const)('holds its measured recall and false-alarm rate on blind set %s', (_name, rows, floor) => {
    const f = figures(rows);
    expect(urgentRecall(f)).toBeGreaterThanOrEqual(floor.urgent);
    expect(escalationRecall(f)).toBeGreaterThanOrEqual(floor.escalate);
    expect(falseAlarmRate(f)).toBeLessThanOrEqual(floor.falseAlarms);
  });
});
