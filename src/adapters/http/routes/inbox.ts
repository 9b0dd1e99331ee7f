import { answerSettings, type CoreDeps } from '#app/deps';
import type { EmailSender, SmsSender } from '#ports/senders';
import { answerClient, markHandled, openInbox } from '#use-cases/inbox';
import { json, jsonBody } from '../../http.ts';
import { requireTherapist } from '../guard.ts';
import type { Route } from '../router.ts';
import { SESSION_ID } from './params.ts';

/** What the API function has: the core, and the senders of the therapist's answers from the page. */
export type ApiDeps = CoreDeps & { sms: SmsSender; email: EmailSender };

const MESSAGE_ID = '([0-9a-f-]{36})';

/** /inbox and a session's messages: client messages waiting for an answer, and the answer from the page (Bearer). */
export const inboxRoutes: Route<ApiDeps>[] = [
  {
    method: 'GET',
    path: /^\/inbox$/,
    handle: async (deps, event) => {
      await requireTherapist(deps, event);
      return json(200, { items: await openInbox(deps) });
    },
  },
  {
    method: 'POST',
    path: new RegExp(`^/sessions/${SESSION_ID}/messages/${MESSAGE_ID}/handled$`),
    handle: async (deps, event, [id, messageId]) => {
      await requireTherapist(deps, event);
      return json(200, await markHandled(deps, id as string, messageId as string));
    },
  },
  {
    method: 'POST',
    path: new RegExp(`^/sessions/${SESSION_ID}/messages$`),
    handle: async (deps, event, [id]) => {
      await requireTherapist(deps, event);
      return json(201, await answerClient({ ...deps, settings: answerSettings(deps.config) }, id as string, jsonBody(event)));
    },
  },
];
