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
  png: 'image/png',
};
const BINARY = new Set(['png']);

/** Only our own origin, no inline script or style, no framing: the page works offline and in AWS alike. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Bundled Lambdas ship the built page beside the handler (`web/`); elsewhere it is `web/dist` in the repository. */
export function webDir(): string {
  const taskRoot = process.env.LAMBDA_TASK_ROOT;
  return taskRoot ? join(taskRoot, 'web') : fileURLToPath(new URL('../../web/dist', import.meta.url));
}

const cache = new Map<string, string>();

/** One of the page's built files, read once per container; images go base64-encoded, as API Gateway expects. */
export function serveWebAsset(file: string, dir = webDir()): HttpResult {
  const extension = file.split('.').pop() ?? '';
  const type = TYPES[extension];
  if (!type || file.includes('/') || file.includes('..')) throw new NotFoundError(`No page file ${file}`);
  const binary = BINARY.has(extension);
  let body = cache.get(file);
  if (body === undefined) {
    try {
      body = readFileSync(join(dir, file)).toString(binary ? 'base64' : 'utf8');
    } catch {
      throw new NotFoundError(`The page is not built (${file} missing); run npm run build:web`);
    }
    cache.set(file, body);
  }
  return {
    ...(binary ? { isBase64Encoded: true } : {}),
    statusCode: 200,
    headers: {
      'content-type': type,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cache-control': file === 'index.html' || file === 'sw.js' ? 'no-cache' : 'public, max-age=300',
    },
    body,
  };
}

/** The home-screen icons the manifest names, each with its size and purpose. */
export const APP_ICONS = [
  { src: 'icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
  { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
  { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
] as const;

/** The page's files served as they are: the bundle, the stylesheet and the icons. */
export const STATIC_ASSET = /^\/(app\.js|sw\.js|app\.css|icon\.svg|icon-192\.png|icon-512\.png|icon-maskable-512\.png|apple-touch-icon\.png)$/;

/**
 * The web app manifest, so the page can be added to a phone's home screen: named after the practice, opening on
 * its own (standalone) at the page's address, relative to wherever the page is served.
 */
export function webManifest(practiceName: string): HttpResult {
  const manifest = {
    name: `${practiceName} · Aftercare`,
    short_name: practiceName.length <= 12 ? practiceName : 'Aftercare',
    description: 'Aftercare follow-ups, replies and escalations for your clients.',
    start_url: './',
    scope: './',
    display: 'standalone',
    theme_color: '#1f6f5c',
    background_color: '#f3f5f6',
    icons: APP_ICONS,
  };
  return {
    statusCode: 200,
    headers: {
      'content-type': 'application/manifest+json; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'cache-control': 'public, max-age=300',
    },
    body: JSON.stringify(manifest),
  };
}
