import { NotFoundError } from '#domain/errors';
import type { HttpEvent, HttpResult } from '../http.ts';

export type Route<D> = {
  method: string;
  path: RegExp;
  handle: (deps: D, event: HttpEvent, params: string[]) => Promise<HttpResult>;
};

const methodOf = (event: HttpEvent) => event.requestContext.http.method.toUpperCase();

/** The answer to send: for HEAD, the GET answer's status and headers without its body (RFC 9110 §9.3.2). */
export function answerFor(event: HttpEvent, result: HttpResult): HttpResult {
  if (methodOf(event) !== 'HEAD') return result;
  const { body: _body, ...head } = result;
  return head;
}

/** Finds the route for an API Gateway (HTTP API) event; path groups become params. HEAD is answered as GET. */
export async function dispatch<D>(routes: Route<D>[], deps: D, event: HttpEvent): Promise<HttpResult> {
  const method = methodOf(event);
  const wanted = method === 'HEAD' ? 'GET' : method;
  const path = event.rawPath.replace(/\/+$/, '') || '/';
  let pathMatched = false;
  for (const route of routes) {
    const match = route.path.exec(path);
    if (!match) continue;
    pathMatched = true;
    if (route.method === wanted) {
      return answerFor(event, await route.handle(deps, event, match.slice(1).map((p) => decodeURIComponent(p))));
    }
  }
  if (pathMatched) throw new NotFoundError(`${method} is not supported on ${path}`);
  throw new NotFoundError(`No route for ${method} ${path}`);
}
