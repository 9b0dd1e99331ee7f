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
  (sign in with the API token below)

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

Ctrl-C stops everything.`;
}
