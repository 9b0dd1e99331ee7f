import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { signSquare, signStandardWebhook } from '#adapters/booking-webhooks';
import { BOOKINGS_WEBHOOK_SECRET_FILE, LOCAL_DEFAULTS } from '../local/stack.ts';
import { SQUARE_FIXTURES_FILE } from '../local/square-stand-in.ts';

/**
 * `npm run demo:booking`: sends the running local stack (`npm start`) a booking that ended 2 h ago, signed as a
 * Standard Webhooks sender (Zapier, Make, n8n) signs it, and prints what to look at.
 * `npm run demo:booking -- --square`: the same booking as a Square `booking.created`, with the booking and its
 * customer written into .aftercare/square-fixtures.json for the local stand-in of Square's API to answer from.
 */
const dataDir = resolve(process.env.AFTERCARE_DATA_DIR ?? '.aftercare');
const port = process.env.PORT ?? LOCAL_DEFAULTS.PORT;
const url = `http://localhost:${port}`;
const square = process.argv.includes('--square');

/** A zone where it is now between 10:00 and 18:00, so that the 2 h messages go out at once rather than at 09:00. */
function daytimeZone(): string {
  const zones = ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Europe/Berlin', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Tokyo', 'Pacific/Auckland', 'Pacific/Honolulu'];
  const hourIn = (zone: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
  return zones.find((zone) => hourIn(zone) >= 10 && hourIn(zone) < 18) ?? 'Asia/Tokyo';
}

const ended = new Date(Date.now() - 120 * 60_000);
const started = new Date(ended.getTime() - 60 * 60_000);
const externalId = `demo-${randomUUID().slice(0, 8)}`;

async function sendStandardWebhook() {
  const secret = process.env.BOOKINGS_WEBHOOK_SECRET ?? (existsSync(join(dataDir, BOOKINGS_WEBHOOK_SECRET_FILE)) ? readFileSync(join(dataDir, BOOKINGS_WEBHOOK_SECRET_FILE), 'utf8').trim() : undefined);
  if (!secret) throw new Error(`No webhook secret: start the local stack first (npm start writes one to ${join(dataDir, BOOKINGS_WEBHOOK_SECRET_FILE)})`);
  const body = JSON.stringify({
    externalId,
    client: { name: 'Maria Santos', phone: '(310) 555-0177', email: 'maria.santos@example.com', timezone: daytimeZone() },
    startsAt: started.toISOString(),
    endsAt: ended.toISOString(),
    modality: 'deep tissue',
    consent: { sms: true, email: true },
  });
  const headers = signStandardWebhook(secret, `msg_${randomUUID()}`, new Date(), body);
  return fetch(`${url}/webhooks/bookings`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

async function sendSquare() {
  const file = join(dataDir, SQUARE_FIXTURES_FILE);
  const fixtures = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { bookings?: Record<string, unknown>; customers?: Record<string, unknown> }) : {};
  const customerId = `DEMO-CUSTOMER-${externalId}`;
  const booking = {
    id: externalId, version: 1, status: 'ACCEPTED', created_at: started.toISOString(), updated_at: started.toISOString(),
    location_id: 'LDEMO', customer_id: customerId, start_at: started.toISOString(), all_day: false, source: 'FIRST_PARTY_BUYER',
    appointment_segments: [{ duration_minutes: 60, service_variation_id: 'DEMO-DEEP-TISSUE', team_member_id: 'TMDEMO', service_variation_version: 1 }],
  };
  const customer = {
    id: customerId, given_name: 'Amelia', family_name: 'Earhart', email_address: 'amelia@example.com', phone_number: '+1 310-555-0199',
    preferences: { email_unsubscribed: false }, creation_source: 'APPOINTMENTS', version: 1,
  };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify({ bookings: { ...fixtures.bookings, [externalId]: booking }, customers: { ...fixtures.customers, [customerId]: customer } }, null, 2)}\n`, { mode: 0o600 });
  const body = JSON.stringify({
    merchant_id: 'MDEMO', location_id: 'LDEMO', type: 'booking.created', event_id: randomUUID(), created_at: new Date().toISOString(),
    data: { type: 'booking', id: `${externalId}:1`, object: { booking } },
  });
  const notificationUrl = process.env.SQUARE_NOTIFICATION_URL ?? `${url}/webhooks/square`;
  const key = process.env.SQUARE_WEBHOOK_SIGNATURE_KEY ?? LOCAL_DEFAULTS.SQUARE_WEBHOOK_SIGNATURE_KEY;
  return fetch(`${url}/webhooks/square`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-square-hmacsha256-signature': signSquare(key, notificationUrl, body) },
    body,
  });
}

async function main() {
  const response = await (square ? sendSquare() : sendStandardWebhook()).catch((error: unknown) => {
    throw new Error(`Could not reach ${url}: is \`npm start\` running? (${(error as Error).message})`);
  });
  const answer = (await response.json()) as { outcome?: string; sessionId?: string; message?: string };
  console.log(`${square ? 'Square booking.created' : 'Signed booking'} ${externalId} (ended ${ended.toISOString()}): ${response.status} ${JSON.stringify(answer)}`);
  if (response.status >= 400) process.exit(1);
  console.log(`
Within one sweep (10 s):
  - the 2 h email is in the SES viewer:  http://localhost:${process.env.SES_LOCAL_PORT ?? LOCAL_DEFAULTS.SES_LOCAL_PORT}
  - the 2 h text is the last line of:    ${join(dataDir, 'outbox', 'sms.jsonl')}
  - the session, "From ${square ? 'Square' : 'your booking tool'}":    ${url}/  (or GET ${url}/sessions${answer.sessionId ? `/${answer.sessionId}` : ''})
  - the source's last event:             ${url}/  → Sources (or GET ${url}/bookings/sources)
Sending the same delivery again changes nothing; {"externalId":"${externalId}","status":"cancelled"} cancels what is pending.`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
