/**
 * The CDK app (`npx cdk synth`, `npx cdk deploy --all`; docs/deploy.md). The stacks are defined in lib/aftercare.ts;
 * this file adds the AwsSolutions checks, so that any unacknowledged finding fails the synth, and turns a bad
 * configuration into a message that names each wrong key instead of a stack trace.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '#domain/errors';
import { defineAftercare } from '../lib/aftercare.ts';
import { buildWeb } from '../web/build.ts';

// The API function serves the therapist's page; build it so the bundle carries the current one.
await buildWeb();
const app = new App();
try {
  defineAftercare(app);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
