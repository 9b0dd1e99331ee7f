/**
 * Prints triage's figures on the labelled sets: `npm run --silent triage:eval` (add `--misses` to list the wrong
 * decisions on the development sets; the blind set's replies are never printed, so it stays unseen while rules change).
 */
import { BLIND_SETS, DEVELOPMENT_SETS, loadSet, report, score } from '../test/support/triage-evaluation.ts';

const misses = process.argv.includes('--misses');
DEVELOPMENT_SETS.forEach((file, i) => console.log(`${report(`development set ${i + 1} (${file})`, score(loadSet(file)), { misses })}\n`));
BLIND_SETS.forEach((file, i) => console.log(`${report(`blind set${i === 0 ? '' : ` ${i + 1}`} (${file})`, score(loadSet(file)), { misses: false })}\n`));
