import { contactId } from '#domain/contact-state';
import * as z from 'zod';
import { channelViews } from '#domain/contact-state';
import { ValidationError } from '#domain/errors';
import type { Session } from '#domain/model';
import { decodeSessionCursor, encodeSessionCursor } from '#domain/session-cursor';
import { searchKey, type DashboardDeps } from './dashboard.ts';
import { contactsOf, sessionView } from './sessions.ts';

/** The therapist's history: sessions of any date, the client list and a client's own page. Queries only. */

const MAX_LIMIT = 50;
/** How many sessions one client-list request reads at most (pages of 100) before it answers with a cursor. */
const LIST_PAGES = 10;

function pageLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new ValidationError([{ field: 'limit', message: `must be a whole number from 1 to ${MAX_LIMIT}` }]);
  }
  return limit;
}

const instant = z.iso.datetime({ offset: true });

function beforeInstant(before: string | undefined): string | undefined {
  if (before === undefined) return undefined;
  if (!instant.safeParse(before).success) {
    throw new ValidationError([{ field: 'before', message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-27T15:30:00Z' }]);
  }
  return new Date(before).toISOString();
}

/** Full views of these sessions (follow-ups, messages, escalations, channels), in their order. */
async function views(deps: DashboardDeps, sessions: Session[]) {
  const [read, contacts] = await Promise.all([Promise.all(sessions.map((s) => deps.sessions.view(s.id))), contactsOf(deps.contacts, sessions)]);
  return read.flatMap((v) => (v ? [sessionView(v, contacts)] : []));
}

/**
 * Sessions of any date, newest first, a page at a time.
 * Input: `before` (only sessions that ended before it), `limit` (1 to 50, 20 by default), the `cursor` a page gave.
 * Output: the sessions as GET /sessions/{id} shows them, and a cursor for the next (older) page when there may be one.
 */
export async function sessionHistory(deps: DashboardDeps, query: { before?: string; limit?: number; cursor?: string }) {
  const before = beforeInstant(query.before);
  const page = await deps.sessions.history({ ...(before ? { before } : {}), limit: pageLimit(query.limit, 20), ...(query.cursor ? { cursor: query.cursor } : {}) });
  return { sessions: await views(deps, page.sessions), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** A client is known by the number, else the address, of a session. */
const clientKey = (session: Session) => (session.client.phone ? `sms:${session.client.phone}` : `email:${session.client.email ?? session.id}`);

/** The id of a client's newest session, ties by id: the one session the client list shows them at. */
async function newestOf(deps: DashboardDeps, session: Session): Promise<string | undefined> {
  const contact = session.client.phone ? { phone: session.client.phone } : { email: session.client.email as string };
  const sessions = await deps.sessions.forContact(contact, 10);
  return sessions.sort((a, b) => b.endedAt.localeCompare(a.endedAt) || a.id.localeCompare(b.id))[0]?.id ?? session.id;
}

const entry = (session: Session) => ({ ...session.client, lastSessionAt: session.endedAt, lastSessionId: session.id });

export type ClientEntry = ReturnType<typeof entry> & {
  /** The channels that opted out (a STOP, an unsubscribe): the page never ticks their consent box for a new session. */
  optedOut?: { sms?: true; email?: true };
};

/** The entries with their opt-outs, read in one request for the page. */
async function withOptOuts(deps: DashboardDeps, clients: ClientEntry[]): Promise<ClientEntry[]> {
  const contacts = await contactsOf(deps.contacts, clients.map((client) => ({ client })));
  return clients.map((client) => {
    const sms = client.phone ? contacts.get(contactId({ channel: 'sms', address: client.phone }))?.optedOut : false;
    const email = client.email ? contacts.get(contactId({ channel: 'email', address: client.email }))?.optedOut : false;
    return sms || email ? { ...client, optedOut: { ...(sms ? { sms: true } : {}), ...(email ? { email: true } : {}) } } : client;
  });
}

/**
 * The client list, newest client first, each once (as of their latest session), optionally searched.
 * Input: `q` (part of a name, a number in any form, or an email address), `limit` (1 to 50, 20 by default), the
 * `cursor` a page gave. Output: the clients and, when there may be more, a cursor.
 * Steps: a number or an address is one index query; otherwise sessions are read newest first from the session list
 * index (never a scan) until the page is full; a page after the first lists a client only on their latest session.
 */
export async function listClients(deps: DashboardDeps, query: { q?: string; limit?: number; cursor?: string }) {
  const limit = pageLimit(query.limit, 20);
  const key = query.q === undefined ? undefined : searchKey(query.q, deps.settings.phoneRegion);
  if (key && !('name' in key)) {
    const seen = new Set<string>();
    const sessions = (await deps.sessions.forContact(key, 50)).filter((s) => !seen.has(clientKey(s)) && seen.add(clientKey(s)));
    return { clients: await withOptOuts(deps, sessions.slice(0, limit).map(entry)) };
  }
  const name = key?.name;
  if (query.cursor !== undefined) decodeSessionCursor(query.cursor);
  const seen = new Set<string>();
  // Each client is listed at one session only, the same on every page: their newest, ties by id. (The index orders
  // sessions that ended at the same instant as it likes, so "the first one met" could differ from page to page.)
  const listedAt = new Map<string, Promise<string | undefined>>();
  const listedSession = (session: Session) => {
    const id = clientKey(session);
    if (!listedAt.has(id)) listedAt.set(id, newestOf(deps, session));
    return listedAt.get(id) as Promise<string | undefined>;
  };
  const clients: ClientEntry[] = [];
  let cursor = query.cursor;
  for (let read = 0; read < LIST_PAGES; read += 1) {
    const page = await deps.sessions.history({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const session of page.sessions) {
      const id = clientKey(session);
      if (seen.has(id)) continue;
      if (name && !session.client.name.toLowerCase().includes(name)) continue;
      if ((await listedSession(session)) !== session.id) continue;
      seen.add(id);
      clients.push(entry(session));
      if (clients.length === limit) return { clients: await withOptOuts(deps, clients), cursor: encodeSessionCursor(session) };
    }
    cursor = page.cursor;
    if (!cursor) return { clients: await withOptOuts(deps, clients) };
  }
  return { clients: await withOptOuts(deps, clients), cursor };
}

/**
 * A client's page: who they are, each channel's consent and opt-out (as of their latest session), and their sessions
 * of any date, newest first, a page at a time (`cursor` from the previous page).
 */
export async function clientSessions(deps: DashboardDeps, query: { phone?: string; email?: string; limit?: number; cursor?: string }) {
  if (!query.phone && !query.email) throw new ValidationError([{ field: 'phone', message: 'phone or email is required' }]);
  const contact = { ...(query.phone ? { phone: query.phone } : {}), ...(query.email ? { email: query.email } : {}) };
  const limit = pageLimit(query.limit, 10);
  const before = query.cursor === undefined ? undefined : decodeSessionCursor(query.cursor).endedAt;
  const [latest] = await deps.sessions.forContact(contact, 1);
  const found = await deps.sessions.forContact(contact, limit + 1, before);
  const sessions = found.slice(0, limit);
  const last = sessions.at(-1);
  const contacts = await contactsOf(deps.contacts, latest ? [latest] : []);
  return {
    client: latest?.client,
    channels: latest ? channelViews(latest, contacts) : [],
    sessions: await views(deps, sessions),
    ...(found.length > limit && last ? { cursor: encodeSessionCursor(last) } : {}),
  };
}
