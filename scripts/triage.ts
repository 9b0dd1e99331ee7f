/**
 * Triage replies from the command line: `npm run --silent triage < replies.jsonl`.
 * Input: one JSON object `{ "text": "..." }` per line. Output: one JSON line per input line, either the triage
 * result or `{ "error": "line N: ..." }`. Blank lines are skipped. Exits 1 when any line was bad.
 */
import { createInterface } from 'node:readline';
import * as z from 'zod';
import { triage } from '#domain/triage';

const Reply = z.object({ text: z.string() });

const parseLine = (line: string): { text: string } | { error: string } => {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: 'not JSON' };
  }
  const reply = Reply.safeParse(value);
  if (reply.success) return reply.data;
  const issue = reply.error.issues[0];
  return { error: `expected an object with a string "text"${issue ? ` (${issue.message})` : ''}` };
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
  const { category, escalate, urgent, reasons } = triage(reply.text);
  console.log(JSON.stringify({ category, escalate, urgent, reasons }));
}
if (badLines > 0) process.exitCode = 1;
