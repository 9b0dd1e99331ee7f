/**
 * Triage's reasons as the therapist reads them on the page. The reasons themselves stay as they are in the JSON
 * (`question: "is it ok…"`, `negated sharp pain: "no sharp pain"`): a program, the triage CLI and the evaluation read
 * them. Here: the label in words, and the client's own words that led to it, without stray punctuation.
 */
const ASIDES: readonly [prefix: string, words: (label: string) => string][] = [
  ['negated ', (label) => `${label}, said not to be there`],
  ['said to be over ', (label) => `${label}, said to be over`],
  ['hypothetical ', (label) => `${label}, only asked about`],
  ["someone else's ", (label) => `${label}, about someone else`],
  ['figure of speech ', (label) => `${label}, as a figure of speech`],
];

const LABELS: Readonly<Record<string, string>> = {
  question: 'a question',
  'no triage rule matched': 'nothing to flag',
  'only quoted text or a signature': 'only our own message quoted back, or a signature',
  'unclear, in words triage does not know': 'something that may matter, in words triage does not know',
};

/** `question: "! is it ok to shower"` → `a question: "is it ok to shower"`; `sharp pain: "sharp pain"` → `sharp pain`. */
export function reasonInWords(reason: string): string {
  const split = reason.indexOf(': "');
  const head = split === -1 ? reason : reason.slice(0, split);
  const phrase = split === -1 ? '' : reason.slice(split + 3).replace(/"$/, '').replace(/^[\s\p{P}]+|[\s,;:]+$/gu, '');
  const aside = ASIDES.find(([prefix]) => head.startsWith(prefix));
  const label = aside ? aside[1](head.slice(aside[0].length)) : (LABELS[head] ?? head);
  const plainHead = aside ? head.slice((aside[0] as string).length) : head;
  return phrase && phrase.toLowerCase() !== plainHead.toLowerCase() ? `${label}: "${phrase}"` : label;
}

/** Each reason in words, once, joined for a line of the page. */
export const reasonsInWords = (reasons: readonly string[]): string => [...new Set(reasons.map(reasonInWords))].join('; ');
