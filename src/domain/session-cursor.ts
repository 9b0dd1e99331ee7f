import { ValidationError } from '#domain/errors';

/**
 * Where a page of sessions ended, as the opaque `cursor` the next request brings back: the last session's end time
 * and id. Both session stores read it the same way; anything else is refused as a bad request.
 */
export interface SessionPosition {
  endedAt: string;
  id: string;
}

export const encodeSessionCursor = (position: SessionPosition): string =>
  Buffer.from(`${position.endedAt}|${position.id}`, 'utf8').toString('base64url');

const POSITION = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f-]{36})$/;

export function decodeSessionCursor(cursor: string): SessionPosition {
  const match = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? POSITION.exec(Buffer.from(cursor, 'base64url').toString('utf8')) : null;
  if (!match) throw new ValidationError([{ field: 'cursor', message: 'is not one a page of sessions gave; start again from the newest sessions' }]);
  return { endedAt: match[1] as string, id: match[2] as string };
}
