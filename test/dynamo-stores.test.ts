import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DynamoTable } from '#adapters/dynamo/table';
import { parseSendingHours } from '#domain/quiet-hours';
import type { Stores } from '#ports/stores';
import { enterSession } from '#use-cases/sessions';
import { CapturingLog, FakeClock } from './support/fakes.ts';
import { freshTable } from './support/engines.ts';

// What only the DynamoDB stores do (TTL, keys); what both implementations promise is in stores.contract.test.ts.
const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
let stores: Stores;
let table: DynamoTable;

beforeEach(async () => {
  ({ stores, table } = await freshTable());
});

const enter = (minutesAgo: number) =>
  enterSession(
    { ...stores, clock, log: new CapturingLog(), settings: { timezone: 'America/Los_Angeles', phoneRegion: 'US', sendingHours: parseSendingHours('09:00-20:00'), consentWordingVersion: 'v1', defaultLanguage: 'en' as const } },
    {
      client: { name: 'Jordan Lee', phone: '(310) 555-0142', email: 'jordan@example.com' },
      endedAt: new Date(clock.now().getTime() - minutesAgo * 60_000).toISOString(),
      consent: { sms: true, email: true },
    },
  );

const item = async (PK: string) => (await table.doc.send(new GetCommand({ TableName: table.name, Key: { PK, SK: '#CONTACT' } }))).Item;

describe('the DynamoDB contact store', () => {
  it('keeps an opt-out beyond the retention period, even when a later session is entered', async () => {
    await stores.contacts.setOptOut('email', 'jordan@example.com', true, 'test', clock.now());
    await enter(121);
    const email = await item('CONTACT#email#jordan@example.com');
    expect(email).toMatchObject({ optedOut: true });
    expect(email).not.toHaveProperty('expiresAt');
    const phone = await item('CONTACT#sms#+13105550142');
    expect(phone?.expiresAt).toBeGreaterThan(0);
  });
});
