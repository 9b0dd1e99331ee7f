import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The boundary rule of eslint.config.js, run on deliberate violations as if they were files of the tree. */
const eslint = new ESLint();

async function boundaryErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer boundaries (eslint no-restricted-imports)', () => {
  it('stops the domain importing a port, an adapter or a use case', async () => {
    for (const target of ['#ports/stores', '#adapters/dynamo/stores', '#use-cases/sessions', '../config.ts']) {
      expect(await boundaryErrors('src/domain/violation.ts', `import type { X } from '${target}';\nexport type Y = X;\n`)).toEqual([
        expect.stringContaining('the domain imports nothing outside src/domain'),
      ]);
    }
  });

  it('lets ports import only the domain', async () => {
    expect(await boundaryErrors('src/ports/violation.ts', "import type { X } from '#adapters/dynamo/table';\nexport type Y = X;\n")).toHaveLength(1);
    expect(await boundaryErrors('src/ports/fine.ts', "import type { FollowUp } from '#domain/model';\nexport type Y = FollowUp;\n")).toEqual([]);
  });

  it('stops a use case importing an adapter or the AWS SDK instead of asking for a port', async () => {
    expect(await boundaryErrors('src/use-cases/violation.ts', "import { dynamoStores } from '#adapters/dynamo/stores';\nexport const s = dynamoStores;\n")).toEqual([
      expect.stringContaining('use cases import no adapter'),
    ]);
    expect(await boundaryErrors('src/use-cases/violation.ts', "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const c = DynamoDBClient;\n")).toHaveLength(1);
  });

  it('stops a Lambda entry importing the local stack', async () => {
    expect(await boundaryErrors('functions/violation.ts', "import { startLocalStack } from '../local/stack.ts';\nexport const s = startLocalStack;\n")).toEqual([
      expect.stringContaining('the local stack is never imported'),
    ]);
  });

  it('finds the tree itself within its boundaries', async () => {
    const results = await eslint.lintFiles(['src', 'functions']);
    expect(results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${r.filePath}: ${m.message}`))).toEqual([]);
  });
});
