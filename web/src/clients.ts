/// <reference lib="dom" />
import { api, ApiError, type ClientMatch, type ClientPage, type SessionView } from './api.ts';
import { byId, h } from './dom.ts';
import { displayPhone, shortDate } from './format.ts';
import { channelList, sessionCards, type SessionActions } from './sessions.ts';

/*
 * The Clients view: a search box, the list of clients (newest first, "More clients" for the next page), and a
 * client's page: their channels (consent and opt-outs), a link to the conversation, and their sessions of any date
 * ("Older sessions" for the next page).
 */

export interface ClientsHooks {
  zone: () => string;
  actions: SessionActions;
  onError: (error: unknown) => void;
}

const contactOf = (client: { phone?: string; email?: string }) => (client.phone ? { phone: client.phone } : { email: client.email as string });

export function setupClients(hooks: ClientsHooks) {
  const section = byId('clients');
  const form = byId<HTMLFormElement>('clients-form');
  const search = byId<HTMLInputElement>('clients-q');
  const list = byId('clients-list');
  const more = byId<HTMLButtonElement>('clients-more');
  const detail = byId('client-page');
  let listCursor: string | undefined;
  let shown: { contact: { phone?: string; email?: string }; cursor?: string; sessions: SessionView[]; page?: ClientPage } | undefined;

  function clientItem(client: ClientMatch): HTMLElement {
    const button = h(
      'button',
      { type: 'button', class: 'match', 'data-key': `client-${client.phone ?? client.email ?? ''}` },
      h('strong', {}, client.name),
      h('span', {}, [client.phone && displayPhone(client.phone), client.email, `last session ${shortDate(client.lastSessionAt, hooks.zone())}`].filter(Boolean).join(' · ')),
    );
    button.addEventListener('click', () => void openClient(contactOf(client)));
    return h('li', {}, button);
  }

  async function loadList(append: boolean) {
    try {
      const page = await api.clients(search.value.trim(), append ? listCursor : undefined);
      listCursor = page.cursor;
      const items = page.clients.map(clientItem);
      if (append) list.append(...items);
      else list.replaceChildren(...(items.length > 0 ? items : [h('li', { class: 'empty' }, search.value.trim() ? 'No client matches that search.' : 'No clients yet.')]));
      more.hidden = !listCursor;
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        list.replaceChildren(h('li', { class: 'problem' }, 'Type at least 2 characters: part of a name, a mobile number or an email address.'));
        more.hidden = true;
      } else hooks.onError(error);
    }
  }

  function drawClient() {
    if (!shown?.page) return;
    const { page, sessions } = shown;
    const name = page.client?.name ?? 'This client';
    const conversation = h('button', { type: 'button', id: 'client-conversation' }, 'Conversation');
    conversation.addEventListener('click', () => page.client && hooks.actions.openConversation(shown?.contact ?? {}, name));
    const older = h('button', { type: 'button', id: 'client-older', hidden: !shown.cursor }, 'Older sessions');
    older.addEventListener('click', () => void loadSessions(true));
    const back = h('button', { type: 'button', class: 'quiet', id: 'client-back' }, 'All clients');
    back.addEventListener('click', () => {
      detail.hidden = true;
      list.hidden = false;
      form.hidden = false;
      more.hidden = !listCursor;
      search.focus();
    });
    detail.replaceChildren(
      h('div', { class: 'section-head' }, h('h3', { id: 'client-name', tabindex: '-1' }, name), back),
      h('p', { class: 'meta' }, [page.client?.phone && displayPhone(page.client.phone), page.client?.email].filter(Boolean).join(' · ')),
      channelList(page.channels, hooks.zone(), `Consent and opt-outs for ${name}`),
      h('div', { class: 'actions' }, conversation),
      h('h4', {}, 'Sessions'),
      h('ul', { class: 'plain sessions', id: 'client-sessions' }, ...(sessions.length > 0 ? sessionCards(sessions, hooks.zone(), hooks.actions) : [h('li', { class: 'empty' }, 'No sessions kept for this client.')])),
      older,
    );
  }

  async function loadSessions(older: boolean) {
    if (!shown) return;
    try {
      const page = await api.clientSessions(shown.contact, older ? shown.cursor : undefined);
      shown = { ...shown, page: older ? { ...page, client: shown.page?.client ?? page.client, channels: shown.page?.channels ?? page.channels } : page, cursor: page.cursor, sessions: older ? [...shown.sessions, ...page.sessions] : page.sessions };
      drawClient();
    } catch (error) {
      hooks.onError(error);
    }
  }

  async function openClient(contact: { phone?: string; email?: string }) {
    shown = { contact, sessions: [] };
    list.hidden = true;
    form.hidden = true;
    more.hidden = true;
    detail.hidden = false;
    await loadSessions(false);
    byId('client-name').focus();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void loadList(false);
  });
  more.addEventListener('click', () => void loadList(true));
  byId('clients-open').addEventListener('click', () => {
    section.hidden = false;
    void loadList(false);
    byId('clients-title').focus();
    byId('clients-title').scrollIntoView({ block: 'start' });
  });
  byId('clients-close').addEventListener('click', () => {
    section.hidden = true;
    byId('sessions-title').focus();
  });

  return {
    /** After an edit or an undo on the client's page, its sessions are read again. */
    refresh: () => (shown && !detail.hidden ? loadSessions(false) : Promise.resolve()),
  };
}
