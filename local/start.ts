import './quiet-warnings.ts';
import { resolve } from 'node:path';
import { ConfigError } from '#domain/errors';
import { formatSendingHours } from '#domain/quiet-hours';
import { startLocalStack } from './stack.ts';

/** `npm start`: the whole system on this machine, no AWS account. Ctrl-C stops everything. */
async function main(): Promise<void> {
  const dataDir = resolve(process.env.AFTERCARE_DATA_DIR ?? '.aftercare');
  console.log('Starting Aftercare locally (DynamoDB Local needs a few seconds)...');
  const stack = await startLocalStack({ dataDir, env: process.env });
  const { config } = stack;
  const token = stack.apiTokenSource === 'env' ? '(from AFTERCARE_API_TOKEN)' : config.apiToken;
  const interval = process.env.SWEEP_INTERVAL_SECONDS ?? '10';
  console.log(`
Aftercare is running for ${config.practiceName} (${config.timezone}, sends ${formatSendingHours(config.sendingHours)} client time)

  API            ${stack.url}              (GET ${stack.url}/health)
  API token      ${token}${stack.apiTokenSource === 'env' ? '' : `\n                 (${stack.apiTokenSource === 'generated' ? 'generated and ' : ''}saved in ${resolve(dataDir, 'api-token')}; set AFTERCARE_API_TOKEN to choose one)`}
  Emails (SES)   ${stack.sesUrl}     (web viewer; JSON at ${stack.sesUrl}/store)
  Texts (SMS)    ${stack.outboxFile}${process.env.TWILIO_ACCOUNT_SID ? '  (TWILIO_ACCOUNT_SID set: texts go out through Twilio)' : ''}
  DynamoDB       ${stack.dynamoEndpoint}    (data in ${resolve(dataDir, 'dynamodb')})
  Sender         every ${interval} s

Enter a session:
  curl -s -X POST ${stack.url}/sessions -H "Authorization: Bearer ${stack.apiTokenSource === 'env' ? '$AFTERCARE_API_TOKEN' : config.apiToken}" \\
    -H 'Content-Type: application/json' \\
    -d '{"client":{"name":"Jordan Lee","phone":"(310) 555-0142","email":"jordan@example.com"},"consent":{"sms":true,"email":true}}'

Bookings (docs/bookings.md):
  POST ${stack.url}/webhooks/bookings  Standard Webhooks, secret in ${resolve(dataDir, 'bookings-webhook-secret')}
  POST ${stack.url}/webhooks/square    Square (${config.squareBaseUrl ? 'API answered from .aftercare/square-fixtures.json' : `Square ${config.squareEnvironment}`})
  npm run demo:booking                 a signed booking that ended 2 h ago${config.icsFeedUrl ? '\n  Calendar feed                         read every ' + config.icsPollMinutes + ' min' : ''}

Ctrl-C stops everything.`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Aftercare...`);
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(`Aftercare could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
