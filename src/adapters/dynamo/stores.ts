import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Stores } from '#ports/stores';
import { DynamoBookingStore } from './booking-store.ts';
import { DynamoContactStore } from './contact-store.ts';
import { DynamoEscalationStore } from './escalation-store.ts';
import { DynamoFollowUpStore } from './follow-up-store.ts';
import { DynamoInboundStore } from './inbound-store.ts';
import { DynamoInboxStore } from './inbox-store.ts';
import { DynamoMessageStore } from './message-store.ts';
import { DynamoSessionStore } from './session-store.ts';
import { DynamoSignInStore } from './sign-in-store.ts';
import { DynamoTable, type TableOptions } from './table.ts';

/** Every store over one table (see keys.ts for what lives where). */
export function dynamoStores(client: DynamoDBClient, options: TableOptions): Stores & { table: DynamoTable } {
  const table = new DynamoTable(client, options);
  const contacts = new DynamoContactStore(table);
  return {
    table,
    sessions: new DynamoSessionStore(table, contacts),
    followUps: new DynamoFollowUpStore(table),
    escalations: new DynamoEscalationStore(table),
    contacts,
    messages: new DynamoMessageStore(table),
    inbound: new DynamoInboundStore(table),
    inbox: new DynamoInboxStore(table),
    signIn: new DynamoSignInStore(table),
    bookings: new DynamoBookingStore(table),
  };
}
