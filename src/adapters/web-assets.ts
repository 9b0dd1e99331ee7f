import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NotFoundError } from '#domain/errors';
import type { HttpResult } from './http.ts';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

/** Only our own origin, no inline script or style, no framing: the page works offline and in AWS alike. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Bundled Lambdas ship the built page beside the handler (`web/`); elsewhere it is `web/dist` in the repository. */
export function webDir(): string {
  const taskRoot = process.env.LAMBDA_TASK_ROOT;
  return taskRoot ? join(taskRoot, 'web') : fileURLToPath(new URL('../../web/dist', import.meta.url));
}

const cache = new Map<string, string>();

/** One of the page's built files, read once per container. */
export function serveWebAsset(file: string, dir = webDir()): HttpResult {
  const type = TYPES[file.split('.').pop() ?? ''];
  if (!type || file.includes('/') || file.includes('..')) throw new NotFoundError(`No page file ${file}`);
  let body = cache.get(file);
  if (body === undefined) {
    try {
      body = readFileSync(join(dir, file), 'utf8');
    } catch {
      throw new NotFoundError(`The page is not built (${file} missing); run npm run build:web`);
    }
    cache.set(file, body);
  }
  return {
    statusCode: 200,
    headers: {
      'content-type': type,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cache-control': file === 'index.html' ? 'no-cache' : 'public, max-age=300',
    },
    body,
  };
}
