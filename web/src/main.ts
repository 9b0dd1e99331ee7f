/// <reference lib="dom" />
import { smsEncoding } from '#domain/sms-encoding';
import { api, ApiError, cookieSession, call, forgetToken, saveToken, savedToken, SignedOutError, type Conversation, type EscalationView, type InboxItemView, type LocalInfo, type SessionView, type Settings } from './api.ts';
import { inboxCards } from './inbox.ts';
import { askAcknowledgement } from './acknowledge.ts';
import { messageItems } from './conversation.ts';
import { Backoff, staleWords } from './connection.ts';
import { byId, replaceKeepingFocus } from './dom.ts';
import { escalationCards } from './escalations.ts';
import { channelList, sessionCards } from './sessions.ts';
import { setupSessionForm } from './session-form.ts';
import { setupClients } from './clients.ts';
import { editSessionDialog, undoToast } from './edit.ts';
import { forgetCookieSession, offerPasskey, resumeCookieSession, setupSignIn, showLinkLanding, wasSignedInByCookie } from './sign-in.ts';
import { setupDevices } from './devices.ts';
import { mountBookings, refreshBookings } from './bookings.ts';

/*
 * The therapist's page. Signed out, it shows only the sign-in form and fetches nothing; signed in, it polls the API
 * every few seconds (escalations, sessions, the open conversation) and redraws only what changed. In a background
 * tab it asks only for escalations, and the tab's title counts the open ones.
 */

const POLL_MS = 4000;

let settings: Settings | undefined;
let local: LocalInfo | undefined;
let openContact: { phone?: string; email?: string; name: string } | undefined;
let replySessionId: string | undefined;
/** The session an answer from the page goes to: the open conversation's latest. */
let answerSessionId: string | undefined;
let linkedSessionId: string | undefined;
let lastSessions: SessionView[] | undefined;
let pollTimer: ReturnType<typeof setInterval> | undefined;
let refreshing: Promise<void> | undefined;
const drawn = new Map<string, string>();
/** Each session's client zone, from the sessions and conversations seen, for the times on escalations and replies. */
const clientZones = new Map<string, string>();
const backoff = new Backoff();
let lastSuccess: number | undefined;
/** Whether the conversation follows its newest message (it does until the therapist scrolls up). */
let stayAtNewest = true;

const zone = () => settings?.timezone ?? 'UTC';
const clientZone = (sessionId: string) => clientZones.get(sessionId) ?? zone();
const zonesOf = (items: { sessionId: string }[]) => items.map((item) => clientZones.get(item.sessionId));

function announce(text: string) {
  byId('announce').textContent = text;
}

function banner(text: string | undefined) {
  const element = byId('banner');
  element.textContent = text ?? '';
  element.hidden = !text;
}

/** Redraws a list only when its data changed, keeping the keyboard focus where it was. */
function draw(id: string, data: unknown, render: () => Node[]) {
  const json = JSON.stringify(data);
  if (drawn.get(id) === json) return;
  drawn.set(id, json);
  replaceKeepingFocus(byId(id), render());
}

function showSignIn(problem?: string) {
  clearInterval(pollTimer);
  pollTimer = undefined;
  settings = undefined;
  local = undefined;
  openContact = undefined;
  linkedSessionId = undefined;
  lastSessions = undefined;
  knownEscalations = undefined;
  drawn.clear();
  clientZones.clear();
  backoff.succeeded();
  lastSuccess = undefined;
  document.title = 'Aftercare';
  byId('conversation').hidden = true;
  byId('columns').classList.remove('with-conversation');
  for (const id of ['escalation-list', 'inbox-list', 'session-list', 'message-list', 'clients-list', 'client-page']) byId(id).replaceChildren();
  byId('clients').hidden = true;
  document.getElementById('undo-toast')?.remove();
  byId('inbox').hidden = true;
  byId('devices').hidden = true;
  byId('passkey-offer').hidden = true;
  byId('link-finish').hidden = true;
  byId('sign-in-choices').hidden = false;
  byId('link-status').hidden = true;
  byId('app').hidden = true;
  byId('new-card').hidden = true;
  byId('new-session').setAttribute('aria-expanded', 'false');
  byId('top-actions').hidden = true;
  byId('practice').textContent = 'Aftercare';
  banner(undefined);
  byId('sign-in').hidden = false;
  const tokenProblem = byId('token-problem');
  tokenProblem.textContent = problem ?? '';
  tokenProblem.hidden = !problem;
  const token = byId<HTMLInputElement>('token');
  token.value = '';
  if (problem) token.setAttribute('aria-invalid', 'true');
  else token.removeAttribute('aria-invalid');
  if (problem) token.focus();
  else byId('send-link').focus();
}

/** The sign-in screen with a word on why it is back (not a problem with the token). */
function signedOutNotice(text: string) {
  showSignIn();
  const status = byId('link-status');
  status.textContent = text;
  status.hidden = false;
}

/**
 * What every failed call comes to: a refused token signs out; the API's own refusal is its sentence; no answer (or
 * a gateway's 5xx) keeps what is on screen with its age, and polling backs off.
 */
function onError(error: unknown) {
  if (error instanceof SignedOutError) {
    if (wasSignedInByCookie()) {
      forgetCookieSession();
      signedOutNotice('You are signed out on this device. Sign in again.');
      return;
    }
    showSignIn('That token was not accepted. Sign in again.');
    return;
  }
  if (error instanceof ApiError && error.status < 500) {
    banner(error.message);
    return;
  }
  backoff.failed();
  banner(staleWords(lastSuccess, Date.now()));
}

/** The escalations already shown; undefined before the first load, which announces nothing. */
let knownEscalations: Set<string> | undefined;

function renderEscalations(escalations: EscalationView[]) {
  byId('escalations').hidden = escalations.length === 0;
  const fresh = escalations.filter((e) => !knownEscalations?.has(e.id));
  if (knownEscalations && fresh.length > 0) {
    announce(`New escalation: ${fresh.map((e) => `${e.urgent ? 'urgent, ' : ''}${e.clientName}`).join('; ')}`);
  }
  knownEscalations = new Set(escalations.map((e) => e.id));
  const practice = settings?.practiceName ?? 'Aftercare';
  document.title = escalations.length > 0 ? `(${escalations.length}) ${practice}` : practice;
  draw('escalation-list', { escalations, zones: zonesOf(escalations) }, () =>
    escalationCards(escalations, zone(), { acknowledge: (e) => void acknowledge(e), openConversation: (c, n) => void openConversation(c, n) }, clientZone),
  );
}

function renderInbox(items: InboxItemView[]) {
  byId('inbox').hidden = items.length === 0;
  draw('inbox-list', { items, zones: zonesOf(items) }, () =>
    inboxCards(items, zone(), { reply: (item) => void replyTo(item), handled: (item) => void markHandled(item) }, clientZone),
  );
}

function renderSessions(sessions: SessionView[]) {
  lastSessions = sessions;
  for (const session of sessions) clientZones.set(session.id, session.client.timezone);
  draw('session-list', { sessions, linkedSessionId }, () =>
    sessionCards(sessions, zone(), sessionActions, linkedSessionId),
  );
}

function renderConversation(talk: Conversation) {
  draw('conversation-channels', talk.channels, () => [channelList(talk.channels, zone(), 'Consent and opt-outs')]);
  if (talk.client) for (const session of talk.sessions) clientZones.set(session.id, talk.client.timezone);
  const messageZone = talk.client?.timezone ?? zone();
  draw('message-list', talk.messages, () => messageItems(talk.messages, zone(), messageZone));
  if (stayAtNewest) showNewest();
  const latest = [...talk.sessions].sort((a, b) => b.endedAt.localeCompare(a.endedAt))[0];
  replySessionId = latest?.id;
  answerSessionId = latest?.id;
  byId('reply-form').hidden = !(local && openContact?.phone && replySessionId);
  byId('answer-form').hidden = !answerSessionId;
}

async function refreshNow(onlyEscalations: boolean): Promise<void> {
  const contact = openContact;
  const [escalations, inbox, sessions, talk] = await Promise.all([
    api.escalations(),
    api.inbox(),
    onlyEscalations ? undefined : api.sessions(3),
    contact && !onlyEscalations ? api.conversation(contact) : undefined,
  ]);
  if (!settings) return; // signed out meanwhile
  if (sessions) renderSessions(sessions);
  if (talk && contact === openContact) renderConversation(talk);
  renderEscalations(escalations);
  renderInbox(inbox);
  backoff.succeeded();
  lastSuccess = Date.now();
  if (!onlyEscalations) await refreshBookings();
  banner(undefined);
  byId('updated').textContent = `Updated ${new Date().toLocaleTimeString('en-US', { timeZone: zone(), hour: 'numeric', minute: '2-digit', second: '2-digit' })}`;
}

/** Every few seconds; while the connection fails, less often, the banner saying how old the page's data is. */
function poll() {
  if (backoff.failing) banner(staleWords(lastSuccess, Date.now()));
  if (backoff.shouldTry()) void refresh(document.hidden);
}

/** One refresh at a time; a second request while one runs waits for it. */
function refresh(onlyEscalations = false): Promise<void> {
  refreshing ??= refreshNow(onlyEscalations)
    .catch(onError)
    .finally(() => {
      refreshing = undefined;
    });
  return refreshing;
}

async function acknowledge(escalation: EscalationView) {
  try {
    const choice = await askAcknowledgement(escalation);
    if (!choice) return;
    const done = await api.acknowledge(escalation, choice);
    announce(`Acknowledged ${escalation.clientName}: ${done.outcome === 'skip' ? 'the rest of the follow-ups are skipped' : 'the follow-ups resume as gentle check-ins'}.`);
    await refresh();
    byId(byId('escalations').hidden ? 'sessions-title' : 'escalations-title').focus();
  } catch (error) {
    onError(error);
  }
}

/** Reply: the client's conversation opens with the answer box, on the channel they wrote on. */
async function replyTo(item: InboxItemView) {
  const contact = item.clientContact.startsWith('+') ? { phone: item.clientContact } : { email: item.clientContact };
  await openConversation(contact, item.clientName);
  byId<HTMLInputElement>(item.channel === 'email' ? 'answer-email' : 'answer-sms').checked = true;
  updateAnswerCount();
  byId('answer-text').focus();
}

async function markHandled(item: InboxItemView) {
  try {
    await api.markHandled(item);
    announce(`Marked ${item.clientName}'s message handled.`);
    await refresh();
    byId(byId('inbox').hidden ? 'sessions-title' : 'inbox-title').focus();
  } catch (error) {
    onError(error);
  }
}

const answerChannel = (): 'sms' | 'email' => (byId<HTMLInputElement>('answer-email').checked ? 'email' : 'sms');

/** As the therapist types a text: its encoding and how many texts (segments) it will take. */
function updateAnswerCount() {
  const text = byId<HTMLTextAreaElement>('answer-text').value;
  const count = byId('answer-count');
  if (answerChannel() === 'email') {
    count.textContent = `Email · ${text.length.toLocaleString('en-US')} characters`;
    return;
  }
  const { encoding, segments, characters } = smsEncoding(text);
  const perText = encoding === 'GSM-7' ? (segments > 1 ? 153 : 160) : segments > 1 ? 67 : 70;
  const kind = encoding === 'GSM-7' ? 'GSM-7' : 'UCS-2 (an emoji or special character: fewer characters per text)';
  count.textContent = `${kind} · ${segments} ${segments === 1 ? 'text' : 'texts'} · ${characters} of ${perText * Math.max(segments, 1)}`;
}

async function cancel(session: SessionView) {
  if (!window.confirm(`Cancel the follow-ups not yet sent to ${session.client.name}?`)) return;
  try {
    const cancelled = await api.cancelSession(session.id);
    announce(`Cancelled the follow-ups for ${session.client.name}. You can undo this for 10 minutes.`);
    undoToast(cancelled, (s) => void undoCancel(s));
    await afterChange();
  } catch (error) {
    onError(error);
  }
}

async function undoCancel(session: SessionView) {
  try {
    await api.restoreSession(session.id);
    announce(`The follow-ups for ${session.client.name} are back on.`);
    await afterChange();
  } catch (error) {
    onError(error);
  }
}

async function edit(session: SessionView) {
  if (!settings) return;
  try {
    const saved = await editSessionDialog(session, settings);
    if (!saved) return;
    announce(`Saved the changes for ${saved.client.name}.`);
    await afterChange();
  } catch (error) {
    onError(error);
  }
}

const sessionActions = {
  cancel: (s: SessionView) => void cancel(s),
  edit: (s: SessionView) => void edit(s),
  undo: (s: SessionView) => void undoCancel(s),
  openConversation: (c: { phone?: string; email?: string }, n: string) => void openConversation(c, n),
};

const clients = setupClients({ zone, actions: sessionActions, onError });

/** After an edit, a cancel or an undo: the lists and the open client page read again. */
async function afterChange() {
  await refresh();
  await clients.refresh();
}

async function openConversation(contact: { phone?: string; email?: string }, name: string) {
  openContact = { ...contact, name };
  drawn.delete('message-list');
  drawn.delete('conversation-channels');
  byId('message-list').replaceChildren();
  byId('conversation-channels').replaceChildren();
  stayAtNewest = true;
  byId('conversation-title').textContent = `Conversation with ${name}`;
  byId('reply-status').textContent = '';
  byId('answer-status').textContent = '';
  byId('conversation').hidden = false;
  byId('columns').classList.add('with-conversation');
  try {
    renderConversation(await api.conversation(contact));
  } catch (error) {
    onError(error);
    return;
  }
  const title = byId('conversation-title');
  title.focus({ preventScroll: true });
  title.scrollIntoView({ block: 'start' });
  showNewest();
}

/**
 * The conversation's list scrolls on its own: it opens at the newest message, its heading in view, and stays there
 * as messages arrive or the window changes size, unless the therapist has scrolled up to read older ones.
 */
function showNewest() {
  const list = byId('message-list');
  list.scrollTop = list.scrollHeight;
}
const messageList = byId('message-list');
messageList.addEventListener('scroll', () => {
  stayAtNewest = messageList.scrollHeight - messageList.scrollTop - messageList.clientHeight < 24;
});
new ResizeObserver(() => {
  if (stayAtNewest) showNewest();
}).observe(messageList);

/**
 * `#/sessions/<id>` (the link in the therapist's escalation email and text): that session's card is marked and its
 * client's conversation opened.
 */
async function openLinkedSession() {
  const id = /^#\/sessions\/([0-9a-f-]{36})$/.exec(location.hash)?.[1];
  if (!id || !settings) return;
  try {
    const { client } = await api.session(id);
    linkedSessionId = id;
    if (lastSessions) renderSessions(lastSessions);
    await openConversation(client.phone ? { phone: client.phone } : { email: client.email as string }, client.name);
  } catch (error) {
    onError(error);
  }
}

/** The outbox needs the token, so the link fetches it and shows the text in a new tab. */
function openOutbox(event: Event) {
  event.preventDefault();
  const opened = window.open('', '_blank');
  api
    .outbox()
    .then((text) => {
      const url = URL.createObjectURL(new Blob([text || 'No texts sent yet.\n'], { type: 'text/plain;charset=utf-8' }));
      if (opened) opened.location.href = url;
      else window.location.assign(url);
    })
    .catch((error: unknown) => {
      opened?.close();
      onError(error);
    });
}

async function signedIn() {
  byId('sign-in').hidden = true;
  try {
    // The first call checks the token; if it is refused, nothing else is asked for.
    const escalations = await api.escalations();
    settings = await api.settings();
    local = await api.localInfo();
    byId('practice').textContent = settings.practiceName;
    form.applySettings(settings);
    byId('demo').hidden = !local;
    if (local) {
      byId<HTMLAnchorElement>('ses-link').href = local.sesViewer;
      byId<HTMLAnchorElement>('outbox-link').href = local.outbox.replace(/^\//, '');
      byId('outbox-link').onclick = openOutbox;
    }
    mountBookings(byId('app'), byId('columns'), { zone, announce, entered: () => refresh() });
    byId('app').hidden = false;
    byId('top-actions').hidden = false;
    renderEscalations(escalations);
    await refresh();
    pollTimer = setInterval(poll, POLL_MS);
    await openLinkedSession();
  } catch (error) {
    if (error instanceof SignedOutError) onError(error);
    else {
      byId('sign-in').hidden = false;
      onError(error);
    }
  }
}

const form = setupSessionForm({
  settings: () => {
    if (!settings) throw new SignedOutError('Not signed in');
    return settings;
  },
  onSaved: () => void refresh(),
  onError,
});

byId<HTMLFormElement>('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = byId<HTMLInputElement>('token').value.trim();
  if (!token) {
    showSignIn('Enter the token.');
    return;
  }
  saveToken(token);
  void signedIn();
});

byId('sign-out').addEventListener('click', () => {
  const leaving = cookieSession() ? call('POST', 'auth/sign-out').catch(() => undefined) : Promise.resolve();
  void leaving.then(() => {
    forgetToken();
    forgetCookieSession();
    showSignIn();
  });
});
setupSignIn({
  onSignedIn: (how) => void signedIn().then(() => (how === 'link' && settings ? offerPasskey().catch(onError) : undefined)),
});
setupDevices({
  zone,
  onSignedOut: () => {
    if (!cookieSession()) {
      byId('devices').hidden = true;
      return;
    }
    forgetCookieSession();
    signedOutNotice('You are signed out on this device.');
  },
  onError,
});
byId('refresh').addEventListener('click', () => void refresh());
byId('new-session').addEventListener('click', () => {
  const button = byId('new-session');
  const open = button.getAttribute('aria-expanded') !== 'true';
  button.setAttribute('aria-expanded', String(open));
  byId('new-card').hidden = !open;
  if (open) byId('f-name').focus();
});
window.addEventListener('hashchange', () => void openLinkedSession());
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && pollTimer) void refresh();
});
byId('close-conversation').addEventListener('click', () => {
  openContact = undefined;
  byId('conversation').hidden = true;
  byId('columns').classList.remove('with-conversation');
  if (location.hash.startsWith('#/sessions/')) history.replaceState(null, '', location.pathname + location.search);
  linkedSessionId = undefined;
  if (lastSessions) renderSessions(lastSessions);
  byId('sessions-title').focus();
});

byId<HTMLFormElement>('reply-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId<HTMLInputElement>('reply-text');
  const status = byId('reply-status');
  if (!replySessionId || !input.value.trim()) return;
  status.textContent = 'Sending as the client…';
  api
    .replyAsClient(replySessionId, input.value.trim())
    .then(async (result) => {
      input.value = '';
      status.textContent = result.status === 200 ? 'Sent as the client through the signed Twilio webhook.' : `The webhook answered ${result.status}.`;
      await refresh();
    })
    .catch((error: unknown) => {
      status.textContent = '';
      onError(error);
    });
});

byId('answer-text').addEventListener('input', updateAnswerCount);
for (const id of ['answer-sms', 'answer-email']) byId(id).addEventListener('change', updateAnswerCount);
byId<HTMLFormElement>('answer-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId<HTMLTextAreaElement>('answer-text');
  const status = byId('answer-status');
  const text = input.value.trim();
  if (!answerSessionId || !text) {
    status.textContent = 'Write your answer first.';
    return;
  }
  const channel = answerChannel();
  status.textContent = 'Sending…';
  api
    .answer(answerSessionId, channel, text)
    .then(async () => {
      input.value = '';
      updateAnswerCount();
      status.textContent = `Sent by ${channel === 'sms' ? 'text' : 'email'}.`;
      await refresh();
    })
    .catch((error: unknown) => {
      // Refused (opted out, quiet hours, no address): the reason is shown here, where the therapist is looking.
      if (error instanceof ApiError) status.textContent = `Not sent: ${error.message}`;
      else {
        status.textContent = '';
        onError(error);
      }
    });
});

// The app shell for a flaky connection (web/src/sw.ts); without it the page works the same, online only.
navigator.serviceWorker?.register('sw.js').catch(() => undefined);
/** Signed out: the sign-in screen, or, for a sign-in link just opened, the button that finishes it. */
function signInScreen() {
  showSignIn();
  showLinkLanding();
}

if (savedToken()) void signedIn();
else {
  void resumeCookieSession()
    .then((resumed) => {
      if (!resumed) return signInScreen();
      if (location.hash.startsWith('#/sign-in/')) history.replaceState(null, '', location.pathname + location.search);
      return signedIn();
    })
    .catch(signInScreen);
}
