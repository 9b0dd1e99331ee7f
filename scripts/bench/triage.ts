import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { triage } from '#domain/triage';

export interface TriageFigures {
  replies: number;
  microsecondsPerReply: number;
}

const Line = z.object({ text: z.string() });

/** The labelled replies the triage tests use (346 real-sounding texts, every category), triaged over and over. */
export function benchTriage(fixture = 'test/fixtures/triage-replies.jsonl', seconds = 2): TriageFigures {
  const texts = readFileSync(fixture, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => Line.parse(JSON.parse(line)).text);
  for (let i = 0; i < 3; i += 1) texts.forEach((t) => triage(t));
  let replies = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    for (const text of texts) triage(text);
    replies += texts.length;
  }
  return { replies, microsecondsPerReply: ((performance.now() - started) * 1000) / replies };
}
