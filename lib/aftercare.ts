import type { App } from 'aws-cdk-lib';
import { AftercareAppStack } from './app-stack.ts';
import { AftercareDataStack, importDataRefs } from './data-stack.ts';
import { deploymentSettings, type DeploymentSettings } from './settings.ts';

export const DATA_STACK = 'AftercareData';
export const APP_STACK = 'AftercareApp';

/**
 * Two stacks, the records apart from the code that uses them:
 *   AftercareData: the table, the inbound-mail bucket, the secrets (all kept on delete);
 *   AftercareApp:  functions, HTTP API, schedule, SES sending and receiving, alarms.
 * Settings come from the app's context (lib/settings.ts) and the practice settings file it names.
 */
export function defineAftercare(app: App): { settings: DeploymentSettings; data: AftercareDataStack; application: AftercareAppStack } {
  const settings = deploymentSettings(app.node.getAllContext());
  const data = new AftercareDataStack(app, DATA_STACK, {
    description: `Aftercare for ${settings.practice.practiceName}: records and credentials (kept on delete)`,
  });
  const application = new AftercareAppStack(app, APP_STACK, {
    description: `Aftercare for ${settings.practice.practiceName}: functions, API, schedule, email, alarms`,
    settings,
    data: importDataRefs(data.stackName),
  });
  application.addStackDependency(data, 'imports the table, bucket and secret exported by the data stack');
  return { settings, data, application };
}
