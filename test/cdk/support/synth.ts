import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { defineAftercare } from '../../../lib/aftercare.ts';
import { FUNCTION_TAG, REPO_ROOT } from '../../../lib/constructs/aftercare-function.ts';

export const EXAMPLE_CONFIG = join(REPO_ROOT, 'aftercare.config.json');

/** Defines the app in-process with the example settings; bundling is skipped unless asked for. */
export function synthAftercare(context: Record<string, unknown> = {}, options: { bundle?: boolean } = {}) {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'aftercare-cdk-')),
    context: {
      config: EXAMPLE_CONFIG,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...context,
    },
  });
  const stacks = defineAftercare(app);
  return {
    app,
    ...stacks,
    dataTemplate: Template.fromStack(stacks.data),
    appTemplate: Template.fromStack(stacks.application),
  };
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: unknown;
}

export interface DeployedFunction {
  name: string;
  logicalId: string;
  properties: Record<string, unknown> & { Environment: { Variables: Record<string, unknown> } };
  /** Every statement of every policy attached to the function's role. */
  statements: Statement[];
  roleLogicalId: string;
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
export const actionsOf = (statement: Statement) => asArray(statement.Action);
export const resourcesOf = (statement: Statement) => asArray(statement.Resource);

/** The Aftercare functions of the application template, by entry name, with their role's statements. */
export function deployedFunctions(template: Template): Record<string, DeployedFunction> {
  const functions: Record<string, DeployedFunction> = {};
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
    Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: Statement[] } };
  }[];
  for (const [logicalId, resource] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
    const properties = resource.Properties as DeployedFunction['properties'] & { Tags?: { Key: string; Value: string }[]; Role: { 'Fn::GetAtt': [string, string] } };
    const name = properties.Tags?.find((tag) => tag.Key === FUNCTION_TAG)?.Value;
    if (!name) continue;
    const roleLogicalId = properties.Role['Fn::GetAtt'][0];
    const statements = policies
      .filter((policy) => policy.Properties.Roles.some((role) => role.Ref === roleLogicalId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    functions[name] = { name, logicalId, properties, statements, roleLogicalId };
  }
  return functions;
}

/** The single resource of a type whose logical ID starts with `prefix`. */
export function resourceNamed(template: Template, type: string, prefix: string): { logicalId: string; Properties: Record<string, unknown> } {
  const matches = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  if (matches.length !== 1) throw new Error(`expected one ${type} named ${prefix}*, found ${matches.map(([id]) => id).join(', ') || 'none'}`);
  const [logicalId, resource] = matches[0] as [string, { Properties: Record<string, unknown> }];
  return { logicalId, Properties: resource.Properties };
}

export const importOf = (key: string) => ({ 'Fn::ImportValue': `AftercareData:${key}` });
export const getAtt = (logicalId: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [logicalId, attribute] });
