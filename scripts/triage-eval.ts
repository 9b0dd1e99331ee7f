/**
 * Prints triage's figures on the labelled sets: `npm run --silent triage:eval` (add `--misses` to list the wrong
 * decisions on the development sets; the blind set's replies are never printed, so it stays unseen while rules change).
 */
import { loadSet, report, score } from '../test/support/triage-evaluation.ts';

const misses = process.argv.includes('--misses');
for (const [name, file] of [
  ['development set 1 (triage-replies.jsonl)', 'triage-replies.jsonl'],
  ['development set 2 (triage-dev-2.jsonl)', 'triage-dev-2.jsonl'],
  ['development set 3 (triage-dev-3.jsonl)', 'triage-dev-3.jsonl'],
  ['development set 4 (triage-dev-4.jsonl)', 'triage-dev-4.jsonl'],
  ['development set 5 (triage-dev-5.jsonl)', 'triage-dev-5.jsonl'],
  ['development set 6 (triage-dev-6.jsonl)', 'triage-dev-6.jsonl'],
  ['development set 7 (triage-dev-7.jsonl)', 'triage-dev-7.jsonl'],
  ['development set 8 (triage-dev-8.jsonl)', 'triage-dev-8.jsonl'],
  ['development set 9 (triage-dev-9.jsonl)', 'triage-dev-9.jsonl'],
  ['development set 10 (triage-dev-10.jsonl)', 'triage-dev-10.jsonl'],
  ['development set 11 (triage-dev-11.jsonl)', 'triage-dev-11.jsonl'],
  ['development set 12 (triage-dev-12.jsonl)', 'triage-dev-12.jsonl'],
  ['development set 13 (triage-dev-13.jsonl)', 'triage-dev-13.jsonl'],
  ['development set 14 (triage-dev-14.jsonl)', 'triage-dev-14.jsonl'],
  ['development set 15 (triage-dev-15.jsonl)', 'triage-dev-15.jsonl'],
  ['development set 16 (triage-dev-16.jsonl)', 'triage-dev-16.jsonl'],
  ['development set 17 (triage-dev-17.jsonl)', 'triage-dev-17.jsonl'],
  ['development set 18 (triage-dev-18.jsonl)', 'triage-dev-18.jsonl'],
  ['development set 19 (triage-dev-19.jsonl)', 'triage-dev-19.jsonl'],
  ['development set 20 (triage-dev-20.jsonl)', 'triage-dev-20.jsonl'],
  ['development set 21 (triage-dev-21.jsonl)', 'triage-dev-21.jsonl'],
  ['development set 22 (triage-dev-22.jsonl)', 'triage-dev-22.jsonl'],
  ['development set 23 (triage-dev-23.jsonl)', 'triage-dev-23.jsonl'],
  ['development set 24 (triage-dev-24.jsonl)', 'triage-dev-24.jsonl'],
] as const) {
  console.log(`${report(name, score(loadSet(file)), { misses })}\n`);
}
console.log(`${report('blind set (triage-blind.jsonl)', score(loadSet('triage-blind.jsonl')), { misses: false })}\n`);
console.log(report('blind set 2 (triage-blind-2.jsonl)', score(loadSet('triage-blind-2.jsonl')), { misses: false }));
