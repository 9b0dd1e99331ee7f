import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { localAccessKey, localDynamoClient, startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { startTestStack } from './support/stack.ts';

/** An address of this machine that is not loopback: what another machine on the network would connect to. */
const outsideAddress = () =>
  Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

const reachable = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.setTimeout(2_000, () => (socket.destroy(), resolve(false)));
  });

/** A request with any Host header (fetch does not let a page or a test choose it). */
const getWithHost = (url: string, host: string, headers: Record<string, string> = {}, method = 'GET') =>
  new Promise<number>((resolve, reject) => {
    const req = request(url, { method, headers: { host, ...headers } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end();
  });

let ctx: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  ctx = await startTestStack();
});
afterAll(async () => ctx.stack.stop());

describe('the local stack keeps client data on this machine', () => {
  it('runs DynamoDB Local on 127.0.0.1 only: another machine cannot reach it', async () => {
    const address = outsideAddress();
    expect(address, 'this machine has a network address to try').toBeDefined();
    const port = Number(new URL(inject('dynamoEndpoint')).port);
    expect(await reachable('127.0.0.1', port)).toBe(true);
    expect(await reachable(address as string, port)).toBe(false);
    const api = Number(new URL(ctx.stack.url).port);
    expect(await reachable(address as string, api)).toBe(false);
  });

  it('needs the token for the SMS outbox, like every /local route', async () => {
    expect((await ctx.call('GET', '/local/outbox', undefined, { authorization: '' })).status).toBe(401);
    expect((await ctx.call('GET', '/local/outbox', undefined, { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    expect((await ctx.call('GET', '/local/info', undefined, { authorization: '' })).status).toBe(401);
    expect((await ctx.call('GET', '/local/outbox')).status).toBe(200);
  });

  it('refuses a Host that is not its own (DNS rebinding), on the API and on the SES viewer', async () => {
    const token = { authorization: 'Bearer test-token-0123456789abcdef' };
    expect(await getWithHost(`${ctx.stack.url}/local/outbox`, 'evil.example', token)).toBe(421);
    expect(await getWithHost(`${ctx.stack.url}/health`, `evil.example:${new URL(ctx.stack.url).port}`)).toBe(421);
    expect(await getWithHost(`${ctx.stack.url}/health`, new URL(ctx.stack.url).host)).toBe(200);
    expect(await getWithHost(`${ctx.stack.sesUrl}/store`, 'evil.example')).toBe(421);
    expect(await getWithHost(`${ctx.stack.sesUrl}/store`, new URL(ctx.stack.sesUrl).host)).toBe(200);
  });

  it('refuses what a page of another origin posts to the SES viewer (its clear-store has no token)', async () => {
    const host = new URL(ctx.stack.sesUrl).host;
    expect(await getWithHost(`${ctx.stack.sesUrl}/clear-store`, host, { origin: 'https://evil.example' }, 'POST')).toBe(421);
    expect(await getWithHost(`${ctx.stack.sesUrl}/store`, host, { origin: `http://${host}` })).toBe(200);
  });

  it("keeps npm start's tables under a key of its own: a caller with the public key sees none, and old tables move to it", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aftercare-key-'));
    let dynamo = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
    try {
      await localDynamoClient(dynamo.endpoint).send(new CreateTableCommand({
        TableName: 'made-before-keys', BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      }));
    } finally {
      await dynamo.stop();
    }
    const key = localAccessKey(dataDir);
    expect(localAccessKey(dataDir)).toBe(key);
    dynamo = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
    try {
      expect((await localDynamoClient(dynamo.endpoint, key).send(new ListTablesCommand({}))).TableNames).toEqual(['made-before-keys']);
      expect((await localDynamoClient(dynamo.endpoint).send(new ListTablesCommand({}))).TableNames).toEqual([]);
    } finally {
      await dynamo.stop();
    }
  }, 90_000);
});
