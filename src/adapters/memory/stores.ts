import { deliveryStatusMatches, type DeliveryStatusChange } from '#domain/delivery';
import { escalationMatches, type EscalationTransition } from '#domain/escalation';
import { followUpMatches, type FollowUpTransition } from '#domain/follow-up';
import { textedNumbers } from '#domain/introduction';
import { STEPS } from '#domain/plan';
import { digestWorthy, type DigestClaim, type DigestState, type InboxItem } from '#domain/inbox';
import type { Channel, ContactPoint, Escalation, FollowUp, MessageRecord, Session, Step } from '#domain/model';
import type { ContactKey, ContactStore } from '#ports/contact-store';
import type { EscalationStore } from '#ports/escalation-store';
import type { DuePage, FollowUpStore } from '#ports/follow-up-store';
import type { InboxKey, InboxStore } from '#ports/inbox-store';
import type { InboundStore, MessageStore } from '#ports/message-store';
import type { CreateResult, NewSession, SessionPage, SessionStore, SessionView } from '#ports/session-store';
import type { Stores } from '#ports/stores';
import { applyChanges, changes } from '../changes.ts';
import { decodeSessionCursor, encodeSessionCursor } from '#domain/session-cursor';
import { MemorySignInStore } from './sign-in-store.ts';
import { MemoryBookingStore } from './booking-store.ts';

/**
 * The stores in memory, for use-case tests that need no database. They keep the DynamoDB stores' promises (the
 * contract tests run the same cases against both): conditions from the domain, only changed attributes written,
 * the same orders and the same due rules.
 */
class Memory {
  sessions = new Map<string, Session>();
  followUps = new Map<string, FollowUp>();
  escalations = new Map<string, Escalation>();
  messages = new Map<string, MessageRecord>();
  contacts = new Map<string, ContactPoint>();
  idempotency = new Map<string, { sessionId: string; fingerprint: string }>();
  inbound = new Set<string>();
  autoAnswers = new Map<string, string>();
  providers = new Map<string, string>();
  inbox = new Map<string, InboxItem>();
  digest: DigestState = {};
}

const copy = <T>(value: T): T => structuredClone(value);
const fuKey = (sessionId: string, step: Step) => `${sessionId}#${step}`;
const escKey = (sessionId: string, id: string) => `${sessionId}#${id}`;
const msgKey = (m: MessageRecord) => `${m.sessionId}#${m.at}#${m.id}`;
const contactId = (channel: Channel, address: string) => `${channel}#${address}`;
const stepOrder = (fu: FollowUp) => STEPS.findIndex((s) => s.step === fu.step);
const newestFirst = (a: Session, b: Session) => b.endedAt.localeCompare(a.endedAt);
const upTo = (now: Date) => `${now.toISOString()}#\uffff`;

function logMessages(db: Memory, messages: MessageRecord[]) {
  for (const m of messages) {
    db.messages.set(msgKey(m), copy(m));
    if (m.providerId && m.direction === 'outbound') db.providers.set(m.providerId, msgKey(m));
  }
}

/** Writes what a transition changes into `map`, if the stored row is still what it expects. */
function applyTransition<T extends object>(db: Memory, map: Map<string, T>, key: string, t: { from: T; next: T }, matches: (stored: T) => boolean, messages: MessageRecord[] = []) {
  const stored = map.get(key);
  if (!stored || !matches(stored)) return false;
  map.set(key, applyChanges(stored, changes({ ...t.from } as Record<string, unknown>, { ...t.next } as Record<string, unknown>)));
  logMessages(db, messages);
  return true;
}

class MemorySessionStore implements SessionStore {
  constructor(private readonly db: Memory) {}

  async create({ session, followUps, contacts, idempotency }: NewSession): Promise<CreateResult> {
    const known = idempotency && this.db.idempotency.get(idempotency.key);
    if (known) return { created: false, ...known };
    if (this.db.sessions.has(session.id)) throw new Error(`session ${session.id} exists`);
    this.db.sessions.set(session.id, copy(session));
    for (const fu of followUps) this.db.followUps.set(fuKey(fu.sessionId, fu.step), copy(fu));
    for (const contact of contacts) {
      // Consent is recorded again; an opt-out (and when and how it came) is kept.
      const id = contactId(contact.channel, contact.address);
      const existing = this.db.contacts.get(id);
      this.db.contacts.set(id, { ...existing, ...copy(contact), optedOut: existing?.optedOut ?? false });
    }
    if (idempotency) this.db.idempotency.set(idempotency.key, { sessionId: session.id, fingerprint: idempotency.fingerprint });
    return { created: true };
  }

  async get(id: string) {
    return copy(this.db.sessions.get(id));
  }

  async view(id: string): Promise<SessionView | undefined> {
    const session = this.db.sessions.get(id);
    if (!session) return undefined;
    const mine = <T extends { sessionId: string }>(map: Map<string, T>) => [...map.entries()].filter(([, v]) => v.sessionId === id).sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => copy(v));
    return { session: copy(session), followUps: mine(this.db.followUps).sort((a, b) => stepOrder(a) - stepOrder(b)), messages: mine(this.db.messages), escalations: mine(this.db.escalations) };
  }

  async list(from: Date, to: Date, limit: number) {
    const [a, b] = [from.toISOString(), to.toISOString()];
    return [...this.db.sessions.values()].filter((s) => s.endedAt >= a && s.endedAt <= b).sort(newestFirst).slice(0, limit).map(copy);
  }

  async forContact(contact: { phone?: string; email?: string }, limit: number, before?: string) {
    const email = contact.email?.toLowerCase();
    return [...this.db.sessions.values()]
      .filter((s) => (contact.phone && s.client.phone === contact.phone) || (email && s.client.email === email))
      .filter((s) => !before || s.endedAt < before)
      .sort(newestFirst).slice(0, limit).map(copy);
  }

  async latestByPhone(phone: string) {
    return (await this.forContact({ phone }, 1))[0];
  }

  async latestByEmail(email: string) {
    return (await this.forContact({ email }, 1))[0];
  }

  async markCancelled(id: string, now: Date) {
    const session = this.db.sessions.get(id);
    if (session?.status !== 'active') return false;
    this.db.sessions.set(id, { ...session, status: 'cancelled', cancelledAt: now.toISOString() });
    return true;
  }

  async amend(from: Session, next: Session, contacts: ContactPoint[]) {
    const stored = this.db.sessions.get(from.id);
    if (stored?.status !== 'active' || stored.editedAt !== from.editedAt) return false;
    this.db.sessions.set(from.id, applyChanges(stored, changes({ ...from }, { ...next })));
    for (const contact of contacts) {
      const id = contactId(contact.channel, contact.address);
      const existing = this.db.contacts.get(id);
      this.db.contacts.set(id, { ...existing, ...copy(contact), optedOut: existing?.optedOut ?? false });
    }
    return true;
  }

  async markRestored(id: string, cancelledAt: string, now: Date) {
    const session = this.db.sessions.get(id);
    if (session?.status !== 'cancelled' || session.cancelledAt !== cancelledAt) return false;
    const restored: Session = { ...session, status: 'active', restoredAt: now.toISOString() };
    delete restored.cancelledAt;
    this.db.sessions.set(id, restored);
    return true;
  }

  async history({ before, limit, cursor }: { before?: string; limit: number; cursor?: string }): Promise<SessionPage> {
    const start = cursor ? decodeSessionCursor(cursor) : undefined;
    const older = (s: Session) => !start || s.endedAt < start.endedAt || (s.endedAt === start.endedAt && s.id < start.id);
    const all = [...this.db.sessions.values()]
      .filter((s) => (!before || s.endedAt < before) && older(s))
      .sort((a, b) => newestFirst(a, b) || b.id.localeCompare(a.id));
    const sessions = all.slice(0, limit).map(copy);
    const last = sessions.at(-1);
    return { sessions, ...(all.length >= limit && last ? { cursor: encodeSessionCursor(last) } : {}) };
  }
}

/** Where a follow-up waits in the due order, as in the DynamoDB due index. */
const dueKeyOf = (fu: FollowUp) => {
  const at = fu.status === 'pending' ? fu.sendAt : fu.status === 'claimed' ? fu.leaseUntil : undefined;
  return at && `${at}#${fu.sessionId}#${fu.step}`;
};

class MemoryFollowUpStore implements FollowUpStore {
  constructor(private readonly db: Memory) {}

  async due(now: Date, limit: number, cursor?: string): Promise<DuePage> {
    const waiting = [...this.db.followUps.values()]
      .map((fu) => ({ fu, key: dueKeyOf(fu) }))
      .filter((x): x is { fu: FollowUp; key: string } => x.key !== undefined && x.key <= upTo(now) && (!cursor || x.key > cursor))
      .sort((a, b) => a.key.localeCompare(b.key));
    const page = waiting.slice(0, limit);
    const last = page.at(-1);
    // As DynamoDB does, a full page carries a cursor, even when nothing follows it.
    return { followUps: page.map((x) => copy(x.fu)), ...(page.length === limit && last ? { cursor: last.key } : {}) };
  }

  async get(sessionId: string, step: Step) {
    return copy(this.db.followUps.get(fuKey(sessionId, step)));
  }

  async forSession(sessionId: string) {
    return [...this.db.followUps.values()].filter((fu) => fu.sessionId === sessionId).sort((a, b) => stepOrder(a) - stepOrder(b)).map(copy);
  }

  async apply(t: FollowUpTransition, messages?: MessageRecord[]) {
    const applied = applyTransition(this.db, this.db.followUps, fuKey(t.from.sessionId, t.from.step), t, (stored) => followUpMatches(t.expect, stored), messages);
    if (applied) {
      for (const { phone, at } of textedNumbers(messages ?? [])) {
        const id = contactId('sms', phone);
        const existing = this.db.contacts.get(id);
        this.db.contacts.set(id, { channel: 'sms', address: phone, optedOut: false, ...existing, textedAt: at });
      }
    }
    return applied;
  }
}

class MemoryEscalationStore implements EscalationStore {
  constructor(private readonly db: Memory) {}

  async get(sessionId: string, id: string) {
    return copy(this.db.escalations.get(escKey(sessionId, id)));
  }

  async listOpen() {
    return [...this.db.escalations.values()].filter((e) => e.status === 'open').sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(copy);
  }

  async due(now: Date, limit: number) {
    const keyOf = (e: Escalation) => (e.status === 'open' ? (e.notifyClaim?.until ?? e.nextNotifyAt) : undefined);
    return [...this.db.escalations.values()]
      .filter((e) => { const at = keyOf(e); return at !== undefined && at <= now.toISOString(); })
      .sort((a, b) => (keyOf(a) as string).localeCompare(keyOf(b) as string)).slice(0, limit).map(copy);
  }

  async open(escalation: Escalation) {
    const session = this.db.sessions.get(escalation.sessionId);
    if (!session || session.escalationId) return false;
    const codeTaken = escalation.code !== undefined && [...this.db.escalations.values()].some((e) => e.status === 'open' && e.code === escalation.code);
    if (codeTaken) return false;
    this.db.sessions.set(session.id, { ...session, escalationId: escalation.id });
    this.db.escalations.set(escKey(escalation.sessionId, escalation.id), copy(escalation));
    return true;
  }

  async apply(t: EscalationTransition, messages?: MessageRecord[]) {
    return applyTransition(this.db, this.db.escalations, escKey(t.from.sessionId, t.from.id), t, (stored) => escalationMatches(t.expect, stored), messages);
  }

  async acknowledge(transition: EscalationTransition) {
    const session = this.db.sessions.get(transition.from.sessionId);
    const stored = this.db.escalations.get(escKey(transition.from.sessionId, transition.from.id));
    if (!session || session.escalationId !== transition.from.id || !stored || !escalationMatches(transition.expect, stored)) return false;
    const { escalationId: _id, ...freed } = session;
    this.db.sessions.set(session.id, freed);
    return this.apply(transition);
  }
}

class MemoryContactStore implements ContactStore {
  constructor(private readonly db: Memory) {}

  async get(keys: ContactKey[]) {
    return keys.flatMap((k) => { const c = this.db.contacts.get(contactId(k.channel, k.address)); return c ? [copy(c)] : []; });
  }

  async setOptOut(channel: Channel, address: string, optedOut: boolean, source: string, now: Date) {
    const existing = this.db.contacts.get(contactId(channel, address));
    this.db.contacts.set(contactId(channel, address), { ...existing, channel, address, optedOut, optOutSource: source, optedOutAt: now.toISOString() });
  }

  async claimAutoAnswer(key: ContactKey, now: Date, windowHours: number) {
    const last = this.db.autoAnswers.get(contactId(key.channel, key.address));
    if (last && last > new Date(now.getTime() - windowHours * 3_600_000).toISOString()) return false;
    this.db.autoAnswers.set(contactId(key.channel, key.address), now.toISOString());
    return true;
  }
}

class MemoryMessageStore implements MessageStore {
  constructor(private readonly db: Memory) {}

  async append(messages: MessageRecord[]) {
    logMessages(this.db, messages);
  }

  async recordDeliveryStatus({ providerId, status, detail, at, expect }: DeliveryStatusChange) {
    const key = this.db.providers.get(providerId);
    const stored = key && this.db.messages.get(key);
    if (!key || !stored) return undefined;
    const { sessionId, channel, party, to } = stored;
    const written = deliveryStatusMatches(expect, stored.deliveryStatus);
    if (written) this.db.messages.set(key, { ...stored, deliveryStatus: status, ...({ deliveryDetail: detail ?? null, deliveryAt: at } as object) });
    return { message: { sessionId, ...(to ? { recipient: { channel, party, address: to } } : {}) }, written };
  }
}

class MemoryInboundStore implements InboundStore {
  constructor(private readonly db: Memory) {}

  async record(dedupeKey: string, _at: Date, message?: MessageRecord) {
    if (this.db.inbound.has(dedupeKey)) return false;
    this.db.inbound.add(dedupeKey);
    if (message) logMessages(this.db, [message]);
    return true;
  }

  async forget(dedupeKey: string, message?: MessageRecord) {
    this.db.inbound.delete(dedupeKey);
    if (message) this.db.messages.delete(msgKey(message));
  }
}

const inboxId = (k: InboxKey) => `${k.sessionId}#${k.messageId}`;
const oldestFirst = (a: InboxItem, b: InboxItem) => a.at.localeCompare(b.at) || a.sessionId.localeCompare(b.sessionId) || a.messageId.localeCompare(b.messageId);

class MemoryInboxStore implements InboxStore {
  constructor(private readonly db: Memory) {}

  async add(item: InboxItem) {
    this.db.inbox.set(inboxId(item), copy(item));
  }

  async get(key: InboxKey) {
    return copy(this.db.inbox.get(inboxId(key)));
  }

  async listOpen(limit: number) {
    return [...this.db.inbox.values()].filter((i) => i.status === 'open').sort(oldestFirst).slice(0, limit).map(copy);
  }

  async markHandled(handled: InboxItem) {
    const stored = this.db.inbox.get(inboxId(handled));
    if (stored?.status !== 'open') return false;
    const { handledAt, handledBy, handledVia } = handled;
    this.db.inbox.set(inboxId(handled), { ...stored, status: 'handled', ...(handledAt ? { handledAt } : {}), ...(handledBy ? { handledBy } : {}), ...(handledVia ? { handledVia } : {}) });
    return true;
  }

  /** As the due index: open, digest-worthy, not yet carried. */
  async undelivered(limit: number) {
    return [...this.db.inbox.values()].filter((i) => i.status === 'open' && digestWorthy(i) && !i.notifiedAt).sort(oldestFirst).slice(0, limit).map(copy);
  }

  async digest() {
    return copy(this.db.digest);
  }

  async claimDigest(seen: DigestState, claim: DigestClaim, now: Date) {
    const { digest } = this.db;
    if (digest.claim && digest.claim.until > now.toISOString()) return false;
    if (digest.lastSentAt !== seen.lastSentAt) return false;
    this.db.digest = { ...digest, claim: copy(claim) };
    return true;
  }

  async recordDigestChannel(token: string, channel: Channel, providerId: string) {
    const { claim } = this.db.digest;
    if (claim?.token !== token) return false;
    claim.done[channel] = providerId;
    return true;
  }

  async completeDigest(token: string, sentAt: Date, items: InboxKey[]) {
    if (this.db.digest.claim?.token !== token) return false;
    const at = sentAt.toISOString();
    this.db.digest = { lastSentAt: at };
    for (const key of items) {
      const stored = this.db.inbox.get(inboxId(key));
      if (stored) this.db.inbox.set(inboxId(key), { ...stored, notifiedAt: at });
    }
    return true;
  }
}

export function memoryStores(): Stores {
  const db = new Memory();
  return {
    sessions: new MemorySessionStore(db),
    followUps: new MemoryFollowUpStore(db),
    escalations: new MemoryEscalationStore(db),
    contacts: new MemoryContactStore(db),
    messages: new MemoryMessageStore(db),
    inbound: new MemoryInboundStore(db),
    inbox: new MemoryInboxStore(db),
    signIn: new MemorySignInStore(),
    bookings: new MemoryBookingStore(),
  };
}
