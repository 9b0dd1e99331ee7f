import { createHash } from 'node:crypto';
import type { Channel, Step } from '#domain/model';

/**
 * One table, every record of a session under its partition so that GET /sessions/{id} is one Query.
 *
 * | item          | PK                      | SK                 | indexes                               |
 * |---------------|-------------------------|--------------------|---------------------------------------|
 * | session       | SESSION#<id>            | #SESSION           | byPhone (clientPhone, endedAt), byEmail (clientEmail, endedAt), byEnded (listShard, endedAt) |
 * | follow-up     | SESSION#<id>            | FOLLOWUP#<step>    | due (dueShard, dueKey) while it waits  |
 * | message       | SESSION#<id>            | MSG#<at>#<id>      |                                       |
 * | escalation    | SESSION#<id>            | ESCALATION#<id>    | due (dueShard, dueKey) while open      |
 * | contact point | CONTACT#<channel>#<addr>| #CONTACT           |                                       |
 * | idempotency   | IDEMPOTENCY#<key>       | #IDEMPOTENCY       |                                       |
 * | inbound dedupe| INBOUND#<sha256 of id>  | #INBOUND           |                                       |
 * | auto-answer   | AUTOANSWER#<ch>#<addr>  | #AUTOANSWER        | (the contact point's last automatic answer) |
 * | sent pointer  | PROVIDER#<provider id>  | #PROVIDER          | (finds a message from a delivery status) |
 * | open list     | ESCALATIONS#OPEN        | <at>#<session>#<id>| (the therapist's open escalations)     |
 * | inbox item    | SESSION#<id>            | INBOX#<message id> | due (DUE#REPLY) until a digest carries it |
 * | open inbox    | INBOX#OPEN              | <at>#<session>#<message id> | (the therapist's unanswered messages) |
 * | reply digest  | REPLYDIGEST             | #REPLYDIGEST       | (when the last digest went; its claim) |
 * | open code     | ESCALATION_CODE#<n>     | #CODE              | (an open escalation's short code, "OK 2") |
 * | sign-in link  | AUTH#LINK#<sha256 of token> | #LINK          | (TTL at its 10-minute expiry; `usedAt` once redeemed) |
 * | link requests | AUTH#LINKRATE#<window>  | #RATE              | (how many links were asked for in a window; TTL) |
 * | device session| AUTH#DEVICES            | DEVICE#<id>        | (the cookie's secret as a SHA-256; TTL slides with use) |
 * | passkey       | AUTH#PASSKEYS           | PASSKEY#<sha256 of credential id> | (public key, counter) |
 * | challenge     | AUTH#CHALLENGE#<id>     | #CHALLENGE         | (a passkey ceremony's, deleted when used; TTL) |
 *
 * The `due` index is sparse: an item is in it only while something must happen at `dueKey`'s time
 * (a follow-up to send, a lapsed claim to reconcile, an escalation to re-notify, a client message no digest has
 * carried yet).
 */
export const INDEX = { due: 'due', byPhone: 'byPhone', byEmail: 'byEmail', byEnded: 'byEnded' } as const;
/** Every session item carries this in `listShard`, so the therapist's page can list sessions by time. */
export const SESSION_LIST_SHARD = 'SESSIONS';
export const DUE_SHARD = 'DUE';
/** Escalations wait in their own partition of the due index, so a backlog of follow-ups never hides one. */
export const ESCALATION_SHARD = 'DUE#ESCALATION';

/** Client messages waiting for the therapist's digest, apart from follow-ups and escalations likewise. */
export const REPLY_SHARD = 'DUE#REPLY';

export const sessionPk = (sessionId: string) => `SESSION#${sessionId}`;
export const SESSION_SK = '#SESSION';
export const followUpSk = (step: Step) => `FOLLOWUP#${step}`;
export const messageSk = (at: string, id: string) => `MSG#${at}#${id}`;
export const escalationSk = (id: string) => `ESCALATION#${id}`;
export const contactKey = (channel: Channel, address: string) => ({ PK: `CONTACT#${channel}#${address}`, SK: '#CONTACT' });
export const idempotencyKey = (key: string) => ({ PK: `IDEMPOTENCY#${key}`, SK: '#IDEMPOTENCY' });
export const providerKey = (providerId: string) => ({ PK: `PROVIDER#${providerId}`, SK: '#PROVIDER' });
export const OPEN_ESCALATIONS_PK = 'ESCALATIONS#OPEN';
export const openEscalationSk = (createdAt: string, sessionId: string, id: string) => `${createdAt}#${sessionId}#${id}`;
export const escalationCodeKey = (code: number) => ({ PK: `ESCALATION_CODE#${code}`, SK: '#CODE' });
/** A provider's message id is the sender's to choose (an email's Message-ID has no length limit): hashed, it fits a key. */
export const inboundKey = (providerId: string) => ({ PK: `INBOUND#${createHash('sha256').update(providerId).digest('base64url')}`, SK: '#INBOUND' });
export const autoAnswerKey = (channel: Channel, address: string) => ({ PK: `AUTOANSWER#${channel}#${address}`, SK: '#AUTOANSWER' });

/** Sort key of the due index: the time first, so a range query up to "now" finds everything due. */
export const dueKey = (at: string, sessionId: string, tail: string) => `${at}#${sessionId}#${tail}`;
export const inboxSk = (messageId: string) => `INBOX#${messageId}`;
export const OPEN_INBOX_PK = 'INBOX#OPEN';
export const openInboxSk = (at: string, sessionId: string, messageId: string) => `${at}#${sessionId}#${messageId}`;
export const REPLY_DIGEST_KEY = { PK: 'REPLYDIGEST', SK: '#REPLYDIGEST' } as const;

export const linkTokenKey = (hash: string) => ({ PK: `AUTH#LINK#${hash}`, SK: '#LINK' });
export const linkRateKey = (window: string) => ({ PK: `AUTH#LINKRATE#${window}`, SK: '#RATE' });
export const DEVICES_PK = 'AUTH#DEVICES';
export const deviceSk = (id: string) => `DEVICE#${id}`;
export const PASSKEYS_PK = 'AUTH#PASSKEYS';
/** A credential id is the authenticator's to choose (up to 1,023 bytes): hashed, it fits a key. */
export const passkeySk = (id: string) => `PASSKEY#${createHash('sha256').update(id).digest('base64url')}`;
export const challengeKey = (id: string) => ({ PK: `AUTH#CHALLENGE#${id}`, SK: '#CHALLENGE' });
