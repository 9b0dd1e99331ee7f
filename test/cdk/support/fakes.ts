import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';

/** A running in-test HTTP server. */
export interface Fake {
  url: string;
  stop(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

async function listen(server: Server): Promise<Fake> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Secrets Manager's GetSecretValue, for the secrets given by ARN: there is no local Secrets Manager engine, and this
 * is the only call the functions make (AWS JSON 1.1 protocol, `X-Amz-Target: secretsmanager.GetSecretValue`).
 * `refuse(n)` answers the next n reads with AccessDeniedException, as Secrets Manager does for a role not (yet)
 * allowed to read; `put` changes a secret's value, as the practice does in the console.
 */
export async function fakeSecretsManager(secrets: Record<string, Record<string, unknown>>) {
  const values = new Map(Object.entries(secrets));
  const reads: string[] = [];
  let refusals = 0;
  const fail = (res: ServerResponse, type: string, message: string) => {
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ __type: type, message }));
  };
  const server = createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)).toString() || '{}') as { SecretId?: string };
    const target = req.headers['x-amz-target'];
    const value = body.SecretId === undefined ? undefined : values.get(body.SecretId);
    if (target !== 'secretsmanager.GetSecretValue' || value === undefined) {
      fail(res, 'ResourceNotFoundException', `no secret ${body.SecretId} (${target})`);
      return;
    }
    if (refusals > 0) {
      refusals -= 1;
      fail(res, 'AccessDeniedException', `not authorized to perform secretsmanager:GetSecretValue on ${body.SecretId}`);
      return;
    }
    reads.push(body.SecretId as string);
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ ARN: body.SecretId, Name: 'aftercare', VersionId: 'v1', SecretString: JSON.stringify(value), CreatedDate: 0 }));
  });
  return {
    ...(await listen(server)),
    /** The ARNs read successfully, in order. */
    reads: () => [...reads],
    refuse: (count: number) => {
      refusals = count;
    },
    put: (arn: string, value: Record<string, unknown>) => {
      values.set(arn, value);
    },
  };
}

export interface TwilioMessage {
  sid: string;
  accountSid: string;
  authorization: string | undefined;
  params: Record<string, string>;
}

/**
 * Twilio's REST API behind an intercepting HTTPS proxy. The Twilio client honours HTTP_PROXY, so the function under
 * test is started with HTTP_PROXY = `proxy` and NODE_EXTRA_CA_CERTS = `caFile`: it opens a CONNECT tunnel to
 * api.twilio.com:443, and this proxy answers TLS inside it with a throwaway certificate for that name (made with
 * openssl). Created messages are recorded; nothing leaves the machine.
 */
export async function fakeTwilio(): Promise<Fake & { proxy: string; caFile: string; messages: TwilioMessage[]; tunnels: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'aftercare-twilio-'));
  const keyFile = join(dir, 'key.pem');
  const caFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=api.twilio.com', '-addext', 'subjectAltName=DNS:api.twilio.com', '-keyout', keyFile, '-out', caFile],
    { stdio: 'ignore' },
  );
  const tls = { key: readFileSync(keyFile), cert: readFileSync(caFile) };
  const messages: TwilioMessage[] = [];
  const tunnels: string[] = [];

  const api = createServer(async (req, res) => {
    const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(req.url ?? '');
    const params = Object.fromEntries(new URLSearchParams((await readBody(req)).toString()));
    if (req.method !== 'POST' || !match) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 20404, message: 'not found', status: 404 }));
      return;
    }
    const sid = `SM${randomBytes(16).toString('hex')}`;
    messages.push({ sid, accountSid: match[1] as string, authorization: req.headers.authorization, params });
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ sid, account_sid: match[1], to: params.To, from: params.From ?? null, body: params.Body, status: 'queued', num_segments: '1' }));
  });
  const proxy = createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  proxy.on('connect', (req, socket) => {
    tunnels.push(req.url ?? '');
    if (req.url !== 'api.twilio.com:443') {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    api.emit('connection', new TLSSocket(socket, { isServer: true, ...tls }));
  });
  const running = await listen(proxy);
  return {
    ...running,
    proxy: running.url,
    caFile,
    messages,
    tunnels,
    stop: async () => {
      api.closeAllConnections();
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** S3 GetObject for a few objects: there is no local S3 engine; the SDK uses path-style URLs for an IP endpoint. */
export async function fakeS3(objects: Map<string, Buffer>): Promise<Fake & { gets: string[] }> {
  const gets: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname).replace(/^\//, '');
    gets.push(`${req.method} ${path}`);
    const object = req.method === 'GET' ? objects.get(path) : undefined;
    if (!object) {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>no ${path}</Message></Error>`);
      return;
    }
    res.writeHead(200, { 'content-type': 'message/rfc822', 'content-length': object.length, etag: '"1"' });
    res.end(object);
  });
  return { ...(await listen(server)), gets };
}

export interface LambdaInvocation {
  functionName: string;
  invocationType: string | undefined;
  payload: unknown;
}

/** Lambda's Invoke, recording each call: the webhooks start the escalation notifier this way (InvocationType Event). */
export async function fakeLambda(): Promise<Fake & { invocations: LambdaInvocation[] }> {
  const invocations: LambdaInvocation[] = [];
  const server = createServer(async (req, res) => {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
    const body = (await readBody(req)).toString();
    if (req.method !== 'POST' || !match) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Type: 'User', message: 'not found' }));
      return;
    }
    const invocationType = req.headers['x-amz-invocation-type'] as string | undefined;
    invocations.push({ functionName: decodeURIComponent(match[1] as string), invocationType, payload: JSON.parse(body || 'null') });
    res.writeHead(invocationType === 'Event' ? 202 : 200, { 'content-type': 'application/json' });
    res.end(invocationType === 'Event' ? '' : 'null');
  });
  return { ...(await listen(server)), invocations };
}

/** What authorises each DynamoDB operation: a transaction by its items' actions, a batch or single call by its own. */
function dynamoActions(operation: string, body: Record<string, unknown>): string[] {
  if (operation === 'TransactWriteItems') {
    const items = (body.TransactItems ?? []) as Record<string, unknown>[];
    const action = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' } as Record<string, string>;
    return items.flatMap((item) => Object.keys(item).map((kind) => action[kind] ?? `Unknown:${kind}`));
  }
  if (operation === 'TransactGetItems') return ['GetItem'];
  return [operation];
}

/**
 * DynamoDB Local behind a recording proxy, one endpoint per caller (a function's bundle): what each asked of
 * DynamoDB, as the IAM actions that authorise it and the indexes it queried.
 */
export async function recordingDynamo(target: string) {
  const proxies = new Map<string, Promise<Fake>>();
  const used = new Map<string, { actions: Set<string>; indexes: Set<string> }>();
  const forward = (caller: string) =>
    createServer(async (req, res) => {
      const body = await readBody(req);
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^DynamoDB_\d+\./, '');
      const parsed = JSON.parse(body.toString() || '{}') as Record<string, unknown>;
      const record = used.get(caller) ?? { actions: new Set<string>(), indexes: new Set<string>() };
      used.set(caller, record);
      for (const action of dynamoActions(operation, parsed)) record.actions.add(action);
      if (typeof parsed.IndexName === 'string') record.indexes.add(parsed.IndexName);
      const upstream = httpRequest(`${target}${req.url ?? '/'}`, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      upstream.end(body);
    });
  return {
    /** The endpoint a caller is given (AWS_ENDPOINT_URL_DYNAMODB); its calls are recorded under its name. */
    endpoint: async (caller: string) => {
      if (!proxies.has(caller)) proxies.set(caller, listen(forward(caller)));
      return (await (proxies.get(caller) as Promise<Fake>)).url;
    },
    /** Each caller's DynamoDB actions and queried indexes, sorted. */
    used: () =>
      Object.fromEntries([...used].map(([caller, { actions, indexes }]) => [caller, { actions: [...actions].sort(), indexes: [...indexes].sort() }])),
    stop: async () => {
      await Promise.all([...proxies.values()].map(async (proxy) => (await proxy).stop()));
    },
  };
}
