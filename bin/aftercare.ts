/**
 * The CDK app: two stacks, the records apart from the code that uses them.
 *   AftercareData: the table, the inbound-mail bucket, the secret (all kept on delete).
 *   AftercareApp:  functions, HTTP API, schedule, SES sending and receiving, alarms.
 * Settings come from the practice settings file (context `config`, default aftercare.config.json), validated by the
 * engine's own schema; see lib/settings.ts for the other context keys. Deploy: `npx cdk deploy --all` (docs/deploy.md).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '#domain/errors';
import { AftercareAppStack } from '../lib/app-stack.ts';
import { AftercareDataStack, importDataRefs } from '../lib/data-stack.ts';
import { deploymentSettings, type DeploymentSettings } from '../lib/settings.ts';

const app = new App();

let settings: DeploymentSettings;
try {
  settings = deploymentSettings(app.node.getAllContext());
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const data = new AftercareDataStack(app, 'AftercareData', {
  description: `Aftercare for ${settings.practice.practiceName}: records and credentials (kept on delete)`,
});
const application = new AftercareAppStack(app, 'AftercareApp', {
  description: `Aftercare for ${settings.practice.practiceName}: functions, API, schedule, email, alarms`,
  settings,
  data: importDataRefs(data.stackName),
});
application.addDependency(data, 'imports the table, bucket and secret exported by the data stack');

// Every synth checks the AwsSolutions rules; an unacknowledged finding fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
