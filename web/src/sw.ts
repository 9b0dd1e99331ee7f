/// <reference lib="dom" />

/*
 * The service worker: only the app shell (the page, its script, stylesheet, manifest and icons), so that the page
 * opens on a flaky connection or none, saying it cannot reach Aftercare instead of the browser's error page. Network
 * first, so an online page is never stale. API answers (client details, behind the token) are never touched or kept.
 */

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const worker = self as unknown as WorkerScope;
const CACHE = 'aftercare-shell-v1';
/** The shell, relative to the worker's scope (where the page is served). */
const SHELL = ['', 'app.js', 'app.css', 'icon.svg', 'manifest.webmanifest', 'icon-192.png', 'icon-512.png', 'icon-maskable-512.png', 'apple-touch-icon.png'];

const shellPath = (url: URL) => {
  const scope = new URL(worker.registration.scope);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname) || url.search) return undefined;
  const path = url.pathname.slice(scope.pathname.length);
  return SHELL.includes(path) ? path : undefined;
};

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL.map((path) => new URL(path, worker.registration.scope).href)))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => worker.clients.claim()),
  );
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || shellPath(new URL(request.url)) === undefined) return;
  event.respondWith(
    fetch(request)
      .then(async (response) => {
        if (response.ok) await (await caches.open(CACHE)).put(request, response.clone());
        return response;
      })
      .catch(async (error: unknown) => {
        const kept = await caches.match(request);
        if (kept) return kept;
        throw error;
      }),
  );
});
