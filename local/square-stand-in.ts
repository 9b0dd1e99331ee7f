import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { json, type HttpEvent, type HttpResult } from '#adapters/http';

/** Where the stand-in reads its bookings and customers: `{ "bookings": { id: booking }, "customers": { id: customer } }`. */
export const SQUARE_FIXTURES_FILE = 'square-fixtures.json';
/** The access token the local stack gives the SDK when it talks to the stand-in (never a Square credential). */
export const LOCAL_SQUARE_TOKEN = 'local-square-stand-in-token';

type Fixtures = { bookings?: Record<string, unknown>; customers?: Record<string, unknown> };

const squareError = (status: number, code: string, detail: string) => json(status, { errors: [{ category: status === 401 ? 'AUTHENTICATION_ERROR' : 'INVALID_REQUEST_ERROR', code, detail }] });

/**
 * The two Square API calls Aftercare makes (Retrieve booking, Retrieve customer), answered from
 * `.aftercare/square-fixtures.json` in Square's own shapes (snake_case, `{ "booking": … }`), for `npm start` without
 * SQUARE_ACCESS_TOKEN. The SDK's base URL points here (`/local/square`).
 */
export function createSquareStandIn(dataDir: string) {
  const file = join(dataDir, SQUARE_FIXTURES_FILE);
  const read = (): Fixtures => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Fixtures) : {});
  return async (event: HttpEvent): Promise<HttpResult> => {
    if (event.headers?.authorization !== `Bearer ${LOCAL_SQUARE_TOKEN}`) return squareError(401, 'UNAUTHORIZED', 'This request could not be authorized.');
    const match = /^\/local\/square\/v2\/(bookings|customers)\/([^/]+)$/.exec(event.rawPath);
    if (event.requestContext.http.method !== 'GET' || !match) return squareError(404, 'NOT_FOUND', 'The stand-in answers Retrieve booking and Retrieve customer only.');
    const [, kind, id] = match as unknown as [string, 'bookings' | 'customers', string];
    let fixtures: Fixtures;
    try {
      fixtures = read();
    } catch {
      return squareError(500, 'INTERNAL_SERVER_ERROR', `${file} is not valid JSON.`);
    }
    const found = fixtures[kind]?.[decodeURIComponent(id)];
    if (!found) return squareError(404, 'NOT_FOUND', `Could not find ${kind === 'bookings' ? 'booking' : 'customer'} ${id}.`);
    return json(200, kind === 'bookings' ? { booking: found, errors: [] } : { customer: found });
  };
}
