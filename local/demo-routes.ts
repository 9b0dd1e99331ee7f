import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import * as z from 'zod';
import { errorResponse, json, jsonBody, text, type HttpEvent, type HttpResult } from '#adapters/http';
import { requireTherapist } from '#adapters/http/guard';
import type { CoreDeps } from '#app/deps';
import { NotFoundError, parseOrThrow } from '#domain/errors';

export interface DemoContext {
  core: CoreDeps;
  sesUrl: string;
  outboxFile: string;
  /** Where this stack's own HTTP server listens, to post the signed webhook to. */
  url: () => string;
}

const replyRequest = z.object({ sessionId: z.uuid(), text: z.string().trim().min(1).max(1600) });

/**
 * Local-only helpers for the page (never in AWS): where the stand-ins are, the SMS outbox, and
 * "reply as this client", which posts a Twilio webhook signed exactly as Twilio would.
 */
export function createDemoHandler(ctx: DemoContext) {
  const { config } = ctx.core;
  const routes: Record<string, (event: HttpEvent) => Promise<HttpResult>> = {
    'GET /local/info': async (event) => {
      await requireTherapist(ctx.core, event);
      return json(200, { sesViewer: ctx.sesUrl, outbox: '/local/outbox', outboxFile: ctx.outboxFile });
    },
    // Every text sent, with client numbers and words: the token, like every other route that shows client data.
    'GET /local/outbox': async (event) => {
      await requireTherapist(ctx.core, event);
      return text(200, existsSync(ctx.outboxFile) ? readFileSync(ctx.outboxFile, 'utf8') : '', 'application/x-ndjson; charset=utf-8');
    },
    'POST /local/reply-as-client': async (event) => {
      await requireTherapist(ctx.core, event);
      const request = parseOrThrow(replyRequest, jsonBody(event));
      const session = await ctx.core.sessions.get(request.sessionId);
      if (!session?.client.phone) throw new NotFoundError('No session with a phone number for that id');
      const params = {
        AccountSid: config.twilioAccountSid as string,
        From: session.client.phone,
        To: config.twilioFromNumber ?? '',
        Body: request.text,
        MessageSid: `SM${randomBytes(16).toString('hex')}`,
      };
      const path = '/webhooks/twilio/sms';
      const signature = getExpectedTwilioSignature(config.twilioAuthToken as string, `${config.publicBaseUrl}${path}`, params);
      const response = await fetch(`${ctx.url()}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params).toString(),
      });
      return json(200, { status: response.status, twiml: await response.text() });
    },
  };
  return async (event: HttpEvent): Promise<HttpResult> => {
    try {
      const route = routes[`${event.requestContext.http.method} ${event.rawPath}`];
      if (!route) throw new NotFoundError(`No local route ${event.rawPath}`);
      return await route(event);
    } catch (error) {
      return errorResponse(error, ctx.core.log);
    }
  };
}
