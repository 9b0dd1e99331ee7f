import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The names a local server answers to: its own loopback addresses at its port, and any configured public host
 * (the tunnel a developer points Twilio at). Anything else is a web page that pointed its own domain at 127.0.0.1
 * (DNS rebinding) to read what the stand-ins hold.
 */
export function hostAllowed(request: IncomingMessage, server: Server, configured: readonly string[] = []): boolean {
  const { port } = server.address() as AddressInfo;
  const host = (request.headers.host ?? '').toLowerCase();
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, ...configured.map((h) => h.toLowerCase())].includes(host);
}

export function refuseHost(response: ServerResponse): void {
  response.writeHead(421, { 'content-type': 'application/json', connection: 'close' });
  response.end(JSON.stringify({ error: 'misdirected', message: 'This local server only answers at localhost or 127.0.0.1.' }));
}

/** A request a web page of another origin sent (a form posted at the viewer's `/clear-store`, say). */
const fromOtherOrigin = (request: IncomingMessage, server: Server) => {
  const origin = request.headers.origin;
  const { port } = server.address() as AddressInfo;
  return origin !== undefined && ![`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`].includes(origin.toLowerCase());
};

/**
 * Puts the Host check in front of a server someone else built (aws-ses-v2-local's viewer and mail store), and refuses
 * what another origin's page sends it: the viewer has no token of its own.
 */
export function guardHost(server: Server, configured: readonly string[] = []): void {
  const listeners = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!hostAllowed(request, server, configured) || fromOtherOrigin(request, server)) return refuseHost(response);
    for (const listener of listeners) listener.call(server, request, response);
  });
}
