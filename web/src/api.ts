/// <reference lib="dom" />
import type { publicSettings } from '#app/deps';
import type { conversation, findClients } from '#use-cases/dashboard';
import type { EscalationView as EscalationResponse } from '#use-cases/escalations';
import type { SessionResponse } from '#use-cases/sessions';
import type { InboxItem } from '#domain/inbox';
import type { answerClient } from '#use-cases/inbox';

/*
 * The API as the page sees it. The response types are the ones the use cases produce (type-only imports, erased
 * from the bundle), so a change in the API shows up as a type error here.
 */
export type Settings = ReturnType<typeof publicSettings>;
export type SessionView = SessionResponse;
export type FollowUpView = SessionResponse['followUps'][number];
export type ChannelView = SessionResponse['channels'][number];
export type MessageView = SessionResponse['messages'][number];
export type EscalationView = EscalationResponse;
export type ClientMatch = Awaited<ReturnType<typeof findClients>>[number];
export type Conversation = Awaited<ReturnType<typeof conversation>>;
export type InboxItemView = InboxItem;
export type Answer = Awaited<ReturnType<typeof answerClient>>;
export type LocalInfo = { sesViewer: string; outbox: string };
export type FieldProblem = { field: string; message: string };

/** The token was refused (401) or there is none: the page signs out and shows nothing more. */
export class SignedOutError extends Error {}

/** Any other non-2xx answer, with the API's own message and, for a 400, its problems by field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'aftercare.token';

/** The therapist's token lives in sessionStorage: it survives a reload, not the closing of the tab. */
export const savedToken = () => sessionStorage.getItem(TOKEN_KEY) ?? undefined;
export const saveToken = (token: string) => sessionStorage.setItem(TOKEN_KEY, token);
export const forgetToken = () => sessionStorage.removeItem(TOKEN_KEY);

/** Paths are relative, so the page works at the root of the API and under a stage path alike. */
export async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const token = savedToken();
  if (!token) throw new SignedOutError('Not signed in');
  const response = await fetch(path, {
    method,
    cache: 'no-store',
    headers: {
      accept: 'application/json',
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status === 401) {
    forgetToken();
    throw new SignedOutError('That token was not accepted');
  }
  const data: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (data ?? {}) as { message?: string; problems?: FieldProblem[] };
    throw new ApiError(response.status, error.message ?? `The server answered ${response.status}`, error.problems ?? []);
  }
  // Our own API, typed by the use cases that produce the body (see the imports above).
  return data as T;
}

const q = encodeURIComponent;

export const api = {
  settings: async (): Promise<Settings> => {
    const response = await fetch('health', { cache: 'no-store', headers: { accept: 'application/json' } });
    if (!response.ok) throw new ApiError(response.status, `The server answered ${response.status}`);
    return (await response.json()) as Settings;
  },
  escalations: () => call<{ escalations: EscalationView[] }>('GET', 'escalations').then((r) => r.escalations),
  /** With the outcome for the held follow-ups, a note, and the round shown (a newer reply since is a 409). */
  acknowledge: (e: Pick<EscalationView, 'sessionId' | 'id' | 'newsRound'>, choice: { outcome: 'resume' | 'skip'; note?: string }) =>
    call<EscalationView>('POST', `sessions/${e.sessionId}/escalations/${e.id}/ack`, { ...choice, round: e.newsRound ?? 1 }),
  inbox: () => call<{ items: InboxItemView[] }>('GET', 'inbox').then((r) => r.items),
  markHandled: (item: Pick<InboxItemView, 'sessionId' | 'messageId'>) => call<InboxItemView>('POST', `sessions/${item.sessionId}/messages/${item.messageId}/handled`),
  answer: (sessionId: string, channel: 'sms' | 'email', text: string) => call<Answer>('POST', `sessions/${q(sessionId)}/messages`, { channel, text }),
  session: (id: string) => call<SessionView>('GET', `sessions/${q(id)}`),
  sessions: (days = 3) => call<{ sessions: SessionView[] }>('GET', `sessions?days=${days}`).then((r) => r.sessions),
  enterSession: (body: unknown, idempotencyKey: string) => call<SessionView>('POST', 'sessions', body, { 'idempotency-key': idempotencyKey }),
  cancelSession: (id: string) => call<SessionView>('DELETE', `sessions/${id}`),
  findClients: (text: string) => call<{ clients: ClientMatch[] }>('GET', `clients?q=${q(text)}`).then((r) => r.clients),
  conversation: (contact: { phone?: string; email?: string }) =>
    call<Conversation>('GET', contact.phone ? `conversations?phone=${q(contact.phone)}` : `conversations?email=${q(contact.email ?? '')}`),
  /** Local stack only; undefined in AWS (404), where the demo helpers do not exist. */
  localInfo: () =>
    call<LocalInfo>('GET', 'local/info').catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }),
  /** Local stack only: the SMS outbox file (a JSON line per text), which needs the token like everything else. */
  outbox: async (): Promise<string> => {
    const response = await fetch('local/outbox', { cache: 'no-store', headers: { authorization: `Bearer ${savedToken() ?? ''}` } });
    if (!response.ok) throw new ApiError(response.status, 'The outbox could not be read');
    return response.text();
  },
  replyAsClient: (sessionId: string, text: string) => call<{ status: number; twiml: string }>('POST', 'local/reply-as-client', { sessionId, text }),
};
