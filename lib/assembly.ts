import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_STACK } from './aftercare.ts';
import { FUNCTION_TAG } from './constructs/aftercare-function.ts';

/** One function's bundle as CDK built it into a cloud assembly (cdk.out or a test's outdir). */
export interface FunctionBundle {
  /** The entry file's name: api, sender, twilio-sms, delivery-status, email-inbound. */
  name: string;
  logicalId: string;
  /** The asset folder: index.mjs, index.mjs.map, templates/. */
  dir: string;
  /** The function's environment as the template declares it; references to other resources stay unresolved. */
  environment: Record<string, unknown>;
}

interface TemplateResource {
  Type: string;
  Properties?: {
    Code?: { S3Key?: string };
    Tags?: { Key: string; Value: string }[];
    Environment?: { Variables?: Record<string, unknown> };
  };
}

/** Finds every Aftercare function of the application stack and the asset folder holding its bundle. */
export function functionBundles(assemblyDir: string, stackName = APP_STACK): FunctionBundle[] {
  const templateFile = join(assemblyDir, `${stackName}.template.json`);
  if (!existsSync(templateFile)) throw new Error(`${templateFile} does not exist: synthesize first (npx cdk synth)`);
  const template = JSON.parse(readFileSync(templateFile, 'utf8')) as { Resources: Record<string, TemplateResource> };
  const bundles: FunctionBundle[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const name = resource.Properties?.Tags?.find((tag) => tag.Key === FUNCTION_TAG)?.Value;
    const key = resource.Properties?.Code?.S3Key;
    if (!name || !key) continue;
    const dir = join(assemblyDir, `asset.${key.replace(/\.zip$/, '')}`);
    if (!existsSync(join(dir, 'index.mjs'))) throw new Error(`${name}: no bundle at ${dir} (was bundling skipped?)`);
    bundles.push({ name, logicalId, dir, environment: resource.Properties?.Environment?.Variables ?? {} });
  }
  return bundles;
}
