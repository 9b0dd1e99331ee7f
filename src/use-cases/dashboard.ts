import { ValidationError } from '#domain/errors';
import { toE164 } from '#domain/phone';
import { channelViews } from '#domain/contact-state';
import type { Clock } from '#domain/time';
import type { ContactStore } from '#ports/contact-store';
import type { SessionStore } from '#ports/session-store';
import { contactsOf, conversationOrder, sessionView } from './sessions.ts';

/** What the therapist's page reads. Queries only; nothing here writes. */
export interface DashboardDeps {
  sessions: SessionStore;
  contacts: Pick<ContactStore, 'get'>;
  clock: Clock;
  settings: { phoneRegion: string; retentionDays: number };
}

const DAY_MS = 86_400_000;
const MAX_SESSIONS = 200;

/**
 * Sessions that ended in the last `days` days (their follow-ups are still running or just finished), newest first,
 * each with its follow-ups, messages, escalations and channels (consent, opt-outs: one read of the contact points
 * for the whole list).
 */
export async function recentSessions(deps: DashboardDeps, days: number) {
  if (!Number.isInteger(days) || days < 1 || days > 31) throw new ValidationError([{ field: 'days', message: 'must be a whole number from 1 to 31' }]);
  const now = deps.clock.now();
  const sessions = await deps.sessions.list(new Date(now.getTime() - days * DAY_MS), new Date(now.getTime() + 10 * 60_000), MAX_SESSIONS);
  const [views, contacts] = await Promise.all([Promise.all(sessions.map((s) => deps.sessions.view(s.id))), contactsOf(deps.contacts, sessions)]);
  return views.flatMap((v) => (v ? [sessionView(v, contacts)] : []));
}

/** How a search text names a client: an exact phone number, an email address, or part of a name. */
export function searchKey(q: string, region: string) {
  const text = q.trim();
  if (text.length < 2) throw new ValidationError([{ field: 'q', message: 'needs at least 2 characters' }]);
  if (text.includes('@')) return { email: text.toLowerCase() };
  if (/^[\d\s()+.-]{7,}$/.test(text)) {
    const phone = toE164(text, region);
    if (phone) return { phone };
  }
  return { name: text.toLowerCase() };
}

/** Returning clients matching a name, number or address, with the details of their latest session. */
export async function findClients(deps: DashboardDeps, q: string) {
  const key = searchKey(q, deps.settings.phoneRegion);
  const name = 'name' in key ? key.name : undefined;
  const sessions = name
    ? (await deps.sessions.list(new Date(deps.clock.now().getTime() - deps.settings.retentionDays * DAY_MS), deps.clock.now(), 1000)).filter(
        (s) => s.client.name.toLowerCase().includes(name),
      )
    : await deps.sessions.forContact(key as { phone?: string; email?: string }, 20);
  const clients = new Map<string, (typeof sessions)[number]['client'] & { lastSessionAt: string; sessions: number }>();
  for (const session of sessions) {
    const id = session.client.phone ?? session.client.email ?? session.id;
    const known = clients.get(id);
    if (known) known.sessions += 1;
    else clients.set(id, { ...session.client, lastSessionAt: session.endedAt, sessions: 1 });
  }
  return [...clients.values()].slice(0, 20);
}

/**
 * Every message to and from a client across their sessions, oldest first, with triage labels, and the client's
 * channels as of their latest session (its consent; each contact point's opt-out).
 */
export async function conversation(deps: DashboardDeps, contact: { phone?: string; email?: string }) {
  if (!contact.phone && !contact.email) throw new ValidationError([{ field: 'phone', message: 'phone or email is required' }]);
  const sessions = await deps.sessions.forContact(contact, 50);
  const latest = sessions[0];
  const [views, contacts] = await Promise.all([Promise.all(sessions.map((s) => deps.sessions.view(s.id))), contactsOf(deps.contacts, latest ? [latest] : [])]);
  const messages = views.flatMap((v) => v?.messages ?? []).sort(conversationOrder);
  return {
    client: latest?.client,
    channels: latest ? channelViews(latest, contacts) : [],
    sessions: sessions.map((s) => ({ id: s.id, endedAt: s.endedAt, status: s.status })),
    messages,
  };
}
