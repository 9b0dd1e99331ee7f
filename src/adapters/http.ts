import { timingSafeEqual, createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  AftercareError,
  ConfigError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '#domain/errors';
import type { Log } from '#ports/log';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS, ...headers },
  body: JSON.stringify(body),
});

export const text = (statusCode: number, body: string, contentType = 'text/plain; charset=utf-8', headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { 'content-type': contentType, ...SECURITY_HEADERS, ...headers },
  body,
});

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The request body as text, decoding API Gateway's base64 form; bytes that are not UTF-8 are refused, not read as U+FFFD. */
export function bodyText(event: HttpEvent): string {
  if (!event.body) return '';
  if (!event.isBase64Encoded) return event.body;
  try {
    return utf8.decode(Buffer.from(event.body, 'base64'));
  } catch {
    throw new ValidationError([{ field: 'body', message: 'is not UTF-8 text: some of its bytes are no characters' }]);
  }
}

export const header = (event: HttpEvent, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
};

/** Parses a JSON body, turning malformed JSON into a 400 that names the problem. */
export function jsonBody(event: HttpEvent): unknown {
  const raw = bodyText(event);
  if (raw.trim() === '') throw new ValidationError([{ field: 'body', message: 'is required (JSON)' }]);
  try {
    return JSON.parse(raw);
  } catch {
    throw new ValidationError([{ field: 'body', message: 'is not valid JSON' }]);
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Checks `Authorization: Bearer <token>` in constant time; a function not given the API token refuses with a 500. */
export function requireBearer(event: HttpEvent, token: string | undefined): void {
  if (token === undefined) throw new ConfigError('apiToken is not set: this function was not given the API token secret (API_TOKEN_SECRET_ARN)');
  const given = /^Bearer\s+(.+)$/i.exec(header(event, 'authorization') ?? '')?.[1]?.trim();
  if (!given || !timingSafeEqual(digest(given), digest(token))) {
    throw new UnauthorizedError('Missing or wrong API token: send Authorization: Bearer <token>');
  }
}

/** The one mapping from errors to HTTP responses; internals of unexpected errors never reach the caller. */
export function errorResponse(error: unknown, log: Log): HttpResult {
  if (error instanceof ValidationError) {
    return json(400, { error: 'validation_failed', message: error.message, problems: error.problems });
  }
  if (error instanceof UnauthorizedError) {
    return json(401, { error: 'unauthorized', message: error.message }, { 'www-authenticate': 'Bearer' });
  }
  if (error instanceof ForbiddenError) return json(403, { error: 'forbidden', message: error.message });
  if (error instanceof NotFoundError) return json(404, { error: 'not_found', message: error.message });
  if (error instanceof ConflictError) return json(409, { error: 'conflict', message: error.message });
  log.error('request failed', {
    error: error instanceof Error ? error.name : typeof error,
    known: error instanceof AftercareError,
  });
  return json(500, { error: 'internal', message: 'Something went wrong on our side; try again in a moment.' });
}

/** An empty 204 for webhooks that expect no content. */
export const noContent = (): HttpResult => ({ statusCode: 204, headers: SECURITY_HEADERS });
