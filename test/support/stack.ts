import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { freePort } from '../../local/dynamodb-local.ts';
import { startLocalStack, type LocalStackOptions } from '../../local/stack.ts';
import { CapturingLog } from './fakes.ts';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

/** The local stack as `npm start` runs it, on free ports, sharing the test run's DynamoDB Local, with its own table. */
export async function startTestStack(options: Partial<LocalStackOptions> = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'aftercare-'));
  const log = options.log ?? new CapturingLog();
  const token = options.env?.AFTERCARE_API_TOKEN ?? TEST_TOKEN;
  const start = async () =>
    startLocalStack({
      dataDir,
      log,
      inMemory: true,
      dynamoEndpoint: inject('dynamoEndpoint'),
      sweepIntervalSeconds: 0,
      ...options,
      env: {
        PORT: String(await freePort()),
        SES_LOCAL_PORT: String(await freePort()),
        AFTERCARE_API_TOKEN: token,
        TABLE_NAME: `t-${randomUUID()}`,
        ...options.env,
      },
    });
  // Test files start stacks at once: a port found free may be taken by another file before this one binds it.
  let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
  for (let attempt = 1; !stack; attempt += 1) {
    stack = await start().catch((error: unknown) => {
      if ((error as { code?: string }).code !== 'EADDRINUSE' || attempt >= 5 || options.env?.PORT) throw error;
      return undefined;
    });
  }
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${stack.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  return { stack, dataDir, call, log };
}
