import { resolve } from 'node:path';
import { formatSendingHours } from '#domain/quiet-hours';
import type { LocalStack } from './stack.ts';

/** What `npm start` prints once everything runs: the therapist's page first, then the rest of the stack. */
export function startBanner(
  stack: Pick<LocalStack, 'url' | 'config' | 'apiTokenSource' | 'sesUrl' | 'outboxFile' | 'dynamoEndpoint'>,
  dataDir: string,
  env: NodeJS.ProcessEnv,
): string {
  const { config } = stack;
  const token = stack.apiTokenSource === 'env' ? '(from AFTERCARE_API_TOKEN)' : config.apiToken;
  const interval = env.SWEEP_INTERVAL_SECONDS ?? '10';
  return `
Open the therapist's page:  ${stack.url}/
  (sign in: "Send me a sign-in link", then open the link from the texts or emails below; or the API token)

Aftercare is running for ${config.practiceName} (${config.timezone}, sends ${formatSendingHours(config.sendingHours)} client time)

  Page           ${stack.url}/
  API            ${stack.url}              (GET ${stack.url}/health)
  API token      ${token}${stack.apiTokenSource === 'env' ? '' : `\n                 (${stack.apiTokenSource === 'generated' ? 'generated and ' : ''}saved in ${resolve(dataDir, 'api-token')}; set AFTERCARE_API_TOKEN to choose one)`}
  Emails (SES)   ${stack.sesUrl}     (web viewer; JSON at ${stack.sesUrl}/store)
  Texts (SMS)    ${stack.outboxFile}${env.TWILIO_ACCOUNT_SID ? '  (TWILIO_ACCOUNT_SID set: texts go out through Twilio)' : ''}
  DynamoDB       ${stack.dynamoEndpoint}    (data in ${resolve(dataDir, 'dynamodb')})
  Sender         every ${interval} s

Enter a session:
  curl -s -X POST ${stack.url}/sessions -H "Authorization: Bearer ${stack.apiTokenSource === 'env' ? '$AFTERCARE_API_TOKEN' : config.apiToken}" \\
    -H 'Content-Type: application/json' \\
    -d '{"client":{"name":"Jordan Lee","phone":"(310) 555-0142","email":"jordan@example.com"},"consent":{"sms":true,"email":true}}'

Bookings (docs/bookings.md):
  POST ${stack.url}/webhooks/bookings  Standard Webhooks, secret in ${resolve(dataDir, 'bookings-webhook-secret')}
  POST ${stack.url}/webhooks/square    Square (${config.squareBaseUrl ? 'API answered from .aftercare/square-fixtures.json' : `Square ${config.squareEnvironment}`})
  npm run demo:booking                 a signed booking that ended 2 h ago${config.icsFeedUrl ? `\n  Calendar feed                         read every ${config.icsPollMinutes} min` : ''}

Ctrl-C stops everything.`;
}
