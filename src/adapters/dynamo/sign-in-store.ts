import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Challenge, DeviceSession, LinkToken, Passkey } from '#domain/sign-in';
import type { SignInStore } from '#ports/sign-in-store';
import { challengeKey, DEVICES_PK, deviceSk, linkRateKey, linkTokenKey, PASSKEYS_PK, passkeySk } from './keys.ts';
import { strip, type DynamoTable, type Item } from './table.ts';

/** DynamoDB's TTL: Unix seconds, once a record is of no more use. */
const ttl = (at: string | Date) => Math.floor(new Date(at).getTime() / 1000);

/** Link tokens, device sessions, challenges and passkeys in the one table (keys.ts); each expiring item has a TTL. */
export class DynamoSignInStore implements SignInStore {
  constructor(private readonly table: DynamoTable) {}

  async countLinkRequest(windowKey: string, windowEndsAt: Date) {
    const result = await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: linkRateKey(windowKey),
        UpdateExpression: 'ADD #count :one SET #type = :type, expiresAt = :ttl',
        ExpressionAttributeNames: { '#count': 'count', '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':type': 'link-rate', ':ttl': ttl(windowEndsAt) + 3600 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.count ?? 1);
  }

  async addLinkToken(token: LinkToken) {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...linkTokenKey(token.hash), type: 'link-token', ...token, expiresAt: ttl(token.expiresAt), expiresAtIso: token.expiresAt },
        // freshToken: a token is made once (32 random bytes); never overwrite one.
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async redeemLinkToken(hash: string, now: Date) {
    // notYetUsed and notExpired: a link signs in once, within its 10 minutes, whoever races for it.
    return this.table.conditional(
      new UpdateCommand({
        TableName: this.table.name,
        Key: linkTokenKey(hash),
        UpdateExpression: 'SET usedAt = :now',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(usedAt) AND expiresAtIso > :now',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      }),
    );
  }

  async addDevice(session: DeviceSession) {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { PK: DEVICES_PK, SK: deviceSk(session.id), type: 'device-session', ...session, expiresAt: ttl(session.expiresAt), expiresAtIso: session.expiresAt },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async getDevice(id: string) {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: { PK: DEVICES_PK, SK: deviceSk(id) }, ConsistentRead: true }));
    return Item ? device(Item) : undefined;
  }

  async touchDevice(session: DeviceSession) {
    // stillSignedIn: a device signed out meanwhile is not brought back by its last request.
    return this.table.conditional(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { PK: DEVICES_PK, SK: deviceSk(session.id) },
        UpdateExpression: 'SET lastSeenAt = :seen, expiresAtIso = :until, expiresAt = :ttl',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':seen': session.lastSeenAt, ':until': session.expiresAt, ':ttl': ttl(session.expiresAt) },
      }),
    );
  }

  async listDevices() {
    const items = await this.partition(DEVICES_PK);
    return items.map(device).sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt));
  }

  async removeDevice(id: string) {
    const { Attributes } = await this.table.doc.send(
      new DeleteCommand({ TableName: this.table.name, Key: { PK: DEVICES_PK, SK: deviceSk(id) }, ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }

  async removeAllDevices() {
    const items = await this.partition(DEVICES_PK);
    // A handful of devices: one delete each (the API function may not batch-write).
    for (const item of items) await this.table.doc.send(new DeleteCommand({ TableName: this.table.name, Key: { PK: item.PK, SK: item.SK } }));
    return items.length;
  }

  async addChallenge(challenge: Challenge) {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...challengeKey(challenge.id), type: 'passkey-challenge', ...challenge, expiresAt: ttl(challenge.expiresAt), expiresAtIso: challenge.expiresAt },
      }),
    );
  }

  async takeChallenge(id: string) {
    // Deleted as it is read: of two verifications with one challenge, only the first finds it.
    const { Attributes } = await this.table.doc.send(new DeleteCommand({ TableName: this.table.name, Key: challengeKey(id), ReturnValues: 'ALL_OLD' }));
    if (!Attributes) return undefined;
    const { expiresAtIso, ...rest } = strip<Challenge & { expiresAtIso: string }>(Attributes);
    return { ...rest, expiresAt: expiresAtIso };
  }

  async addPasskey(passkey: Passkey) {
    await this.table.doc.send(
      new PutCommand({ TableName: this.table.name, Item: { PK: PASSKEYS_PK, SK: passkeySk(passkey.id), type: 'passkey', ...passkey }, ConditionExpression: 'attribute_not_exists(PK)' }),
    );
  }

  async getPasskey(id: string) {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: { PK: PASSKEYS_PK, SK: passkeySk(id) }, ConsistentRead: true }));
    return Item ? strip<Passkey>(Item) : undefined;
  }

  async listPasskeys() {
    return (await this.partition(PASSKEYS_PK)).map((item) => strip<Passkey>(item)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async recordPasskeyUse(id: string, counter: number, at: Date) {
    await this.table.conditional(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { PK: PASSKEYS_PK, SK: passkeySk(id) },
        UpdateExpression: 'SET #counter = :counter, lastUsedAt = :at',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#counter': 'counter' },
        ExpressionAttributeValues: { ':counter': counter, ':at': at.toISOString() },
      }),
    );
  }

  private async partition(pk: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.doc.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

const device = (item: Item): DeviceSession => {
  const { expiresAtIso, ...rest } = strip<DeviceSession & { expiresAtIso: string }>(item);
  return { ...rest, expiresAt: expiresAtIso };
};
