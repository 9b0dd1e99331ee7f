/// <reference lib="dom" />
import type { confirmToConfirm, listToConfirm, sourcesView } from '#use-cases/bookings';
import { ApiError, call, type SessionView } from './api.ts';
import { h, replaceKeepingFocus } from './dom.ts';
import { longTime } from './format.ts';

/*
 * Bookings on the therapist's page: the "To confirm" list (bookings that ended but need a tap: a calendar feed has no
 * consent, often no number), where each session came from, and the Sources view (last event, last error, "Send test
 * event"). main.ts mounts it and calls refreshBookings with each refresh.
 */

export type ToConfirmView = Awaited<ReturnType<typeof listToConfirm>>[number];
export type SourceView = Awaited<ReturnType<typeof sourcesView>>[number];

const bookingsApi = {
  toConfirm: () => call<{ items: ToConfirmView[] }>('GET', 'bookings/to-confirm').then((r) => r.items),
  confirm: (id: string, body: unknown) => call<Awaited<ReturnType<typeof confirmToConfirm>>['session']>('POST', `bookings/to-confirm/${encodeURIComponent(id)}/confirm`, body),
  dismiss: (id: string) => call<{ dismissed: boolean }>('POST', `bookings/to-confirm/${encodeURIComponent(id)}/dismiss`),
  sources: () => call<{ sources: SourceView[] }>('GET', 'bookings/sources').then((r) => r.sources),
  test: (source: string) => call<{ outcome: string }>('POST', `bookings/sources/${encodeURIComponent(source)}/test`),
};

/** Where a session came from, in words. */
export function sourceLabel(session: Pick<SessionView, 'source'>): string {
  switch (session.source) {
    case 'square':
      return 'From Square';
    case 'webhook':
      return 'From your booking tool';
    case 'ics':
      return 'From your calendar';
    default:
      return 'Entered by you';
  }
}

const FIELD_WORDS: Record<string, string> = { 'client.phone': 'Mobile', 'client.email': 'Email', 'client.name': 'Name', consent: 'Consent', 'client.timezone': 'Time zone' };
const problemText = (error: unknown) =>
  error instanceof ApiError && error.problems.length > 0
    ? error.problems
        .map((p) =>
          p.field === 'consent'
            ? 'Tick what the client agreed to: texts, emails or both'
            : `${FIELD_WORDS[p.field] ?? 'This'} ${p.message.replace(/consent\.(sms|email) is true/g, (_m, c: string) => (c === 'sms' ? 'the client agreed to texts' : 'the client agreed to emails'))}`,
        )
        .join('. ')
    : error instanceof Error
      ? error.message
      : 'Something went wrong; try again.';

export interface BookingHooks {
  zone: () => string;
  announce: (text: string) => void;
  /** After a confirmation: the sessions list is refreshed. */
  entered: () => Promise<void>;
}

let hooks: BookingHooks | undefined;
const drawn = new Map<string, string>();

function draw(container: HTMLElement, data: unknown, render: () => Node[]) {
  const json = JSON.stringify(data);
  if (drawn.get(container.id) === json) return;
  drawn.set(container.id, json);
  replaceKeepingFocus(container, render());
}

/** Adds the To-confirm and Sources sections to the page (once), before `before`. */
export function mountBookings(parent: HTMLElement, before: HTMLElement | null, given: BookingHooks) {
  hooks = given;
  if (document.getElementById('to-confirm')) return;
  const toConfirm = h(
    'section',
    { id: 'to-confirm', class: 'card to-confirm', 'aria-labelledby': 'to-confirm-title', hidden: true },
    h('h2', { id: 'to-confirm-title', tabindex: '-1' }, 'To confirm'),
    h('p', { class: 'help' }, 'Bookings that ended and are waiting for you: one tap sends aftercare.'),
    h('ul', { id: 'to-confirm-list', class: 'plain' }),
  );
  const sources = h(
    'details',
    { id: 'sources', class: 'card sources' },
    h('summary', {}, h('h2', { id: 'sources-title' }, 'Settings: booking sources')),
    h('ul', { id: 'source-list', class: 'plain' }),
  );
  parent.insertBefore(toConfirm, before);
  parent.insertBefore(sources, before);
}

/** Reads the to-confirm items and the sources and redraws what changed. */
export async function refreshBookings(): Promise<void> {
  const list = document.getElementById('to-confirm-list');
  const sourceList = document.getElementById('source-list');
  if (!list || !sourceList || !hooks) return;
  const [items, sources] = await Promise.all([bookingsApi.toConfirm(), bookingsApi.sources()]);
  (document.getElementById('to-confirm') as HTMLElement).hidden = items.length === 0;
  draw(list, items, () => items.map(toConfirmCard));
  draw(sourceList, sources, () => sources.map(sourceCard));
}

/** Direct when the booking has a number or an address and its source a consent statement; else a short form first. */
const confirmsDirectly = (item: ToConfirmView) => Boolean(item.consentVersion && (item.phone || item.email));

function toConfirmCard(item: ToConfirmView): HTMLElement {
  const problem = h('p', { class: 'problem', role: 'alert', hidden: true });
  const confirm = h('button', { type: 'button', class: 'primary', 'data-key': `confirm-${item.id}` }, confirmsDirectly(item) ? 'Confirm' : 'Confirm…');
  const dismiss = h('button', { type: 'button', class: 'quiet', 'data-key': `dismiss-${item.id}` }, 'No aftercare');
  const card = h(
    'li',
    { class: 'to-confirm-item', 'data-to-confirm': item.id },
    h('p', { class: 'prompt' }, item.prompt),
    h('p', { class: 'meta' }, [item.phone, item.email, item.knownClient ? 'returning client' : undefined].filter(Boolean).join(' · ') || 'No number or email in the booking'),
    problem,
    h('div', { class: 'actions' }, confirm, dismiss),
  );
  const fail = (error: unknown) => {
    problem.textContent = problemText(error);
    problem.hidden = false;
  };
  const send = async (body: unknown) => {
    const session = await bookingsApi.confirm(item.id, body);
    hooks?.announce(`Aftercare is on its way for ${session.client.name}.`);
    await hooks?.entered();
    await refreshBookings();
  };
  confirm.addEventListener('click', () => {
    if (confirmsDirectly(item)) send({}).catch(fail);
    else openForm(card, item, send, fail);
  });
  dismiss.addEventListener('click', () => {
    bookingsApi
      .dismiss(item.id)
      .then(() => {
        hooks?.announce(`No aftercare for ${item.name}.`);
        return refreshBookings();
      })
      .catch(fail);
  });
  return card;
}

/** The booking's details, pre-filled, with the consent boxes the calendar could not fill. */
function openForm(card: HTMLElement, item: ToConfirmView, send: (body: unknown) => Promise<void>, fail: (error: unknown) => void) {
  if (card.querySelector('form')) return;
  const field = (id: string, label: string, value: string | undefined, type: string) =>
    h('div', { class: 'field' }, h('label', { for: id }, label), h('input', { id, type, value: value ?? '', autocomplete: 'off' }));
  const box = (id: string, label: string, checked: boolean) => h('label', { class: 'check' }, h('input', { id, type: 'checkbox', checked }), ` ${label}`);
  const key = item.id;
  const form = h(
    'form',
    { class: 'to-confirm-form', novalidate: true },
    field(`tc-name-${key}`, 'Client name', item.name, 'text'),
    field(`tc-phone-${key}`, 'Mobile', item.phone, 'tel'),
    field(`tc-email-${key}`, 'Email', item.email, 'email'),
    box(`tc-sms-${key}`, 'The client agreed to aftercare texts', Boolean(item.phone && item.consentVersion)),
    box(`tc-emailc-${key}`, 'The client agreed to aftercare emails', Boolean(item.email && item.consentVersion)),
    h('button', { type: 'submit', class: 'primary' }, 'Send aftercare'),
  );
  const value = (id: string) => (form.querySelector(`#${CSS.escape(id)}`) as HTMLInputElement).value.trim();
  const checked = (id: string) => (form.querySelector(`#${CSS.escape(id)}`) as HTMLInputElement).checked;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send({
      client: { name: value(`tc-name-${key}`), phone: value(`tc-phone-${key}`), email: value(`tc-email-${key}`) },
      consent: { sms: checked(`tc-sms-${key}`), email: checked(`tc-emailc-${key}`) },
    }).catch(fail);
  });
  card.append(form);
  (form.querySelector('input') as HTMLInputElement).focus();
}

/** What the last "Send test event" said, per source: a redraw of the list (the next poll) keeps it on the card. */
const testResults = new Map<string, string>();

function sourceCard(source: SourceView): HTMLElement {
  const zone = hooks?.zone() ?? 'UTC';
  const test = source.connected ? h('button', { type: 'button', 'data-key': `test-${source.source}` }, 'Send test event') : null;
  const result = h('p', { class: 'meta', role: 'status' }, testResults.get(source.source) ?? '');
  const say = (text: string) => {
    testResults.set(source.source, text);
    // The card shown now, which a poll may have drawn again since the click.
    const shown = document.querySelector(`#source-list [data-source="${CSS.escape(source.source)}"] [role="status"]`) ?? result;
    shown.textContent = text;
  };
  test?.addEventListener('click', () => {
    say('Sending…');
    bookingsApi
      .test(source.source)
      .then(() => {
        say('The test event arrived.');
        return refreshBookings();
      })
      .catch((error: unknown) => {
        say(`The test event did not arrive: ${problemText(error)}`);
      });
  });
  return h(
    'li',
    { class: 'source', 'data-source': source.source },
    h('h3', {}, source.label),
    h('p', { class: 'meta' }, source.connected ? 'Connected' : 'Not set up (see docs/bookings.md)'),
    source.connected
      ? h('p', { class: 'meta' }, source.createsSessions ? `Clients agree when booking ("${source.consent?.version}"): sessions are entered by themselves.` : 'No consent statement set: its bookings wait for you under "To confirm".')
      : null,
    'lastEventAt' in source && source.lastEventAt ? h('p', { class: 'meta' }, `Last event: ${source.lastEventKind ?? 'received'}, ${longTime(source.lastEventAt, zone)}`) : h('p', { class: 'meta' }, 'No event yet'),
    'lastErrorAt' in source && source.lastErrorAt ? h('p', { class: 'problem' }, `Last error, ${longTime(source.lastErrorAt, zone)}: ${source.lastError}`) : null,
    test,
    result,
  );
}
