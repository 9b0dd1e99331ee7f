/**
 * Scores triage on a labelled set of replies: recall of urgent and of warning replies, the share of routine replies
 * escalated, each overall, per language and per category. Used by test/triage-evaluation.test.ts (which prints the
 * tables on every `npm test`) and by `npm run triage:eval` (which writes the same tables for docs/triage.md).
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { triage, type TriageResult } from '#domain/triage';

const LABELS = ['urgent', 'escalate', 'soreness', 'positive', 'question', 'other'] as const;

export const LabelledReply = z.object({
  text: z.string(),
  label: z.enum(LABELS),
  category: z.string().optional(),
  language: z.enum(['en', 'es']).optional(),
  channel: z.enum(['sms', 'email']).optional(),
  context: z.string().optional(),
  receivedAt: z.string().optional(),
  sessionEndedAt: z.string().optional(),
});
export type LabelledReply = z.infer<typeof LabelledReply>;

export interface Scored extends LabelledReply {
  result: TriageResult;
}

export const fixturePath = (name: string) => new URL(`../fixtures/${name}`, import.meta.url);

/** The development sets, in the order they were written: dev-1 is the first version's set. */
export const DEVELOPMENT_SETS: readonly string[] = ['triage-replies.jsonl', ...Array.from({ length: 37 }, (_, i) => `triage-dev-${i + 2}.jsonl`)];
/** The blind sets: frozen, only their figures printed. */
export const BLIND_SETS = ['triage-blind.jsonl', 'triage-blind-2.jsonl', 'triage-blind-3.jsonl', 'triage-blind-4.jsonl'] as const;

export function loadSet(name: string): LabelledReply[] {
  return readFileSync(fixturePath(name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = LabelledReply.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${name} line ${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return parsed.data;
    });
}

export const score = (rows: LabelledReply[]): Scored[] =>
  rows.map((row) => ({
    ...row,
    result: triage(row.text, {
      ...(row.receivedAt ? { receivedAt: row.receivedAt } : {}),
      ...(row.sessionEndedAt ? { sessionEndedAt: row.sessionEndedAt } : {}),
    }),
  }));

export interface Figures {
  replies: number;
  urgent: number;
  urgentCaught: number;
  warning: number;
  warningCaught: number;
  routine: number;
  routineEscalated: number;
  /** Replies not labelled urgent that triage flagged urgent: the client was told to call 911 when they need not. */
  notUrgent: number;
  notUrgentFlagged: number;
}

const isWarning = (r: LabelledReply) => r.label === 'urgent' || r.label === 'escalate';

export function figures(rows: Scored[]): Figures {
  const urgent = rows.filter((r) => r.label === 'urgent');
  const warning = rows.filter(isWarning);
  const routine = rows.filter((r) => !isWarning(r));
  return {
    replies: rows.length,
    urgent: urgent.length,
    urgentCaught: urgent.filter((r) => r.result.urgent).length,
    warning: warning.length,
    warningCaught: warning.filter((r) => r.result.escalate).length,
    routine: routine.length,
    routineEscalated: routine.filter((r) => r.result.escalate).length,
    notUrgent: rows.length - urgent.length,
    notUrgentFlagged: rows.filter((r) => r.label !== 'urgent' && r.result.urgent).length,
  };
}

export const rate = (part: number, whole: number): number => (whole === 0 ? Number.NaN : part / whole);
export const urgentRecall = (f: Figures) => rate(f.urgentCaught, f.urgent);
export const escalationRecall = (f: Figures) => rate(f.warningCaught, f.warning);
export const falseAlarmRate = (f: Figures) => rate(f.routineEscalated, f.routine);

const pct = (part: number, whole: number) => (whole === 0 ? '   –  ' : `${(100 * part / whole).toFixed(1).padStart(5)}%`);
const cell = (part: number, whole: number) => `${pct(part, whole)} (${part}/${whole})`.padEnd(18);

const groupBy = <T>(rows: T[], key: (row: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
};

/** The tables for one set, as Markdown; with `misses`, every wrong decision with its reasons (never for the blind set). */
export function report(name: string, rows: Scored[], options: { misses: boolean }): string {
  const line = (title: string, f: Figures) =>
    `| ${title.padEnd(22)} | ${String(f.replies).padStart(4)} | ${cell(f.urgentCaught, f.urgent)} | ${cell(f.warningCaught, f.warning)} | ${cell(f.routineEscalated, f.routine)} | ${cell(f.notUrgentFlagged, f.notUrgent)} |`;
  const out = [
    `### ${name}`,
    '',
    '| replies                | n    | urgent recall      | escalation recall  | routine escalated  | told 911, not urgent |',
    '|------------------------|------|--------------------|--------------------|--------------------|----------------------|',
    line('all', figures(rows)),
    ...[...groupBy(rows, (r) => r.language ?? 'en')].map(([language, group]) => line(`language ${language}`, figures(group))),
    ...[...groupBy(rows, (r) => r.channel ?? 'sms')].map(([channel, group]) => line(`channel ${channel}`, figures(group))),
    '',
    '| warning category       | n    | urgent recall      | escalation recall  |',
    '|------------------------|------|--------------------|--------------------|',
    ...[...groupBy(rows.filter(isWarning), (r) => `${r.label}/${r.category ?? r.label}`)].map(([category, group]) => {
      const f = figures(group);
      return `| ${category.padEnd(22)} | ${String(f.replies).padStart(4)} | ${cell(f.urgentCaught, f.urgent)} | ${cell(f.warningCaught, f.warning)} |`;
    }),
    '',
    '| routine, by trap       | n    | escalated          |',
    '|------------------------|------|--------------------|',
    ...[...groupBy(rows.filter((r) => !isWarning(r)), (r) => r.context ?? 'none')].map(([context, group]) => {
      const f = figures(group);
      return `| ${context.padEnd(22)} | ${String(f.replies).padStart(4)} | ${cell(f.routineEscalated, f.routine)} |`;
    }),
  ];
  if (options.misses) {
    const wrong = rows.filter((r) => (r.label === 'urgent' && !r.result.urgent) || isWarning(r) !== r.result.escalate);
    out.push('', `wrong decisions (${wrong.length}):`);
    for (const r of wrong) {
      out.push(`  ${r.label}${r.category ? `/${r.category}` : ''} -> ${r.result.category}: ${r.text.replace(/\s+/g, ' ').slice(0, 140)}  [${r.result.reasons.join('; ')}]`);
    }
  }
  return out.join('\n');
}
