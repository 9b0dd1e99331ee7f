import { NotFoundError } from '#domain/errors';
import type { HttpEvent, HttpResult } from '../http.ts';

export type Route<D> = {
  method: string;
  path: RegExp;
  handle: (deps: D, event: HttpEvent, params: string[]) => Promise<HttpResult>;
};

/** Finds the route for an API Gateway (HTTP API) event; path groups become params. */
export async function dispatch<D>(routes: Route<D>[], deps: D, event: HttpEvent): Promise<HttpResult> {
  const method = event.requestContext.http.method.toUpperCase();
  const path = event.rawPath.replace(/\/+$/, '') || '/';
  let pathMatched = false;
  for (const route of routes) {
    const match = route.path.exec(path);
    if (!match) continue;
    pathMatched = true;
    if (route.method === method) return route.handle(deps, event, match.slice(1).map((p) => decodeURIComponent(p)));
  }
  if (pathMatched) throw new NotFoundError(`${method} is not supported on ${path}`);
  throw new NotFoundError(`No route for ${method} ${path}`);
}
