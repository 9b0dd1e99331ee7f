/**
 * What the therapist's escalation alert says, in plain words: its headline (what is wrong, "chest pain",
 * "sharp pain"), the reasons (triage's labels without the quoted phrases, which repeat the client's words shown
 * beside them), the session (date and modality) and the number to call. Pure; the templates lay it out.
 */
import { DateTime } from 'luxon';
import { RULES, type RedFlag } from './triage/catalogue.ts';
import type { Escalation, Session } from './model.ts';

/**
 * The emergency groups whose catalogue labels are a list of symptoms ("one leg swollen, red, warm or painful"): the
 * headline names the group instead. Other flags' labels are short and already say it ("burning pain", "a lump").
 */
const GROUP_NAMES: Partial<Record<RedFlag, string>> = {
  heart: 'chest pain',
  breathing: 'trouble breathing',
  dvt: 'signs of a blood clot',
  stroke: 'signs of a stroke',
  anaphylaxis: 'a severe allergic reaction',
  syncope: 'fainting',
  'cauda-equina': 'saddle numbness or bladder or bowel changes',
  'neck-artery': 'signs of a neck artery injury',
  rhabdo: 'dark urine',
  bleeding: 'bleeding',
  'self-harm': 'thoughts of suicide',
};

/** Each catalogue label's flag (labels repeat within a flag, never across two). */
const FLAG_OF = new Map<string, string>(RULES.map((rule) => [rule.label, rule.flag]));

interface Reason {
  /** The catalogue's label, without what triage added to it. */
  label: string;
  phrase?: string;
  /** unclear: triage could not settle the wording; passed: the client says it is over (an emergency sign still counts). */
  qualifier?: 'unclear' | 'passed';
}

/** A triage reason (`label: "phrase"`, `unclear label (trigger): "phrase"`, `label, said to have passed (trigger): "phrase"`) read back. */
function readReason(reason: string): Reason {
  const split = reason.indexOf(': "');
  const head = split === -1 ? reason : reason.slice(0, split);
  const phrase = split === -1 ? undefined : reason.slice(split + 3).replace(/"$/, '');
  const withPhrase = phrase ? { phrase } : {};
  // Only a catalogue label takes a qualifier; "unclear how long the soreness has lasted" is a label of its own.
  const passed = /^(.+), said to have passed(?: \(.*\))?$/.exec(head)?.[1];
  if (passed && FLAG_OF.has(passed)) return { label: passed, qualifier: 'passed', ...withPhrase };
  const unclear = /^unclear (.+?)(?: \(.*\))?$/.exec(head)?.[1];
  if (unclear && FLAG_OF.has(unclear)) return { label: unclear, qualifier: 'unclear', ...withPhrase };
  return { label: head, ...withPhrase };
}

/** "names an emergency" says less than the emergency it names. */
const named = (r: Reason) => (FLAG_OF.get(r.label) === 'named-emergency' && r.phrase ? `mentions "${r.phrase}"` : undefined);

function headlineName(r: Reason): string {
  const flag = FLAG_OF.get(r.label) as RedFlag | undefined;
  const name = named(r) ?? (flag && GROUP_NAMES[flag]) ?? (r.label === 'unclear, in words triage does not know' ? 'something triage could not place' : r.label);
  if (r.qualifier === 'unclear') return `possible ${name}`;
  if (r.qualifier === 'passed') return `${name} (now passed)`;
  return name;
}

function plainReason(r: Reason): string {
  const label = named(r) ?? (r.label === 'unclear, in words triage does not know' ? 'something worrying, in words triage does not know' : r.label);
  if (r.qualifier === 'unclear') return `possibly ${label} (the wording is unclear)`;
  if (r.qualifier === 'passed') return `${label}, said to have passed`;
  return label;
}

const unique = (values: string[]) => [...new Set(values)];

/** The reply the headline is about: the latest urgent one of an urgent escalation (a calmer reply keeps the red), else the latest. */
function headlineReply(escalation: Pick<Escalation, 'urgent' | 'replies'>) {
  const urgentReplies = escalation.urgent ? escalation.replies.filter((r) => r.category === 'urgent') : [];
  return urgentReplies.at(-1) ?? escalation.replies.at(-1);
}

/**
 * What is wrong, in a few words: the first two warning signs of the reply it is about ("chest pain and trouble
 * breathing", "sharp pain"), "a warning sign" when triage gave none. Lower case; the template's first words decide.
 */
export function alertConcern(escalation: Pick<Escalation, 'urgent' | 'replies'>): string {
  const names = unique((headlineReply(escalation)?.reasons ?? []).map((reason) => headlineName(readReason(reason)))).slice(0, 2);
  return names.length > 0 ? names.join(' and ') : 'a warning sign';
}

/** The reasons of one reply in plain words, each once: "chest pain or tightness; trouble breathing". */
export const plainReasons = (reasons: readonly string[]): string[] => unique(reasons.map((reason) => plainReason(readReason(reason))));

/** "Sharp pain", for the start of a line. */
export const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "Session: deep tissue, Fri 27 Nov" (the day it ended, in the client's zone), or without the modality when it has none. */
export function sessionSummary(session: Pick<Session, 'endedAt' | 'modality' | 'client'> | undefined): string {
  if (!session) return 'Session: no longer on record';
  const day = DateTime.fromISO(session.endedAt, { zone: session.client.timezone }).setLocale('en-GB').toFormat('ccc d LLL');
  return `Session: ${[session.modality, day].filter(Boolean).join(', ')}`;
}
