import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { HttpEvent, HttpResult } from '#adapters/http';
import { hostAllowed, refuseHost } from './loopback.ts';

export type HttpHandler = (event: HttpEvent) => Promise<HttpResult>;

const MAX_BODY_BYTES = 1_000_000;

/**
 * A textual body as text, like API Gateway; one whose bytes are not UTF-8 stays bytes (base64), so that the handler
 * refuses it rather than reading U+FFFD where a character was.
 */
function encodedBody(body: Buffer, textual: boolean): { body: string; isBase64Encoded: boolean } {
  if (textual) {
    try {
      return { body: new TextDecoder('utf-8', { fatal: true }).decode(body), isBase64Encoded: false };
    } catch {
      // not UTF-8: passed on as bytes
    }
  }
  return { body: body.toString('base64'), isBase64Encoded: true };
}

/** Turns a Node request into the event API Gateway (HTTP API, payload 2.0) gives a Lambda. */
export function toApiGatewayEvent(request: IncomingMessage, body: Buffer): HttpEvent {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] ? `${query[name]},${value}` : value;
  const textual = /^(application\/json|text\/|application\/x-www-form-urlencoded)/i.test(headers['content-type'] ?? 'text/');
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? encodedBody(body, textual) : { isBase64Encoded: false }),
  };
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Stop buffering but keep reading, so the client is still there to receive the 413.
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function write(response: ServerResponse, result: HttpResult): void {
  // API Gateway (payload 2.0) sends a result's `cookies` as Set-Cookie headers, one each.
  if (result.cookies?.length) response.setHeader('set-cookie', result.cookies);
  response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
  response.end(result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'));
}

/**
 * A local stand-in for API Gateway on 127.0.0.1: each request goes to the first handler whose prefix matches the
 * path, as the same Lambda handler code that runs in AWS. It answers only to its loopback names and the configured
 * public host (`publicHosts`), never to a name a web page rebinds to it.
 */
export function startHttpGateway(port: number, routes: { prefix: string; handler: HttpHandler }[], publicHosts: readonly string[] = []): Promise<Server> {
  const server = createServer((request, response) => {
    if (!hostAllowed(request, server, publicHosts)) return refuseHost(response);
    void (async () => {
      const body = await readBody(request);
      if (body === undefined) {
        response.setHeader('connection', 'close');
        write(response, { statusCode: 413, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'payload_too_large', message: 'The body is larger than 1 MB' }) });
        return;
      }
      const event = toApiGatewayEvent(request, body);
      const route = routes.find((r) => event.rawPath === r.prefix || event.rawPath.startsWith(r.prefix.endsWith('/') ? r.prefix : `${r.prefix}/`) || r.prefix === '/');
      if (!route) {
        write(response, { statusCode: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'not_found' }) });
        return;
      }
      write(response, await route.handler(event));
    })().catch((error: unknown) => {
      console.error('local gateway error', error instanceof Error ? error.name : error);
      if (!response.headersSent) write(response, { statusCode: 500, body: '{"error":"internal"}' });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
