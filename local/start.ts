import './quiet-warnings.ts';
import { resolve } from 'node:path';
import { ConfigError } from '#domain/errors';
import { startBanner } from './banner.ts';
import { startLocalStack } from './stack.ts';

/** `npm start`: the whole system on this machine, no AWS account. Ctrl-C stops everything. */
async function main(): Promise<void> {
  const dataDir = resolve(process.env.AFTERCARE_DATA_DIR ?? '.aftercare');
  console.log('Starting Aftercare locally (DynamoDB Local needs a few seconds)...');
  const stack = await startLocalStack({ dataDir, env: process.env });
  console.log(startBanner(stack, dataDir, process.env));

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
