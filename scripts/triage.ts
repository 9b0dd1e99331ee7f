/**
 * Triage replies from the command line: `npm run --silent triage < replies.jsonl`.
 * Input: one JSON object `{ "text": "..." }` per line, optionally with `"language"` ("en" or "es", to answer in) and
 * `"receivedAt"` / `"sessionEndedAt"` (ISO 8601, to date "since Tuesday"). Output: one JSON line per input line,
 * either `{ category, escalate, urgent, reasons, language }` or `{ "error": "line N: ..." }`. Blank lines are skipped.
 * Exits 1 when any line was bad.
 */
import { createInterface } from 'node:readline';
import * as z from 'zod';
import { triage } from '#domain/triage';

const Reply = z.object({
  text: z.string(),
  language: z.enum(['en', 'es']).optional(),
  receivedAt: z.iso.datetime({ offset: true }).optional(),
  sessionEndedAt: z.iso.datetime({ offset: true }).optional(),
});
type Reply = z.infer<typeof Reply>;

const parseLine = (line: string): Reply | { error: string } => {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: 'not JSON' };
  }
  const reply = Reply.safeParse(value);
  if (reply.success) return reply.data;
  const issue = reply.error.issues[0];
  const field = issue?.path.join('.') || 'text';
  return { error: `expected an object with a string "text" and optional "language", "receivedAt", "sessionEndedAt" (${field}: ${issue?.message ?? 'invalid'})` };
};

let lineNumber = 0;
let badLines = 0;
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  lineNumber += 1;
  if (line.trim() === '') continue;
  const reply = parseLine(line);
  if ('error' in reply) {
    badLines += 1;
    console.log(JSON.stringify({ error: `line ${lineNumber}: ${reply.error}` }));
    continue;
  }
  const { text, ...options } = reply;
  const { category, escalate, urgent, reasons, language } = triage(text, options);
  console.log(JSON.stringify({ category, escalate, urgent, reasons, language }));
}
if (badLines > 0) process.exitCode = 1;
