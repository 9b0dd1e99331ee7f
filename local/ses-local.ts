import type { Server } from 'node:http';
import { SESClient } from '@aws-sdk/client-ses';
import sesLocalModule from 'aws-ses-v2-local';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamodb-local.ts';
import { guardHost } from './loopback.ts';

// The package is CommonJS with an `exports.default`; under ESM interop the function may sit one level down.
const sesLocal =
  (sesLocalModule as unknown as { default?: typeof sesLocalModule }).default ?? sesLocalModule;

export interface RunningSes {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts aws-ses-v2-local in this process: an SES endpoint with a web viewer at / and the mail store at /store, on
 * 127.0.0.1, answering only to its own loopback names.
 */
export async function startSesLocal(port: number): Promise<RunningSes> {
  const server: Server = await sesLocal({ host: '127.0.0.1', port });
  guardHost(server);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const localSesClient = (endpoint: string) =>
  new SESClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  replyTo?: string[];
  at: number;
}

/** The emails aws-ses-v2-local has received, newest last. */
export async function storedEmails(endpoint: string): Promise<StoredEmail[]> {
  const response = await fetch(`${endpoint}/store`);
  const store = (await response.json()) as { emails: StoredEmail[] };
  return store.emails;
}
