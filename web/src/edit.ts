/// <reference lib="dom" />
import { api, ApiError, type FieldProblem, type SessionView, type Settings } from './api.ts';
import { h } from './dom.ts';
import { displayPhone } from './format.ts';

/*
 * Correcting a session while its follow-ups wait (a typo in the number), and undoing a cancel for 10 minutes. The
 * edit form is a small dialog; the consent box appears only when the phone or email changed, because a new contact
 * point needs the client's agreement again.
 */

export const UNDO_MINUTES = 10;

type FieldName = 'name' | 'phone' | 'email' | 'timezone' | 'modality';

const FIELDS: { name: FieldName; label: string; type: string; list?: string; inputmode?: string }[] = [
  { name: 'name', label: 'Client name', type: 'text' },
  { name: 'phone', label: 'Mobile', type: 'tel', inputmode: 'tel' },
  { name: 'email', label: 'Email', type: 'email', inputmode: 'email' },
  { name: 'timezone', label: 'Time zone (for quiet hours)', type: 'text', list: 'zones' },
  { name: 'modality', label: 'Modality', type: 'text', list: 'modalities' },
];

/** Where the API's problem for a field is shown in the dialog. */
const PROBLEM_FIELD: Record<string, string> = {
  'client.name': 'name',
  'client.phone': 'phone',
  'client.email': 'email',
  'client.timezone': 'timezone',
  modality: 'modality',
  consent: 'consent',
  'consent.sms': 'consent',
  'consent.email': 'consent',
  'consent.wordingVersion': 'consent',
};

const initialValues = (session: SessionView): Record<FieldName, string> => ({
  name: session.client.name,
  phone: session.client.phone ? displayPhone(session.client.phone) : '',
  email: session.client.email ?? '',
  timezone: session.client.timezone,
  modality: session.modality ?? '',
});

/** A session can be corrected while it is active and a follow-up still waits. */
export const editable = (session: SessionView) =>
  session.status === 'active' && session.followUps.some((f) => ['scheduled', 'deferred', 'held', 'opted-out'].includes(f.status));

/** A cancel can be undone for 10 minutes (the API also refuses once a cancelled follow-up would have gone out). */
export const undoable = (session: SessionView, now = Date.now()) =>
  session.status === 'cancelled' && session.cancelledAt !== undefined && now - Date.parse(session.cancelledAt) < UNDO_MINUTES * 60_000;

/**
 * Opens the edit dialog for a session. Resolves with the session as saved, or undefined when the therapist went back.
 * Only what changed is sent; the API's problems appear beside their fields, in its words.
 */
export function editSessionDialog(session: SessionView, settings: Settings): Promise<SessionView | undefined> {
  const start = initialValues(session);
  const inputs = {} as Record<FieldName, HTMLInputElement>;
  const problems = new Map<string, HTMLElement>();
  const problemFor = (key: string) => {
    const element = h('p', { class: 'problem', id: `edit-${key}-problem`, hidden: true });
    problems.set(key, element);
    return element;
  };
  const fields = FIELDS.map((field) => {
    const input = h('input', {
      id: `edit-${field.name}`,
      name: field.name,
      type: field.type,
      autocomplete: 'off',
      spellcheck: field.name === 'email' || field.name === 'timezone' ? 'false' : undefined,
      list: field.list,
      inputmode: field.inputmode,
      'aria-describedby': `edit-${field.name}-problem`,
    });
    input.value = start[field.name];
    inputs[field.name] = input;
    return h('div', { class: 'field' }, h('label', { for: input.id }, field.label), input, problemFor(field.name));
  });
  const agreeSms = h('input', { type: 'checkbox', id: 'edit-consent-sms' });
  const agreeEmail = h('input', { type: 'checkbox', id: 'edit-consent-email' });
  const smsChoice = h('label', { class: 'choice', hidden: true }, agreeSms, ' The client agrees to texts at the new number');
  const emailChoice = h('label', { class: 'choice', hidden: true }, agreeEmail, ' The client agrees to emails at the new address');
  const consent = h(
    'fieldset',
    { class: 'field', id: 'edit-consent', hidden: true, 'aria-describedby': 'edit-consent-problem' },
    h('legend', {}, 'Agreement for the new contact'),
    h('div', { class: 'choices' }, smsChoice, emailChoice),
    h('blockquote', { class: 'wording' }, settings.consentWording),
    problemFor('consent'),
  );
  const formProblem = problemFor('form');
  const save = h('button', { type: 'submit', class: 'primary', id: 'edit-save' }, 'Save changes');
  const back = h('button', { type: 'button', id: 'edit-back' }, 'Back');
  const form = h(
    'form',
    { novalidate: true },
    h('h2', { id: 'edit-title' }, `Correct ${session.client.name}'s details`),
    h('p', { class: 'help' }, 'Changes reach the follow-ups not sent yet. One being sent right now keeps the old details.'),
    formProblem,
    ...fields,
    consent,
    h('div', { class: 'actions' }, save, back),
  );
  const dialog = h('dialog', { id: 'edit-dialog', 'aria-labelledby': 'edit-title' }, form);

  const changed = (name: FieldName) => inputs[name].value.trim() !== start[name];
  const newContact = (name: 'phone' | 'email') => changed(name) && inputs[name].value.trim() !== '';
  const showConsent = () => {
    smsChoice.hidden = !newContact('phone');
    emailChoice.hidden = !newContact('email');
    consent.hidden = smsChoice.hidden && emailChoice.hidden;
  };
  inputs.phone.addEventListener('input', showConsent);
  inputs.email.addEventListener('input', showConsent);

  function showProblems(list: FieldProblem[]) {
    for (const element of problems.values()) element.hidden = true;
    for (const input of Object.values(inputs)) input.removeAttribute('aria-invalid');
    for (const problem of list) {
      const key = PROBLEM_FIELD[problem.field] ?? 'form';
      const element = problems.get(key) ?? formProblem;
      element.textContent = problem.message;
      element.hidden = false;
      if (key in inputs) inputs[key as FieldName].setAttribute('aria-invalid', 'true');
    }
    if (list.some((p) => PROBLEM_FIELD[p.field] === 'consent')) consent.hidden = false;
  }

  return new Promise((resolve) => {
    let result: SessionView | undefined;
    const close = () => dialog.close();
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    back.addEventListener('click', close);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const client: Record<string, string> = {};
      for (const name of ['name', 'phone', 'email', 'timezone'] as const) if (changed(name)) client[name] = inputs[name].value.trim();
      const agreed: Record<string, boolean> = {};
      if (newContact('phone') && agreeSms.checked) agreed.sms = true;
      if (newContact('email') && agreeEmail.checked) agreed.email = true;
      const body = {
        ...(Object.keys(client).length > 0 ? { client } : {}),
        ...(changed('modality') ? { modality: inputs.modality.value.trim() } : {}),
        ...(Object.keys(agreed).length > 0 ? { consent: { ...agreed, wordingVersion: settings.consentWordingVersion } } : {}),
      };
      if (Object.keys(body).length === 0) {
        close();
        return;
      }
      save.disabled = true;
      api
        .editSession(session.id, body)
        .then((saved) => {
          result = saved;
          close();
        })
        .catch((error: unknown) => {
          if (error instanceof ApiError) showProblems(error.problems.length > 0 ? error.problems : [{ field: 'form', message: error.message }]);
          else showProblems([{ field: 'form', message: 'Cannot reach Aftercare right now; nothing was changed. Try again in a moment.' }]);
        })
        .finally(() => {
          save.disabled = false;
        });
    });
    document.body.append(dialog);
    dialog.showModal();
    inputs.name.focus();
  });
}

/**
 * The toast after a cancel: "Follow-ups for Jordan cancelled" with an Undo button, for as long as the cancel can be
 * undone. `undo` is called when the therapist taps it.
 */
export function undoToast(session: SessionView, undo: (session: SessionView) => void): void {
  document.getElementById('undo-toast')?.remove();
  const button = h('button', { type: 'button', class: 'primary', id: 'undo-toast-button' }, 'Undo');
  const toast = h('div', { class: 'toast', id: 'undo-toast', role: 'status' }, h('span', {}, `Follow-ups for ${session.client.name} cancelled.`), button);
  const left = session.cancelledAt ? UNDO_MINUTES * 60_000 - (Date.now() - Date.parse(session.cancelledAt)) : 0;
  // Never longer than the undo window, whatever this device's clock says.
  const timer = setTimeout(() => toast.remove(), Math.min(UNDO_MINUTES * 60_000, Math.max(0, left)));
  button.addEventListener('click', () => {
    clearTimeout(timer);
    toast.remove();
    undo(session);
  });
  document.body.append(toast);
}
