/// <reference lib="dom" />
import type { EscalationView } from './api.ts';
import { byId, h } from './dom.ts';
import { shortTime } from './format.ts';

export type Outcome = 'resume' | 'skip';
export interface AcknowledgeChoice {
  outcome: Outcome;
  note?: string;
}

/** Urgent: the rest is skipped unless the therapist says otherwise; otherwise the follow-ups resume. */
export const suggestedOutcome = (escalation: Pick<EscalationView, 'urgent'>): Outcome => (escalation.urgent ? 'skip' : 'resume');

/**
 * Asks what happens to the held follow-ups, and for a note, in a dialog: the outcome suggested for the escalation
 * is chosen already. Undefined when the therapist goes back.
 */
export function askAcknowledgement(escalation: EscalationView): Promise<AcknowledgeChoice | undefined> {
  const dialog = byId<HTMLDialogElement>('ack-dialog');
  const form = byId<HTMLFormElement>('ack-form');
  const sessions = escalation.heldSessions?.length ?? 1;
  byId('ack-title').textContent = `Acknowledge ${escalation.clientName}`;
  byId('ack-help').textContent =
    `${sessions > 1 ? `Their follow-ups of ${sessions} sessions are held.` : 'Their follow-ups are held.'} ` +
    (escalation.urgent ? 'Urgent: skipping the rest is suggested.' : 'Resuming them as gentle check-ins is suggested.');
  byId<HTMLInputElement>(suggestedOutcome(escalation) === 'skip' ? 'ack-skip' : 'ack-resume').checked = true;
  byId<HTMLTextAreaElement>('ack-note').value = '';
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        if (dialog.returnValue !== 'ok') return resolve(undefined);
        const data = new FormData(form);
        const note = String(data.get('note') ?? '').trim();
        resolve({ outcome: data.get('outcome') === 'skip' ? 'skip' : 'resume', ...(note ? { note } : {}) });
      },
      { once: true },
    );
    dialog.returnValue = '';
    dialog.showModal();
  });
}

const VIA_NAMES: Record<string, string> = { 'therapist-sms': 'by text', link: 'with the alert link', api: 'on the page' };
const OUTCOME_NAMES: Record<Outcome, string> = { resume: 'follow-ups resumed as check-ins', skip: 'the rest of the follow-ups skipped' };

/** A session's acknowledged escalations: who, when, how, what became of the follow-ups, and the note. */
export function acknowledgedHistory(escalations: EscalationView[], timeZone: string): HTMLElement | null {
  const done = escalations.filter((e) => e.status === 'acknowledged').sort((a, b) => (a.acknowledgedAt ?? '').localeCompare(b.acknowledgedAt ?? ''));
  if (done.length === 0) return null;
  return h(
    'ul',
    { class: 'plain history', 'aria-label': 'Acknowledged escalations' },
    ...done.map((e) =>
      h(
        'li',
        { 'data-acknowledged': e.id },
        h(
          'span',
          {},
          `${e.urgent ? 'Urgent escalation' : 'Escalation'} acknowledged`,
          e.acknowledgedBy ? ` by ${e.acknowledgedBy}` : '',
          e.acknowledgedVia ? ` ${VIA_NAMES[e.acknowledgedVia] ?? e.acknowledgedVia}` : '',
          e.acknowledgedAt ? `, ${shortTime(e.acknowledgedAt, timeZone)}` : '',
          e.outcome ? ` · ${OUTCOME_NAMES[e.outcome]}` : '',
        ),
        e.acknowledgeNote ? h('blockquote', {}, e.acknowledgeNote) : null,
      ),
    ),
  );
}
